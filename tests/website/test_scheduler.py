"""The periodic-job scheduler: every PERIODIC_TASKS entry on its cron trigger, jobs enqueued once, run by the worker."""

import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from leads.models import PageDailyCount
from tests.leads.insight_helpers import beacon, send_beacon
from website.scheduler import periodic_task_enqueue, periodic_tasks, scheduler_build

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def course(db):
    from tests.leads.factories import course_site

    return course_site()


def _run_worker() -> None:
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO(), stderr=StringIO())


def test_the_project_schedules_the_counter_mover_mailchimp_sync_and_purge():
    entries = {entry.name: entry for entry in periodic_tasks()}

    assert {"insight_counts_move", "mailchimp_sync", "purge_leads"} <= set(entries)
    for entry in entries.values():
        assert isinstance(import_string(entry.task), Task), entry.task


def test_the_scheduler_registers_every_entry_with_its_cron_trigger_in_amsterdam_time():
    scheduler = scheduler_build(BackgroundScheduler)
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {entry["name"] for entry in django_settings.PERIODIC_TASKS}
        for entry in django_settings.PERIODIC_TASKS:
            job = jobs[entry["name"]]
            expected = CronTrigger.from_crontab(entry["cron"], timezone=AMSTERDAM)
            assert isinstance(job.trigger, CronTrigger)
            assert str(job.trigger) == str(expected), entry["name"]
            assert str(job.trigger.timezone) == "Europe/Amsterdam"
            assert job.kwargs == {"name": entry["name"], "task_path": entry["task"]}
            assert job.max_instances == 1 and job.coalesce
    finally:
        scheduler.shutdown(wait=False)


def test_purge_runs_at_half_past_three_amsterdam_time_also_in_summer():
    entry = next(entry for entry in periodic_tasks() if entry.name == "purge_leads")
    trigger = CronTrigger.from_crontab(entry.cron, timezone=AMSTERDAM)
    summer = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=AMSTERDAM)

    fire = trigger.get_next_fire_time(None, summer)
    assert (fire.hour, fire.minute, fire.utcoffset()) == (3, 30, datetime.timedelta(hours=2))


def test_run_scheduler_lists_every_job():
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)

    for entry in periodic_tasks():
        assert f"{entry.name}: {entry.task}" in out.getvalue()


@pytest.mark.django_db
def test_a_job_is_enqueued_once_while_one_waits_and_again_when_it_has_run(course, insight_store):
    path = "leads.tasks.insight_counts_move"

    assert periodic_task_enqueue(name="insight_counts_move", task_path=path) is True
    assert periodic_task_enqueue(name="insight_counts_move", task_path=path) is False  # a second scheduler
    assert DBTaskResult.objects.filter(task_path=path).count() == 1

    _run_worker()
    assert periodic_task_enqueue(name="insight_counts_move", task_path=path) is True


@pytest.mark.django_db
def test_a_job_stuck_as_running_past_its_time_does_not_block_the_schedule(settings):
    path = "leads.tasks.leads_purge"
    periodic_task_enqueue(name="purge_leads", task_path=path)
    DBTaskResult.objects.filter(task_path=path).update(
        status="RUNNING",
        started_at=timezone.now() - datetime.timedelta(seconds=settings.PERIODIC_TASK_STALE_SECONDS + 1),
    )

    assert periodic_task_enqueue(name="purge_leads", task_path=path) is True


@pytest.mark.django_db
def test_a_job_whose_worker_died_holds_up_its_schedule_for_one_interval_only():
    """A worker killed mid-job leaves the job marked running; the five-minute jobs must not wait an hour."""
    six_minutes_ago = timezone.now() - datetime.timedelta(minutes=6)
    for name, task_path in (
        ("insight_counts_move", "leads.tasks.insight_counts_move"),
        ("purge_leads", "leads.tasks.leads_purge"),
    ):
        periodic_task_enqueue(name=name, task_path=task_path)
        DBTaskResult.objects.filter(task_path=task_path).update(status="RUNNING", started_at=six_minutes_ago)

    assert periodic_task_enqueue(name="insight_counts_move", task_path="leads.tasks.insight_counts_move") is True
    assert periodic_task_enqueue(name="purge_leads", task_path="leads.tasks.leads_purge") is False  # daily: an hour


@pytest.mark.django_db
def test_the_enqueued_counter_mover_runs_on_the_worker_and_moves_the_counts(course, insight_store):
    send_beacon(None, beacon(course))
    send_beacon(None, beacon(course))
    call_command("run_scheduler", "--now", "insight_counts_move", stdout=StringIO())

    assert not PageDailyCount.objects.exists()  # the scheduler only enqueues
    _run_worker()

    job = DBTaskResult.objects.get(task_path="leads.tasks.insight_counts_move")
    assert job.status == "SUCCESSFUL"
    assert PageDailyCount.objects.get(page=course).views == 2


@pytest.mark.django_db
def test_mailchimp_sync_and_purge_run_on_the_worker():
    for name in ("mailchimp_sync", "purge_leads"):
        call_command("run_scheduler", "--now", name, stdout=StringIO())
    _run_worker()

    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert statuses == {"leads.tasks.leads_requeue_mailchimp": "SUCCESSFUL", "leads.tasks.leads_purge": "SUCCESSFUL"}
