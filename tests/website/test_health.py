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
def test_health_names_the_cache_when_it_is_unreachable(client):
    with mock.patch("django.core.cache.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


def test_health_rejects_post(client):
    assert client.post("/health/").status_code == 405
