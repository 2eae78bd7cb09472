"""``manage.py mailchimp_sync --now``: after an outage, every pending or failed lead is sent at once."""

import io
import threading

import pytest
from django.core.management import call_command
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from leads.models import Lead
from leads.privacy import lead_erase
from tests.fakes.fixtures import AUDIENCE_ID, run_jobs, sync_job_in_thread
from tests.leads.factories import make_course, make_lead

pytestmark = pytest.mark.django_db

SYNC_TASK = "leads.tasks.lead_sync_to_mailchimp"


def sync_now(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):  # the operator's output in the source language
        call_command("mailchimp_sync", "--now", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def state(lead: Lead) -> str:
    lead.refresh_from_db()
    return lead.mailchimp_state


@pytest.fixture
def lead_waiting_on_a_backoff(mailchimp_configured):
    """A lead whose sync met a Mailchimp outage: a retry is scheduled minutes from now."""
    mailchimp_configured.add_fault(method="PUT", status=503)
    lead = make_lead(courses=[make_course()])
    run_jobs()
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert lead.mailchimp_next_attempt_at is not None
    assert DBTaskResult.objects.filter(task_path=SYNC_TASK, status="READY").count() == 1  # the retry, for later
    return lead


def test_a_lead_waiting_on_a_backoff_is_sent_now(mailchimp_configured, lead_waiting_on_a_backoff):
    out = sync_now()

    assert "synced: 1" in out
    assert state(lead_waiting_on_a_backoff) == Lead.MailchimpState.SYNCED
    assert mailchimp_configured.member(AUDIENCE_ID, lead_waiting_on_a_backoff.email) is not None


def test_the_retry_scheduled_for_later_does_nothing_when_its_time_comes(
    mailchimp_configured, lead_waiting_on_a_backoff
):
    sync_now()
    puts = len(mailchimp_configured.requests_to("PUT"))

    run_jobs(due_now=True)  # the backoff is over

    assert len(mailchimp_configured.requests_to("PUT")) == puts
    (retry,) = DBTaskResult.objects.filter(task_path=SYNC_TASK, status="SUCCESSFUL").order_by("-finished_at")[:1]
    assert retry.return_value == "already_synced"


def test_a_failed_lead_is_sent_now(mailchimp_configured):
    mailchimp_configured.add_fault(method="PUT", status=404, title="Resource Not Found")
    lead = make_lead(courses=[make_course()])
    run_jobs()
    assert state(lead) == Lead.MailchimpState.FAILED

    sync_now()

    assert state(lead) == Lead.MailchimpState.SYNCED


def test_leads_that_may_not_be_sent_are_left_alone(mailchimp_configured):
    make_lead(email="geen@covalis-klant.nl", consent=False, queue=False)
    make_lead(email="spam@covalis-klant.nl", is_spam=True, queue=False)
    lead_erase(lead=make_lead(email="weg@covalis-klant.nl", queue=False), reason="request")
    synced = make_lead(email="al@covalis-klant.nl")
    run_jobs()
    puts = len(mailchimp_configured.requests_to("PUT"))

    out = sync_now()

    assert "of 0 leads now." in out
    assert len(mailchimp_configured.requests_to("PUT")) == puts
    assert state(synced) == Lead.MailchimpState.SYNCED


def test_without_mailchimp_configured_nothing_is_sent_and_the_operator_is_told(settings):
    settings.MAILCHIMP_API_KEY = ""
    lead = make_lead(queue=True)
    err = io.StringIO()

    with translation.override("en"):
        call_command("mailchimp_sync", "--now", stdout=io.StringIO(), stderr=err)

    assert "not configured" in err.getvalue()
    assert state(lead) == Lead.MailchimpState.PENDING


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_lead_a_worker_is_sending_is_not_sent_twice_at_once(mailchimp_configured, settings):
    """The lease holds: the command leaves a lead to the job that is sending it."""
    settings.MAILCHIMP_TIMEOUT = 10
    release = threading.Event()
    mailchimp_configured.add_fault(method="PUT", hold=release)
    lead = make_lead(courses=[make_course()], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)
    thread, results = sync_job_in_thread(mailchimp_configured, lead.pk)

    out = sync_now()
    release.set()
    thread.join(timeout=30)

    assert "busy: 1" in out
    assert results == ["synced"]
    assert len(mailchimp_configured.requests_to("PUT")) == 1
    assert state(lead) == Lead.MailchimpState.SYNCED
