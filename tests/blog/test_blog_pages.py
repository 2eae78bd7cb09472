"""The blog: newest first, filters, pagination, the article page and its feed."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, BlogCategory, BlogIndexPage
from tests.blog.factories import ArticlePageFactory

ARTICLE = "/blog/ouderlijk-advies/"


def _add_article(blog, title, day):
    return ArticlePageFactory(parent=blog, title=title, date=day)


@pytest.fixture
def blog(demo_site):
    return BlogIndexPage.objects.get()


def _titles(client, url) -> list[str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [link.get_text() for link in soup.select(".card__title a")]


def _listed(*, category: str = "", tag: str = "") -> list[str]:
    """What the blog should list for a filter: live articles, newest first."""
    articles = ArticlePage.objects.live().order_by("-date", "-pk")
    if category:
        articles = articles.filter(categories__slug=category)
    if tag:
        articles = articles.filter(tags__slug=tag)
    return list(articles.distinct().values_list("title", flat=True))


def test_blog_lists_articles_newest_first(client, blog):
    _add_article(blog, "Nieuwste", date(2030, 5, 1))
    _add_article(blog, "Oudste", date(2000, 5, 1))
    first = _titles(client, "/blog/")
    assert first[0] == "Nieuwste" and first == _listed()[: BlogIndexPage.per_page]
    assert _titles(client, "/blog/?pagina=2")[-1] == "Oudste"


def test_blog_filters_by_category(client, blog):
    other = BlogCategory.objects.create(name="Inkoop", slug="inkoop")
    article = _add_article(blog, "Over inkoop", date(2024, 1, 1))
    article.categories.set([other])
    article.save_revision().publish()
    assert _titles(client, "/blog/?categorie=inkoop") == ["Over inkoop"]
    advice = _titles(client, "/blog/?categorie=adviesvaardigheden")
    assert "Ouderlijk advies" in advice and advice == _listed(category="adviesvaardigheden")
    assert "Over inkoop" not in advice


def test_blog_filters_by_tag(client, blog):
    _add_article(blog, "Zonder tags", date(2030, 1, 1))
    tagged = _titles(client, "/blog/?tag=weerstand")
    assert "Ouderlijk advies" in tagged and tagged == _listed(tag="weerstand")
    assert "Zonder tags" not in tagged


def test_blog_paginates_and_keeps_the_filter_in_page_links(client, blog):
    BlogIndexPage.per_page = 2
    try:
        soup = BeautifulSoup(client.get("/blog/").content, "html.parser")
        assert len(soup.select(".card")) == 2
        assert soup.find("a", rel="next")["href"] == "?pagina=2"
        assert _titles(client, "/blog/?pagina=2") == _listed()[2:4]
        soup = BeautifulSoup(client.get("/blog/?categorie=adviesvaardigheden").content, "html.parser")
        assert soup.find("a", rel="next")["href"] == "?categorie=adviesvaardigheden&pagina=2"
        last = (len(_listed(category="adviesvaardigheden")) + 1) // 2
        soup = BeautifulSoup(client.get(f"/blog/?categorie=adviesvaardigheden&pagina={last}").content, "html.parser")
        assert soup.find("a", rel="next") is None
        assert soup.find("a", rel="prev")["href"] == f"?categorie=adviesvaardigheden&pagina={last - 1}"
    finally:
        BlogIndexPage.per_page = 12


def test_article_shows_its_date_in_dutch(client, demo_site):
    soup = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    time = soup.find(class_="article__meta").find("time")
    assert time.get_text() == "10 oktober 2017"
    assert time["datetime"] == "2017-10-10"


def test_article_date_stays_dutch_for_an_english_browser(client, demo_site):
    soup = BeautifulSoup(client.get(ARTICLE, HTTP_ACCEPT_LANGUAGE="en").content, "html.parser")
    assert soup.find(class_="article__meta").find("time").get_text() == "10 oktober 2017"


def test_article_hero_has_credit_responsive_sources_and_size(client, demo_site):
    soup = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    hero = soup.find("figure", class_="article__hero")
    assert hero.find("figcaption").get_text(strip=True) == "Foto Ouders"
    types = [source["type"] for source in hero.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    image = hero.find("img")
    assert image["width"] and image["height"] and image["alt"] == "Ouders en puber"
    assert "640w" in image["srcset"]


def test_images_below_the_fold_load_lazily(client, demo_site):
    soup = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    assert soup.select_one(".card img")["loading"] == "lazy"
    assert "loading" not in soup.select_one(".article__hero img").attrs


def test_article_share_links_are_plain_links_with_the_encoded_url(client, demo_site):
    soup = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    share = soup.find("section", class_="share")
    assert share.find("h2").get_text() == "Artikel delen?"
    hrefs = [link["href"] for link in share.find_all("a")]
    encoded = "http%3A%2F%2Ftestserver%2Fblog%2Fouderlijk-advies%2F"  # the public base URL, not the Site record
    assert [urlsplit(href).scheme + ":" + urlsplit(href).netloc for href in hrefs] == [
        "https:www.linkedin.com",
        "https:x.com",
        "https:www.facebook.com",
        "https:wa.me",
        "mailto:",
    ]
    assert all(encoded in href for href in hrefs)
    # No third-party script: every script the page loads is our own.
    assert all(script["src"].startswith("/") for script in soup.find_all("script", src=True))


def test_article_promotes_its_course_and_related_articles(client, blog):
    article = ArticlePage.objects.get(slug="ouderlijk-advies")
    other = _add_article(blog, "Weerstand bij klanten", date(2019, 1, 1))
    article.related_articles.set([other])
    article.save_revision().publish()
    soup = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    related = [link["href"] for link in soup.select(".section .card__link")]
    assert related == ["/trainingen/adviesvaardigheden-voor-experts/", "/blog/weerstand-bij-klanten/"]


def test_rss_feed_has_the_article(client, demo_site):
    response = client.get("/blog/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>Ouderlijk advies</title>" in body
    assert "/blog/ouderlijk-advies/</link>" in body
