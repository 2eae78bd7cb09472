"""Background jobs. Each one calls the service of the same name and owns its retries.

Direction: this module imports the services at module level; no service imports it. A
service enqueues a job by its dotted path through ``website.jobs`` (``jobs.enqueue(
"leads.tasks.brochure_email_send", ...)``), so the cycle service -> job -> service is
broken in that one place. Nothing else imports this module but the worker and tests.

Jobs take ids, not objects, and re-read the database: by the time a job runs the
lead may have changed, been marked as spam or been erased. Log lines name ids only.
"""

import logging

from django_tasks import task

from leads import mailchimp, privacy, reminders, sales, services
from leads.insight import services as insight
from leads.retry import MAIL_ERRORS, retry_or_give_up

logger = logging.getLogger(__name__)


def _mail_retry(task_name: str, error: Exception, *, log: str, what: str, **kwargs) -> str:
    """A mail server failed: log ``log`` (ids only) with the error's class, then retry later or give up."""
    logger.warning("%s failed (attempt %s): %s", log, kwargs["attempt"], type(error).__name__)
    return retry_or_give_up(f"{__name__}.{task_name}", what=what, **kwargs)


def _mailchimp_retry(
    task_name: str, error: mailchimp.MailchimpError, *, refused: str, failed: str, what: str, **kwargs
) -> str:
    """Mailchimp failed: give up on a refusal, retry later on a passing failure (logged without the address)."""
    # Status and title only, never the address: Mailchimp's detail text may quote it.
    summary = f"{error.status or 'no answer'} {error.title}"
    if not error.retryable:
        logger.error("Mailchimp refused %s: %s", refused, summary)
        return "failed"
    logger.warning("Mailchimp %s failed (attempt %s): %s", failed, kwargs["attempt"], summary)
    return retry_or_give_up(f"{__name__}.{task_name}", what=what, **kwargs)


@task()
def lead_sync_to_mailchimp(lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Upsert a consenting lead into the Mailchimp audience, tag it and trigger its journey."""
    return mailchimp.lead_sync_to_mailchimp(lead_id=lead_id, attempt=attempt, first_attempt_at=first_attempt_at)


# The visitor waits for this one: it runs before queued Mailchimp jobs, which may be slow.
@task(priority=20)
def brochure_email_send(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """E-mail the signed brochure link to the person who asked for it; a failing mail server is tried again later.

    When it gives up, ``confirmation_sent_at`` stays empty: sales sees the brochure was never e-mailed.
    """
    try:
        return services.brochure_email_send(brochure_request_id=brochure_request_id)
    except MAIL_ERRORS as error:
        return _mail_retry(
            "brochure_email_send",
            error,
            log=f"Brochure e-mail for request {brochure_request_id}",
            what=f"e-mailing the brochure of request {brochure_request_id}",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            brochure_request_id=brochure_request_id,
        )
    except Exception as error:
        # An address or header Django cannot encode: retrying will not help, and the error's
        # text (stored with a failed job) could quote the address. Sales see it was never sent.
        logger.error("Brochure e-mail for request %s cannot be sent: %s", brochure_request_id, type(error).__name__)
        return "failed"


@task(priority=10)
def sales_notify_new_request(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell sales about a new brochure request; a mail server that fails is tried again later."""
    try:
        return sales.sales_notify_new_request(brochure_request_id=brochure_request_id)
    except MAIL_ERRORS as error:
        return _mail_retry(
            "sales_notify_new_request",
            error,
            log=f"Sales notification for request {brochure_request_id}",
            what=f"notifying sales of request {brochure_request_id}",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            brochure_request_id=brochure_request_id,
        )


@task(priority=10)
def sales_notify_brochure_missing(course_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell sales that a live course lost its brochure; a mail server that fails is tried again later."""
    try:
        return sales.sales_notify_brochure_missing(course_id=course_id)
    except MAIL_ERRORS as error:
        return _mail_retry(
            "sales_notify_brochure_missing",
            error,
            log=f"Missing-brochure notice for course {course_id}",
            what=f"telling sales that course {course_id} has no brochure",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            course_id=course_id,
        )


@task()
def mailchimp_member_erase(email_key: str, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Delete an erased person from Mailchimp for good (GDPR erasure). Already gone counts as done."""
    try:
        return privacy.mailchimp_member_erase(email_key=email_key)
    except mailchimp.MailchimpError as error:
        return _mailchimp_retry(
            "mailchimp_member_erase",
            error,
            refused="a permanent delete",
            failed="permanent delete",
            what="deleting a member from Mailchimp",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            email_key=email_key,
        )


@task()
def mailchimp_member_unsubscribe(lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Unsubscribe in Mailchimp a lead who withdrew consent through sales."""
    try:
        return privacy.mailchimp_member_unsubscribe(lead_id=lead_id)
    except mailchimp.MailchimpError as error:
        return _mailchimp_retry(
            "mailchimp_member_unsubscribe",
            error,
            refused=f"to unsubscribe lead {lead_id}",
            failed=f"unsubscribe of lead {lead_id}",
            what=f"unsubscribing lead {lead_id} in Mailchimp",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            lead_id=lead_id,
        )


@task(priority=10)
def lead_owner_notify(lead_id: int, owner_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell a lead's new owner that it is theirs; a mail server that fails is tried again later."""
    try:
        return reminders.lead_owner_notify(lead_id=lead_id, owner_id=owner_id)
    except MAIL_ERRORS as error:
        return _mail_retry(
            "lead_owner_notify",
            error,
            log=f"Owner notification for lead {lead_id}",
            what=f"telling the owner of lead {lead_id}",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            lead_id=lead_id,
            owner_id=owner_id,
        )


# Periodic jobs (settings.PERIODIC_TASKS, enqueued by `manage.py run_scheduler`). Each is safe
# when two run at once, so a second scheduler or a manual run does no harm: planning reminders
# is guarded by unique constraints and each reminder is claimed before it is sent. An unsent
# reminder (mail server down) waits for the next run, so these jobs need no retries of their own.


@task()
def lead_reminders_run() -> dict:
    """Every few minutes: remind owners of leads that just became overdue, and send what waits."""
    return reminders.lead_reminders_run()


@task()
def follow_up_digest_run() -> dict:
    """Each working morning: one digest per owner with first contacts or follow-ups due."""
    return reminders.follow_up_digest_run()


@task()
def insight_counts_move() -> int:
    """Move the page counts waiting in Redis into the daily totals; exactly once, whoever else moves."""
    return insight.insight_counts_move()


@task()
def leads_requeue_mailchimp() -> int:
    """Queue the Mailchimp sync again for pending and failed leads (as `manage.py mailchimp_sync`).

    Leads whose job is at work (a lease) or still waiting are skipped, so two runs queue each lead once.
    """
    return len(mailchimp.leads_requeue_mailchimp())


@task()
def leads_purge() -> int:
    """Erase leads past the retention period (as `manage.py purge_leads`); erased leads are skipped."""
    return len(privacy.leads_purge())


# Former names, kept so that jobs queued under them before a deploy still run (``website.jobs``
# counts them as jobs of the new name).
sync_lead_to_mailchimp = lead_sync_to_mailchimp
send_brochure_email = brochure_email_send
notify_sales_of_request = sales_notify_new_request
notify_sales_of_missing_brochure = sales_notify_brochure_missing
erase_member_from_mailchimp = mailchimp_member_erase
unsubscribe_member_in_mailchimp = mailchimp_member_unsubscribe
notify_lead_owner = lead_owner_notify
send_lead_reminders = lead_reminders_run
send_follow_up_digest = follow_up_digest_run
mailchimp_sync = leads_requeue_mailchimp
purge_leads = leads_purge
