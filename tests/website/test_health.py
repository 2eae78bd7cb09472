import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_health_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_health_names_the_database_when_it_is_unreachable(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/health/", "/health/ready/"])
def test_readiness_stays_ok_but_says_degraded_when_the_cache_is_unreachable(client, url):
    """A load balancer must not take every web process out because Redis is down."""
    from django.core.cache import caches

    with mock.patch.object(type(caches["pages"]), "set", side_effect=ConnectionError("redis down")):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "error"}}


@pytest.mark.django_db
def test_liveness_answers_whatever_the_database_and_cache_do(client):
    from django.core.cache import caches

    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")),
        mock.patch.object(type(caches["pages"]), "set", side_effect=ConnectionError("redis down")),
    ):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_rejects_post(client):
    assert client.post("/health/").status_code == 405


def test_health_answers_503_when_the_database_server_refuses_connections():
    """A real outage, not a mock: the site pointed at a PostgreSQL port nobody listens on."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
    }
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/health/')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body)["checks"] == {"database": "error", "cache": "ok"}
