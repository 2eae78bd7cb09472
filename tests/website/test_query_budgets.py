"""SQL query budgets per page type, with realistic content: a page served from the cache
does no query at all, and a page rendered afresh stays within a fixed number.

The article has 20 blocks and 5 images (plus a hero image, an author with a photo and
a related course). Budgets are counted after a first visit, when the image renditions
exist, as they do on a running site. If a change breaks a budget, look for a query per
block, image or card (prefetch renditions, select_related) before raising the number.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.website.factories import build_site

pytestmark = pytest.mark.django_db

# Page type: (page on the built site, most queries for a fresh render). Measured
# 2026-11-29: home 8, blog index 11, article 15, course index 9, course page 7, content
# page 6, search page 8 (a page is routed to in two queries, the settings come with their
# images, a listing leaves out private sections in its own query). The budgets leave room
# for two more, and never more than 15; none grows with the number of blocks or cards.
BUDGETS = {
    "home": ("home", 10),
    "blog index": ("blog", 13),
    "article": ("article", 15),
    "course index": ("courses", 11),
    "course page": ("course", 9),
    "content page": ("content", 8),
    "search page": ("search", 10),
}


@pytest.fixture
def built(page_cache):
    return build_site(articles=13)  # more than one page of the blog index


def url_for(site, name: str) -> str:
    url = getattr(site, name).url
    return f"{url}?q=bestek" if name == "search" else url


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page_type", list(BUDGETS))
def test_fresh_render_stays_within_its_query_budget(client, built, page_cache, page_type):
    name, budget = BUDGETS[page_type]
    url = url_for(built, name)
    client.get(url)  # renditions and settings rows now exist, as on a running site
    page_cache.clear()
    queries = count_queries(client, url)
    assert queries <= budget, f"{page_type}: {queries} queries, budget {budget}"


@pytest.mark.parametrize("page_type", list(BUDGETS))
def test_cached_page_does_no_query(client, built, page_type):
    url = url_for(built, BUDGETS[page_type][0])
    client.get(url)
    assert count_queries(client, url) == 0
