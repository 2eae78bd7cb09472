"""Outages of Redis and PostgreSQL against the site as it runs in production (gunicorn, a worker).

The test starts the fault itself: a Redis it starts and kills, or a TCP proxy between the
site and PostgreSQL that refuses every connection for a while. Under a steady load of page
visits and brochure forms it checks what visitors would see:

- no public page answers 500 (during a database outage: a page from the cache, or the
  friendly Dutch 503);
- every brochure form is stored, or refused with the visitor's values in the form again;
- the site (and the worker) are back to normal within seconds of the dependency's return,
  without a restart.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from tests.fakes.faults import FaultProxy, RedisServer, free_port
from tests.fakes.live_site import LiveSite, Load, Record

pytestmark = pytest.mark.live_site

LOAD_ENV = {"BROCHURE_RATE_LIMIT": "100000", "REDIS_RETRY_SECONDS": "1"}
RECOVERY_DEADLINE = 20  # seconds: a bound for the test, the measured figure is in `make bench`


def assert_no_server_errors(records: list[Record]) -> None:
    assert any(r.kind == "page" for r in records) and any(r.kind == "post" for r in records), "no load"
    errors = [
        (r.kind, r.path, r.status, r.body[:200])
        for r in records
        if r.status >= 500 and r.status != 503 or r.status == 0
    ]
    assert errors == [], errors[:10]


def assert_every_form_stored_or_kept(site: LiveSite, records: list[Record]) -> None:
    stored = site.stored_emails()
    for record in (r for r in records if r.kind == "post"):
        if record.status == 303:
            assert record.email in stored, f"thank-you without a stored request: {record.email}"
        else:
            assert record.status in (429, 503), (record.status, record.email)
            assert f'value="{record.email}"' in record.body.decode(errors="replace"), "the typed values are lost"


def wait_until(check, *, seconds: float = RECOVERY_DEADLINE) -> float:
    """Seconds until ``check()`` holds; fails after ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not recovered within {seconds} s")


def test_redis_refused_at_start():
    with LiveSite(extra_env={**LOAD_ENV, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}) as site:
        site.start_web()
        for path in site.paths.values():
            answer = site.get(path)
            assert answer.status == 200, (path, answer.status, site.log("web"))
        answer = site.post_brochure(email="bij-de-start@covalis-klant.nl")
        assert answer.status == 303
        assert "bij-de-start@covalis-klant.nl" in site.stored_emails()
        assert site.get("/health/live/").status == 200
        ready = site.get("/health/ready/")
        assert ready.status == 200 and b'"degraded"' in ready.body


def test_redis_restarted_under_load():
    with RedisServer() as redis, LiveSite(extra_env={**LOAD_ENV, "REDIS_URL": redis.url(0)}) as site:
        site.start_web()
        article = site.paths["article"]
        site.get(article)
        assert site.get(article).headers.get("X-Cache") == "HIT"

        load = Load(site).warm_up().start()
        time.sleep(2)
        redis.stop()
        time.sleep(3)
        redis.start()  # comes back empty, on the same port
        recovered = wait_until(lambda: site.get(article).headers.get("X-Cache") == "HIT")
        time.sleep(1)
        records = load.stop()

        assert_no_server_errors(records)
        assert {r.status for r in records if r.kind == "page"} == {200}  # Redis is a cache: never a 503
        assert_every_form_stored_or_kept(site, records)
        assert {r.status for r in records if r.kind == "post"} == {303}  # stored whatever Redis does
        assert recovered < RECOVERY_DEADLINE


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="a PostgreSQL outage needs PostgreSQL (DATABASE_URL): the suite's PostgreSQL run covers it",
)
def test_postgres_connections_dropped_under_load_then_back():
    server_port = int(re.search(r":(\d+)(/|$)", os.environ["DATABASE_URL"].split("@")[-1]).group(1))
    with FaultProxy(server_port) as proxy, LiveSite(extra_env=LOAD_ENV, database_port=proxy.port) as site:
        site.start_web()
        site.start_worker()
        load = Load(site).warm_up()  # cached pages are served without the database during the outage
        before = site.post_brochure(email="voor-de-storing@covalis-klant.nl")
        assert before.status == 303

        load.start()
        time.sleep(2)
        outage_started = time.monotonic()
        proxy.refuse()
        time.sleep(4)
        friendly = site.get("/zoeken/?q=storing")  # not in the cache: needs the database
        outage_ended = time.monotonic()
        proxy.heal()
        recovered = wait_until(
            lambda: site.post_brochure(email=f"herstel-{time.monotonic_ns()}@covalis-klant.nl").status == 303
        )
        time.sleep(1)
        records = load.stop()

        assert friendly.status == 503
        assert "Even geduld" in friendly.text
        assert_no_server_errors(records)
        assert_every_form_stored_or_kept(site, records)
        in_outage = [r for r in records if outage_started + 0.5 < r.started and r.started + r.seconds < outage_ended]
        assert {r.status for r in in_outage if r.kind == "post"} == {503}
        assert {r.status for r in in_outage if r.kind == "page"} <= {200, 503}  # from the cache, or "Even geduld"
        assert all(b"Even geduld" in r.body for r in in_outage if r.status == 503 and r.kind == "page")
        assert recovered < RECOVERY_DEADLINE

        # The worker reconnected by itself: every stored request's brochure e-mail goes out,
        # and no job is left failed or running for ever.
        def all_jobs_done() -> bool:
            rows = site.query(
                "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'leads.tasks.brochure_email_send' GROUP BY status"
            )
            return dict(rows).keys() <= {"SUCCESSFUL"}

        wait_until(all_jobs_done, seconds=60)
        sent, total = site.query(
            "SELECT COUNT(confirmation_sent_at), COUNT(*) FROM leads_brochurerequest WHERE is_spam = false"
        )[0]
        assert sent == total
