"""Fixtures and steps shared by the insight tests: the counter store, beacons as a browser sends them."""

import json
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.test import Client

from website.measurement import page_token_make

BEACON_URL = "/telling/"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
HEADLESS_UA = BROWSER_UA.replace("Chrome/", "HeadlessChrome/")
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def insight_store(settings):
    """An empty counter store in this process's memory, with its own key prefix."""
    from leads.insight import store

    settings.INSIGHT_REDIS_URL = ""
    settings.INSIGHT_KEY_PREFIX = f"insight-test-{uuid.uuid4().hex[:8]}"
    yield store.store()
    store._store.cache_clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A Redis server of the tests' own on a free port (never the shared one), stopped at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_insight_store(settings, redis_server):
    """The counter store in the tests' own Redis, empty, with its own key prefix."""
    from leads.insight import store

    settings.INSIGHT_REDIS_URL = redis_server
    settings.INSIGHT_KEY_PREFIX = f"insight-test-{uuid.uuid4().hex[:8]}"
    yield store.store()
    store._store.cache_clear()


def beacon(page, event: str = "view", **extra) -> dict:
    return {"p": page_token_make(page_id=page.pk), "e": event, **extra}


def send_beacon(
    client: Client | None,
    payload,
    *,
    user_agent: str = BROWSER_UA,
    fetch_site: str | None = "same-origin",
    address: str = "192.0.2.10",
    **headers,
):
    """POST a beacon as Chromium's sendBeacon does (text/plain body, Sec-Fetch-Site)."""
    client = client or Client()
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    if fetch_site is not None:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    return client.post(
        BEACON_URL,
        data=body,
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=user_agent,
        REMOTE_ADDR=address,
        **headers,
    )


def page_counts(page) -> dict:
    """Move what waits in the store, then the page's totals over all days."""
    from django.db.models import Sum

    from leads.insight.services import insight_counts_move
    from leads.models import PageDailyCount

    insight_counts_move()
    totals = PageDailyCount.objects.filter(page=page).aggregate(
        views=Sum("views"), seen=Sum("forms_seen"), started=Sum("forms_started"), refused=Sum("forms_refused")
    )
    return {key: value or 0 for key, value in totals.items()}
