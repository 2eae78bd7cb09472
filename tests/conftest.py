"""Fixtures shared by every test module."""

from io import StringIO

import pytest
from django.core.management import call_command

# The cookieless counter's store (memory, or a Redis server of the tests' own): tests/leads and tests/website.
from tests.leads.insight_helpers import insight_store, redis_insight_store, redis_server  # noqa: F401


@pytest.fixture
def demo_site(db):
    """The demo content, loaded the way `make run` loads it."""
    call_command("load_demo_content", stdout=StringIO())
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, reading the admin in English.

    The admin follows each user's language, and a user without a preference gets the
    site's language, Dutch; tests written against the English source strings log in as this user.
    """
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_user


@pytest.fixture
def page_cache(settings):
    """The full-page cache switched on (off by default in tests), empty at the start."""
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield caches[settings.PAGE_CACHE_ALIAS]
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture(autouse=True)
def _db_worker_keeps_the_test_connection():
    """``db_worker`` run in-process calls close_old_connections() between jobs.

    Inside a test's transaction that closes the connection on PostgreSQL ("the connection
    is closed" in the next query); SQLite's in-memory database ignores it. Tests run the
    worker in-process only to run jobs, so it keeps the connection here.
    """
    from unittest import mock

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        yield
