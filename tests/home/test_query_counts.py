"""Pages of the demo site answer in a fixed, small number of SQL queries.

Each page is rendered once first, so image renditions exist (as they do in production
after the first visitor); the figures are those of every later visitor.
"""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from blog.models import ArticlePage, BlogIndexPage
from home.models import HomePage
from tests.blog.factories import ArticlePageFactory
from website import cache

# A cold render: the page cache is off, as it is for the first visitor after a purge of
# everything; measured 2026-11-29, the budgets are the figures. Every page asks for its site,
# the settings (with logo, share image and privacy page), the pages on its path (with their
# view restrictions) and its own row, the menu and the footer links. Cards add a fixed
# number whatever their count: course cards their renditions and upcoming dates (2), article
# cards their renditions and categories (2); the home page its testimonials (1). At most 15
# for every page type.
BUDGETS = {
    "/": 14,
    "/blog/": 12,
    "/blog/ouderlijk-advies/": 15,
    "/trainingen/": 10,
    "/trainingen/?vorm=klassikaal&locatie=utrecht": 10,
    "/trainingen/adviesvaardigheden-voor-experts/": 9,
    "/over-ons/": 7,
    "/privacy/": 7,
    "/zoeken/?q=adviseren": 13,
}


@pytest.mark.parametrize(("url", "budget"), BUDGETS.items())
def test_page_stays_within_its_query_budget(client, demo_site, django_assert_max_num_queries, url, budget):
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(budget):
        client.get(url)


# An editor bypasses the page cache, so every page an editor views is rendered, user bar
# included, here right after publishing it (the page's own fragments purged; the header,
# footer, settings and site are kept, website/cache.py, unless the page is in the menu).
# Measured 2026-11-29, the budgets are the figures: the session, the user and two reads
# of the user's profile (4) come on top of a visitor's render; the home page's user bar
# also counts the page types that may still be added (2). At most 15 for every page type.
EDITOR_BUDGETS = {
    "/": 15,
    "/blog/": 14,
    "/blog/ouderlijk-advies/": 15,
    "/trainingen/": 12,
    "/trainingen/?vorm=klassikaal&locatie=utrecht": 12,
    "/trainingen/adviesvaardigheden-voor-experts/": 9,
    "/over-ons/": 9,
    "/privacy/": 9,
    "/zoeken/?q=adviseren": 15,
}


@pytest.mark.parametrize(("url", "budget"), EDITOR_BUDGETS.items())
def test_editor_view_after_publishing_stays_within_its_query_budget(
    admin_client, demo_site, page_cache, django_assert_max_num_queries, url, budget
):
    assert admin_client.get(url).status_code == 200
    page = Page.find_for_request(RequestFactory().get(url), url.split("?")[0])
    cache.purge_page(page.specific)  # what publishing it does
    with django_assert_max_num_queries(budget):
        assert "wagtail-userbar" in admin_client.get(url).content.decode()


def _add_articles(count: int) -> list[ArticlePage]:
    blog = BlogIndexPage.objects.get()
    hero = ArticlePage.objects.get(slug="ouderlijk-advies").hero_image
    image_block = {"type": "image", "value": {"image": hero.pk, "alt_text": "", "caption": "", "credit": ""}}
    return [
        ArticlePageFactory(
            parent=blog,
            hero_image=hero,
            body=[{"type": "paragraph", "value": "<p>Tekst.</p>"}, image_block, image_block],
        )
        for _number in range(count)
    ]


@pytest.fixture
def uncached_renditions(settings):
    """Renditions always read from the database, so a query per image would show."""
    settings.CACHES = {**settings.CACHES, "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _queries(client, django_assert_max_num_queries, url) -> int:
    client.get(url)
    with django_assert_max_num_queries(1000) as captured:
        client.get(url)
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/blog/"])
@pytest.mark.usefixtures("uncached_renditions")
def test_listing_queries_do_not_grow_with_the_number_of_articles(client, demo_site, django_assert_max_num_queries, url):
    _add_articles(1)
    before = _queries(client, django_assert_max_num_queries, url)
    _add_articles(4)
    assert _queries(client, django_assert_max_num_queries, url) == before


@pytest.mark.usefixtures("uncached_renditions")
def test_article_queries_do_not_grow_with_its_image_blocks(client, demo_site, django_assert_max_num_queries):
    [article] = _add_articles(1)
    one = _queries(client, django_assert_max_num_queries, article.url)
    article.body = [*article.body.raw_data, *article.body.raw_data[1:], *article.body.raw_data[1:]]
    article.save_revision().publish()
    assert len([block for block in article.body if block.block_type == "image"]) == 6
    assert _queries(client, django_assert_max_num_queries, article.url) == one


def test_home_page_is_the_demo_home(demo_site):
    assert demo_site.root_page.specific_class is HomePage


@pytest.mark.usefixtures("uncached_renditions")
def test_course_overview_queries_do_not_grow_with_the_number_of_courses(
    client, demo_site, django_assert_max_num_queries
):
    from leads.models import CourseDate, CourseIndexPage, CoursePage

    index = CourseIndexPage.objects.get()
    model = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts")
    before = _queries(client, django_assert_max_num_queries, "/trainingen/")
    for number in range(3):
        course = CoursePage(
            title=f"Extra training {number}",
            slug=f"extra-{number}",
            intro="Een training.",
            hero_image=model.hero_image,
            price_excl_vat=model.price_excl_vat,
        )
        course.dates = [CourseDate(start_date=model.dates.first().start_date, location="Utrecht")]
        index.add_child(instance=course)
        course.save_revision().publish()
    after = _queries(client, django_assert_max_num_queries, "/trainingen/")
    assert after == before
    assert "Extra training 2" in client.get("/trainingen/").content.decode()
