"""The beacon endpoint: what is counted, what is not, and what a bad beacon gets."""

import json
import re

import pytest
from django.test import Client

from leads.insight import services
from leads.models import PageDailyCount, RefusedFieldDailyCount, SourceDailyCount
from tests.leads.insight_helpers import (
    BOT_UA,
    HEADLESS_UA,
    beacon,
    page_counts,
    send_beacon,
)
from website.measurement import page_token_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_page(course, insight_store):
    return course


def test_a_page_view_is_counted_with_its_referring_site_and_campaign(course_page):
    payload = beacon(
        course_page,
        r="www.Google.com",
        u={"utm_source": "nieuwsbrief", "utm_medium": "email", "utm_campaign": "voorjaar"},
    )
    assert send_beacon(None, payload).status_code == 204
    assert send_beacon(None, beacon(course_page)).status_code == 204

    assert page_counts(course_page)["views"] == 2
    source = SourceDailyCount.objects.get(page=course_page)
    assert (source.referrer_domain, source.utm_source, source.utm_medium, source.utm_campaign, source.views) == (
        "google.com",
        "nieuwsbrief",
        "email",
        "voorjaar",
        1,
    )


def test_an_email_address_in_a_campaign_link_is_never_stored(course_page):
    """A newsletter tool that puts the reader's address in the link: the view counts, the address is not kept."""
    payload = beacon(
        course_page, u={"utm_source": "nieuwsbrief", "utm_campaign": "voorjaar-Jan.Jansen@Voorbeeld-Klant.nl"}
    )
    assert send_beacon(None, payload).status_code == 204

    assert page_counts(course_page)["views"] == 1
    source = SourceDailyCount.objects.get(page=course_page)
    assert (source.utm_source, source.utm_campaign) == ("nieuwsbrief", "")


def test_the_form_funnel_is_counted_with_refused_field_names_only(course_page):
    for payload in (
        beacon(course_page, "seen"),
        beacon(course_page, "start"),
        beacon(course_page, "refuse", f=["email", "role"]),
        beacon(course_page, "refuse", f=["email"]),
    ):
        assert send_beacon(None, payload).status_code == 204

    assert page_counts(course_page) == {"views": 0, "seen": 1, "started": 1, "refused": 2}
    refused = dict(RefusedFieldDailyCount.objects.values_list("field_name", "refusals"))
    assert refused == {"email": 2, "role": 1}


def test_a_beacon_runs_no_sql(course_page, django_assert_num_queries):
    payload = beacon(course_page, r="linkedin.com", u={"utm_source": "linkedin"})
    with django_assert_num_queries(0):
        response = send_beacon(None, payload)
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("why", "options"),
    [
        ("a bot", {"user_agent": BOT_UA}),
        ("a headless browser", {"user_agent": HEADLESS_UA}),
        ("no browser at all", {"user_agent": "curl/8.5.0"}),
        ("another site (Sec-Fetch-Site)", {"fetch_site": "cross-site"}),
        ("another site (Origin)", {"fetch_site": None, "HTTP_ORIGIN": "https://elders.example"}),
        ("neither header", {"fetch_site": None}),
    ],
)
def test_beacons_that_are_not_a_visitor_on_our_page_are_not_counted(course_page, why, options):
    response = send_beacon(None, beacon(course_page), **options)

    assert response.status_code == 204, why
    assert page_counts(course_page)["views"] == 0, why


def test_a_browser_without_sec_fetch_site_counts_when_its_origin_is_ours(course_page):
    response = send_beacon(None, beacon(course_page), fetch_site=None, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 204
    assert page_counts(course_page)["views"] == 1


def test_a_logged_in_editor_is_not_counted(course_page, admin_client):
    assert send_beacon(admin_client, beacon(course_page)).status_code == 204
    assert page_counts(course_page)["views"] == 0


@pytest.mark.parametrize(
    ("why", "body"),
    [
        ("not JSON", b"{views: 1"),
        ("not an object", b"[1, 2]"),
        ("unknown event", {"e": "click"}),
        ("unknown key", {"x": 1}),
        ("forged page token", {"p": "12:forged"}),
        ("page id without signature", {"p": "12"}),
        ("refusal of a field the form does not have", {"e": "refuse", "f": ["password"]}),
        ("refusal without fields", {"e": "refuse", "f": []}),
        ("field names on a view", {"f": ["email"]}),
        ("a campaign on a form event", {"e": "seen", "u": {"utm_source": "x"}}),
        ("unknown campaign key", {"u": {"utm_term": "x"}}),
        ("a referrer that is no host name", {"r": "https://elders.example/pad?naam=jan"}),
        ("a campaign value too long", {"u": {"utm_campaign": "x" * 101}}),
        ("a control character", {"u": {"utm_source": "a\nb"}}),
        # Half of an emoji: no database can store it, and it once stopped every count behind it.
        ("a lone surrogate", {"u": {"utm_campaign": "voorjaar-\ud83d"}}),
        ("nested deeper than the JSON reader goes", b"[" * 1000 + b"]" * 1000),
    ],
)
def test_a_malformed_beacon_gets_400_and_counts_nothing(course_page, why, body):
    if isinstance(body, dict):
        body = {**beacon(course_page), **body}
    response = send_beacon(None, body)

    assert response.status_code == 400, why
    assert page_counts(course_page) == {"views": 0, "seen": 0, "started": 0, "refused": 0}


def test_an_oversized_beacon_gets_400(course_page, settings):
    payload = json.dumps({**beacon(course_page), "u": {"utm_source": "x"}}) + " " * settings.INSIGHT_MAX_BEACON_BYTES
    assert send_beacon(None, payload).status_code == 400
    assert page_counts(course_page)["views"] == 0


def test_a_flood_from_one_address_is_capped_and_others_still_count(course_page, settings):
    settings.INSIGHT_FLOOD_LIMIT = 3
    statuses = [send_beacon(None, beacon(course_page), address="198.51.100.7").status_code for _ in range(5)]
    other = send_beacon(None, beacon(course_page), address="198.51.100.8").status_code

    assert statuses == [204, 204, 204, 429, 429]
    assert other == 204
    assert page_counts(course_page)["views"] == 4


def test_a_get_is_refused(course_page):
    assert Client().get("/telling/").status_code == 405


def test_counts_in_redis_reach_the_daily_totals(course, redis_insight_store):
    send_beacon(None, beacon(course, r="duckduckgo.com"))
    send_beacon(None, beacon(course, "seen"))

    assert page_counts(course) == {"views": 1, "seen": 1, "started": 0, "refused": 0}
    assert SourceDailyCount.objects.get(page=course).referrer_domain == "duckduckgo.com"


def test_with_redis_down_the_beacon_answers_503_and_nothing_breaks(course, settings):
    from leads.insight import store

    settings.INSIGHT_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = send_beacon(None, beacon(course))
        moved = services.insight_counts_move()
    finally:
        store._store.cache_clear()

    assert response.status_code == 503
    assert moved == 0
    assert not PageDailyCount.objects.exists()


def test_a_redis_that_refuses_writes_gets_503_not_500(course, settings, redis_server):
    """Redis out of memory (or a read-only replica) answers with an error, not a dropped connection."""
    import redis

    from leads.insight import store

    client = redis.Redis.from_url(redis_server)
    settings.INSIGHT_REDIS_URL = redis_server
    settings.INSIGHT_KEY_PREFIX = "insight-test-oom"
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", "1")
    try:
        response = send_beacon(None, beacon(course))
        moved = services.insight_counts_move()
    finally:
        client.config_set("maxmemory", "0")
        store._store.cache_clear()

    assert response.status_code == 503
    assert moved == 0


def test_a_page_carries_its_id_type_and_signed_token_for_the_counter(course_page, client):
    html = client.get(course_page.url).content.decode()
    token = re.search(r'data-measure="([^"]+)"', html).group(1)

    assert f'data-page-id="{course_page.pk}"' in html
    assert 'data-page-type="leads.coursepage"' in html
    assert page_token_read(token=token) == course_page.pk
    assert 'src="/static/js/measure.js"' in html
    assert "data-measure-form" in html  # the brochure form reports seen, started and refused


def test_a_page_from_the_page_cache_carries_the_counter_too(course_page, client, page_cache):
    client.get(course_page.url)
    response = client.get(course_page.url)

    assert response["X-Cache"] == "HIT"
    assert f'data-page-id="{course_page.pk}"' in response.content.decode()


def test_an_editor_and_a_preview_get_no_counter(course_page, admin_client):
    page_html = admin_client.get(course_page.url).content.decode()
    preview_html = admin_client.get(f"/admin/pages/{course_page.pk}/view_draft/").content.decode()

    assert "data-measure=" not in page_html
    assert "data-measure=" not in preview_html
    assert "<body" in preview_html
