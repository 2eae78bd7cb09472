"""Text fields cannot inject into e-mails or headers (issue 13.6).

Names, company and phone are one line of visible text, names hold no links: the brochure
e-mail greets the visitor by name and goes to any address typed in. A line break in the
company once made the sales e-mail fail for good (``BadHeaderError``) with the input in the
stored job error: sales hear about every lead, and no job error or log line names anyone.
"""

import logging

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from leads.models import Lead, LeadSettings
from tests.fakes.fixtures import run_jobs
from tests.leads.factories import LeadFactory, course_site
from tests.leads.funnel import SUBMIT_URL, submission
from tests.leads.sales_fixtures import add_request
from tests.security.conftest import field_errors

pytestmark = pytest.mark.django_db

SINGLE_LINE_MESSAGE = "Gebruik hier één regel gewone tekst, zonder regeleinden, tabs of onzichtbare tekens."
NAME_URL_MESSAGE = "Vul hier alleen uw naam in, zonder webadres of e-mailadres."
HEADER_INJECTION = "Zwanenburg Advies\r\nBcc: list@evil.example"


@pytest.fixture
def course(db):
    return course_site(title="Onderhandelen", sales_notification_emails="verkoop@covalis.nl")


def post(client, course, **fields):
    return client.post(SUBMIT_URL, submission(course, **fields), REMOTE_ADDR="198.51.100.40")


@pytest.mark.parametrize("field", ["first_name", "last_name", "company", "phone"])
@pytest.mark.parametrize(
    "trick",
    ["\n", "\r\nBcc: list@evil.example", "\x00", "\t", "\u2028", "\u202e", "\x1b[31m"],
    ids=["newline", "header", "nul", "tab", "line-separator", "bidi-override", "escape"],
)
def test_control_characters_in_a_single_line_field_are_refused_in_dutch_keeping_what_was_typed(
    client, course, field, trick
):
    value = {"phone": "030 123", "company": "Gemeente", "first_name": "Sanne", "last_name": "de Vries"}[field]

    response = post(client, course, **{field: value + trick + "45 67"})

    assert response.status_code == 400
    assert not Lead.objects.exists()
    page = response.content.decode()
    assert field_errors(page) == {field: SINGLE_LINE_MESSAGE}
    assert 'value="sanne.devries@gemeente-utrecht.nl"' in page  # what was typed stays


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize(
    "name", ["www.evil.example", "https://evil.example/login", "Klik op evil.com", "hans@evil.nl", "ga naar bit.ly/x"]
)
def test_names_hold_no_links(client, course, field, name):
    response = post(client, course, **{field: name})

    assert response.status_code == 400
    assert field_errors(response.content.decode()) == {field: NAME_URL_MESSAGE}
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("J.P.", "v.d. Berg"), ("Anne-Marie", "O'Neill"), ("Ĳsbrand", "Ősz-Éliás"), ("Zoë", "de Wit-van Dam")],
)
def test_real_names_are_taken(client, course, first_name, last_name):
    assert post(client, course, first_name=first_name, last_name=last_name).status_code == 303
    assert Lead.objects.get().full_name == f"{first_name} {last_name}"


def test_a_company_may_be_a_domain_name(client, course):
    assert post(client, course, company="Booking.com").status_code == 303


def test_a_first_name_cannot_carry_a_message(client, course):
    response = post(client, course, first_name="Uw account verloopt vandaag bel ons direct terug nu")

    assert response.status_code == 400
    assert field_errors(response.content.decode()) == {"first_name": "Gebruik maximaal 50 tekens."}


# The sales e-mail and its job ----------------------------------------------------------------


@pytest.fixture
def injected_request(course):
    """A lead saved before the form refused line breaks: the company carries a header."""
    lead = LeadFactory(first_name="Wilhelmina", last_name="Zwanenburg", company=HEADER_INJECTION)
    return add_request(lead, course)


def test_visitor_text_never_breaks_the_sales_e_mail_header(injected_request):
    from leads import tasks

    tasks.sales_notify_new_request.call(brochure_request_id=injected_request.pk)

    (message,) = mail.outbox
    assert message.to == ["verkoop@covalis.nl"]
    assert message.bcc == []
    assert "\n" not in message.subject and "\r" not in message.subject
    headers = message.message()
    assert headers.get_all("Bcc") is None
    assert headers.get_all("To") == ["verkoop@covalis.nl"]
    assert f"/admin/leads/{injected_request.lead_id}/" in message.body


def test_the_job_tells_sales_and_stores_and_logs_no_personal_data(injected_request, caplog):
    from leads import tasks

    tasks.sales_notify_new_request.enqueue(brochure_request_id=injected_request.pk)
    with caplog.at_level(logging.DEBUG):
        run_jobs()

    assert len(mail.outbox) == 1
    job = DBTaskResult.objects.get(task_path__endswith="sales_notify_new_request")
    assert job.status == "SUCCESSFUL", job.traceback
    stored = f"{job.return_value} {job.exception_class_path} {job.traceback}"
    logged = " ".join(record.getMessage() for record in caplog.records)
    for value in ("Zwanenburg", "Wilhelmina", "evil.example"):
        assert value not in stored
        assert value not in logged


def test_when_no_e_mail_can_be_built_sales_still_get_the_link_without_visitor_text(injected_request, monkeypatch):
    """Whatever a future field holds: a message Django refuses falls back to ids and a link."""
    from leads import sales

    monkeypatch.setattr(sales, "_sales_message", lambda **kwargs: ("Nieuwe lead:\nkapot", "tekst"))

    assert sales.sales_notify_new_request(brochure_request_id=injected_request.pk) == "sent_minimal"
    (message,) = mail.outbox
    assert message.subject == f"Nieuwe lead {injected_request.lead_id}"
    assert f"/admin/leads/{injected_request.lead_id}/" in message.body
    assert "Zwanenburg" not in message.body


def test_a_mistyped_notification_address_does_not_stop_the_others(injected_request, course):
    course.sales_notification_emails = "verkoop@@covalis, team@covalis.nl"
    course.save()
    from leads import tasks

    assert tasks.sales_notify_new_request.call(brochure_request_id=injected_request.pk) == "sent"
    assert mail.outbox[0].to == ["team@covalis.nl"]


def test_if_nobody_can_be_mailed_the_lead_page_says_so(injected_request, course):
    from leads import sales

    course.sales_notification_emails = "verkoop@covalis.nl"
    course.save()
    LeadSettings.objects.all().delete()
    original = sales.send_mail

    def refuse(**kwargs):
        raise ValueError("refused")

    sales.send_mail = refuse
    try:
        assert sales.sales_notify_new_request(brochure_request_id=injected_request.pk) == "failed"
    finally:
        sales.send_mail = original
    assert injected_request.lead.activities.filter(message__startswith="Sales could not be e-mailed").exists()


def test_a_brochure_e_mail_that_cannot_be_sent_stores_no_address(course, caplog):
    from leads import tasks

    lead = LeadFactory(email="sanne@covalis-klant.nl\nBcc: list@evil.example")
    request = add_request(lead, course)
    tasks.brochure_email_send.enqueue(brochure_request_id=request.pk)
    with caplog.at_level(logging.DEBUG):
        run_jobs()

    job = DBTaskResult.objects.get(task_path__endswith="brochure_email_send")
    assert job.status == "SUCCESSFUL"
    assert job.return_value == "failed"
    assert "covalis-klant" not in f"{job.traceback} {' '.join(r.getMessage() for r in caplog.records)}"
    assert mail.outbox == []
