"""The Mailchimp sync of consenting leads, through the real client against a fake Mailchimp on loopback."""

import importlib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from leads import tasks, timeline
from leads.admin.labels import mailchimp_event_text
from leads.mailchimp import lead_sync_to_mailchimp, mailchimp_status
from leads.models import BrochureRequest, Lead, LeadActivity, LeadSettings
from tests.fakes.fixtures import (
    AUDIENCE_ID,
    AUDIENCE_MERGE_FIELDS,
    run_jobs,
    sync_job_in_thread,
)
from tests.leads.factories import make_course, make_lead

pytestmark = pytest.mark.django_db

EMAIL = "Anna.de.Vries@covalis-klant.nl"


def test_a_consenting_lead_is_synced_as_pending_when_double_opt_in_is_on(mailchimp_configured):
    lead = make_lead(courses=[make_course()])

    run_jobs()

    member = mailchimp_configured.member(AUDIENCE_ID, EMAIL)
    assert member["status"] == "pending"
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.SYNCED
    assert lead.mailchimp_synced_at is not None


def test_the_upsert_sends_status_if_new_and_never_status(mailchimp_configured):
    make_lead(courses=[make_course()])

    run_jobs()

    (put,) = mailchimp_configured.requests_to("PUT", "/members/")
    assert put["body"]["status_if_new"] == "pending"
    assert "status" not in put["body"]
    assert put["query"] == {"skip_merge_validation": "true"}


def test_a_lead_is_subscribed_directly_when_double_opt_in_is_off(mailchimp_configured):
    from wagtail.models import Site

    lead_settings = LeadSettings.for_site(Site.objects.get(is_default_site=True))
    lead_settings.mailchimp_double_opt_in = False
    lead_settings.save()
    make_lead(courses=[make_course()])

    run_jobs()

    assert mailchimp_configured.member(AUDIENCE_ID, EMAIL)["status"] == "subscribed"


def test_the_member_gets_name_company_role_phone_language_and_signup_details(mailchimp_configured):
    lead = make_lead(courses=[make_course()])

    run_jobs()

    member = mailchimp_configured.member(AUDIENCE_ID, EMAIL)
    assert member["merge_fields"] == {
        "FNAME": "Anna",
        "LNAME": "de Vries",
        "COMPANY": "Gemeente Utrecht",
        "ROLE": "Inkoper",
        "PHONE": "+31 30 123 4567",
    }
    assert member["language"] == "nl"
    assert member["ip_signup"] == "192.0.2.10"
    request = BrochureRequest.objects.get(lead=lead)
    assert member["timestamp_signup"] == request.created_at.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def test_every_request_to_the_fake_matches_mailchimps_spec(mailchimp_configured):
    make_lead(courses=[make_course(journey=(11, 22))])

    run_jobs()

    assert len(mailchimp_configured.state.requests) == 3
    assert mailchimp_configured.violations == []


def test_the_member_is_tagged_with_the_course_slug_by_default(mailchimp_configured):
    make_lead(courses=[make_course(slug="agile-inkoop")])

    run_jobs()

    assert mailchimp_configured.member_tags(AUDIENCE_ID, EMAIL) == {"agile-inkoop": "active"}


def test_the_member_is_tagged_for_every_course_requested_with_the_courses_own_tags(mailchimp_configured):
    make_lead(courses=[make_course(slug="a", tags="inkoop, 2027"), make_course(slug="b")])

    run_jobs()

    assert mailchimp_configured.member_tags(AUDIENCE_ID, EMAIL) == {"inkoop": "active", "2027": "active", "b": "active"}


def test_the_courses_journey_is_triggered_once(mailchimp_configured):
    lead = make_lead(courses=[make_course(journey=(11, 22))])

    run_jobs()

    assert mailchimp_configured.triggers == [{"journey_id": 11, "step_id": 22, "email_address": EMAIL}]
    assert BrochureRequest.objects.get(lead=lead).journey_triggered_at is not None


def test_running_the_job_again_sends_no_second_trigger(mailchimp_configured):
    lead = make_lead(courses=[make_course(journey=(11, 22))])
    run_jobs()

    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)
    result = tasks.lead_sync_to_mailchimp.call(lead_id=lead.pk)

    assert result == "synced"
    assert len(mailchimp_configured.triggers) == 1
    assert len(mailchimp_configured.state.members) == 1


def test_a_synced_lead_is_not_sent_again_by_a_second_job(mailchimp_configured):
    lead = make_lead(courses=[make_course()])
    run_jobs()

    assert tasks.lead_sync_to_mailchimp.call(lead_id=lead.pk) == "already_synced"
    assert len(mailchimp_configured.requests_to("PUT")) == 1


def test_a_new_request_for_another_course_adds_its_tag_and_journey(mailchimp_configured):
    from leads.mailchimp import lead_queue_mailchimp_sync

    lead = make_lead(courses=[make_course(slug="eerste", journey=(1, 2))])
    run_jobs()
    second = make_course(slug="tweede", journey=(3, 4))
    BrochureRequest.objects.create(lead=lead, course=second, course_title=second.title)
    lead_queue_mailchimp_sync(lead=lead)

    run_jobs()

    assert set(mailchimp_configured.member_tags(AUDIENCE_ID, EMAIL)) == {"eerste", "tweede"}
    assert [(t["journey_id"], t["step_id"]) for t in mailchimp_configured.triggers] == [(1, 2), (3, 4)]


def test_a_lead_without_marketing_consent_is_never_sent(mailchimp_configured):
    lead = make_lead(consent=False, courses=[make_course()])

    run_jobs()
    tasks.lead_sync_to_mailchimp.call(lead_id=lead.pk)

    assert mailchimp_configured.state.requests == []
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT


def test_a_lead_marked_as_spam_after_queueing_is_never_sent(mailchimp_configured):
    lead = make_lead(courses=[make_course()])
    Lead.objects.filter(pk=lead.pk).update(is_spam=True)

    run_jobs()

    assert mailchimp_configured.state.requests == []
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT


def test_a_successful_sync_is_in_the_leads_timeline_in_the_readers_language(mailchimp_configured, admin_client):
    lead = make_lead(courses=[make_course(slug="agile-inkoop")])

    with translation.override("nl"):  # the worker's language says nothing about the reader's
        run_jobs()

    activity = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.MAILCHIMP)
    assert activity.new_value == "synced"
    # A code and its values, not a sentence: the admin words it when someone reads it.
    assert (activity.message, activity.params["tags"]) == (timeline.SYNC_SENT, ["agile-inkoop"])
    html = admin_client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()
    assert "Sent to Mailchimp; tags: agile-inkoop" in html


def test_a_failed_sync_names_its_attempts_in_the_timeline(admin_client):
    lead = make_lead(courses=[make_course()])
    LeadActivity.objects.create(
        lead=lead,
        kind=LeadActivity.Kind.MAILCHIMP,
        message=timeline.SYNC_GAVE_UP,
        params={"error": "503 Service Unavailable", "attempts": 12},
        new_value=Lead.MailchimpState.FAILED,
    )

    html = admin_client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()

    assert "Mailchimp gave up after 12 attempts: 503 Service Unavailable" in html


def test_older_mailchimp_sentences_become_codes_and_read_the_same(mailchimp_configured):
    migration = importlib.import_module("leads.migrations.0012_activity_params")
    lead = make_lead(courses=[make_course()])
    sentences = [
        "Sent to Mailchimp; pending: Mailchimp asks the person to confirm their address; tags: a, b; "
        "journey 11/22: no answer, may have started; not sent again",
        "Sent to Mailchimp; journey 11/22 started",
        "Mailchimp will retry: 503 Service Unavailable",
        "Mailchimp failed: Gave up after 12 attempts: 503 Service Unavailable",
        "Mailchimp failed: 400 Invalid Resource: <address> looks fake",
        "Subscribed in Mailchimp.",
        "Something a person wrote by hand",
    ]
    for sentence in sentences:
        LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.MAILCHIMP, message=sentence)

    migration.to_codes(django_apps, None)

    activities = list(LeadActivity.objects.filter(lead=lead, kind=LeadActivity.Kind.MAILCHIMP).order_by("pk"))
    assert [activity.message.startswith("mailchimp:") for activity in activities] == [True] * 6 + [False]
    with translation.override("en"):
        shown = [mailchimp_event_text(activity.message, activity.params) for activity in activities]
    assert shown[:3] + shown[4:] == sentences[:3] + sentences[4:]
    assert shown[3] == "Mailchimp gave up after 12 attempts: 503 Service Unavailable"


def test_without_a_key_the_lead_stays_pending_and_nothing_is_sent(settings, fake_mailchimp_server):
    settings.MAILCHIMP_API_KEY = ""
    settings.MAILCHIMP_API_URL = fake_mailchimp_server.base_url
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert fake_mailchimp_server.state.requests == []


def test_without_a_key_the_admin_says_mailchimp_is_not_configured(settings):
    settings.MAILCHIMP_API_KEY = ""

    configured, message = mailchimp_status()

    assert not configured
    with translation.override("en"):  # the admin user's language; the English source here
        assert "Mailchimp is not configured" in str(message)


def test_without_an_audience_the_admin_says_mailchimp_is_not_configured(settings):
    settings.MAILCHIMP_API_KEY = "abc-us21"
    settings.MAILCHIMP_AUDIENCE_ID = ""

    assert not mailchimp_status().configured


def test_the_audience_in_the_site_settings_wins_over_the_environment(mailchimp_configured):
    from wagtail.models import Site

    mailchimp_configured.add_list("site-audience", merge_fields=AUDIENCE_MERGE_FIELDS)
    lead_settings = LeadSettings.for_site(Site.objects.get(is_default_site=True))
    lead_settings.mailchimp_audience_id = "site-audience"
    lead_settings.save()
    make_lead(courses=[make_course()])

    run_jobs()

    assert mailchimp_configured.member("site-audience", EMAIL) is not None
    assert mailchimp_configured.member(AUDIENCE_ID, EMAIL) is None


def test_the_job_runs_the_sync_for_the_lead_it_names(mailchimp_configured):
    lead = make_lead(courses=[make_course()], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)

    assert lead_sync_to_mailchimp(lead_id=lead.pk) == "synced"


def start_job_and_wait_for_its_put(fake, lead_id: int) -> tuple[threading.Thread, list]:
    """Run a sync in a thread and return once it is waiting for Mailchimp (no transaction open).

    The second job then runs in the test's thread while the first waits on the network:
    the overlap that matters, without two SQLite connections writing at the same instant.
    """
    return sync_job_in_thread(fake, lead_id)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_job_while_the_first_is_at_work_waits_for_it(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 5
    mailchimp_configured.add_fault(method="PUT", delay=1.5)
    lead = make_lead(courses=[make_course(journey=(11, 22))], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)

    thread, first = start_job_and_wait_for_its_put(mailchimp_configured, lead.pk)
    second = lead_sync_to_mailchimp(lead_id=lead.pk)
    thread.join()

    assert (first, second) == (["synced"], "busy")
    assert len(mailchimp_configured.requests_to("PUT")) == 1
    assert len(mailchimp_configured.triggers) == 1
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.SYNCED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_that_waits_for_another_runs_again_when_the_lease_ends(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 5
    mailchimp_configured.add_fault(method="PUT", delay=1.5)
    lead = make_lead(courses=[make_course()], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)

    thread, _ = start_job_and_wait_for_its_put(mailchimp_configured, lead.pk)
    lead_sync_to_mailchimp(lead_id=lead.pk)
    thread.join()

    (deferred,) = DBTaskResult.objects.filter(task_path="leads.tasks.lead_sync_to_mailchimp", status="READY")
    assert deferred.run_after > timezone.now()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_jobs_at_once_trigger_the_journey_once_even_when_the_lease_ran_out(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 5
    mailchimp_configured.add_fault(method="PUT", delay=1.5)
    lead = make_lead(courses=[make_course(journey=(11, 22))], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)

    with mock.patch("leads.mailchimp.LEASE_MARGIN", timedelta(seconds=-60)):  # every lease already over
        thread, first = start_job_and_wait_for_its_put(mailchimp_configured, lead.pk)
        second = lead_sync_to_mailchimp(lead_id=lead.pk)
        thread.join()

    assert (first, second) == (["synced"], "synced")
    assert len(mailchimp_configured.requests_to("PUT")) == 2
    assert len(mailchimp_configured.triggers) == 1
    assert len(mailchimp_configured.state.members) == 1


def test_the_admin_dashboard_warns_when_mailchimp_is_not_configured(admin_client, settings):
    settings.MAILCHIMP_API_KEY = ""

    response = admin_client.get("/admin/")

    assert "Mailchimp is not connected yet" in response.content.decode()


def test_the_admin_dashboard_has_no_warning_when_mailchimp_is_configured(admin_client, mailchimp_configured):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert "Mailchimp is not connected yet" not in response.content.decode()
