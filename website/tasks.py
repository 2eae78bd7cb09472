"""Background jobs of the project package (the worker runs them like the apps' jobs)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

#: How often the worker tries again to reach Redis with purges it could not make.
BACKLOG_RETRY = timedelta(seconds=10)


@task(priority=30)
def page_cache_purge_backlog() -> str:
    """Apply page-cache purges that could not reach Redis; try again shortly while it is away."""
    from website.cache import purge_backlog_apply

    try:
        purge_backlog_apply()
    except Exception:  # Redis still away: CacheUnavailable (the backend logged the outage)
        page_cache_purge_backlog.using(run_after=timezone.now() + BACKLOG_RETRY).enqueue()
        return "retrying"
    return "applied"
