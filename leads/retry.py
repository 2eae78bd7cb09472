"""Retries for background jobs: exponential backoff with jitter, giving up after a day.

django-tasks has no retries of its own, so a job that hits a passing failure
(Mailchimp 429/5xx, a timeout, a mail server that is down) enqueues itself again
with ``run_after`` in the future. The attempt number and the time of the first
attempt travel with the job's arguments.
"""

import logging
import random
from datetime import datetime, timedelta
from smtplib import SMTPException

from django.utils import timezone

from website import jobs

FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
GIVE_UP_AFTER = timedelta(days=1)

logger = logging.getLogger(__name__)

# What a failing mail server raises: SMTP errors, refused or dropped connections, timeouts.
MAIL_ERRORS = (SMTPException, OSError)


def retry_delay(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: 1 min, 2 min, 4 min … capped at 6 h, with full jitter above half."""
    base = min(FIRST_DELAY * (2 ** max(attempt - 1, 0)), MAX_DELAY)
    return base * random.uniform(0.5, 1.0)  # noqa: S311  (jitter, not cryptography)


def retry_later(task_path: str, *, attempt: int, first_attempt_at: str | None, **kwargs) -> datetime | None:
    """Enqueue the task at ``task_path`` again after a backoff; ``None`` a day after the first attempt."""
    now = timezone.now()
    started = datetime.fromisoformat(first_attempt_at) if first_attempt_at else now
    run_after = now + retry_delay(attempt)
    if run_after - started > GIVE_UP_AFTER:
        return None
    jobs.enqueue(task_path, run_after=run_after, attempt=attempt + 1, first_attempt_at=started.isoformat(), **kwargs)
    return run_after


def retry_or_give_up(task_path: str, *, what: str, attempt: int, first_attempt_at: str | None, **kwargs) -> str:
    """Retry the task at ``task_path`` later; ``"retrying"``, or ``"gave_up"`` (logged) once a day has passed.

    ``what`` names the job in the log and must hold no personal data ("e-mailing request 12").
    """
    if retry_later(task_path, attempt=attempt, first_attempt_at=first_attempt_at, **kwargs) is None:
        logger.error("Gave up %s after %s attempts", what, attempt)
        return "gave_up"
    return "retrying"
