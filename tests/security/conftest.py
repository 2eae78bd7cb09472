"""Fixtures for the attack tests: people who log in through the admin's own login form."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.fakes.fixtures import fake_mailchimp_server, mailchimp_configured  # noqa: F401
from tests.leads.sales_fixtures import make_user

PASSWORD = "secret-pass"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and lockouts count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def logged_in_client(username: str, *, address: str = "192.0.2.77") -> Client:
    """A browser that logged in through /admin/login/ (django-axes and all), as a person does."""
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the login failed"
    return client


@pytest.fixture
def marketer(db):
    make_user("mirjam", "Marketing", first_name="Mirjam", last_name="Maas")
    return logged_in_client("mirjam")


@pytest.fixture
def salesperson(db):
    make_user("sven", "Sales", first_name="Sven", last_name="Steen")
    return logged_in_client("sven")


def field_errors(html: str) -> dict[str, str]:
    """The brochure form's message per field as the page shows it (only fields that have one)."""
    import re

    found = re.findall(r'<p class="brochure-form__error" id="[^"]*?-(\w+)-error"(?: hidden)?>(.*?)</p>', html, re.S)
    return {name: " ".join(text.split()) for name, text in found if text.strip()}
