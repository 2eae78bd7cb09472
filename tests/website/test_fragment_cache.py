"""A page-cache miss renders from cached fragments and routes, never from stale ones.

A visitor who arrives with a query string the cache has not seen (a page number,
a filter; any parameter a page declares in ``cache_query_parameters``) gets a page
built from the fragments and the route stored for that page: a few queries
instead of a full render. These
tests show that such a page is the same page, that every purge reaches the
fragments and routes too, and that editors and listings never share them.
"""

import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.fakes.fixtures import run_jobs
from tests.website.factories import build_site
from website import cache

pytestmark = pytest.mark.django_db

_numbers = itertools.count()


@pytest.fixture
def site(page_cache):
    return build_site(articles=13)


def fresh_url(url: str) -> str:
    """The URL with a query string the page cache has not seen: always a miss.

    ``pagina`` is declared by the blog, so it counts for every page's key; a page that does
    not declare it shares its fragments with its other variants.
    """
    return f"{url}?pagina={next(_numbers)}"


def visit(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def count_queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = visit(client, url)
    return len(queries), response


@pytest.mark.parametrize("name", ["home", "article", "courses", "course", "content"])
def test_a_new_query_string_gets_the_same_page_from_its_fragments(client, site, name):
    url = getattr(site, name).url
    first = visit(client, url)
    queries, again = count_queries(client, fresh_url(url))
    assert again["X-Cache"] == "MISS"
    assert again.content == first.content
    # The view restriction check (two queries) and the page itself; no routing walk, no render.
    assert queries <= 3, f"{name}: {queries} queries"


def test_a_published_change_shows_under_every_query_string(client, site):
    visit(client, fresh_url(site.article.url))
    site.article.title = "Bestek schrijven in vijf stappen"
    site.article.save_revision().publish()
    assert "Bestek schrijven in vijf stappen" in visit(client, fresh_url(site.article.url)).content.decode()


def test_a_changed_snippet_shows_under_every_query_string(client, site):
    visit(client, fresh_url(site.article.url))
    site.author.name = "Ans de Vries-Jansen"
    site.author.save()
    assert "Ans de Vries-Jansen" in visit(client, fresh_url(site.article.url)).content.decode()


def test_listings_keep_a_page_per_query_string(client, site):
    first_page = visit(client, site.blog.url).content.decode()
    second_page = visit(client, f"{site.blog.url}?pagina=2").content.decode()
    assert first_page != second_page
    run_jobs()  # the search index, as the worker keeps it
    found = visit(client, f"{site.search.url}?q=bestek").content.decode()
    nothing = visit(client, f"{site.search.url}?q=zwembad").content.decode()
    assert "Zo schrijft u een goed bestek" in found
    assert "Zo schrijft u een goed bestek" not in nothing


def test_editors_get_a_fresh_render_not_the_visitors_fragments(client, site):
    visit(client, fresh_url(site.article.url))
    # A change that bypasses Wagtail's publishing (and so every purge).
    Page.objects.filter(pk=site.article.pk).update(title="Bijgewerkt buiten Wagtail om")
    assert "Bijgewerkt buiten Wagtail om" not in visit(client, fresh_url(site.article.url)).content.decode()
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    assert "Bijgewerkt buiten Wagtail om" in visit(client, fresh_url(site.article.url)).content.decode()


def test_a_page_taken_offline_behind_wagtails_back_is_not_served_by_its_cached_route(client, site):
    visit(client, fresh_url(site.article.url))
    Page.objects.filter(pk=site.article.pk).update(live=False)
    assert client.get(fresh_url(site.article.url)).status_code == 404


def test_a_page_made_private_is_no_longer_served_from_any_cache(client, site):
    visit(client, site.content.url)
    visit(client, fresh_url(site.content.url))
    PageViewRestriction.objects.create(page=site.content, restriction_type="password", password="geheim")
    for url in (site.content.url, fresh_url(site.content.url)):
        response = client.get(url)
        assert response.get("X-Cache") != "HIT"
        assert b'name="password"' in response.content


def test_a_visitor_with_the_password_sees_the_private_page(client, site):
    visit(client, fresh_url(site.content.url))  # route and fragments cached while public
    restriction = PageViewRestriction.objects.create(page=site.content, restriction_type="password", password="geheim")
    form = client.get(site.content.url).content.decode()
    action = re.search(r'<form[^>]+action="([^"]+)"', form).group(1)
    assert action == f"/_util/authenticate_with_password/{restriction.pk}/{site.content.pk}/"
    response = client.post(action, {"password": "geheim", "return_url": site.content.url})
    assert response.status_code == 302
    page = visit(client, site.content.url)
    assert "Wie wij zijn." in page.content.decode()
    assert page.get("X-Cache") != "HIT"


def _menu(html: str) -> str:
    return re.search(r'<ul class="site-header__menu">(.*?)</ul>', html, re.S).group(1)


def test_a_menu_page_renamed_and_published_shows_in_the_header_of_every_page(client, site):
    site.content.show_in_menus = True
    site.content.save_revision().publish()
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    editors = type(client)()
    editors.force_login(editor)
    for who in (client, editors):
        assert "Over ons" in _menu(visit(who, site.article.url).content.decode())
    site.content.title = "Wie wij zijn"
    site.content.save_revision().publish()
    for who in (client, editors):
        menu = _menu(visit(who, site.article.url).content.decode())
        assert "Wie wij zijn" in menu
        assert "Over ons" not in menu


def test_an_editor_viewing_a_just_published_article_gets_the_header_from_the_cache(client, site):
    site.blog.show_in_menus = True
    site.blog.save_revision().publish()
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    visit(client, site.article.url)  # the header (per menu section) and footer are now kept
    site.article.save_revision().publish()
    kept, response = count_queries(client, site.article.url)
    cache.purge_site_chrome()
    rebuilt, _response = count_queries(client, site.article.url)
    assert "Blog" in _menu(response.content.decode())
    assert kept < rebuilt
