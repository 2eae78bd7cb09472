"""Mailchimp misbehaving: every fault ends with the lead synced once or failed with the reason."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from leads.admin.labels import mailchimp_event_text
from leads.mailchimp import lead_sync_to_mailchimp
from leads.models import BrochureRequest, Lead
from tests.fakes.fixtures import AUDIENCE_ID, closed_port, run_jobs
from tests.leads.factories import make_course, make_lead

pytestmark = pytest.mark.django_db

EMAIL = "Anna.de.Vries@covalis-klant.nl"


def retries():
    return DBTaskResult.objects.filter(task_path="leads.tasks.lead_sync_to_mailchimp", status="READY")


def reloaded(lead: Lead) -> Lead:
    lead.refresh_from_db()
    return lead


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_retried_later_and_the_lead_stays_pending(mailchimp_configured, status):
    mailchimp_configured.add_fault(method="PUT", status=status)
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert lead.mailchimp_attempts == 1
    assert str(status) in lead.mailchimp_error
    (retry,) = retries()
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2


def test_the_retry_after_a_server_error_syncs_the_lead_once(mailchimp_configured):
    mailchimp_configured.add_fault(method="PUT", status=503)
    lead = make_lead(courses=[make_course(journey=(11, 22))])
    run_jobs()

    run_jobs(due_now=True)

    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.SYNCED
    assert len(mailchimp_configured.state.members) == 1
    assert len(mailchimp_configured.triggers) == 1


def test_a_429_with_an_empty_body_is_retried(mailchimp_configured):
    mailchimp_configured.add_fault(method="PUT", status=429, empty_body=True)
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert "429" in lead.mailchimp_error
    assert retries().count() == 1
    run_jobs(due_now=True)
    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.SYNCED


def test_an_answer_slower_than_the_timeout_is_retried(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 0.3
    mailchimp_configured.add_fault(method="PUT", delay=1.0)
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert "Timeout" in lead.mailchimp_error
    assert retries().count() == 1


def test_the_retry_after_a_timeout_leaves_one_member(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 0.3
    mailchimp_configured.add_fault(method="PUT", delay=1.0)
    lead = make_lead(courses=[make_course()])
    run_jobs()

    run_jobs(due_now=True)

    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.SYNCED
    assert len(mailchimp_configured.state.members) == 1


def test_a_refused_connection_is_retried_and_synced_when_mailchimp_is_back(mailchimp_configured, settings):
    settings.MAILCHIMP_API_URL = f"http://127.0.0.1:{closed_port()}/3.0"
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert "Connection failed" in lead.mailchimp_error
    settings.MAILCHIMP_API_URL = mailchimp_configured.base_url
    run_jobs(due_now=True)
    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.SYNCED


def test_a_stopped_mailchimp_refuses_and_the_lead_is_retried(mailchimp_configured):
    mailchimp_configured.stop()
    lead = make_lead(courses=[make_course()])

    run_jobs()

    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.PENDING
    assert retries().count() == 1


def test_after_a_day_of_failures_the_lead_is_failed_and_not_retried(mailchimp_configured):
    mailchimp_configured.add_fault(method="PUT", status=503)
    lead = make_lead(courses=[make_course()], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)
    first = (timezone.now() - timedelta(hours=25)).isoformat()

    assert lead_sync_to_mailchimp(lead_id=lead.pk, attempt=12, first_attempt_at=first) == "failed"

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.FAILED
    assert lead.mailchimp_error.startswith("Gave up after 12 attempts: 503")
    assert not retries().exists()


def test_an_invalid_address_is_failed_with_mailchimps_title_and_detail(mailchimp_configured):
    lead = make_lead(email="iemand@example.com", courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.FAILED
    assert lead.mailchimp_error.startswith("400 Invalid Resource: ")
    assert "looks fake or invalid" in lead.mailchimp_error
    assert not retries().exists()


def test_the_recorded_reason_leaves_out_the_address(mailchimp_configured):
    lead = make_lead(email="Iemand@example.com", courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert "<address> looks fake" in lead.mailchimp_error
    assert "iemand" not in lead.mailchimp_error.lower()
    activity = lead.activities.get(kind="mailchimp")
    assert "iemand" not in mailchimp_event_text(activity.message, activity.params).lower()


def test_a_member_in_compliance_state_is_failed_and_not_retried(mailchimp_configured):
    mailchimp_configured.compliance.add(EMAIL.lower())
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.FAILED
    assert "Member In Compliance State" in lead.mailchimp_error
    assert not retries().exists()


def test_a_forgotten_email_is_failed_and_not_retried(mailchimp_configured):
    mailchimp_configured.add_fault(
        method="PUT",
        status=400,
        title="Forgotten Email Not Subscribed",
        detail="This contact was permanently deleted and cannot be re-imported.",
    )
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.FAILED
    assert "Forgotten Email Not Subscribed" in lead.mailchimp_error


def test_a_wrong_api_key_is_failed_as_a_configuration_error(mailchimp_configured, settings):
    settings.MAILCHIMP_API_KEY = "wrong-us21"
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.FAILED
    assert lead.mailchimp_error.startswith("401 API Key Invalid")


def test_an_unknown_audience_is_failed_as_a_configuration_error(mailchimp_configured, settings):
    settings.MAILCHIMP_AUDIENCE_ID = "no-such-list"
    lead = make_lead(courses=[make_course()])

    run_jobs()

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.FAILED
    assert lead.mailchimp_error.startswith("404 Resource Not Found")


def test_a_failed_tag_call_is_retried_and_the_member_stays_single(mailchimp_configured):
    mailchimp_configured.add_fault(method="POST", path_contains="/tags", status=500)
    lead = make_lead(courses=[make_course(slug="agile")])
    run_jobs()

    run_jobs(due_now=True)

    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.SYNCED
    assert len(mailchimp_configured.state.members) == 1
    assert mailchimp_configured.member_tags(AUDIENCE_ID, EMAIL) == {"agile": "active"}


def test_a_journey_trigger_answered_with_an_error_is_sent_again_on_retry(mailchimp_configured):
    mailchimp_configured.add_fault(path_contains="/actions/trigger", status=503)
    lead = make_lead(courses=[make_course(journey=(11, 22))])
    run_jobs()
    assert BrochureRequest.objects.get(lead=lead).journey_triggered_at is None

    run_jobs(due_now=True)

    assert reloaded(lead).mailchimp_state == Lead.MailchimpState.SYNCED
    assert len(mailchimp_configured.triggers) == 1


def test_a_journey_trigger_that_timed_out_is_not_sent_twice(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 0.3
    mailchimp_configured.add_fault(path_contains="/actions/trigger", delay=1.0)
    lead = make_lead(courses=[make_course(journey=(11, 22))])

    run_jobs()
    run_jobs(due_now=True)

    lead = reloaded(lead)
    assert lead.mailchimp_state == Lead.MailchimpState.SYNCED
    # Mailchimp acted on the slow request: it must not get a second one.
    assert len(mailchimp_configured.requests_to("POST", "/actions/trigger")) == 1
    activity = lead.activities.filter(kind="mailchimp").first()
    with translation.override("en"):  # the admin's words: English for this reader
        assert "may have started" in mailchimp_event_text(activity.message, activity.params)


def test_failures_are_logged_without_the_address(mailchimp_configured, caplog):
    lead = make_lead(email="iemand@example.com", first_name="Zorro", courses=[make_course()])

    with caplog.at_level(logging.INFO, logger="leads.mailchimp"):
        run_jobs()

    assert f"lead {lead.pk}" in caplog.text
    assert "example.com" not in caplog.text
    assert "Zorro" not in caplog.text
