"""Background jobs. Each one calls a service and owns its retries (see ``leads.retry``).

Jobs take ids, not objects, and re-read the database: by the time a job runs the
lead may have changed, been marked as spam or been erased. Log lines name ids only.
"""

import logging
from smtplib import SMTPException

from django_tasks import task

from leads.retry import retry_or_give_up

logger = logging.getLogger(__name__)

# What a failing mail server raises: SMTP errors, refused or dropped connections, timeouts.
MAIL_ERRORS = (SMTPException, OSError)


@task()
def sync_lead_to_mailchimp(lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Upsert a consenting lead into the Mailchimp audience, tag it and trigger its journey."""
    from leads import mailchimp

    return mailchimp.lead_sync_to_mailchimp(lead_id=lead_id, attempt=attempt, first_attempt_at=first_attempt_at)


# The visitor waits for this one: it runs before queued Mailchimp jobs, which may be slow.
@task(priority=20)
def send_brochure_email(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """E-mail the signed brochure link to the person who asked for it; a failing mail server is tried again later.

    When it gives up, ``confirmation_sent_at`` stays empty: sales sees the brochure was never e-mailed.
    """
    from leads import services

    try:
        return services.brochure_email_send(brochure_request_id=brochure_request_id)
    except MAIL_ERRORS as error:
        logger.warning(
            "Brochure e-mail for request %s failed (attempt %s): %s", brochure_request_id, attempt, type(error).__name__
        )
        return retry_or_give_up(
            send_brochure_email,
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
def notify_sales_of_request(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell sales about a new brochure request; a mail server that fails is tried again later."""
    from leads import sales

    try:
        return sales.sales_notify_new_request(brochure_request_id=brochure_request_id)
    except MAIL_ERRORS as error:
        logger.warning("Sales notification for request %s failed: %s", brochure_request_id, type(error).__name__)
        return retry_or_give_up(
            notify_sales_of_request,
            what=f"notifying sales of request {brochure_request_id}",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            brochure_request_id=brochure_request_id,
        )


@task(priority=10)
def notify_sales_of_missing_brochure(course_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell sales that a live course lost its brochure; a mail server that fails is tried again later."""
    from leads import sales

    try:
        return sales.sales_notify_brochure_missing(course_id=course_id)
    except MAIL_ERRORS as error:
        logger.warning("Missing-brochure notice for course %s failed: %s", course_id, type(error).__name__)
        return retry_or_give_up(
            notify_sales_of_missing_brochure,
            what=f"telling sales that course {course_id} has no brochure",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            course_id=course_id,
        )


@task()
def erase_member_from_mailchimp(email_key: str, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Delete an erased person from Mailchimp for good (GDPR erasure). Already gone counts as done."""
    from leads import mailchimp, privacy

    try:
        return privacy.mailchimp_member_erase(email_key=email_key)
    except mailchimp.MailchimpError as error:
        # Status and title only, never the address: Mailchimp's detail text may quote it.
        summary = f"{error.status or 'no answer'} {error.title}"
        if not error.retryable:
            logger.error("Mailchimp refused a permanent delete: %s", summary)
            return "failed"
        logger.warning("Mailchimp permanent delete failed (attempt %s): %s", attempt, summary)
        return retry_or_give_up(
            erase_member_from_mailchimp,
            what="deleting a member from Mailchimp",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            email_key=email_key,
        )


@task()
def unsubscribe_member_in_mailchimp(lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Unsubscribe in Mailchimp a lead who withdrew consent through sales."""
    from leads import mailchimp, privacy

    try:
        return privacy.mailchimp_member_unsubscribe(lead_id=lead_id)
    except mailchimp.MailchimpError as error:
        summary = f"{error.status or 'no answer'} {error.title}"
        if not error.retryable:
            logger.error("Mailchimp refused to unsubscribe lead %s: %s", lead_id, summary)
            return "failed"
        logger.warning("Mailchimp unsubscribe of lead %s failed (attempt %s): %s", lead_id, attempt, summary)
        return retry_or_give_up(
            unsubscribe_member_in_mailchimp,
            what=f"unsubscribing lead {lead_id} in Mailchimp",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            lead_id=lead_id,
        )


@task(priority=10)
def notify_lead_owner(lead_id: int, owner_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell a lead's new owner that it is theirs; a mail server that fails is tried again later."""
    from leads import reminders

    try:
        return reminders.lead_owner_notify(lead_id=lead_id, owner_id=owner_id)
    except MAIL_ERRORS as error:
        logger.warning("Owner notification for lead %s failed: %s", lead_id, type(error).__name__)
        return retry_or_give_up(
            notify_lead_owner,
            what=f"telling the owner of lead {lead_id}",
            attempt=attempt,
            first_attempt_at=first_attempt_at,
            lead_id=lead_id,
            owner_id=owner_id,
        )


# Periodic (settings.PERIODIC_TASKS). Safe to run twice at once: planning is guarded by unique
# constraints and each reminder is claimed before it is sent. An unsent reminder (mail server
# down) waits for the next run, so these jobs need no retries of their own.


@task()
def send_lead_reminders() -> dict:
    """Every few minutes: remind owners of leads that just became overdue, and send what waits."""
    from leads import reminders

    return reminders.lead_reminders_run()


@task()
def send_follow_up_digest() -> dict:
    """Each working morning: one digest per owner with first contacts or follow-ups due."""
    from leads import reminders

    return reminders.follow_up_digest_run()


# Periodic jobs (settings.PERIODIC_TASKS, enqueued by `manage.py run_scheduler`). Each is safe
# when two run at once, so a second scheduler or a manual run does no harm.


@task()
def insight_counts_move() -> int:
    """Move the page counts waiting in Redis into the daily totals; exactly once, whoever else moves."""
    from leads.insight import services

    return services.counts_move()


@task()
def mailchimp_sync() -> int:
    """Queue the Mailchimp sync again for pending and failed leads (as `manage.py mailchimp_sync`).

    Leads whose job is at work (a lease) or still waiting are skipped, so two runs queue each lead once.
    """
    from leads import mailchimp

    return len(mailchimp.leads_requeue_mailchimp())


@task()
def purge_leads() -> int:
    """Erase leads past the retention period (as `manage.py purge_leads`); erased leads are skipped."""
    from leads import privacy

    return len(privacy.leads_purge())
