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

# The measured figures. About a dozen are the same on every page: Wagtail's routing and
# view restrictions (6), the organisation settings with logo and share image (3), the
# breadcrumb trail, the main menu, the footer links and the privacy page (4). Cards add a
# fixed number whatever their count: course cards their upcoming dates (1), article cards
# their categories (1); the home page its testimonials (1); an article its author's
# portrait and its renditions (2).
BUDGETS = {
    "/": 23,
    "/blog/": 19,
    "/blog/ouderlijk-advies/": 28,
    "/trainingen/": 17,
    "/trainingen/?vorm=klassikaal&locatie=utrecht": 17,
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


# An editor bypasses the page cache, so every page an editor views is rendered, user bar
# included, right after the page was published (its own fragments purged; the header and
# footer are kept, website/cache.py). Measured 2026-11-29, the budgets are the figures: the
# session, the user and two reads of the user's profile (4) come on top of a visitor's
# render; the user bar of the home page also counts the page types that may be added (3).
EDITOR_BUDGETS = {
    "/": 24,
    "/blog/": 17,
    "/blog/ouderlijk-advies/": 18,
    "/trainingen/": 15,
    "/trainingen/?vorm=klassikaal&locatie=utrecht": 15,
    "/trainingen/adviesvaardigheden-voor-experts/": 12,
    "/over-ons/": 12,
    "/privacy/": 12,
    "/zoeken/?q=adviseren": 18,
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
