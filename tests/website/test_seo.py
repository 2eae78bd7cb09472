"""What search engines and social networks read: meta tags, JSON-LD, sitemap and robots.txt."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

ARTICLE = "/blog/ouderlijk-advies/"
COURSE = "/trainingen/adviesvaardigheden-voor-experts/"


def _soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _graph(soup) -> list[dict]:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def _of_type(graph, kind) -> dict:
    [item] = [item for item in graph if item["@type"] == kind]
    return item


def test_article_json_ld_is_an_article_with_date_author_and_image(client, demo_site):
    article = _of_type(_graph(_soup(client, ARTICLE)), "Article")
    assert article["headline"] == "Ouderlijk advies"
    assert article["datePublished"] == "2017-10-10"
    assert article["author"]["name"] == "Covalis"
    assert article["image"].startswith("http") and "fill-1200x630" in article["image"]


def test_course_json_ld_has_provider_offer_and_dates(client, demo_site):
    course = _of_type(_graph(_soup(client, COURSE)), "Course")
    assert course["name"].startswith("Adviesvaardigheden voor inkopers")
    assert course["provider"]["name"] == "Covalis"
    assert course["offers"]["priceCurrency"] == "EUR"
    assert course["offers"]["price"] == "1808.95"
    assert [instance["startDate"] for instance in course["hasCourseInstance"]][0].startswith("2027-")


@pytest.mark.parametrize("url", ["/", "/over-ons/", ARTICLE, COURSE])
def test_every_page_has_organisation_json_ld(client, demo_site, url):
    organisation = _of_type(_graph(_soup(client, url)), "Organization")
    assert organisation["name"] == "Covalis"
    assert organisation["logo"].startswith("http")


def test_breadcrumb_json_ld_lists_home_blog_and_article(client, demo_site):
    crumbs = _of_type(_graph(_soup(client, ARTICLE)), "BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Covalis", "Blog", "Ouderlijk advies"]
    assert crumbs[-1]["item"].endswith(ARTICLE)


def test_json_ld_cannot_close_its_script_element(client, demo_site):
    from blog.models import ArticlePage

    article = ArticlePage.objects.get(slug="ouderlijk-advies")
    article.search_description = "</script><script>alert(1)</script>"
    article.save_revision().publish()
    html = client.get(ARTICLE).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json.loads(BeautifulSoup(html, "html.parser").find("script", type="application/ld+json").string)


def test_article_has_canonical_open_graph_and_twitter_tags(client, demo_site):
    soup = _soup(client, ARTICLE)
    assert soup.find("link", rel="canonical")["href"].endswith(ARTICLE)
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"] == "Ouderlijk advies"
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith("Gedraagt u zich")
    image = soup.find("meta", property="og:image")["content"]
    assert image.startswith("http") and image.endswith(".jpg")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


def test_seo_title_replaces_the_title_in_the_title_element(client, demo_site):
    from home.models import ContentPage

    page = ContentPage.objects.get(slug="over-ons")
    page.seo_title = "Over ons: trainers in adviesvaardigheden"
    page.save_revision().publish()
    soup = _soup(client, "/over-ons/")
    assert soup.title.string == "Over ons: trainers in adviesvaardigheden | Covalis"
    assert soup.find("h1").get_text() == "Over Covalis"


def test_page_without_image_shares_the_default_share_image(client, demo_site):
    image = _soup(client, "/over-ons/").find("meta", property="og:image")["content"]
    assert "covalis-delen" in image


def test_blog_pages_link_to_the_rss_feed(client, demo_site):
    for url in ("/blog/", ARTICLE):
        link = _soup(client, url).find("link", rel="alternate", type="application/rss+xml")
        assert link["href"] == "/blog/feed/"


def test_sitemap_lists_the_article_and_the_course(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert ARTICLE in body and COURSE in body and "/privacy/" in body
    assert "/zoeken/" not in body


def test_search_results_ask_search_engines_not_to_index_them(client, demo_site):
    robots = _soup(client, "/zoeken/?q=adviseren").find("meta", attrs={"name": "robots"})
    assert robots["content"] == "noindex, follow"


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client, demo_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_seo_listing_is_in_the_admin_menu_for_a_superuser(client, demo_site):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    from wagtail_marketing.wagtail_hooks import SeoListingAdmin

    listing_url = SeoListingAdmin().url_helper.index_url
    # The sidebar menu is data for the admin's script: look for the item's URL and label.
    admin = client.get("/admin/").content.decode()
    assert listing_url in admin
    assert "SEO Overzicht" in admin or "SEO Listing" in admin
    listing = client.get(listing_url)
    assert listing.status_code == 200
    assert "Ouderlijk advies" in listing.content.decode()


def test_seo_listing_scores_carry_no_inline_style_the_csp_would_block(client, demo_site):
    """Each row's score emoji: no ``style`` attribute, so the browser console stays free of CSP errors."""
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    from wagtail_marketing.wagtail_hooks import SeoListingAdmin

    soup = BeautifulSoup(client.get(SeoListingAdmin().url_helper.index_url).content, "html.parser")
    scores = soup.select("td.field-score")
    assert len(scores) >= 10
    assert all(score.get_text(strip=True) for score in scores)  # the emoji is still there
    assert not [cell for cell in scores if cell.find(style=True)]


PUBLIC = "https://www.covalis.nl"


@pytest.fixture
def public_base_url(settings, demo_site):
    """The configured public base URL; the demo's Site record still says http://localhost."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    assert demo_site.root_url == "http://localhost"
    return PUBLIC


def _absolute_urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


@pytest.mark.parametrize("url", ["/", ARTICLE, COURSE])
def test_canonical_share_and_structured_data_urls_start_with_the_public_base_url(client, public_base_url, url):
    """Search engines and social networks get the address the site is served at, whatever the Sites setting."""
    soup = _soup(client, url)

    assert soup.find("link", rel="canonical")["href"] == PUBLIC + url
    assert soup.find("meta", property="og:image")["content"].startswith(PUBLIC + "/")
    graph = json.dumps(_graph(soup))
    assert "localhost" not in graph
    assert _of_type(_graph(soup), "Organization")["url"] == PUBLIC + "/"


def test_the_sitemap_and_the_feed_list_the_public_base_url(client, public_base_url):
    for body in (client.get("/sitemap.xml").content.decode(), client.get("/blog/feed/").content.decode()):
        found = [found for found in _absolute_urls(body) if "sitemaps.org" not in found and "w3.org" not in found]
        assert found and all(found_url.startswith(PUBLIC + "/") for found_url in found), found
