"""The permanent delete in Mailchimp after an erasure, against a fake Mailchimp on loopback."""

import hashlib
import json
import logging
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads import tasks
from tests.fakes.fixtures import run_jobs
from tests.leads.factories import TRACKED_EMAIL, make_tracked_lead

pytestmark = pytest.mark.django_db

AUDIENCE = "aud123"


class FakeMailchimp(ThreadingHTTPServer):
    """Answers delete-permanent with the next scripted status (204 when the script is empty)."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.script: list[tuple[int, str]] = []
        self.calls: list[str] = []
        self.bodies: list[bytes] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/3.0"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.server.bodies.append(self.rfile.read(length))
        self.server.calls.append(self.path)
        status, body = self.server.script.pop(0) if self.server.script else (204, "")
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    do_PUT = do_POST  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_mailchimp(settings):
    server = FakeMailchimp()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.MAILCHIMP_API_KEY = "0123456789abcdef-us21"
    settings.MAILCHIMP_API_URL = server.base_url
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE
    settings.MAILCHIMP_TIMEOUT = 2
    yield server
    server.shutdown()
    server.server_close()


def member_path(email: str) -> str:
    member = hashlib.md5(email.lower().encode()).hexdigest()  # noqa: S324 (Mailchimp's id, not security)
    return f"/3.0/lists/{AUDIENCE}/members/{member}/actions/delete-permanent"


def retries():
    return DBTaskResult.objects.filter(task_path="leads.tasks.mailchimp_member_erase", status="READY")


def test_the_job_deletes_the_member_permanently(fake_mailchimp):
    result = tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower())

    assert result == "deleted"
    assert fake_mailchimp.calls == [member_path(TRACKED_EMAIL)]


def test_a_member_mailchimp_does_not_know_counts_as_deleted(fake_mailchimp):
    fake_mailchimp.script = [(404, '{"title": "Resource Not Found", "status": 404}')]

    result = tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower())

    assert result == "absent"
    assert not retries().exists()


@pytest.mark.parametrize("status, body", [(503, '{"title": "Service Unavailable"}'), (500, ""), (429, "")])
def test_a_passing_failure_is_retried_later(fake_mailchimp, status, body):
    fake_mailchimp.script = [(status, body)]

    result = tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower())

    assert result == "retrying"
    retry = retries().get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()


def test_a_refused_connection_is_retried_later(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.MAILCHIMP_API_KEY = "0123456789abcdef-us21"
    settings.MAILCHIMP_API_URL = f"http://127.0.0.1:{port}/3.0"
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE

    assert tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower()) == "retrying"
    assert retries().count() == 1


def test_a_refusal_is_final_and_not_retried(fake_mailchimp):
    fake_mailchimp.script = [(400, '{"title": "Invalid Resource", "status": 400}')]

    assert tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower()) == "failed"
    assert not retries().exists()


def test_the_job_gives_up_after_a_day(fake_mailchimp):
    fake_mailchimp.script = [(503, "")]
    started = (timezone.now() - timedelta(days=1, minutes=1)).isoformat()

    result = tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower(), attempt=12, first_attempt_at=started)

    assert result == "gave_up"
    assert not retries().exists()


def test_without_mailchimp_configured_the_job_does_nothing(settings):
    settings.MAILCHIMP_API_KEY = ""

    assert tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower()) == "skipped"


def test_an_erasure_reaches_mailchimp_through_the_worker(fake_mailchimp):
    from leads.privacy import lead_erase

    lead_erase(lead=make_tracked_lead(consent=True), reason="request")

    run_jobs()

    assert fake_mailchimp.calls == [member_path(TRACKED_EMAIL)]


def test_the_daily_purge_forgets_finished_erasure_jobs(fake_mailchimp):
    from leads.privacy import lead_erase, leads_purge

    lead_erase(lead=make_tracked_lead(consent=True), reason="request")
    run_jobs()

    leads_purge(now=timezone.now())

    assert not DBTaskResult.objects.filter(task_path="leads.tasks.mailchimp_member_erase").exists()


def test_a_refusal_is_logged_without_the_address(fake_mailchimp, caplog):
    fake_mailchimp.script = [
        (400, json.dumps({"title": "Invalid Resource", "detail": f"{TRACKED_EMAIL} was forgotten"}))
    ]

    with caplog.at_level(logging.DEBUG):
        tasks.mailchimp_member_erase.call(email_key=TRACKED_EMAIL.lower())

    assert "Invalid Resource" in caplog.text
    assert "voorbeeld" not in caplog.text.lower()


def test_a_withdrawal_by_sales_unsubscribes_the_member_in_mailchimp(fake_mailchimp):
    from leads.models import ConsentRecord
    from leads.privacy import consent_withdraw

    consent_withdraw(lead=make_tracked_lead(consent=True), source=ConsentRecord.Source.SALES)
    run_jobs()

    member = hashlib.md5(TRACKED_EMAIL.lower().encode()).hexdigest()  # noqa: S324
    assert fake_mailchimp.calls == [f"/3.0/lists/{AUDIENCE}/members/{member}"]
    body = json.loads(fake_mailchimp.bodies[0])
    assert body["status"] == "unsubscribed"
    assert "status_if_new" not in body


def test_a_withdrawal_of_a_lead_mailchimp_never_had_calls_nobody(fake_mailchimp):
    from leads.models import ConsentRecord
    from leads.privacy import consent_withdraw

    consent_withdraw(lead=make_tracked_lead(consent=False), source=ConsentRecord.Source.SALES)
    run_jobs()

    assert fake_mailchimp.calls == []
