"""Nothing personal is written anywhere: not in the database, not in Redis, not in the logs."""

import logging

import pytest
from django.db import connection

from leads.insight import services
from tests.leads.insight_helpers import (
    BROWSER_UA,
    beacon,
    send_beacon,
)

ADDRESS = "203.0.113.199"
FORWARDED = "198.51.100.77"
USER_AGENT = BROWSER_UA + " UniqueBrowser/9.9"
PAGE_URL = "http://testserver/trainingen/advies/?email=jan%40voorbeeld.nl&naam=jansen"
MARKERS = [ADDRESS, FORWARDED, "UniqueBrowser", "voorbeeld.nl", "jansen", "geheim-pad"]


def _database_text() -> str:
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names)
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def _redis_text(client) -> str:
    parts = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key).decode()
        value = {
            "hash": client.hgetall,
            "string": client.get,
            "list": lambda k: client.lrange(k, 0, -1),
            "set": client.smembers,
        }.get(kind, lambda k: b"")(key)
        parts.append(f"{key!r} {value!r}")
    return "\n".join(parts)


@pytest.mark.django_db
def test_beacons_leave_no_address_browser_or_url_in_the_database_redis_or_logs(
    course,
    redis_insight_store,
    caplog,
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INSIGHT_FLOOD_LIMIT = 3
    caplog.set_level(logging.DEBUG)
    headers = {"HTTP_REFERER": PAGE_URL, "HTTP_X_FORWARDED_FOR": f"{ADDRESS}, {FORWARDED}"}
    payloads = [
        beacon(course, r="www.elders.example", u={"utm_source": "nieuwsbrief", "utm_campaign": "voorjaar"}),
        beacon(course, "seen"),
        beacon(course, "start"),
        beacon(course, "refuse", f=["email", "phone"]),
        beacon(course),  # over the flood limit: refused, and still nothing personal kept
    ]
    statuses = [
        send_beacon(None, payload, user_agent=USER_AGENT, address=ADDRESS, **headers).status_code
        for payload in payloads
    ]
    # A malformed beacon carrying personal data is refused without logging it.
    bad = send_beacon(None, b'{"e": "view", "p": "jan@voorbeeld.nl geheim-pad"}', user_agent=USER_AGENT, **headers)
    services.insight_counts_move()
    send_beacon(None, beacon(course), user_agent=USER_AGENT, address=ADDRESS, **headers)  # waits in Redis

    assert statuses == [204, 204, 204, 429, 429]  # the counter is per address seen by our proxy
    assert bad.status_code == 400
    stored = {
        "database": _database_text(),
        "redis": _redis_text(redis_insight_store.client),
        "logs": caplog.text,
    }
    assert "elders.example" in stored["database"]  # the referring domain is kept, on purpose
    for where, text in stored.items():
        for marker in MARKERS:
            assert marker not in text, f"{marker!r} found in {where}"
