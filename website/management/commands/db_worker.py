"""``manage.py db_worker``: django-tasks-db's worker, made to outlive a database outage.

``website`` comes before ``django_tasks_db`` in ``INSTALLED_APPS``, so this command is the
one that runs; it takes the same options. The library's worker ends with a traceback when
the database goes away between jobs, and a job that was running at that moment is marked
failed (or, if that write fails too, stays "running" for ever): nobody runs it again. Here:

- **Reconnect.** A database error while the worker polls closes the connection, waits (1 s,
  doubling up to 30 s) and tries again; the worker picks up the queue as soon as the
  database answers. In ``--batch`` mode it exits with the error instead.
- **Retry, not lose.** A job that failed because the database went away (its own error or
  the error saving its result) goes back into the queue, a few seconds later, once the
  database answers; at most ``MAX_ATTEMPTS`` times.
- **Orphans.** At start, jobs left "running" by a worker that died (killed, out of memory)
  more than ``TASKS_STALE_AFTER_SECONDS`` (15 minutes; every job here takes seconds) ago
  are put back into the queue.

A job may therefore run twice (it ran, then saving its result failed): jobs are written to
be safe to run again (they re-read the database, and e-mail jobs record what they sent).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand
from django_tasks_db.management.commands.db_worker import Worker

from website import jobs
from website.outage import DATABASE_UNAVAILABLE

if TYPE_CHECKING:
    from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

DATABASE_ERROR_PATHS = {"django.db.utils.OperationalError", "django.db.utils.InterfaceError"}
MAX_ATTEMPTS = 20
RETRY_DELAY = timedelta(seconds=5)
MAX_WAIT_SECONDS = 30


def _requeue(task_ids: list, *, statuses: list[str]) -> int:
    """Put jobs back into the queue, due a few seconds from now."""
    return jobs.requeue(task_ids, statuses=statuses, delay=RETRY_DELAY)


def orphans_requeue() -> int:
    """Jobs left running by a worker that died: back into the queue. Returns how many."""
    stale_after = timedelta(seconds=getattr(settings, "TASKS_STALE_AFTER_SECONDS", 900))
    ids = jobs.running_started_before(timezone.now() - stale_after)
    count = _requeue(ids, statuses=[TaskResultStatus.RUNNING]) if ids else 0
    if count:
        logger.warning("Requeued %d job(s) left running by a worker that stopped", count)
    return count


class ResilientWorker(Worker):
    """The library's worker, reconnecting after a database outage and retrying the jobs it cut short."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.interrupted: list = []
        self.orphans_checked = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DATABASE_UNAVAILABLE:
            # Saving the job's result failed: the database went away while it ran.
            self.interrupted.append(db_task_result.pk)
            raise
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in DATABASE_ERROR_PATHS
            and len(db_task_result.worker_ids) < MAX_ATTEMPTS
        ):
            logger.warning("Job %s failed on a database outage; it is queued again", db_task_result.pk)
            _requeue([db_task_result.pk], statuses=[TaskResultStatus.FAILED])

    def _catch_up(self) -> None:
        """Once the database answers: requeue the jobs an outage cut short, and orphans (once)."""
        if self.interrupted:
            count = _requeue(self.interrupted, statuses=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED])
            logger.warning("Requeued %d job(s) cut short by a database outage", count)
            self.interrupted.clear()
        if not self.orphans_checked:
            orphans_requeue()
            self.orphans_checked = True

    def run(self) -> None:
        wait = 1.0
        while True:
            try:
                self._catch_up()
                return super().run()
            except DATABASE_UNAVAILABLE as error:
                if self.batch or not self.running:
                    raise
                logger.warning("Database unreachable (%s); worker retries in %.0f s", type(error).__name__, wait)
                for connection in connections.all(initialized_only=True):
                    with contextlib.suppress(Exception):
                        connection.close()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT_SECONDS)
                self.startup_delay = False


class Command(LibraryCommand):
    help = "Run the database task worker; it reconnects after a database outage and retries the jobs it cut short"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # As the library's handle(), with ResilientWorker.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
