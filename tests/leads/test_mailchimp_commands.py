"""``manage.py mailchimp_sync`` and ``mailchimp_check``, against the fake Mailchimp."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from leads.models import Lead
from tests.fakes.fixtures import AUDIENCE_ID, closed_port, run_jobs
from tests.leads.factories import make_course, make_lead

pytestmark = pytest.mark.django_db


def sync(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):  # the operator's output in the source language
        call_command("mailchimp_sync", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def check(*args) -> str:
    out = io.StringIO()
    call_command("mailchimp_check", *args, stdout=out)
    return out.getvalue()


def state(lead: Lead) -> str:
    lead.refresh_from_db()
    return lead.mailchimp_state


def test_the_count_reads_as_one_lead_or_as_leads(settings, fake_mailchimp_server):
    settings.MAILCHIMP_API_KEY = ""
    make_lead(email="een@covalis-klant.nl", courses=[make_course()])
    make_lead(email="twee@covalis-klant.nl", courses=[make_course(slug="twee")])
    run_jobs()
    settings.MAILCHIMP_API_KEY = "fake-key-us21"
    settings.MAILCHIMP_API_URL = fake_mailchimp_server.base_url
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID

    assert "Queued the Mailchimp sync of 2 leads." in sync()
    assert "Queued the Mailchimp sync of 0 leads." in sync()  # both jobs wait for a worker


def test_leads_left_pending_without_a_key_are_synced_once_the_key_is_set(settings, fake_mailchimp_server):
    settings.MAILCHIMP_API_KEY = ""
    lead = make_lead(courses=[make_course()])
    run_jobs()
    assert state(lead) == Lead.MailchimpState.PENDING
    settings.MAILCHIMP_API_KEY = "fake-key-us21"
    settings.MAILCHIMP_API_URL = fake_mailchimp_server.base_url
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID

    assert "Queued the Mailchimp sync of 1 lead." in sync()
    run_jobs()

    assert state(lead) == Lead.MailchimpState.SYNCED


def test_failed_leads_are_queued_again(mailchimp_configured):
    mailchimp_configured.add_fault(method="PUT", status=404, title="Resource Not Found")
    lead = make_lead(courses=[make_course()])
    run_jobs()
    assert state(lead) == Lead.MailchimpState.FAILED

    sync()
    run_jobs()

    assert state(lead) == Lead.MailchimpState.SYNCED


def test_a_lead_with_a_retry_scheduled_is_left_to_it(mailchimp_configured):
    mailchimp_configured.add_fault(method="PUT", status=503)
    make_lead(courses=[make_course()])
    run_jobs()

    assert "Queued the Mailchimp sync of 0 leads." in sync()


def test_a_lead_whose_job_still_waits_in_the_queue_is_not_queued_twice(mailchimp_configured):
    make_lead(courses=[make_course()])  # queued, no worker has run yet

    assert "Queued the Mailchimp sync of 0 leads." in sync()


def test_a_lead_whose_worker_died_mid_job_is_queued_once_its_lease_ran_out(mailchimp_configured):
    lead = make_lead(courses=[make_course()], queue=False)
    Lead.objects.filter(pk=lead.pk).update(
        mailchimp_state=Lead.MailchimpState.PENDING, mailchimp_lease_until=timezone.now() + timedelta(minutes=1)
    )
    assert "Queued the Mailchimp sync of 0 leads." in sync()

    Lead.objects.filter(pk=lead.pk).update(mailchimp_lease_until=timezone.now() - timedelta(seconds=1))
    assert "Queued the Mailchimp sync of 1 lead." in sync()
    run_jobs()

    assert state(lead) == Lead.MailchimpState.SYNCED


def test_synced_and_non_consenting_leads_are_not_queued(mailchimp_configured):
    make_lead(courses=[make_course()])
    make_lead(email="geen@covalis-klant.nl", consent=False)
    run_jobs()

    assert "Queued the Mailchimp sync of 0 leads." in sync()


def test_a_lead_named_by_id_is_sent_again_even_when_synced(mailchimp_configured):
    lead = make_lead(courses=[make_course()])
    run_jobs()

    assert "of 1 lead." in sync("--lead", str(lead.pk))
    run_jobs()

    assert len(mailchimp_configured.requests_to("PUT")) == 2
    assert state(lead) == Lead.MailchimpState.SYNCED


def test_check_passes_for_a_ready_audience(mailchimp_configured):
    out = check()

    assert "Audience aud123 exists" in out
    assert "Mailchimp is ready." in out


def test_check_fails_and_names_the_missing_merge_fields(mailchimp_configured):
    mailchimp_configured.add_list(AUDIENCE_ID)  # Mailchimp's defaults: FNAME, LNAME, PHONE

    with pytest.raises(CommandError, match="Missing merge fields: COMPANY, ROLE"):
        check()


def test_check_with_fix_creates_the_missing_merge_fields(mailchimp_configured):
    mailchimp_configured.add_list(AUDIENCE_ID)

    out = check("--fix")

    assert "Merge field COMPANY created" in out
    tags = {field["tag"] for field in mailchimp_configured.state.lists[AUDIENCE_ID]["merge_fields"]}
    assert {"FNAME", "LNAME", "COMPANY", "ROLE", "PHONE"} <= tags
    check()  # and now it passes


def test_check_fails_for_an_unknown_audience(mailchimp_configured, settings):
    settings.MAILCHIMP_AUDIENCE_ID = "no-such-list"

    with pytest.raises(CommandError, match="404 Resource Not Found"):
        check()


def test_check_fails_for_a_wrong_key(mailchimp_configured, settings):
    settings.MAILCHIMP_API_KEY = "wrong-us21"

    with pytest.raises(CommandError, match="401 API Key Invalid"):
        check()


def test_check_fails_when_mailchimp_cannot_be_reached(mailchimp_configured, settings):
    settings.MAILCHIMP_API_URL = f"http://127.0.0.1:{closed_port()}/3.0"

    with pytest.raises(CommandError, match="Connection failed"):
        check()


def test_check_fails_without_a_key(settings):
    settings.MAILCHIMP_API_KEY = ""

    # The command speaks the site's language (Dutch) unless told otherwise; this reads the English source.
    with translation.override("en"), pytest.raises(CommandError, match="Mailchimp is not configured"):
        check()
