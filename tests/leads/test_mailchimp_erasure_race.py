"""Erasure and withdrawal win over a Mailchimp sync that is under way (PostgreSQL, two connections).

The sync job runs in a thread on its own database connection and waits for the fake
Mailchimp's answer to one of its calls; meanwhile the test commits an erasure (or a
withdrawal through the webhook) on its own connection, then lets Mailchimp answer.
"""

import threading

import pytest
from django.conf import settings as django_settings
from django.test import Client

from leads.mailchimp import lead_sync_to_mailchimp
from leads.models import Lead
from leads.privacy import lead_erase
from tests.fakes.fixtures import AUDIENCE_ID, run_jobs, sync_job_in_thread
from tests.leads.factories import make_course, make_lead
from tests.leads.test_mailchimp_webhook import event, post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="two connections at once need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Where the sync can be waiting for Mailchimp: the member upsert, the tags, the journey.
CALLS = {
    "upsert": {"method": "PUT", "path_contains": "/members/"},
    "tags": {"method": "POST", "path_contains": "/tags"},
    "journey": {"method": "POST", "path_contains": "/customer-journeys/"},
}


@pytest.fixture
def lead(mailchimp_configured, settings):
    settings.MAILCHIMP_TIMEOUT = 30
    lead = make_lead(courses=[make_course(tags="aanbesteden", journey=(11, 22))], queue=False)
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)
    return lead


def sync_held_at(fake, lead_id: int, call: str):
    """Start the sync in a thread; return once Mailchimp holds its ``call``, with a release."""
    release = threading.Event()
    fake.add_fault(hold=release, **CALLS[call])
    thread, results = sync_job_in_thread(fake, lead_id, **CALLS[call])

    def finish() -> str:
        release.set()
        thread.join(timeout=30)
        assert not thread.is_alive()
        (result,) = results
        return result

    return finish


@pytest.mark.parametrize("call", CALLS)
def test_an_erasure_while_the_sync_waits_for_mailchimp_is_never_marked_synced(mailchimp_configured, lead, call):
    finish = sync_held_at(mailchimp_configured, lead.pk, call)

    lead_erase(lead=lead, reason="request")
    calls_before = len(mailchimp_configured.state.requests)
    result = finish()

    assert result == "called_off"
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT
    assert lead.mailchimp_synced_at is None
    assert lead.mailchimp_lease_until is None
    # Nothing of the person went out after the erasure: no tags, no journey, no upsert.
    assert len(mailchimp_configured.state.requests) == calls_before


@pytest.mark.parametrize("call", CALLS)
def test_an_erasure_while_the_sync_waits_for_mailchimp_leaves_nobody_in_the_audience(mailchimp_configured, lead, call):
    finish = sync_held_at(mailchimp_configured, lead.pk, call)

    lead_erase(lead=lead, reason="request")
    run_jobs()  # the erasure's permanent delete runs while Mailchimp still holds the sync's call
    finish()
    run_jobs(due_now=True)  # and the deletes queued for later

    assert mailchimp_configured.state.members == {}
    assert mailchimp_configured.member(AUDIENCE_ID, "anna.de.vries@covalis-klant.nl") is None


def test_a_later_job_for_an_erased_lead_sends_nothing(mailchimp_configured, lead):
    finish = sync_held_at(mailchimp_configured, lead.pk, "upsert")
    lead_erase(lead=lead, reason="request")
    finish()
    calls_before = len(mailchimp_configured.state.requests)

    assert lead_sync_to_mailchimp(lead_id=lead.pk) == "not_sent"
    assert len(mailchimp_configured.state.requests) == calls_before


@pytest.mark.parametrize("call", ["upsert", "tags"])
def test_an_unsubscribe_while_the_sync_waits_for_mailchimp_stops_the_sync(mailchimp_configured, lead, call):
    finish = sync_held_at(mailchimp_configured, lead.pk, call)

    response = post(Client(), event("unsubscribe", email=lead.email))
    calls_before = len(mailchimp_configured.state.requests)
    result = finish()

    assert response.content == b"withdrawn"
    assert result == "called_off"
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT
    assert mailchimp_configured.triggers == []
    assert len(mailchimp_configured.state.requests) == calls_before
