"""Periodic jobs: APScheduler enqueues the django-tasks jobs named in ``PERIODIC_TASKS``; workers run them.

``PERIODIC_TASKS`` (settings) lists ``{"name": ..., "task": "<dotted path of a django-tasks
task>", "cron": "<crontab>"}``; the crontab is read in ``TIME_ZONE`` (Europe/Amsterdam). The
scheduler (``manage.py run_scheduler``, one process) does nothing but enqueue: the work runs
on the task workers, with their retries and logs, and a scheduler that stops loses no work.

Enqueueing is skipped while a job of the same task still waits or runs (one marked running
for longer than its interval, or an hour, counts as dead), so a worker that is
down does not come back to a pile of copies, and a second scheduler started by mistake adds
nothing: the check and the enqueue happen under one lock (an advisory lock on PostgreSQL;
SQLite's write lock). The tasks themselves are also safe to run twice at once.

The queries on the task backend's own table live in ``website.jobs``.
"""

from __future__ import annotations

import datetime
import logging
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from website import jobs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: str  # dotted path of a django-tasks task
    cron: str  # minute hour day-of-month month day-of-week


def periodic_tasks() -> list[PeriodicTask]:
    """The entries of ``PERIODIC_TASKS``; raises ``ValueError`` on a malformed or duplicate entry."""
    entries = []
    for raw in getattr(settings, "PERIODIC_TASKS", []):
        if set(raw) != {"name", "task", "cron"}:
            raise ValueError(f"PERIODIC_TASKS entry needs exactly name, task and cron: {raw!r}")
        entries.append(PeriodicTask(**raw))
    names = [entry.name for entry in entries]
    if len(names) != len(set(names)):
        raise ValueError(f"PERIODIC_TASKS names must be unique: {names}")
    return entries


def cron_trigger(entry: PeriodicTask):
    """The APScheduler trigger of an entry, in the site's time zone."""
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger.from_crontab(entry.cron, timezone=settings.TIME_ZONE)


def _lock(task_path: str) -> None:
    """Serialise enqueueing of one task until the transaction ends (SQLite: its write lock already does)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [4242, zlib.crc32(task_path.encode()) - 2**31])


def _running_counts_as_dead_after(name: str) -> datetime.timedelta:
    """How long a job may be marked running before it is taken for dead (its worker was killed).

    ``PERIODIC_TASK_STALE_SECONDS``, or the job's own interval when that is shorter: a job
    every five minutes must not wait an hour behind a worker that died. Should the job still
    run after all, a second one does no harm (every periodic job is safe twice at once).
    """
    limit = datetime.timedelta(seconds=getattr(settings, "PERIODIC_TASK_STALE_SECONDS", 3600))
    entry = next((entry for entry in periodic_tasks() if entry.name == name), None)
    if entry is None:
        return limit
    trigger = cron_trigger(entry)
    now = timezone.now()
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first) if first else None
    return min(limit, second - first) if second else limit


def periodic_task_enqueue(*, name: str, task_path: str) -> bool:
    """Enqueue the task unless a job of it still waits or runs; returns whether it was enqueued."""
    task = jobs.task_get(task_path)
    running_since = timezone.now() - _running_counts_as_dead_after(name)
    with transaction.atomic():
        _lock(task.module_path)
        if jobs.waiting_or_running(task.module_path, running_since=running_since):
            logger.info("Periodic job %s: one still waits or runs; not enqueued again", name)
            return False
        task.enqueue()
    logger.info("Periodic job %s enqueued", name)
    return True


def _scheduled_enqueue(*, name: str, task_path: str) -> None:
    """What the scheduler runs: enqueue, then let go of the database connection as a request would."""
    try:
        periodic_task_enqueue(name=name, task_path=task_path)
    except Exception:
        # Logged, and tried again at the next run: a database that is away must not stop the scheduler.
        logger.exception("Periodic job %s could not be enqueued", name)
    finally:
        close_old_connections()


def scheduler_build(scheduler_class=None):
    """A scheduler with one job per ``PERIODIC_TASKS`` entry (not started).

    A run missed by less than a minute (the process was busy) still happens; runs missed
    while the scheduler was down are not made up for (the jobs catch up by themselves).
    """
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler_class = scheduler_class or BlockingScheduler
    scheduler = scheduler_class(timezone=settings.TIME_ZONE)
    for entry in periodic_tasks():
        jobs.task_get(entry.task)  # fail at start-up, not at the first run, on a wrong path
        scheduler.add_job(
            _scheduled_enqueue,
            trigger=cron_trigger(entry),
            kwargs={"name": entry.name, "task_path": entry.task},
            id=entry.name,
            name=entry.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=60,
        )
    return scheduler
