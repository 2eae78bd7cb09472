"""Jobs and services point one way (README "Layout"): ``tasks.py`` imports services, services
name jobs by their dotted path through ``website.jobs``, and only that module queries the queue.

A service that imported ``tasks.py`` would bring the cycle back; a job named by a path that
names no task would fail only when a visitor's request tried to queue it.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from website import jobs

ROOT = Path(__file__).resolve().parent.parent
APPS = ("website", "leads", "blog", "home")
JOB_PATH = re.compile(r"^(?:website|leads|blog|home)\.tasks\.\w+$")


def _app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def _imports_tasks(node) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[-1] == "tasks" for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        return module.endswith(".tasks") or any(alias.name == "tasks" for alias in node.names)
    return False


def test_no_app_module_imports_a_tasks_module():
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _app_modules()
        for node in ast.walk(tree)
        if _imports_tasks(node) and path.name != "tasks.py"
    ]
    assert offenders == []


def test_every_job_path_in_the_apps_and_the_schedule_names_a_task():
    paths = {
        node.value
        for _path, tree in _app_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and JOB_PATH.match(node.value)
    }
    paths |= {entry["task"] for entry in settings.PERIODIC_TASKS}
    assert len(paths) > 5
    assert {path: isinstance(jobs.task_get(path), Task) for path in paths} == dict.fromkeys(paths, True)


def test_only_website_jobs_queries_the_task_queue():
    offenders = [
        str(path.relative_to(ROOT))
        for path, _tree in _app_modules()
        if "DBTaskResult.objects" in path.read_text() and path != ROOT / "website" / "jobs.py"
    ]
    assert offenders == []


@pytest.mark.django_db
def test_jobs_queued_under_an_old_task_name_count_as_waiting():
    """A deploy that renamed a job does not queue a second sync for a lead whose old-named job waits."""
    job = jobs.enqueue("leads.tasks.lead_sync_to_mailchimp", lead_id=41)
    DBTaskResult.objects.filter(pk=job.id).update(task_path="leads.tasks.sync_lead_to_mailchimp")

    assert list(jobs.waiting_kwargs("leads.tasks.lead_sync_to_mailchimp")) == [{"lead_id": 41}]
