"""Pages of the demo site answer in a fixed, small number of SQL queries.

Each page is rendered once first, so image renditions exist (as they do in production
after the first visitor); the figures are those of every later visitor.
"""

from datetime import date

import pytest

from blog.models import ArticlePage, BlogIndexPage
from home.models import HomePage

# The measured figures. About a dozen are the same on every page: Wagtail's routing and
# view restrictions (6), the organisation settings with logo and share image (3), the
# breadcrumb trail, the main menu, the footer links and the privacy page (4).
BUDGETS = {
    "/": 20,
    "/blog/": 18,
    "/blog/ouderlijk-advies/": 25,
    "/trainingen/": 16,
    "/trainingen/adviesvaardigheden-voor-experts/": 17,
    "/over-ons/": 13,
    "/privacy/": 13,
    "/zoeken/?q=adviseren": 19,
}


@pytest.mark.parametrize(("url", "budget"), BUDGETS.items())
def test_page_stays_within_its_query_budget(client, demo_site, django_assert_max_num_queries, url, budget):
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(budget):
        client.get(url)


def _add_articles(count: int) -> None:
    blog = BlogIndexPage.objects.get()
    hero = ArticlePage.objects.get(slug="ouderlijk-advies").hero_image
    for number in range(count):
        article = ArticlePage(
            title=f"Artikel {number}",
            date=date(2024, 1, 1 + number),
            hero_image=hero,
            body=[
                {"type": "paragraph", "value": "<p>Tekst.</p>"},
                {"type": "image", "value": {"image": hero.pk, "alt_text": "", "caption": "", "credit": ""}},
                {"type": "image", "value": {"image": hero.pk, "alt_text": "", "caption": "", "credit": ""}},
            ],
        )
        blog.add_child(instance=article)
        article.save_revision().publish()


def _queries(client, django_assert_max_num_queries, url) -> int:
    client.get(url)
    with django_assert_max_num_queries(1000) as captured:
        client.get(url)
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/blog/"])
def test_listing_queries_do_not_grow_with_the_number_of_articles(client, demo_site, django_assert_max_num_queries, url):
    _add_articles(1)
    before = _queries(client, django_assert_max_num_queries, url)
    _add_articles(4)
    assert _queries(client, django_assert_max_num_queries, url) == before


def test_article_queries_do_not_grow_with_its_image_blocks(client, demo_site, django_assert_max_num_queries):
    _add_articles(1)
    one = _queries(client, django_assert_max_num_queries, "/blog/artikel-0/")
    article = ArticlePage.objects.get(slug="artikel-0")
    article.body = [*article.body.raw_data, *article.body.raw_data[1:], *article.body.raw_data[1:]]
    article.save_revision().publish()
    assert len([block for block in article.body if block.block_type == "image"]) == 6
    assert _queries(client, django_assert_max_num_queries, "/blog/artikel-0/") == one


def test_home_page_is_the_demo_home(demo_site):
    assert demo_site.root_page.specific_class is HomePage
