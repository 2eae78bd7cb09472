"""Fixtures for the leads tests."""

import pytest

from tests.fakes.fixtures import fake_mailchimp_server, mailchimp_configured  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The funnel's rate limit counts in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def course():
    """A site with a home page, the course overview and a course with a brochure."""
    from tests.leads import factories

    return factories.course_site()


@pytest.fixture
def brochure_request(client, course):
    """One brochure request for ``course``, made through the form as a visitor would."""
    from leads.models import BrochureRequest
    from tests.leads.funnel import SUBMIT_URL, submission

    client.post(SUBMIT_URL, submission(course))
    return BrochureRequest.objects.get()
