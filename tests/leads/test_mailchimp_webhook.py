"""Mailchimp's list webhook: unsubscribes and bounces there make the lead not mailable here."""

from urllib.parse import urlencode

import pytest

from leads.models import ConsentRecord, Lead, LeadActivity
from tests.leads.factories import make_lead

pytestmark = pytest.mark.django_db

SECRET = "test-webhook-secret"  # website.settings.test
URL = f"/mailchimp/webhook/{SECRET}/"
EMAIL = "Anna.de.Vries@covalis-klant.nl"


def post(client, body: dict, url: str = URL):
    """POST the way Mailchimp does: form-encoded."""
    return client.post(url, urlencode(body), content_type="application/x-www-form-urlencoded")


def event(kind: str, email: str = EMAIL, **data) -> dict:
    return {
        "type": kind,
        "fired_at": "2026-11-26 10:00:00",
        "data[email]": email,
        "data[list_id]": "aud123",
        **{f"data[{key}]": value for key, value in data.items()},
    }


def upemail(*, new: str, old: str = EMAIL) -> dict:
    return {"type": "upemail", "data[list_id]": "aud123", "data[old_email]": old, "data[new_email]": new}


@pytest.fixture
def lead(settings):
    settings.MAILCHIMP_AUDIENCE_ID = "aud123"
    return make_lead(queue=False)


def test_mailchimps_url_check_gets_200(client):
    assert client.get(URL).status_code == 200


def test_an_unsubscribe_makes_the_lead_not_mailable(client, lead):
    response = post(client, event("unsubscribe"))

    assert response.status_code == 200
    lead.refresh_from_db()
    assert lead.marketing_consent is False
    assert lead.unsubscribed_at is not None


def test_an_unsubscribe_is_recorded_as_a_withdrawal_from_mailchimp(client, lead):
    ConsentRecord.objects.create(lead=lead, wording="Ja, stuur mij nieuws.", version="2026-11-v1")

    post(client, event("unsubscribe"))

    record = ConsentRecord.objects.filter(lead=lead).latest("pk")
    assert (record.action, record.source) == ("withdrawn", "mailchimp")
    assert (record.wording, record.version) == ("Ja, stuur mij nieuws.", "2026-11-v1")  # the consent withdrawn
    activity = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.CONSENT, new_value="withdrawn")
    assert "Unsubscribed through Mailchimp" in activity.message


def test_a_repeated_unsubscribe_is_recorded_once(client, lead):
    post(client, event("unsubscribe"))
    response = post(client, event("unsubscribe"))

    assert response.status_code == 200
    assert ConsentRecord.objects.filter(lead=lead).count() == 1


def test_a_cleaned_address_makes_the_lead_not_mailable_with_the_reason(client, lead):
    post(client, event("cleaned", reason="hard"))

    lead.refresh_from_db()
    assert lead.marketing_consent is False
    assert ConsentRecord.objects.get(lead=lead).action == ConsentRecord.Action.WITHDRAWN
    assert "reason: hard" in LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.CONSENT).message


def test_the_address_is_matched_in_any_case(client, lead):
    post(client, event("unsubscribe", email=EMAIL.upper()))

    lead.refresh_from_db()
    assert lead.marketing_consent is False


def test_a_changed_address_follows_the_person(client, lead):
    response = post(client, upemail(new="anna@NIEUW.nl"))

    assert response.content == b"changed"
    lead.refresh_from_db()
    assert (lead.email, lead.email_key) == ("anna@nieuw.nl", "anna@nieuw.nl")


def test_a_changed_address_that_another_lead_has_changes_nothing(client, lead):
    make_lead(email="bram@covalis-klant.nl", queue=False)

    response = post(client, upemail(new="bram@covalis-klant.nl"))

    assert response.content == b"conflict"
    lead.refresh_from_db()
    assert lead.email == EMAIL


@pytest.mark.parametrize("kind", ["subscribe", "profile"])
def test_subscribe_and_profile_are_only_noted_in_the_timeline(client, lead, kind):
    post(client, event(kind))

    lead.refresh_from_db()
    assert lead.marketing_consent is True
    assert LeadActivity.objects.filter(lead=lead, kind=LeadActivity.Kind.MAILCHIMP).count() == 1


def test_a_wrong_secret_gets_404_and_changes_nothing(client, lead):
    response = post(client, event("unsubscribe"), url="/mailchimp/webhook/wrong-secret/")

    assert response.status_code == 404
    lead.refresh_from_db()
    assert lead.marketing_consent is True
    assert not ConsentRecord.objects.exists()


def test_without_a_configured_secret_the_webhook_is_off(client, lead, settings):
    settings.MAILCHIMP_WEBHOOK_SECRET = ""

    assert client.get("/mailchimp/webhook//").status_code == 404
    assert post(client, event("unsubscribe")).status_code == 404


def test_an_event_for_another_audience_is_ignored(client, lead):
    post(client, {**event("unsubscribe"), "data[list_id]": "other-list"})

    lead.refresh_from_db()
    assert lead.marketing_consent is True


def test_an_unknown_address_is_answered_200_and_ignored(client, lead):
    response = post(client, event("unsubscribe", email="niemand@elders.nl"))

    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()


def test_json_is_refused_and_changes_nothing(client, lead):
    response = client.post(URL, {"type": "unsubscribe", "data": {"email": EMAIL}}, content_type="application/json")

    assert response.status_code == 415
    lead.refresh_from_db()
    assert lead.marketing_consent is True


def test_a_large_body_is_refused(client, lead):
    response = post(client, {**event("unsubscribe"), "padding": "x" * 20_000})

    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"type": "unsubscribe"},
        {"type": "upemail", "data[old_email]": EMAIL, "data[new_email]": "not an address"},
        {"type": "explode", "data[email]": EMAIL},
        {"type": "unsubscribe", "data[email]": "\x00\ufffd" * 100, "data[list_id]": ""},
        {"type": "cleaned", "data[email][nested]": "x", "data[]": "y"},
    ],
)
def test_garbage_never_causes_a_server_error(client, lead, body):
    response = post(client, body)

    assert response.status_code < 500
    lead.refresh_from_db()
    assert lead.marketing_consent is True


def test_a_put_is_not_allowed(client, lead):
    assert client.put(URL).status_code == 405


def test_the_lead_stays_not_mailable_in_mailchimp_when_it_requests_again(client, lead, mailchimp_configured):
    """After an unsubscribe a new request with the box ticked is sent without status: no resubscribe."""
    from leads.mailchimp import lead_queue_mailchimp_sync
    from tests.fakes.fixtures import run_jobs

    post(client, event("unsubscribe"))
    Lead.objects.filter(pk=lead.pk).update(marketing_consent=True)
    lead.refresh_from_db()
    lead_queue_mailchimp_sync(lead=lead)
    run_jobs()

    (put,) = mailchimp_configured.requests_to("PUT")
    assert "status" not in put["body"]
