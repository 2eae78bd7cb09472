"""Background jobs. Each one calls a service and owns its retries (see ``leads.retry``).

Jobs take ids, not objects, and re-read the database: by the time a job runs the
lead may have changed, been marked as spam or been erased.
"""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def sync_lead_to_mailchimp(lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Upsert a consenting lead into the Mailchimp audience, tag it and trigger its journey."""
    from leads import mailchimp

    return mailchimp.lead_sync_to_mailchimp(lead_id=lead_id, attempt=attempt, first_attempt_at=first_attempt_at)


@task()
def send_brochure_email(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """E-mail the signed brochure link to the person who asked for it."""
    raise NotImplementedError  # built by the funnel (issue 4)


@task()
def notify_sales_of_request(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell sales about a new brochure request."""
    raise NotImplementedError  # built by the sales desk (issue 6)
