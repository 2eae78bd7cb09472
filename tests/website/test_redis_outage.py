"""Redis is a cache: when it is down, stalls or comes back, the site gets slower, never broken or stale.

Each test runs the site's real cache aliases (``website.settings.base.redis_caches``) against
a ``redis-server`` it starts itself, reached through a TCP proxy that refuses or stalls on
command (``tests/fakes/faults.py``). The Redis shared by the developers is never touched.
"""

import contextlib
import signal
import threading

import pytest
from django.core.cache import caches

from leads.models import BrochureRequest
from tests.fakes.faults import free_port
from tests.leads.funnel import SUBMIT_URL, TOKEN_URL, submission
from tests.website.conftest import RETRY_AFTER, point_caches_at
from tests.website.factories import build_site
from website import redis_cache
from website.cache import GLOBAL_GENERATION_KEY
from website.models import PendingPagePurge

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


def wait_for_retry():
    threading.Event().wait(RETRY_AFTER * 2)


def public_urls(site) -> list[str]:
    return [
        site.home.url,
        site.article.url,
        site.course.url,
        site.courses.url,
        site.blog.url,
        f"{site.search.url}?q=bestek",
        site.content.url,
    ]


def test_pages_forms_and_health_work_with_redis_refused_from_the_start(client, settings, site):
    settings.PAGE_CACHE_ENABLED = True
    point_caches_at(settings, f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there

    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Cache") != "HIT"
    assert client.get(TOKEN_URL, headers={"Accept": "application/json"}).status_code == 200
    response = client.post(SUBMIT_URL, submission(site.course))
    assert response.status_code == 303
    assert BrochureRequest.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200  # the thank-you page
    ready = client.get("/health/ready/")
    assert (ready.status_code, ready.json()["status"]) == (200, "degraded")


@contextlib.contextmanager
def fails_if_it_hangs(seconds: int):
    """Without socket timeouts a request to a stalled Redis waits for ever: fail instead of hanging."""

    def hung(_signum, _frame):
        raise AssertionError(f"the request still waited after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_stalled_redis_never_hangs_a_request(client, site, on_redis):
    client.get(site.article.url)
    on_redis.stall()
    with fails_if_it_hangs(30):
        assert client.get(site.course.url).status_code == 200
        assert client.get(site.article.url).status_code == 200


def test_pages_are_cached_again_once_redis_answers(client, site, on_redis):
    on_redis.refuse()
    assert client.get(site.article.url).status_code == 200
    on_redis.heal()
    wait_for_retry()
    assert client.get(site.article.url)["X-Cache"] == "MISS"
    assert client.get(site.article.url)["X-Cache"] == "HIT"


def test_a_purge_redis_missed_is_applied_before_redis_serves_again(client, site, on_redis):
    """Redis was unreachable only for the publish: it still holds the old page when it answers again."""
    assert client.get(site.article.url)["X-Cache"] == "MISS"
    assert client.get(site.article.url)["X-Cache"] == "HIT"

    on_redis.refuse()
    site.article.title = "Bestek schrijven in vijf stappen"
    site.article.save_revision().publish()  # the purge cannot reach Redis
    assert PendingPagePurge.objects.exists()
    during = client.get(site.article.url)
    assert (during.status_code, during.get("X-Cache")) == (200, None)
    assert "Bestek schrijven in vijf stappen" in during.content.decode()

    on_redis.heal()
    wait_for_retry()
    after = client.get(site.article.url)
    assert after["X-Cache"] == "MISS"
    assert "Bestek schrijven in vijf stappen" in after.content.decode()
    assert not PendingPagePurge.objects.exists()


def test_the_worker_applies_a_missed_purge_once_redis_answers(client, site, on_redis, redis_server):
    from tests.fakes.fixtures import run_jobs

    client.get(site.article.url)
    on_redis.refuse()
    site.article.save_revision().publish()
    run_jobs()  # Redis still away: the job asks to be tried again
    assert PendingPagePurge.objects.exists()
    old_generation = redis_server.command("GET", f"pages:1:{GLOBAL_GENERATION_KEY}")

    on_redis.heal()
    wait_for_retry()
    run_jobs(due_now=True)
    assert not PendingPagePurge.objects.exists()
    assert redis_server.command("GET", f"pages:1:{GLOBAL_GENERATION_KEY}") != old_generation


def test_a_redis_restarted_empty_serves_the_current_page(client, site, on_redis, redis_server):
    client.get(site.article.url)
    assert client.get(site.article.url)["X-Cache"] == "HIT"
    redis_server.stop()
    site.article.title = "Nieuwe titel tijdens de herstart"
    site.article.save_revision().publish()
    redis_server.start()  # same port, nothing in it
    wait_for_retry()
    response = client.get(site.article.url)
    assert "Nieuwe titel tijdens de herstart" in response.content.decode()
    assert client.get(site.article.url)["X-Cache"] == "HIT"


def test_a_brochure_request_is_stored_when_redis_goes_down(client, site, on_redis):
    client.get(site.course.url)
    on_redis.refuse()
    response = client.post(SUBMIT_URL, submission(site.course))
    assert response.status_code == 303
    assert BrochureRequest.objects.count() == 1


def test_django_and_wagtail_caches_degrade_while_our_own_raise(on_redis):
    on_redis.refuse()
    assert caches["default"].get("anything", "fallback") == "fallback"
    assert caches["default"].set("anything", 1) is False
    assert caches["renditions"].get_many(["a", "b"]) == {}
    with pytest.raises(redis_cache.CacheUnavailable):
        caches["pages"].get("anything")
    with pytest.raises(redis_cache.CacheUnavailable):
        caches["pages"].incr("views")
