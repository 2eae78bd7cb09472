"""The one way into the task queue: enqueueing jobs, and every query on its table.

Direction: each app's ``tasks.py`` imports its services at module level and calls them;
a service never imports ``tasks.py``. It names the job it wants by its dotted path
(``jobs.enqueue("leads.tasks.brochure_email_send", ...)``), looked up here when it is
enqueued, which is what breaks the cycle service -> job -> service in one place instead of
a function-local import in every service. A task and the service it runs share a name.

django-tasks-db keeps jobs as ``DBTaskResult`` rows named by ``task_path``; the queries on
that table (what waits, what runs, what finished) live here too, so that no other module
depends on its columns. A task renamed keeps its old name in its module as an alias
(``old_name = new_name``): jobs queued under the old name still run, and the queries below
count them with the new name's.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from importlib import import_module

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def task_get(task_path: str) -> Task:
    """The task a dotted path names (``"leads.tasks.brochure_email_send"``)."""
    task = import_string(task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{task_path} is not a task")
    return task


def enqueue(task_path: str, *, run_after: datetime.datetime | None = None, **kwargs):
    """Enqueue the task at ``task_path`` with keyword arguments (ids, never objects).

    Call it inside the transaction that saved what the job reads: the job's row commits
    with it, or not at all.
    """
    task = task_get(task_path)
    if run_after is not None:
        task = task.using(run_after=run_after)
    return task.enqueue(**kwargs)


def _paths(task_path: str) -> list[str]:
    """``task_path`` and the old names its module still exposes it by (jobs queued before a rename)."""
    task = task_get(task_path)
    module = import_module(task.func.__module__)
    aliases = [f"{module.__name__}.{name}" for name, value in vars(module).items() if value is task]
    return sorted({task.module_path, *aliases})


def _jobs(task_path: str):
    return DBTaskResult.objects.filter(task_path__in=_paths(task_path))


def waiting_kwargs(task_path: str) -> Iterator[dict]:
    """The keyword arguments of the task's jobs that wait in the queue (a job marked running does not count)."""
    rows = _jobs(task_path).filter(status=TaskResultStatus.READY).values_list("args_kwargs", flat=True)
    for args_kwargs in rows.iterator():
        yield args_kwargs["kwargs"]


def waiting_or_running(task_path: str, *, running_since: datetime.datetime) -> bool:
    """Whether a job of the task waits, or was started after ``running_since`` (older ones count as dead)."""
    jobs = _jobs(task_path)
    return (
        jobs.filter(status=TaskResultStatus.READY).exists()
        or jobs.filter(status=TaskResultStatus.RUNNING, started_at__gt=running_since).exists()
    )


def finished_delete(task_path: str) -> int:
    """Delete the task's finished jobs (their arguments may hold what must not be kept); returns how many."""
    deleted, _ = DBTaskResult.objects.finished().filter(task_path__in=_paths(task_path)).delete()
    return deleted


def running_started_before(moment: datetime.datetime) -> list:
    """Ids of jobs marked running since before ``moment``: their worker died."""
    jobs = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=moment)
    return list(jobs.values_list("pk", flat=True))


def requeue(job_ids: Iterable, *, statuses: list[str], delay: datetime.timedelta) -> int:
    """Put the jobs that are in one of ``statuses`` back into the queue, due after ``delay``; returns how many."""
    return DBTaskResult.objects.filter(pk__in=list(job_ids), status__in=statuses).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + delay,
        started_at=None,
        finished_at=None,
        exception_class_path="",
        traceback="",
    )
