"""One consent withdrawal: by sales on the person's request, or by Mailchimp's webhook.

Whichever way it arrives, the withdrawal leaves the same three traces: a withdrawn consent
record next to the consent given, an entry on the lead's timeline, and an entry in the
audit log that names the lead by id only (with the sales user, or no user for Mailchimp).
"""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from leads.models import ConsentRecord, Lead, LeadActivity
from tests.fakes.fixtures import AUDIENCE_ID
from tests.leads.factories import make_lead
from tests.leads.sales_fixtures import sales_user  # noqa: F401
from tests.leads.test_mailchimp_webhook import event, post

pytestmark = pytest.mark.django_db


def withdraw_by_sales(client, lead, user):
    client.force_login(user)
    return client.post(f"/admin/leads/{lead.pk}/privacy/withdraw/")


def withdraw_by_mailchimp(client, lead, user):
    return post(client, event("unsubscribe", email=lead.email))


WAYS = {"sales": withdraw_by_sales, "mailchimp": withdraw_by_mailchimp}


@pytest.fixture
def lead(settings):
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID
    lead = make_lead(queue=False)
    ConsentRecord.objects.create(lead=lead, wording="Ja, stuur mij nieuws.", version="2026-11-v1")
    return lead


@pytest.mark.parametrize("way", WAYS)
def test_a_withdrawal_is_recorded_next_to_the_consent_it_withdraws(client, lead, sales_user, way):  # noqa: F811
    WAYS[way](client, lead, sales_user)

    withdrawn = ConsentRecord.objects.get(lead=lead, action=ConsentRecord.Action.WITHDRAWN)
    assert withdrawn.source == way
    assert (withdrawn.wording, withdrawn.version) == ("Ja, stuur mij nieuws.", "2026-11-v1")
    lead.refresh_from_db()
    assert (lead.marketing_consent, lead.unsubscribed_at is not None) == (False, True)


@pytest.mark.parametrize("way", WAYS)
def test_a_withdrawal_is_on_the_lead_timeline(client, lead, sales_user, way):  # noqa: F811
    WAYS[way](client, lead, sales_user)

    entry = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.CONSENT)
    assert (entry.old_value, entry.new_value) == ("given", "withdrawn")
    assert entry.user == (sales_user if way == "sales" else None)


@pytest.mark.parametrize("way", WAYS)
def test_a_withdrawal_is_in_the_audit_log_with_the_lead_id_and_never_the_name(client, lead, sales_user, way):  # noqa: F811
    WAYS[way](client, lead, sales_user)

    entry = ModelLogEntry.objects.get(action="leads.consent_withdraw", object_id=str(lead.pk))
    assert entry.label == f"Lead {lead.pk}"
    assert entry.user_id == (sales_user.pk if way == "sales" else None)
    assert entry.data["source"] == way
    for personal in ("Anna", "Vries", "covalis-klant"):
        assert personal.lower() not in f"{entry.label} {entry.data}".lower()


@pytest.mark.parametrize("way", WAYS)
def test_a_withdrawal_calls_off_a_pending_mailchimp_sync(client, lead, sales_user, way):  # noqa: F811
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)

    WAYS[way](client, lead, sales_user)

    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT


@pytest.mark.parametrize(("first", "then"), [("sales", "mailchimp"), ("mailchimp", "sales")])
def test_a_second_withdrawal_either_way_records_nothing_new(client, lead, sales_user, first, then):  # noqa: F811
    WAYS[first](client, lead, sales_user)

    WAYS[then](client, lead, sales_user)

    assert ConsentRecord.objects.filter(lead=lead, action=ConsentRecord.Action.WITHDRAWN).count() == 1
    assert ModelLogEntry.objects.filter(action="leads.consent_withdraw").count() == 1


def test_consent_given_again_after_a_withdrawal_can_be_withdrawn_again(client, lead, sales_user):  # noqa: F811
    withdraw_by_mailchimp(client, lead, sales_user)
    Lead.objects.filter(pk=lead.pk).update(marketing_consent=True, last_activity_at=timezone.now())

    withdraw_by_sales(client, lead, sales_user)

    assert ConsentRecord.objects.filter(lead=lead, action=ConsentRecord.Action.WITHDRAWN).count() == 2
