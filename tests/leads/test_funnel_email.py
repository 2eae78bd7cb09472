"""The brochure e-mail: sent in the background with the signed link, retried when mail is down."""

import logging
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads import tasks
from leads.models import BrochureRequest
from tests.fakes.fixtures import run_jobs
from tests.leads import factories
from tests.leads.funnel import SUBMIT_URL, submission

pytestmark = pytest.mark.django_db


class BrokenMailServer:
    """A mail backend whose server refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def course():
    return factories.course_site(title="Adviesvaardigheden voor experts")


def test_email_has_text_and_html_with_a_working_signed_link(brochure_request):
    result = tasks.brochure_email_send.call(brochure_request_id=brochure_request.pk)

    assert result == "sent"
    message = mail.outbox[0]
    assert message.to == ["sanne.devries@gemeente-utrecht.nl"]
    assert message.subject == "Uw brochure: Adviesvaardigheden voor experts"
    assert "Beste Sanne," in message.body
    link = next(word for word in message.body.split() if "/brochure/download/" in word)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html
    assert Client().get(link.removeprefix("http://localhost")).status_code == 200


def test_email_is_sent_once_even_if_the_job_runs_twice(brochure_request):
    tasks.brochure_email_send.call(brochure_request_id=brochure_request.pk)
    tasks.brochure_email_send.call(brochure_request_id=brochure_request.pk)

    assert len(mail.outbox) == 1
    brochure_request.refresh_from_db()
    assert brochure_request.confirmation_sent_at is not None


def test_quarantined_request_gets_no_email(client, course):
    client.post(SUBMIT_URL, submission(course, website="bot"))

    assert tasks.brochure_email_send.call(brochure_request_id=BrochureRequest.objects.get().pk) == "skipped"
    assert mail.outbox == []


def test_request_succeeds_when_the_mail_server_is_down_and_the_email_is_retried(client, course, settings):
    settings.EMAIL_BACKEND = "tests.leads.test_funnel_email.BrokenMailServer"

    response = client.post(SUBMIT_URL, submission(course))
    brochure_request = BrochureRequest.objects.get()
    result = tasks.brochure_email_send.call(brochure_request_id=brochure_request.pk)

    assert response.status_code == 303
    assert result == "retrying"
    retry = DBTaskResult.objects.filter(task_path__endswith="brochure_email_send", args_kwargs__kwargs__attempt=2)
    assert retry.count() == 1
    assert retry.get().run_after > timezone.now()
    brochure_request.refresh_from_db()
    assert brochure_request.confirmation_sent_at is None


def test_after_a_day_of_failures_the_job_gives_up_and_logs_no_personal_data(brochure_request, settings, caplog):
    settings.EMAIL_BACKEND = "tests.leads.test_funnel_email.BrokenMailServer"
    first_attempt = (timezone.now() - timedelta(days=1)).isoformat()

    with caplog.at_level(logging.WARNING, logger="leads.tasks"):
        result = tasks.brochure_email_send.call(
            brochure_request_id=brochure_request.pk, attempt=20, first_attempt_at=first_attempt
        )

    assert result == "gave_up"
    brochure_request.refresh_from_db()
    assert brochure_request.confirmation_sent_at is None
    assert "Gave up" in caplog.text
    assert "sanne" not in caplog.text.lower()


def test_smtp_errors_are_retried_too(brochure_request, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    assert tasks.brochure_email_send.call(brochure_request_id=brochure_request.pk) == "retrying"


def test_brochure_emails_go_out_before_waiting_mailchimp_syncs(client, course):
    # Mailchimp may answer seconds late: a queue of syncs must not hold up the visitors' e-mails.
    visitors = [f"bezoeker{number}@gemeente-utrecht.nl" for number in range(3)]
    for email in visitors:
        client.post(SUBMIT_URL, submission(course, email=email))
    assert DBTaskResult.objects.filter(task_path="leads.tasks.lead_sync_to_mailchimp").count() == 3

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--max-tasks", "3")

    assert sorted(message.to[0] for message in mail.outbox) == visitors
    waiting = DBTaskResult.objects.filter(status="READY", task_path__startswith="leads.").values_list(
        "task_path", flat=True
    )
    assert sorted(set(waiting)) == ["leads.tasks.lead_sync_to_mailchimp", "leads.tasks.sales_notify_new_request"]


def test_a_job_queued_under_the_old_task_name_still_sends_the_brochure(brochure_request):
    """Jobs queued before the tasks took their services' names run after the deploy."""
    job = DBTaskResult.objects.get(task_path="leads.tasks.brochure_email_send")
    DBTaskResult.objects.filter(pk=job.pk).update(task_path="leads.tasks.send_brochure_email")

    run_jobs()

    assert DBTaskResult.objects.get(pk=job.pk).status == "SUCCESSFUL"
    brochure_request.refresh_from_db()
    assert brochure_request.confirmation_sent_at is not None
    assert "Uw brochure: Adviesvaardigheden voor experts" in [message.subject for message in mail.outbox]
