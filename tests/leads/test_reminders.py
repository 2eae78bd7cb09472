"""Reminders to lead owners (issue 17): one when a lead becomes overdue, one digest per working morning, at most
one per lead per day, none for spam, erased or closed leads; a mail server that is down delays and loses none;
two workers running the same job never send twice."""

import datetime
import smtplib
import threading
import time
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.utils.module_loading import import_string

from leads import reminders, sales, tasks
from leads.models import Lead, LeadReminder
from leads.privacy import lead_erase
from tests.fakes.fixtures import closed_port
from tests.fakes.smtp_server import FakeSmtp
from tests.leads.speed import MONDAY_10, ams, at, capture, sales_team

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)
DUE = MONDAY_10 + 4 * HOUR  # Monday 14:00: when a lead captured at 10:00 is due


@pytest.fixture
def anna(db):
    return sales_team("Anna")[0]


@pytest.fixture
def petra(course, anna):
    """A lead for Anna, captured Monday 10:00 and due at 14:00."""
    return Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)


def run_reminders(when):
    with at(when):
        return tasks.lead_reminders_run.call()


def run_digest(when):
    with at(when):
        return tasks.follow_up_digest_run.call()


def reminders_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_the_owner_gets_one_reminder_when_a_lead_becomes_overdue(petra):
    assert run_reminders(DUE - 5 * datetime.timedelta(minutes=1))["sent"] == 0
    assert run_reminders(DUE + 5 * datetime.timedelta(minutes=1))["sent"] == 1
    assert run_reminders(DUE + 10 * datetime.timedelta(minutes=1))["sent"] == 0
    assert run_reminders(DUE + 24 * HOUR)["sent"] == 0  # still overdue the next day: no repeat

    (message,) = reminders_to("anna@covalis.nl")
    assert "First contact overdue" in message.subject
    assert "Petra de Vries (Gemeente Utrecht)" in message.body
    assert f"http://testserver/admin/leads/{petra.pk}/" in message.body
    assert "petra@gemeente-utrecht.nl" not in message.body


def test_no_reminder_for_a_lead_contacted_in_time(petra, anna):
    with at(DUE - HOUR):
        sales.lead_log_contact(lead=petra, user=anna, channel="call", outcome="interested")

    assert run_reminders(DUE + HOUR)["sent"] == 0
    assert mail.outbox == []


def test_no_reminder_for_spam_erased_or_closed_leads(course, anna):
    spam = Lead.objects.get(pk=capture(course, "spam@gemeente-utrecht.nl").lead_id)
    erased = Lead.objects.get(pk=capture(course, "weg@gemeente-utrecht.nl").lead_id)
    closed = Lead.objects.get(pk=capture(course, "dicht@gemeente-utrecht.nl").lead_id)
    sales.lead_mark_spam(lead=spam, is_spam=True, user=anna)
    lead_erase(lead=erased, reason="request of the person")
    Lead.objects.filter(pk=closed.pk).update(status=Lead.Status.LOST)  # e.g. closed in an import, never contacted

    assert run_reminders(DUE + HOUR)["sent"] == 0
    assert mail.outbox == []


def test_a_reminder_planned_before_the_lead_was_contacted_is_not_sent(petra, anna):
    with at(DUE + HOUR):
        reminders.reminders_plan_overdue()
        sales.lead_log_contact(lead=petra, user=anna, channel="call", outcome="interested")
        counts = reminders.reminders_deliver()

    assert (counts["sent"], counts["skipped"]) == (0, 1)
    assert mail.outbox == []


def test_at_most_one_reminder_per_lead_per_day(petra):
    run_reminders(DUE + HOUR)
    # Whatever moves the lead's due time later that day, the lead has had its reminder today.
    Lead.objects.filter(pk=petra.pk).update(first_contact_due_at=DUE + 2 * HOUR)
    run_reminders(DUE + 3 * HOUR)

    assert LeadReminder.objects.filter(lead=petra).count() == 1
    assert len(mail.outbox) == 1


def test_a_lead_overdue_for_long_gets_the_digest_not_a_reminder(course, anna):
    capture(course, "oud@gemeente-utrecht.nl", when=MONDAY_10 - datetime.timedelta(days=14))

    assert run_reminders(MONDAY_10)["sent"] == 0


def test_the_reminder_goes_to_the_current_owner(petra, anna):
    (bram,) = sales_team("Bram")
    with at(DUE + HOUR):
        reminders.reminders_plan_overdue()
        sales.lead_assign_owner(lead=petra, owner=bram, user=anna)
        reminders.reminders_deliver()

    assert reminders_to("bram@covalis.nl") and not reminders_to("anna@covalis.nl")


# --- The morning digest ---------------------------------------------------------------------------


@pytest.fixture
def agenda(course, anna):
    """Anna: one lead overdue since Monday, one follow-up for Tuesday. Bram: nothing to do on Tuesday."""
    (bram,) = sales_team("Bram")
    late = Lead.objects.get(
        pk=capture(course, "laat@gemeente-utrecht.nl", first_name="Laura", last_name="Laat").lead_id
    )
    planned = Lead.objects.get(
        pk=capture(course, "plan@gemeente-utrecht.nl", first_name="Piet", last_name="Plan").lead_id
    )
    Lead.objects.filter(pk__in=[late.pk, planned.pk]).update(owner=anna)
    with at(MONDAY_10 + HOUR):
        sales.lead_log_contact(lead=planned, user=anna, channel="call", outcome="call_back")
        sales.lead_set_follow_up(
            lead=planned, next_follow_up=datetime.date(2026, 11, 24), next_step="Terugbellen over data", user=anna
        )
    return {"anna": anna, "bram": bram, "late": late, "planned": planned}


TUESDAY_8_30 = ams(2026, 11, 24, 8, 30)


def test_each_owner_with_open_follow_ups_gets_one_digest_each_working_morning(agenda):
    mail.outbox.clear()
    assert run_digest(TUESDAY_8_30)["sent"] == 1
    assert run_digest(TUESDAY_8_30 + HOUR)["sent"] == 0  # a second scheduler, or a rerun

    (digest,) = mail.outbox
    assert digest.to == ["anna@covalis.nl"]
    assert "Laura Laat" in digest.body and "Piet Plan" in digest.body
    assert "Terugbellen over data" in digest.body
    assert f"/admin/leads/{agenda['late'].pk}/" in digest.body
    assert "laat@gemeente-utrecht.nl" not in digest.body


def test_no_digest_on_a_weekend_or_a_public_holiday(agenda):
    mail.outbox.clear()
    assert run_digest(ams(2026, 11, 28, 8, 30))["planned"] == 0  # Saturday
    assert run_digest(ams(2026, 12, 25, 8, 30))["planned"] == 0  # Christmas Day, a Friday
    assert mail.outbox == []


# --- Failures and concurrency ----------------------------------------------------------------------


def test_a_mail_server_that_is_down_delays_the_reminder_and_loses_none(petra):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("down")):
        counts = run_reminders(DUE + 5 * datetime.timedelta(minutes=1))
    assert (counts["sent"], counts["failed"]) == (0, 1)
    reminder = LeadReminder.objects.get(lead=petra)
    assert (reminder.sent_at, reminder.attempts, reminder.last_error) == (None, 1, "SMTPServerDisconnected")

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError()):
        run_reminders(DUE + 10 * datetime.timedelta(minutes=1))
    assert run_reminders(DUE + 15 * datetime.timedelta(minutes=1))["sent"] == 1

    assert len(reminders_to("anna@covalis.nl")) == 1
    assert LeadReminder.objects.get(lead=petra).sent_at is not None


def test_a_reminder_another_worker_is_sending_is_left_alone(petra):
    with at(DUE + HOUR):
        reminders.reminders_plan_overdue()
        reminder = LeadReminder.objects.get(lead=petra)
        assert reminders._claim(reminder.pk, now=DUE + HOUR)  # worker 1 took it and is sending
        counts = reminders.reminders_deliver()  # worker 2

    assert (counts["sent"], counts["busy"]) == (0, 1)
    assert mail.outbox == []


def test_a_claim_left_by_a_worker_that_died_runs_out(petra):
    with at(DUE + HOUR):
        reminders.reminders_plan_overdue()
        reminders._claim(LeadReminder.objects.get(lead=petra).pk, now=DUE + HOUR)

    assert run_reminders(DUE + HOUR + reminders.CLAIM_LEASE + datetime.timedelta(seconds=1))["sent"] == 1


def test_the_periodic_jobs_are_declared_for_the_scheduler():
    entries = {entry["task"]: entry for entry in django_settings.PERIODIC_TASKS}
    for path in ("leads.tasks.lead_reminders_run", "leads.tasks.follow_up_digest_run"):
        assert path in entries, path
        assert import_string(path) is not None
        assert len(entries[path]["cron"].split()) == 5


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason="two workers need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_the_same_jobs_at_once_never_send_twice(course):
    """Two workers run the reminder job and the digest job at the same moment; sending is slow."""
    anna, bram = sales_team("Anna", "Bram")
    for number in range(6):
        capture(course, f"klant{number}@gemeente-utrecht.nl")
    real_send = reminders._send

    def slow_send(owner, message):
        time.sleep(0.2)  # long enough for the other worker to reach the same reminder
        real_send(owner, message)

    start = threading.Barrier(4, timeout=20)
    errors = []

    def worker(job):
        try:
            start.wait()
            with mock.patch.object(reminders, "_send", slow_send):
                job(DUE + HOUR + 24 * HOUR - 5 * HOUR)  # Tuesday 10:00: each lead is overdue, the digest is due
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    jobs = [run_reminders, run_reminders, run_digest, run_digest]
    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    overdue = [message for message in mail.outbox if "overdue" in message.subject.lower()]
    digests = [message for message in mail.outbox if message not in overdue]
    assert len(overdue) == 6
    assert len({message.body for message in overdue}) == 6
    assert sorted(message.to[0] for message in digests) == ["anna@covalis.nl", "bram@covalis.nl"]
    assert LeadReminder.objects.filter(sent_at__isnull=False).count() == 8


# --- A real mail server on loopback ------------------------------------------------------------------


@pytest.fixture
def smtp_backend(settings):
    """Django's SMTP backend, pointed by the test at a fake mail server or a closed port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 5
    return settings


def test_a_mail_server_on_a_closed_port_delays_the_reminder_and_loses_none(petra, smtp_backend):
    smtp_backend.EMAIL_HOST, smtp_backend.EMAIL_PORT = "127.0.0.1", closed_port()
    counts = run_reminders(DUE + 5 * MINUTE)
    assert (counts["sent"], counts["failed"]) == (0, 1)

    with FakeSmtp() as smtp:
        smtp_backend.EMAIL_HOST, smtp_backend.EMAIL_PORT = smtp.host, smtp.port
        assert run_reminders(DUE + 10 * MINUTE)["sent"] == 1
    assert smtp.recipients() == ["anna@covalis.nl"]


def test_an_owner_whose_mailbox_is_refused_does_not_hold_up_the_reminders_of_the_others(course, smtp_backend):
    """Anna's mailbox was removed when she left, but her account still owns leads: Bram still hears of his."""
    sales_team("Anna", "Bram")  # the rotation gives the first lead to Anna, the second to Bram
    annas = capture(course, "eerste@gemeente-utrecht.nl", when=MONDAY_10)
    brams = capture(course, "tweede@gemeente-utrecht.nl", when=MONDAY_10 + HOUR)
    assert (annas.lead.owner.email, brams.lead.owner.email) == ("anna@covalis.nl", "bram@covalis.nl")

    with FakeSmtp(refuse={"anna@covalis.nl"}) as smtp:
        smtp_backend.EMAIL_HOST, smtp_backend.EMAIL_PORT = smtp.host, smtp.port
        run_reminders(DUE + 5 * MINUTE)  # Anna's lead is overdue: refused
        run_reminders(DUE + HOUR + 5 * MINUTE)  # Bram's lead is overdue too
        run_reminders(DUE + HOUR + 10 * MINUTE)
        assert smtp.recipients() == ["bram@covalis.nl"]

        smtp.state.refuse.clear()  # the mailbox is back (or was only refused for a while)
        run_reminders(DUE + HOUR + 15 * MINUTE)
        assert smtp.recipients() == ["bram@covalis.nl", "anna@covalis.nl"]

    refused = LeadReminder.objects.get(lead=annas.lead)
    assert refused.sent_at is not None and refused.last_error == "SMTPRecipientsRefused"
