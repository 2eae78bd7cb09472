"""A person is found by any spelling of their address that the brochure form takes for them.

Under the AVG a subject-access or erasure request that misses the person is a failed
request. The brochure form treats these spellings as one person (one lead); every place
that finds a person by address must do the same: the privacy commands, the admin's
search (where a privacy officer finds the lead to export, erase or withdraw), the
Mailchimp webhook, and the retention purge with its delete in Mailchimp.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leads.models import BrochureRequest, Lead
from leads.privacy import leads_purge
from leads.services import email_key
from tests.fakes.fixtures import AUDIENCE_ID, run_jobs
from tests.leads.funnel import SUBMIT_URL, submission
from tests.leads.sales_fixtures import sales_user  # noqa: F401
from tests.leads.test_mailchimp_webhook import URL as WEBHOOK_URL
from tests.leads.test_mailchimp_webhook import event, post, upemail

pytestmark = pytest.mark.django_db

# The address the person first typed, and other ways they (or Mailchimp) write it.
SAME_PERSON = {
    "Jan.Jansen@Voorbeeld.nl": [
        "jan.jansen@voorbeeld.nl",
        "JAN.JANSEN@VOORBEELD.NL",
        "  Jan.Jansen@Voorbeeld.nl\t",
        "Jan.Jansen@Voorbeeld.nl.",
        "Jan.Jansen@ voorbeeld.nl",
    ],
    "Jan.Smit@Bücher.nl": [
        "jan.smit@bücher.nl",
        "JAN.SMIT@BÜCHER.NL",
        "jan.smit@xn--bcher-kva.nl",
        "Jan.Smit@XN--BCHER-KVA.NL",
        "jan.smit@bu\u0308cher.nl",  # ü as u + combining diaeresis
        "jan.smit@bücher\u3002nl",  # an ideographic full stop
        "jan.smit@bücher.nl.",
    ],
}
SPELLINGS = [(first, other) for first, others in SAME_PERSON.items() for other in others]
IDS = [repr(other) for _first, other in SPELLINGS]


@pytest.fixture
def captured(client, course):
    """A function that makes a person's first request through the form and returns their lead."""

    def capture(first: str) -> Lead:
        response = client.post(SUBMIT_URL, submission(course, email=first))
        assert response.status_code == 303
        return Lead.objects.get()

    return capture


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_the_form_takes_every_spelling_for_the_same_person(client, course, captured, first, other):
    lead = captured(first)

    response = client.post(SUBMIT_URL, submission(course, email=other))

    assert response.status_code == 303
    assert list(Lead.objects.values_list("pk", flat=True)) == [lead.pk]
    assert BrochureRequest.objects.filter(lead=lead).count() == 2
    assert email_key(email=other) == lead.email_key


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_subject_access_finds_the_person_by_any_spelling(captured, first, other):
    lead = captured(first)
    out = io.StringIO()

    call_command("lead_export", other, stdout=out)

    assert json.loads(out.getvalue())["lead"]["id"] == lead.pk


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_erasure_finds_the_person_by_any_spelling(captured, first, other):
    lead = captured(first)

    call_command("lead_erase", other, "--noinput", stdout=io.StringIO())

    lead.refresh_from_db()
    assert lead.erased_at is not None


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_the_admin_search_finds_the_person_by_any_spelling(client, captured, sales_user, first, other):  # noqa: F811
    """The privacy officer finds the lead to export, erase or withdraw from its page."""
    lead = captured(first)
    client.force_login(sales_user)

    response = client.get(reverse("leads_admin:index"), {"q": other})

    assert [found.pk for found in response.context["object_list"]] == [lead.pk]


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_an_unsubscribe_from_mailchimp_finds_the_person_by_any_spelling(client, captured, settings, first, other):
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID
    lead = captured(first)

    response = post(client, event("unsubscribe", email=other), url=WEBHOOK_URL)

    assert response.content == b"withdrawn"
    lead.refresh_from_db()
    assert lead.marketing_consent is False


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_an_address_change_in_mailchimp_finds_the_person_by_any_spelling(client, captured, settings, first, other):
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID
    lead = captured(first)

    response = post(client, upemail(old=other, new="jan@nieuw-adres.nl"), url=WEBHOOK_URL)

    assert response.content == b"changed"
    lead.refresh_from_db()
    assert lead.email_key == "jan@nieuw-adres.nl"


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_a_new_address_from_mailchimp_is_stored_as_the_form_would_store_it(client, captured, settings, first, other):
    """After the change, the person's next request through the form finds the same lead."""
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID
    lead = captured("Iemand@Anders.nl")

    post(client, upemail(old="iemand@anders.nl", new=other), url=WEBHOOK_URL)

    lead.refresh_from_db()
    assert lead.email_key == email_key(email=first)


@pytest.mark.parametrize(("first", "other"), SPELLINGS, ids=IDS)
def test_the_retention_purge_keeps_a_person_who_asked_again_under_another_spelling(
    client, course, captured, first, other
):
    lead = captured(first)
    Lead.objects.filter(pk=lead.pk).update(last_activity_at=timezone.now() - timedelta(days=800))

    client.post(SUBMIT_URL, submission(course, email=other))

    assert leads_purge() == []
    lead.refresh_from_db()
    assert lead.erased_at is None


@pytest.mark.parametrize("first", list(SAME_PERSON))
def test_the_retention_purge_deletes_the_member_the_sync_created_in_mailchimp(captured, mailchimp_configured, first):
    lead = captured(first)
    run_jobs()
    assert mailchimp_configured.member(AUDIENCE_ID, lead.email) is not None
    Lead.objects.filter(pk=lead.pk).update(last_activity_at=timezone.now() - timedelta(days=800))

    leads_purge()
    run_jobs()

    assert mailchimp_configured.state.members == {}


# Domains whose letters the old IDNA 2003 rules swapped for others: straße.de is not strasse.de (two
# registrations, two owners); today's rules (IDNA 2008, UTS 46) keep the ß, as browsers and mail servers do.
OWN_DOMAIN = [
    ("anna@straße.de", "anna@xn--strae-oqa.de", "anna@strasse.de"),
    ("eleni@τεστς.gr", "eleni@xn--qxa0accc.gr", "eleni@τεστσ.gr"),  # a final sigma ς, not σ
]


@pytest.mark.parametrize(("typed", "kept", "other_domain"), OWN_DOMAIN, ids=[typed for typed, *_ in OWN_DOMAIN])
def test_the_brochure_goes_to_the_domain_the_visitor_typed_not_a_look_alike(client, course, typed, kept, other_domain):
    response = client.post(SUBMIT_URL, submission(course, email=typed))
    run_jobs()

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert lead.email == kept
    brochure_mails = [message for message in mail.outbox if message.subject.startswith("Uw brochure")]
    assert [message.to for message in brochure_mails] == [[kept]]
    assert email_key(email=other_domain) != lead.email_key  # someone else's address is someone else
