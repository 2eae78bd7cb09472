"""Mailchimp: the audience sync of consenting leads (built out in issue 5)."""

import logging

from leads.models import Lead

logger = logging.getLogger(__name__)


def lead_queue_mailchimp_sync(*, lead: Lead) -> bool:
    """Mark the lead pending and enqueue its sync job, if it may be sent at all.

    Call inside the transaction that saved the lead, so the lead and its job commit together.
    Returns whether a job was enqueued.
    """
    from leads.tasks import sync_lead_to_mailchimp

    if not lead.marketing_consent or lead.is_spam or lead.erased_at:
        if lead.mailchimp_state != Lead.MailchimpState.SYNCED:
            Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.NOT_SENT)
            lead.mailchimp_state = Lead.MailchimpState.NOT_SENT
        return False
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.PENDING)
    lead.mailchimp_state = Lead.MailchimpState.PENDING
    sync_lead_to_mailchimp.enqueue(lead_id=lead.pk)
    return True


def lead_sync_to_mailchimp(*, lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    raise NotImplementedError  # built in issue 5
