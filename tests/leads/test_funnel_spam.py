"""Spam is judged on several signals; quarantine tells the visitor the truth; Sales release it once."""

import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from leads import services
from leads.models import BrochureRequest, ConsentRecord, Lead
from tests.leads.funnel import SUBMIT_URL, TOKEN_URL, form_fields, form_started, submission
from tests.leads.sales_fixtures import sales_client, sales_user  # noqa: F401

pytestmark = pytest.mark.django_db


def jobs(task_name: str) -> int:
    return DBTaskResult.objects.filter(task_path=f"leads.tasks.{task_name}").count()


def run_jobs() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def script_token(client) -> str:
    """The form-start token the page's script fetches when the page has loaded."""
    return client.get(TOKEN_URL).json()["formStarted"]


# --- Fast people are not spam ---------------------------------------------------------------


def test_autofilled_form_sent_a_second_after_load_by_our_script_is_not_quarantined(client, course):
    # The script fetched the token on load; autofill filled the form; the visitor clicked at once.
    response = client.post(SUBMIT_URL, submission(course, form_started=script_token(client)))

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert (lead.is_spam, lead.marketing_consent, lead.mailchimp_state) == (False, True, Lead.MailchimpState.PENDING)
    assert BrochureRequest.objects.get().is_spam is False
    assert (jobs("brochure_email_send"), jobs("sales_notify_new_request"), jobs("lead_sync_to_mailchimp")) == (1, 1, 1)


def test_a_fast_submit_with_the_script_and_a_link_in_the_organisation_is_quarantined(client, course):
    client.post(SUBMIT_URL, submission(course, form_started=script_token(client), company="https://goedkoop.example"))

    assert BrochureRequest.objects.get().spam_reason == "too_fast+link"
    assert Lead.objects.get().is_spam is True


def test_the_same_text_in_every_name_field_and_a_fast_script_submit_is_quarantined(client, course):
    data = submission(course, form_started=script_token(client), first_name="qwerty", last_name="qwerty")
    client.post(SUBMIT_URL, data | {"company": "QWERTY"})

    assert BrochureRequest.objects.get().spam_reason == "too_fast+same_text"


def test_one_weak_signal_alone_does_not_quarantine(client, course):
    # A link in the organisation, filled in at a person's pace: Sales see it, nothing is held back.
    client.post(SUBMIT_URL, submission(course, company="www.gemeente-utrecht.nl"))

    assert Lead.objects.get().is_spam is False


def test_a_forged_script_token_is_no_proof(client, course):
    forged = signing.dumps([0, "script"], salt="not-ours")

    client.post(SUBMIT_URL, submission(course, form_started=forged))

    assert BrochureRequest.objects.get().spam_reason == "no_timestamp"


# --- Tokens last a while, not for ever ----------------------------------------------------------


def test_a_form_start_token_older_than_its_maximum_age_shows_the_form_again_without_quarantine(client, course):
    too_old = form_started(seconds_ago=django_settings.BROCHURE_FORM_MAX_AGE_HOURS * 3600 + 60)

    response = client.post(SUBMIT_URL, submission(course, form_started=too_old))

    html = response.content.decode()
    assert response.status_code == 400
    assert "de pagina stond lang open" in html
    assert not Lead.objects.exists()
    again = form_fields(html)
    assert again["email"] == "sanne.devries@gemeente-utrecht.nl"
    assert again["form_started"] != too_old

    client.post(SUBMIT_URL, again)  # the visitor clicks again at once

    assert Lead.objects.get().is_spam is False


def test_the_script_gets_a_new_token_when_the_page_stood_open_too_long(client, course):
    too_old = form_started(seconds_ago=django_settings.BROCHURE_FORM_MAX_AGE_HOURS * 3600 + 60)

    response = client.post(SUBMIT_URL, submission(course, form_started=too_old), HTTP_ACCEPT="application/json")

    body = response.json()
    assert (response.status_code, body["ok"]) == (400, False)
    assert services.form_started_read(token=body["formStarted"]).expired is False


def test_signed_links_carry_a_random_id_not_the_request_number(client, course):
    thanks_url = client.post(SUBMIT_URL, submission(course))["Location"]
    brochure_request = BrochureRequest.objects.get()
    thanks_token = thanks_url.rstrip("/").rsplit("/", 1)[1]
    download_token = services.brochure_link_make(brochure_request=brochure_request)

    for token, salt in ((thanks_token, services.THANK_YOU_SALT), (download_token, services.LINK_SALT)):
        assert signing.loads(token, salt=salt) == brochure_request.public_id.hex
    assert client.get(thanks_url).status_code == 200


# --- Quarantine tells the truth ---------------------------------------------------------------------


def test_a_quarantined_visitor_is_not_told_that_the_email_was_sent(client, course):
    response = client.post(SUBMIT_URL, submission(course, form_started=""), follow=True)

    html = response.content.decode()
    assert "zodra we uw aanvraag hebben nagekeken" in html
    assert "We sturen de link ook naar uw e-mailadres" not in html
    assert "Download de brochure" in html


def test_a_visitor_who_is_not_quarantined_is_told_the_email_is_on_its_way(client, course):
    response = client.post(SUBMIT_URL, submission(course), follow=True)

    assert "We sturen de link ook naar uw e-mailadres" in response.content.decode()


# --- Release: one click, what was held back happens once ---------------------------------------------


@pytest.fixture
def quarantined(client, course):
    """A real person, with consent, quarantined: our script's token never arrived."""
    course.sales_notification_emails = "verkoop@covalis.nl"
    course.save()
    client.post(SUBMIT_URL, submission(course, form_started=""))
    lead = Lead.objects.get()
    assert lead.is_spam
    return lead


def release_url(lead) -> str:
    return f"/admin/leads/{lead.pk}/release/"


def test_the_lead_page_offers_sales_the_release(sales_client, quarantined):  # noqa: F811
    html = sales_client.get(f"/admin/leads/{quarantined.pk}/").content.decode()

    assert "In quarantine" in html
    assert release_url(quarantined) in html


def test_releasing_twice_sends_the_brochure_the_sales_notice_and_syncs_mailchimp_once(
    sales_client,  # noqa: F811
    quarantined,
    mailchimp_configured,
    fake_mailchimp_server,
):
    first = sales_client.post(release_url(quarantined))
    sales_client.post(release_url(quarantined))  # a double click
    run_jobs()

    assert first.status_code == 302
    lead = Lead.objects.get()
    assert (lead.is_spam, lead.marketing_consent) == (False, True)
    assert BrochureRequest.objects.get().is_spam is False
    brochure_mails = [m for m in mail.outbox if m.to == ["sanne.devries@gemeente-utrecht.nl"]]
    sales_mails = [m for m in mail.outbox if m.subject.startswith("Nieuwe lead")]
    assert (len(brochure_mails), len(sales_mails)) == (1, 1)
    assert ConsentRecord.objects.filter(lead=lead, action=ConsentRecord.Action.GIVEN).count() == 1
    assert jobs("lead_sync_to_mailchimp") == 1
    assert lead.mailchimp_state == Lead.MailchimpState.SYNCED


def test_the_not_spam_bulk_action_releases_too(sales_client, quarantined):  # noqa: F811
    sales_client.post(
        f"/admin/bulk/leads/lead/clear_spam/?id={quarantined.pk}&next=/admin/leads/",
        {"id": [str(quarantined.pk)]},
    )

    assert Lead.objects.get().is_spam is False
    assert (jobs("brochure_email_send"), jobs("sales_notify_new_request")) == (1, 1)


def test_a_quarantined_request_on_a_known_lead_is_released_with_its_consent(client, course, sales_user):  # noqa: F811
    client.post(SUBMIT_URL, submission(course, marketing_consent=None))
    client.post(SUBMIT_URL, submission(course, form_started=""))  # the same person, quarantined, ticked the box
    lead = Lead.objects.get()
    assert (lead.is_spam, lead.marketing_consent) == (False, False)

    release = services.lead_release_from_spam(lead=lead, user=sales_user)

    lead.refresh_from_db()
    assert release.requests == 1
    assert lead.marketing_consent is True
    assert jobs("brochure_email_send") == 2


def test_releasing_a_lead_sales_marked_as_spam_says_what_happened(client, course, sales_client):  # noqa: F811
    """Nothing was held back from a lead Sales marked by hand: the release says so, and claims no e-mails."""
    client.post(SUBMIT_URL, submission(course))
    lead = Lead.objects.get()
    sales_client.post(f"/admin/bulk/leads/lead/mark_spam/?id={lead.pk}&next=/admin/leads/", {"id": [str(lead.pk)]})
    assert Lead.objects.get().is_spam is True

    response = sales_client.post(release_url(lead), follow=True)

    html = response.content.decode()
    assert Lead.objects.get().is_spam is False
    assert "no longer marked as spam" in html
    assert "Nothing to release" not in html
    assert "brochure e-mail, sales notice" not in html  # the timeline claims nothing that was not queued
    assert (jobs("brochure_email_send"), jobs("sales_notify_new_request")) == (1, 1)  # the capture's own


def test_a_quarantined_person_who_sends_the_form_again_without_spam_signals_reaches_sales(
    client,
    course,
    sales_user,  # noqa: F811
    quarantined,
):
    """The first try was held (the script's token never arrived); the second passes every check."""
    client.post(SUBMIT_URL, submission(course))

    lead = Lead.objects.get()
    assert (lead.is_spam, lead.owner, lead.marketing_consent) == (False, sales_user, True)
    assert lead.first_contact_due_at is not None
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert (jobs("brochure_email_send"), jobs("sales_notify_new_request"), jobs("lead_sync_to_mailchimp")) == (1, 1, 1)
    # The held request waits for Sales as before; the lead page says so and offers the release.
    held = BrochureRequest.objects.get(is_spam=True)
    assert held.first_contact_due_at is None
    html = Client()
    html.force_login(sales_user)
    page = html.get(f"/admin/leads/{lead.pk}/").content.decode()
    assert "In quarantine" in page and "passed the checks" in page


def test_a_lead_sales_marked_as_spam_stays_spam_when_the_person_sends_the_form_again(
    client,
    course,
    sales_user,  # noqa: F811
):
    from leads import sales

    client.post(SUBMIT_URL, submission(course))
    sales.lead_mark_spam(lead=Lead.objects.get(), is_spam=True, user=sales_user)

    client.post(SUBMIT_URL, submission(course))

    assert Lead.objects.get().is_spam is True


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason="row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sales_releasing_at_the_same_moment_release_once(course, sales_user):  # noqa: F811
    Client().post(SUBMIT_URL, submission(course, form_started=""))
    lead = Lead.objects.get()
    start = threading.Barrier(2, timeout=10)
    released = []

    def salesperson():
        try:
            start.wait()
            released.append(services.lead_release_from_spam(lead=lead, user=sales_user).requests)
        finally:
            connection.close()

    threads = [threading.Thread(target=salesperson) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(released) == [0, 1]
    assert (jobs("brochure_email_send"), jobs("sales_notify_new_request")) == (1, 1)
