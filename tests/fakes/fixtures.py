"""Pytest fixtures for the fake Mailchimp, and running the queued jobs as a worker would.

Imported by ``tests/leads/conftest.py``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.fakes.mailchimp_server import DEFAULT_API_KEY, SITE_MERGE_FIELDS, FakeMailchimp

AUDIENCE_ID = "aud123"
AUDIENCE_MERGE_FIELDS = SITE_MERGE_FIELDS


@pytest.fixture
def fake_mailchimp_server():
    """A fake Mailchimp on a free loopback port, with the audience ``aud123``."""
    with FakeMailchimp(lists=[]) as fake:
        fake.add_list(AUDIENCE_ID, merge_fields=AUDIENCE_MERGE_FIELDS)
        yield fake


@pytest.fixture
def mailchimp_configured(settings, fake_mailchimp_server):
    """Settings that point the real client at the fake, with a short timeout."""
    settings.MAILCHIMP_API_KEY = DEFAULT_API_KEY
    settings.MAILCHIMP_API_URL = fake_mailchimp_server.base_url
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE_ID
    settings.MAILCHIMP_TIMEOUT = 1
    return fake_mailchimp_server


def closed_port() -> int:
    """A loopback port nobody listens on: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_jobs(*, due_now: bool = False) -> None:
    """Run the queued jobs once, as a worker would; ``due_now`` runs scheduled retries too."""
    from django_tasks_db.models import DBTaskResult

    if due_now:
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    # The worker calls close_old_connections() between jobs. Inside a test's transaction that
    # closes the connection on PostgreSQL (SQLite's in-memory database ignores it).
    with (
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        open(os.devnull, "w") as devnull,
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=devnull, stderr=devnull)


def sync_job_in_thread(fake, lead_id: int, *, method: str = "PUT", path_contains: str = "/members/"):
    """Run the lead's sync job in a thread on its own connection; return once the fake has its call.

    The call (a PUT to the member by default) is then on the wire: the job waits for the
    fake's answer with no transaction open, while the test acts in its own thread. Returns
    the thread and the list that receives the job's outcome.
    """
    from django.db import connection

    from leads.mailchimp import lead_sync_to_mailchimp

    results: list[str] = []

    def job():
        try:
            results.append(lead_sync_to_mailchimp(lead_id=lead_id))
        finally:
            connection.close()

    thread = threading.Thread(target=job)
    thread.start()
    deadline = time.monotonic() + 20
    while not fake.requests_to(method, path_contains):
        assert time.monotonic() < deadline, f"the sync never made its {method} call"
        time.sleep(0.01)
    return thread, results
