"""Jobs cut short by a database outage are retried, not lost; a worker that died leaves no job stuck.

``manage.py db_worker`` is django-tasks-db's worker with outage handling
(``website/management/commands/db_worker.py``); the live PostgreSQL test shows it
reconnecting by itself, these show what happens to the jobs.
"""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.fakes.fixtures import run_jobs

pytestmark = pytest.mark.django_db

calls: list[str] = []


@task()
def job_hit_by_an_outage(name: str) -> str:
    calls.append(name)
    if len(calls) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return "done"


@task()
def job_with_a_bug(name: str) -> str:
    raise ValueError("not an outage")


@pytest.fixture(autouse=True)
def _no_calls_yet():
    calls.clear()


def test_a_job_failed_by_a_database_outage_runs_again_and_succeeds():
    result = job_hit_by_an_outage.enqueue(name="brochure")
    run_jobs()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"  # queued again, a few seconds later
    assert row.run_after > timezone.now()

    run_jobs(due_now=True)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert calls == ["brochure", "brochure"]


def test_a_job_that_fails_for_another_reason_stays_failed():
    result = job_with_a_bug.enqueue(name="x")
    run_jobs(due_now=True)
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"


def test_a_job_left_running_by_a_worker_that_died_is_run_again():
    result = job_hit_by_an_outage.enqueue(name="orphan")
    calls.append("the first try, cut short")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=1), worker_ids=["dead-worker"]
    )
    run_jobs()  # requeued at start, due a few seconds later
    run_jobs(due_now=True)
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_a_job_running_now_elsewhere_is_left_alone():
    result = job_hit_by_an_outage.enqueue(name="busy")
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=timezone.now())
    run_jobs(due_now=True)
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
