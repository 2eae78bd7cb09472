"""Helpers for the speed-to-lead tests (issue 17): Amsterdam times, captures at a given moment, a sales team."""

import datetime
from unittest import mock

from wagtail.models import Site

from leads.models import BrochureRequest, LeadSettings
from leads.services import BrochureSubmission, lead_capture
from leads.working_hours import AMSTERDAM
from tests.leads.sales_fixtures import make_user


def ams(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


# Monday 23 November 2026, 10:00 in Amsterdam: an ordinary working morning.
MONDAY_10 = ams(2026, 11, 23, 10)


def at(moment: datetime.datetime):
    """Run the code inside at ``moment`` (everything that asks ``timezone.now()``)."""
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC))


def submission(email: str, **fields) -> BrochureSubmission:
    values = {
        "first_name": "Petra",
        "last_name": "de Vries",
        "email": email,
        "company": "Gemeente Utrecht",
        "role": "inkoper",
        "phone": "030 123 45 67",
        **fields,
    }
    return BrochureSubmission(**values)


def capture(course, email: str, *, when: datetime.datetime = MONDAY_10, **fields) -> BrochureRequest:
    """A brochure request through the capture service, as the form makes it, at ``when``."""
    with at(when):
        return lead_capture(submission=submission(email, **fields), course=course, source_page=None)


def lead_settings(**values) -> LeadSettings:
    settings = LeadSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def sales_team(*names: str) -> list:
    """Active members of the Sales group, reading the admin in English."""
    return [make_user(name.lower(), "Sales", first_name=name, last_name="Verkoop") for name in names]
