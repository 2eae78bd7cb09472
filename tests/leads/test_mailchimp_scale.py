"""The sync under real workers on PostgreSQL: a backlog shared by two ``db_worker`` processes, and a
worker killed mid-job. The fake Mailchimp runs as a process too; it counts the PUTs per member.

PostgreSQL only (SQLite's in-memory test database cannot be shared with other processes).
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leads import tasks
from leads.models import BrochureRequest, Lead
from tests.fakes.fixtures import AUDIENCE_ID, closed_port
from tests.fakes.mailchimp_server import DEFAULT_API_KEY
from tests.leads.factories import make_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: worker processes share the test database",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


def start_fake(*args: str) -> tuple[subprocess.Popen, str]:
    port = closed_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.mailchimp_server", "--port", str(port), "--list", AUDIENCE_ID, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdout.readline()  # "Fake Mailchimp on ...": it is listening
    return process, f"http://127.0.0.1:{port}"


def fake_state(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/_fake/state", timeout=5) as response:
        return json.load(response)


def start_worker(base: str, *, timeout: float = 10) -> subprocess.Popen:
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fakes.worker_settings",
        "DATABASE_URL": database_url,
        "MAILCHIMP_API_KEY": DEFAULT_API_KEY,
        "MAILCHIMP_API_URL": f"{base}/3.0",
        "MAILCHIMP_AUDIENCE_ID": AUDIENCE_ID,
        "MAILCHIMP_TIMEOUT": str(timeout),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def pending_leads(count: int, course) -> list[int]:
    leads = Lead.objects.bulk_create(
        Lead(
            email=f"deelnemer{i}@covalis-klant.nl",
            email_key=f"deelnemer{i}@covalis-klant.nl",
            first_name="Deel",
            last_name=f"Nemer {i}",
            company="Covalis",
            role=Lead.Role.ICT,
            marketing_consent=True,
            mailchimp_state=Lead.MailchimpState.PENDING,
        )
        for i in range(count)
    )
    BrochureRequest.objects.bulk_create(
        BrochureRequest(lead=lead, course=course, course_title=course.title) for lead in leads
    )
    return [lead.pk for lead in leads]


def test_two_workers_over_a_backlog_of_1000_jobs_sync_each_lead_once():
    fake, base = start_fake()
    try:
        lead_ids = pending_leads(500, make_course(journey=(11, 22)))
        for lead_id in lead_ids:  # two jobs per lead: 1,000 jobs, as if every lead were queued twice
            tasks.lead_sync_to_mailchimp.enqueue(lead_id=lead_id)
            tasks.lead_sync_to_mailchimp.enqueue(lead_id=lead_id)

        workers = [start_worker(base), start_worker(base)]
        for worker in workers:
            assert worker.wait(timeout=600) == 0

        state = fake_state(base)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    assert len(state["puts_per_member"]) == 500
    assert set(state["puts_per_member"].values()) == {1}
    assert len(state["triggers"]) == 500
    assert len({t["email_address"] for t in state["triggers"]}) == 500
    assert state["violations"] == 0
    assert Lead.objects.filter(mailchimp_state=Lead.MailchimpState.SYNCED).count() == 500


def test_a_worker_killed_mid_job_leaves_the_lead_to_be_synced_once_after_a_restart():
    fake, base = start_fake("--delay", "5", "--times", "1")  # the first call hangs: the worker is mid-job
    try:
        (lead_id,) = pending_leads(1, make_course(journey=(11, 22)))
        tasks.lead_sync_to_mailchimp.enqueue(lead_id=lead_id)
        worker = start_worker(base)
        for _ in range(200):
            if fake_state(base)["request_count"]:
                break
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

        lead = Lead.objects.get(pk=lead_id)
        assert lead.mailchimp_state == Lead.MailchimpState.PENDING
        assert DBTaskResult.objects.filter(status="RUNNING").count() == 1  # stuck for good
        out = _sync_command()
        assert "0 leads." in out  # its lease still runs: the job might still be at work

        Lead.objects.filter(pk=lead_id).update(mailchimp_lease_until=timezone.now() - timedelta(seconds=1))
        assert "of 1 lead." in _sync_command()
        restarted = start_worker(base)
        assert restarted.wait(timeout=120) == 0
        time.sleep(5)  # let the fake finish the hung request too (Mailchimp would have)
        state = fake_state(base)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    assert Lead.objects.get(pk=lead_id).mailchimp_state == Lead.MailchimpState.SYNCED
    assert len(state["members"]) == 1
    assert len(state["triggers"]) == 1


def _sync_command() -> str:
    import io

    from django.utils import translation

    out = io.StringIO()
    with translation.override("en"):
        call_command("mailchimp_sync", stdout=out, stderr=io.StringIO())
    return out.getvalue()
