"""Nobody can re-consent someone else, or rewrite what sales know about them (issue 13.5).

Anyone can type anyone's address in the brochure form. A later request keeps what it typed
on the request (shown on the lead page where it differs) and only fills the lead's empty
details. A person who withdrew or unsubscribed is re-subscribed only through Mailchimp's
double opt-in (``pending``: they confirm by e-mail), whatever the global setting.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Site

from leads.models import ConsentRecord, Lead, LeadActivity, LeadSettings
from leads.privacy import consent_withdraw
from tests.fakes.fixtures import AUDIENCE_ID, run_jobs
from tests.leads.factories import course_site
from tests.leads.funnel import SUBMIT_URL, submission

pytestmark = pytest.mark.django_db

EMAIL = "sanne.devries@gemeente-utrecht.nl"
STRANGER = {"first_name": "Kees", "last_name": "Kwaad", "company": "Kwaad BV", "phone": "06 66666666", "role": "ict"}


@pytest.fixture
def course():
    return course_site(title="Onderhandelen")


def request_brochure(client, course, **fields):
    response = client.post(SUBMIT_URL, submission(course, **fields), REMOTE_ADDR="198.51.100.50")
    assert response.status_code == 303
    return response


def test_a_stranger_with_a_known_address_changes_nothing_sales_know(client, course, admin_client):
    request_brochure(client, course)

    request_brochure(client, course, **STRANGER)

    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name, lead.company, lead.phone, lead.role) == (
        "Sanne",
        "de Vries",
        "Gemeente Utrecht",
        "030 123 45 67",
        "inkoper",
    )
    typed = lead.requests.order_by("created_at", "pk").last().submitted_details
    assert typed["company"] == "Kwaad BV"
    page = admin_client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()
    assert "Company: Kwaad BV" in page
    assert "Last name: Kwaad" in page


def test_a_later_request_fills_only_what_sales_did_not_know(client, course):
    request_brochure(client, course, phone="")

    request_brochure(client, course, phone="06 12345678", company="Provincie Utrecht")

    lead = Lead.objects.get()
    assert (lead.phone, lead.company) == ("06 12345678", "Gemeente Utrecht")


def opt_in_globally_off():
    lead_settings = LeadSettings.for_site(Site.objects.get(is_default_site=True))
    lead_settings.mailchimp_double_opt_in = False
    lead_settings.save()


@pytest.fixture
def withdrawn_member(client, course, mailchimp_configured):
    """Sanne subscribed (double opt-in off), then asked sales to stop mailing her."""
    opt_in_globally_off()
    request_brochure(client, course)
    run_jobs()
    lead = Lead.objects.get()
    assert mailchimp_configured.member(AUDIENCE_ID, EMAIL)["status"] == "subscribed"
    consent_withdraw(lead=lead, source=ConsentRecord.Source.SALES)
    run_jobs()
    assert mailchimp_configured.member(AUDIENCE_ID, EMAIL)["status"] == "unsubscribed"
    mailchimp_configured.state.requests.clear()
    return Lead.objects.get()


def test_a_withdrawn_person_is_only_re_subscribed_after_confirming_their_address(
    client, course, withdrawn_member, mailchimp_configured
):
    request_brochure(client, course, **STRANGER)
    run_jobs()

    (put,) = mailchimp_configured.requests_to("PUT", "/members/")
    assert put["body"]["status"] == "pending"
    assert "status_if_new" not in put["body"]
    assert mailchimp_configured.member(AUDIENCE_ID, EMAIL)["status"] == "pending"
    lead = Lead.objects.get()
    assert lead.mailchimp_state == Lead.MailchimpState.SYNCED
    assert not lead.mailchimp_reconfirm  # asked once; later syncs leave the status alone


def test_the_consent_record_and_the_timeline_say_it_must_be_confirmed(client, course, withdrawn_member):
    request_brochure(client, course, **STRANGER)

    given = ConsentRecord.objects.filter(action=ConsentRecord.Action.GIVEN).order_by("created_at", "pk").last()
    assert given.needs_confirmation
    change = LeadActivity.objects.filter(kind=LeadActivity.Kind.CONSENT).order_by("created_at", "pk").last()
    assert (change.old_value, change.new_value) == ("withdrawn", "to be confirmed")
    assert "double opt-in" in change.message


def test_an_unsubscribe_in_mailchimp_also_needs_a_confirmation(client, course, mailchimp_configured):
    opt_in_globally_off()
    request_brochure(client, course)
    run_jobs()
    body = urlencode({"type": "unsubscribe", "data[email]": EMAIL})
    webhook = "/mailchimp/webhook/test-webhook-secret/"
    assert client.post(webhook, body, content_type="application/x-www-form-urlencoded").status_code == 200
    mailchimp_configured.state.requests.clear()

    request_brochure(client, course)
    run_jobs()

    (put,) = mailchimp_configured.requests_to("PUT", "/members/")
    assert put["body"]["status"] == "pending"


def test_consent_from_someone_who_never_withdrew_follows_the_global_setting(client, course, mailchimp_configured):
    opt_in_globally_off()
    request_brochure(client, course, marketing_consent=None)
    request_brochure(client, course)
    run_jobs()

    (put,) = mailchimp_configured.requests_to("PUT", "/members/")
    assert put["body"]["status_if_new"] == "subscribed"
    assert "status" not in put["body"]


def test_consent_released_from_quarantine_after_a_withdrawal_needs_a_confirmation_too(client, course):
    from leads.services import lead_release_from_spam

    request_brochure(client, course)
    lead = Lead.objects.get()
    consent_withdraw(lead=lead, source=ConsentRecord.Source.SALES)
    request_brochure(client, course, website="https://spam.example")  # the honeypot: held in quarantine

    lead_release_from_spam(lead=Lead.objects.get(), user=None)

    lead = Lead.objects.get()
    assert lead.marketing_consent and lead.mailchimp_reconfirm
    given = ConsentRecord.objects.filter(action=ConsentRecord.Action.GIVEN).order_by("created_at", "pk").last()
    assert given.needs_confirmation
