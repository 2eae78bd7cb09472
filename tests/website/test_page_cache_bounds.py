"""The page cache cannot be flooded, and what must not be evicted does not live in it.

Every key expires, a path that does not exist leaves nothing behind, and query strings make
new entries only for parameters a page declares, a bounded number per path. Rate limits and
login lockouts live in the database: no eviction, flush or restart of Redis resets them.
"""

import pytest
import redis
from django.core.cache import caches

from leads.models import BrochureRequest
from tests.leads.funnel import SUBMIT_URL, submission
from tests.website.factories import build_site
from website.cache import purge_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site(articles=13)


def all_keys(redis_server) -> dict[bytes, int]:
    client = redis.Redis(port=redis_server.port)
    return {key: client.ttl(key) for key in client.scan_iter(count=1000)}


def test_every_key_the_page_cache_writes_expires(client, site, on_redis, redis_server):
    for url in (site.home.url, site.article.url, f"{site.blog.url}?pagina=2", f"{site.search.url}?q=bestek"):
        client.get(url)
        client.get(url)
    client.get("/bestaat-niet/")
    site.article.save_revision().publish()  # purges paths
    purge_all()  # as a change to the site settings does
    client.get(site.article.url)

    keys = all_keys(redis_server)
    assert any(b"pagecache:page:" in key for key in keys)
    assert any(b"pagecache:path:" in key for key in keys)
    assert any(b"pagecache:generation" in key for key in keys)
    without_expiry = [key for key, ttl in keys.items() if key.startswith(b"pages:") and ttl < 0]
    assert without_expiry == []


def test_paths_that_do_not_exist_leave_no_key(client, site, on_redis, redis_server):
    client.get(site.article.url)
    before = set(all_keys(redis_server))
    for number in range(20):
        assert client.get(f"/bestaat-niet-{number}/?x={number}").status_code == 404
    assert set(all_keys(redis_server)) == before


def test_undeclared_query_parameters_are_served_the_page_stored_without_them(client, site, page_cache):
    assert client.get(site.article.url)["X-Cache"] == "MISS"
    for query in ("?ref=nieuwsbrief", "?ref=linkedin&x=1", "?fbclid=abc&foo=bar"):
        assert client.get(site.article.url + query)["X-Cache"] == "HIT", query


def test_declared_parameters_still_get_their_own_page(client, site, page_cache):
    first = client.get(site.blog.url)
    second = client.get(f"{site.blog.url}?pagina=2&ref=nieuwsbrief")
    assert second["X-Cache"] == "MISS"
    assert second.content != first.content
    assert client.get(f"{site.blog.url}?ref=iets-anders&pagina=2")["X-Cache"] == "HIT"


def test_query_string_variants_of_one_path_are_capped(client, site, page_cache, settings):
    settings.PAGE_CACHE_MAX_VARIANTS = 3
    for number in range(1, 6):
        client.get(f"{site.search.url}?q=woord{number}")
    again = [client.get(f"{site.search.url}?q=woord{number}")["X-Cache"] for number in range(1, 6)]
    assert again == ["HIT", "HIT", "HIT", "MISS", "MISS"]
    assert client.get(site.search.url)["X-Cache"] == "MISS"  # the page itself is no variant
    assert client.get(site.search.url)["X-Cache"] == "HIT"


def test_the_rate_limit_survives_a_flushed_cache(client, site, settings):
    for number in range(5):
        response = client.post(SUBMIT_URL, submission(site.course, email=f"persoon{number}@covalis-klant.nl"))
        assert response.status_code == 303
    for alias in settings.CACHES:
        caches[alias].clear()  # as an eviction, a flush or a Redis restart would
    response = client.post(SUBMIT_URL, submission(site.course, email="zesde@covalis-klant.nl"))
    assert response.status_code == 429
    assert BrochureRequest.objects.count() == 5


def test_the_login_lockout_survives_a_flushed_cache(client, site, django_user_model, settings):
    django_user_model.objects.create_superuser("redacteur", "redacteur@covalis-klant.nl", "juist-wachtwoord")
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "redacteur", "password": "fout"}, REMOTE_ADDR="192.0.2.7")
    for alias in settings.CACHES:
        caches[alias].clear()
    response = client.post(
        "/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
