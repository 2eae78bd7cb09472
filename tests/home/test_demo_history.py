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

from home.demo_history import _Desk, _fresh_moments
from leads.first_contact import FirstContactState, first_contact_due, lead_first_contact_state
from leads.models import BrochureRequest, ConsentRecord, Lead, LeadActivity
from leads.services import email_key, email_normalise
from leads.working_hours import AMSTERDAM, working_time_between

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
        list(
            Lead.objects.order_by("email_key").values_list(
                "email_key",
                "status",
                "owner_id",
                "next_follow_up",
                "contact_clock_started_at",
                "first_contact_due_at",
                "first_contacted_at",
                "first_contact_working_seconds",
            )
        ),
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


def test_speed_to_lead_is_recorded_as_capture_and_the_first_contact_leave_it(history):
    """Due times follow the working-hours rule; the stored time to first contact is the working time it took."""
    clocked = history.filter(is_spam=False)
    assert not clocked.filter(first_contact_due_at=None).exists()
    assert not history.filter(is_spam=True).exclude(first_contact_due_at=None).exists()
    for lead in clocked.exclude(first_contacted_at=None)[:60]:
        assert lead.contact_clock_started_at == lead.created_at
        assert lead.first_contact_due_at == first_contact_due(start=lead.created_at, hours=4)
        worked = working_time_between(start=lead.created_at, end=lead.first_contacted_at)
        assert lead.first_contact_working_seconds == int(worked.total_seconds())
        assert lead.first_contacted_at <= timezone.now()
        first = lead.activities.filter(kind__in=[LeadActivity.Kind.CONTACT, LeadActivity.Kind.STATUS]).earliest(
            "created_at"
        )
        assert first.created_at == lead.first_contacted_at  # the first contact stopped the clock


def test_most_first_contacts_are_in_time_some_late_and_a_few_leads_still_wait(history):
    now = timezone.now()
    states = [lead_first_contact_state(lead=lead, now=now) for lead in history]
    on_time, late = states.count(FirstContactState.ON_TIME), states.count(FirstContactState.LATE)
    assert on_time > 3 * late > 0
    assert FirstContactState.OVERDUE in states
    assert states.count(FirstContactState.OVERDUE) + states.count(FirstContactState.WAITING) < 40


def test_contacts_are_logged_calls_emails_and_meetings_with_outcomes_and_dutch_notes(history):
    contacts = LeadActivity.objects.filter(kind=LeadActivity.Kind.CONTACT)
    assert set(contacts.values_list("channel", flat=True)) == set(LeadActivity.Channel.values)
    assert contacts.values("outcome").distinct().count() >= 5
    assert not contacts.filter(user=None).exists() and not contacts.filter(message="").exists()
    assert contacts.filter(message__icontains="gebeld").exists()
    # People log contacts on working days, hardly ever at the weekend.
    days = [at.astimezone(AMSTERDAM).weekday() for at in contacts.values_list("created_at", flat=True)]
    assert sum(day >= 5 for day in days) <= len(days) // 50


def test_the_newest_leads_on_a_working_afternoon_are_due_today_and_overdue():
    """Loaded on a Tuesday at 14:00, the fresh leads give the dashboard first contacts due today and late."""
    now = datetime.datetime(2026, 11, 24, 14, 0, tzinfo=AMSTERDAM)
    moments = _fresh_moments(_Desk(hours=4, now=now))
    dues = [first_contact_due(start=moment, hours=4) for moment in moments]
    end_of_day = datetime.datetime(2026, 11, 24, 17, 0, tzinfo=AMSTERDAM)
    assert sum(now <= due <= end_of_day for due in dues) == 3
    assert sum(due < now for due in dues) == 3
    assert all(moment < now for moment in moments)


def test_the_demo_admin_is_a_named_member_of_sales(settings, django_user_model):
    settings.DEBUG = True  # the demo admin is refused otherwise
    call_command("create_demo_admin", stdout=StringIO())
    admin = django_user_model.objects.get(username="admin")
    assert admin.get_full_name() == "Robin Visser" and admin.check_password("changeme")
    assert admin.is_superuser and admin.groups.filter(name="Sales").exists()


def test_the_demo_admin_owns_a_share_with_work_on_the_dashboard(settings, django_user_model):
    """``make run`` creates the demo admin first; logged in as it, the dashboard shows its leads."""
    from leads.sales import owner_agenda

    settings.DEBUG = True
    call_command("create_demo_admin", stdout=StringIO())
    admin = django_user_model.objects.get(username="admin")
    load("--history")
    mine = Lead.objects.filter(owner=admin)
    assert 0.15 < mine.count() / Lead.objects.exclude(owner=None).count() < 0.4
    agenda = owner_agenda(user=admin)
    assert agenda.follow_ups_overdue and agenda.follow_ups_upcoming
    assert agenda.overdue or agenda.due_today


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
