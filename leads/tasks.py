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
    """E-mail the signed brochure link to the person who asked for it; a failing mail server is tried again later."""
    from smtplib import SMTPException

    from leads import services
    from leads.retry import retry_later

    try:
        return services.brochure_email_send(brochure_request_id=brochure_request_id)
    except (SMTPException, OSError) as error:
        logger.warning(
            "Brochure e-mail for request %s failed (attempt %s): %s", brochure_request_id, attempt, type(error).__name__
        )
        if (
            retry_later(
                send_brochure_email,
                attempt=attempt,
                first_attempt_at=first_attempt_at,
                brochure_request_id=brochure_request_id,
            )
            is None
        ):
            # confirmation_sent_at stays empty: sales sees the brochure was never e-mailed.
            logger.error("Gave up e-mailing the brochure of request %s after %s attempts", brochure_request_id, attempt)
            return "gave_up"
        return "retrying"


@task()
def notify_sales_of_request(brochure_request_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Tell sales about a new brochure request; a mail server that fails is tried again later."""
    from smtplib import SMTPException

    from leads import sales
    from leads.retry import retry_later

    try:
        return sales.sales_notify_new_request(brochure_request_id=brochure_request_id)
    except (SMTPException, OSError) as error:
        logger.warning("Sales notification for request %s failed: %s", brochure_request_id, type(error).__name__)
        if (
            retry_later(
                notify_sales_of_request,
                attempt=attempt,
                first_attempt_at=first_attempt_at,
                brochure_request_id=brochure_request_id,
            )
            is None
        ):
            logger.error("Gave up notifying sales of request %s", brochure_request_id)
            return "gave_up"
        return "retrying"


@task()
def erase_member_from_mailchimp(email_key: str, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Delete an erased person from Mailchimp for good (GDPR erasure). Already gone counts as done."""
    from leads import privacy
    from leads.retry import retry_later

    try:
        return privacy.mailchimp_member_erase(email_key=email_key)
    except privacy.MailchimpFinalError as error:
        # Never the address: the job's arguments hold it, the log must not.
        logger.error("Mailchimp refused a permanent delete: %s", error)
        return "failed"
    except privacy.MailchimpRetryableError as error:
        logger.warning("Mailchimp permanent delete failed (attempt %s): %s", attempt, error)
        if (
            retry_later(
                erase_member_from_mailchimp, attempt=attempt, first_attempt_at=first_attempt_at, email_key=email_key
            )
            is None
        ):
            logger.error("Gave up deleting a member from Mailchimp after %s attempts", attempt)
            return "gave_up"
        return "retrying"


@task()
def unsubscribe_member_in_mailchimp(lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Unsubscribe in Mailchimp a lead who withdrew consent through sales."""
    from leads import privacy
    from leads.retry import retry_later

    try:
        return privacy.mailchimp_member_unsubscribe(lead_id=lead_id)
    except privacy.MailchimpFinalError as error:
        logger.error("Mailchimp refused to unsubscribe lead %s: %s", lead_id, error)
        return "failed"
    except privacy.MailchimpRetryableError as error:
        logger.warning("Mailchimp unsubscribe of lead %s failed (attempt %s): %s", lead_id, attempt, error)
        if (
            retry_later(
                unsubscribe_member_in_mailchimp, attempt=attempt, first_attempt_at=first_attempt_at, lead_id=lead_id
            )
            is None
        ):
            logger.error("Gave up unsubscribing lead %s in Mailchimp", lead_id)
            return "gave_up"
        return "retrying"
