"""The demo sales history: months of leads in every state, loaded only on request, never in production."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from leads.models import BrochureRequest, ConsentRecord, Lead, LeadActivity
from leads.services import email_key, email_normalise

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history(db):
    load("--history")
    return Lead.objects.all()


def snapshot() -> list:
    return [
        list(Lead.objects.order_by("email_key").values_list("email_key", "status", "owner_id", "next_follow_up")),
        BrochureRequest.objects.count(),
        ConsentRecord.objects.count(),
        LeadActivity.objects.count(),
    ]


def test_history_holds_hundreds_of_leads_over_about_six_months(history):
    assert history.count() >= 200
    oldest = history.order_by("created_at").first().created_at
    assert timezone.now() - oldest > datetime.timedelta(days=150)
    assert history.filter(created_at__gte=timezone.now() - datetime.timedelta(days=7)).exists()


def test_history_has_every_pipeline_and_mailchimp_state(history):
    statuses = dict(history.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == set(Lead.Status.values) and min(statuses.values()) >= 10
    assert set(history.values_list("mailchimp_state", flat=True)) == set(Lead.MailchimpState.values)


def test_history_leads_are_owned_by_demo_sales_users_with_follow_ups(history):
    owners = {lead.owner for lead in history.exclude(owner=None).select_related("owner")}
    assert len(owners) >= 3 and all(owner.groups.filter(name="Sales").exists() for owner in owners)
    assert not any(owner.has_usable_password() for owner in owners)
    today = timezone.localdate()
    assert history.filter(next_follow_up__lt=today).exists()  # overdue
    assert history.filter(next_follow_up__gte=today).exists()  # upcoming
    assert LeadActivity.objects.filter(kind=LeadActivity.Kind.NOTE).exists()


def test_history_has_consent_given_withheld_and_withdrawn_and_spam_in_quarantine(history):
    assert history.filter(marketing_consent=True).exists() and history.filter(marketing_consent=False).exists()
    assert ConsentRecord.objects.filter(action=ConsentRecord.Action.WITHDRAWN).exists()
    spam = history.filter(is_spam=True)
    assert spam.exists() and not spam.exclude(mailchimp_state=Lead.MailchimpState.NOT_SENT).exists()
    assert not spam.filter(marketing_consent=True).exists() and not spam.exclude(owner=None).exists()


def test_history_addresses_are_example_nl_and_keyed_as_capture_keys_them(history):
    for lead in history:
        assert lead.email.endswith("@example.nl")
        assert lead.email == email_normalise(email=lead.email)
        assert lead.email_key == email_key(email=lead.email)


def test_every_history_lead_has_a_request_and_a_timeline_in_time_order(history):
    assert not history.filter(requests=None).exists()
    lead = history.annotate(n=Count("activities")).order_by("-n").first()
    times = list(lead.activities.order_by("created_at").values_list("created_at", flat=True))
    assert times[0] == lead.created_at and times[-1] == lead.last_activity_at <= timezone.now()


def test_loading_the_history_twice_changes_nothing(history):
    first = snapshot()
    assert "up to date" in load("--history")
    assert snapshot() == first


def test_history_is_refused_under_settings_that_do_not_allow_demo_data(settings):
    settings.DEMO_HISTORY_ALLOWED = False
    with pytest.raises(CommandError, match="development only"):
        load("--history")
    assert not Lead.objects.exists()


def test_history_is_refused_under_production_settings(tmp_path):
    """Run as in production: the command stops before it writes anything."""
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "www.covalis.nl",
        "WAGTAILADMIN_BASE_URL": "https://www.covalis.nl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "load_demo_content", "--history", "--skip-checks"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "development only" in result.stderr
