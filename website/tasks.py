"""Background jobs of the project package (the worker runs them like the apps' jobs).

As in every app, this module imports the services it runs and nothing imports it: services
enqueue through ``website.jobs`` by name. A job shares its service's name.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from website import cache

#: How often the worker tries again to reach Redis with purges it could not make.
BACKLOG_RETRY = timedelta(seconds=10)


@task(priority=30)
def purge_backlog_apply() -> str:
    """Apply page-cache purges that could not reach Redis; try again shortly while it is away."""
    try:
        cache.purge_backlog_apply()
    except Exception:  # Redis still away: CacheUnavailable (the backend logged the outage)
        purge_backlog_apply.using(run_after=timezone.now() + BACKLOG_RETRY).enqueue()
        return "retrying"
    return "applied"


# Former names, kept so that jobs queued under them before a deploy still run.
page_cache_purge_backlog = purge_backlog_apply
