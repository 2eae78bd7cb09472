"""Privacy (AVG/GDPR): subject access, erasure, withdrawal of consent and retention.

Erasure anonymises rather than deletes: what statistics need (course, source page,
UTM, dates, status) stays, everything that identifies the person goes. Consent
records stay linked to the anonymised lead as proof that consent existed; they hold
the wording, its version and the time, not the person. The address is removed from
Mailchimp by a background job enqueued in the same transaction.

Nothing here logs personal data: logs name the lead id only.
"""

import logging
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from leads import mailchimp, services, timeline
from leads.audit import LEAD_CONSENT_WITHDRAW, LEAD_ERASE, lead_log, lead_log_label
from leads.models import BrochureRequest, ConsentRecord, Lead, LeadActivity, LeadSettings
from website import jobs

logger = logging.getLogger(__name__)

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: a domain that can never receive mail
KEEP_QUERY_PREFIX = "utm_"


# Subject access -------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    """Every stored column of ``obj``, foreign keys as ids, ready for JSON."""
    return {field.attname: _value(getattr(obj, field.attname)) for field in obj._meta.concrete_fields}


def lead_export_data(*, lead: Lead) -> dict[str, Any]:
    """Everything held about one person: the lead, its brochure requests, consents and timeline."""
    return {
        "exported_at": timezone.now().isoformat(),
        "lead": _row(lead),
        "brochure_requests": [_row(request) for request in lead.requests.order_by("created_at", "pk")],
        "consents": [_row(consent) for consent in lead.consents.order_by("created_at", "pk")],
        "activities": [_row(activity) for activity in lead.activities.order_by("created_at", "pk")],
    }


def lead_find_by_email(*, email: str) -> Lead | None:
    """The lead for an address in any spelling the brochure form takes for the same person."""
    return Lead.objects.filter(email_key=services.email_key(email=email)).first()


# Erasure --------------------------------------------------------------------------------


def _strip_personal_query(url: str) -> str:
    """The URL without fragment and query, except the UTM parameters statistics need."""
    if not url:
        return url
    parts = urlsplit(url)
    kept = [(key, value) for key, value in parse_qsl(parts.query) if key.lower().startswith(KEEP_QUERY_PREFIX)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), ""))


def _mailchimp_may_hold(lead: Lead) -> bool:
    """Whether the address could be in Mailchimp: consent was ever given or a sync was attempted."""
    return (
        lead.marketing_consent
        or lead.mailchimp_state != Lead.MailchimpState.NOT_SENT
        or lead.mailchimp_synced_at is not None
        or lead.consents.filter(action=ConsentRecord.Action.GIVEN).exists()
    )


def lead_erase(*, lead: Lead, user=None, reason: str) -> Lead:
    """Anonymise ``lead`` and queue its permanent removal from Mailchimp; a no-op if already erased.

    ``reason`` is recorded on the lead's timeline and in the audit log: write it without
    personal data (e.g. "request of 2026-11-02", "retention period passed").

    Erasure wins over a Mailchimp sync under way: the bumped sync version and the erased
    lead stop that sync before its next call and keep it from marking the lead synced (see
    ``leads.mailchimp``). Its upsert may still be on the wire, so while its lease runs a
    second permanent delete is queued for when the lease ends, after any such upsert.
    """
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if lead.erased_at is not None:
            return lead
        old_email_key = lead.email_key
        in_mailchimp = _mailchimp_may_hold(lead)
        now = timezone.now()
        lease = lead.mailchimp_lease_until
        sync_lease_until = lease if lease and lease > now else None  # a sync is at work

        placeholder = f"erased-{uuid.uuid4().hex}@{ERASED_DOMAIN}"
        lead.email = placeholder
        lead.email_key = placeholder
        lead.first_name = ""
        lead.last_name = ""
        lead.company = ""
        lead.phone = ""
        lead.next_step = ""
        lead.marketing_consent = False
        lead.mailchimp_state = Lead.MailchimpState.NOT_SENT
        lead.mailchimp_error = ""
        lead.mailchimp_next_attempt_at = None
        lead.mailchimp_sync_version += 1  # a sync under way must not mark the lead synced
        lead.erased_at = now
        lead.save()

        for request in lead.requests.all():
            BrochureRequest.objects.filter(pk=request.pk).update(
                ip_address=None,
                user_agent="",
                submitted_details={},
                referrer=_strip_personal_query(request.referrer),
                source_url=_strip_personal_query(request.source_url),
                landing_page=_strip_personal_query(request.landing_page),
            )
        # Consent records are append-only for the application; erasure is the one
        # sanctioned change, and it keeps wording, version, action and time.
        for consent in lead.consents.all():
            ConsentRecord.objects.filter(pk=consent.pk).update(page_url=_strip_personal_query(consent.page_url))
        # Free text (notes, messages) may name the person; kinds, values and dates stay.
        lead.activities.update(message="", params={})
        lead.activities.filter(kind=LeadActivity.Kind.NOTE).update(old_value="", new_value="")
        LeadActivity.objects.create(
            lead=lead, kind=LeadActivity.Kind.NOTE, message=f"Personal data erased: {reason}", user=user
        )
        # Labels name the lead id only (migration 0008 rewrote older ones); the data goes too.
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Lead), object_id=str(lead.pk)
        ).update(label=lead_log_label(lead_id=lead.pk), data={})
        lead_log(lead=lead, action=LEAD_ERASE, user=user, data={"reason": reason})

        if in_mailchimp:
            jobs.enqueue(mailchimp.ERASE_JOB, email_key=old_email_key)
            if sync_lease_until is not None:
                jobs.enqueue(mailchimp.ERASE_JOB, run_after=sync_lease_until, email_key=old_email_key)

    logger.info("Lead %s erased (Mailchimp removal queued: %s)", lead.pk, in_mailchimp)
    return lead


# Mailchimp: the permanent delete ---------------------------------------------------------


def mailchimp_member_erase(*, email_key: str) -> str:
    """Delete the member permanently in Mailchimp. Returns "deleted", "absent" or "skipped".

    Raises ``leads.mailchimp.MailchimpError`` (``retryable`` or final) for other failures.
    A 404 means the member is already gone. After a
    permanent delete Mailchimp refuses to add the address again, so a sync job that was
    still under way cannot bring the person back.
    """
    if not mailchimp.mailchimp_is_configured():
        return "skipped"
    client = mailchimp.mailchimp_client()
    try:
        mailchimp.mailchimp_call(
            client.lists.delete_list_member_permanent,
            mailchimp.mailchimp_audience_id(),
            mailchimp.subscriber_hash(email_key),
        )
    except mailchimp.MailchimpError as error:
        if error.status == 404:
            return "absent"
        raise
    return "deleted"


def mailchimp_member_unsubscribe(*, lead_id: int) -> str:
    """Unsubscribe a lead who withdrew consent through us. Returns "unsubscribed" or "skipped".

    Skipped when the lead was erased meanwhile (the permanent delete covers it) or gave
    consent again. Raises ``leads.mailchimp.MailchimpError`` like :func:`mailchimp_member_erase`.
    """
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None or lead.erased_at or lead.marketing_consent or not mailchimp.mailchimp_is_configured():
        return "skipped"
    client = mailchimp.mailchimp_client()
    # ``status`` alone (never with ``status_if_new``): it applies to an existing member.
    mailchimp.mailchimp_call(
        client.lists.set_list_member,
        mailchimp.mailchimp_audience_id(),
        mailchimp.subscriber_hash(lead.email_key),
        {"email_address": lead.email, "status": "unsubscribed"},
    )
    LeadActivity.objects.create(
        lead_id=lead_id, kind=LeadActivity.Kind.MAILCHIMP, message=timeline.UNSUBSCRIBED_AFTER_WITHDRAWAL
    )
    return "unsubscribed"


# Withdrawal -----------------------------------------------------------------------------


def consent_withdraw(*, lead: Lead, source: str, user=None, note: str = "") -> ConsentRecord | None:
    """Record that the person withdrew consent for marketing mail, and stop mailing them.

    The one withdrawal, whoever reports it: sales on the person's request (the admin's
    action, ``user`` set) or Mailchimp's webhook after an unsubscribe or a bounce
    (``user`` None). Each writes a withdrawn consent record, a timeline entry and an
    audit log entry, and calls off a Mailchimp sync under way (see ``leads.mailchimp``).
    Unless the withdrawal came from Mailchimp itself, a job unsubscribes them there too.

    The record repeats the wording and version of the consent withdrawn, so the proof
    reads as a pair. ``source`` is a ``ConsentRecord.Source`` value; ``note`` says how
    it came about, without personal data ("Address cleaned by Mailchimp (reason: hard)").
    Returns ``None``, recording nothing, when consent was already withdrawn (Mailchimp
    repeats deliveries) or the lead is erased.
    """
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if lead.erased_at is not None or (not lead.marketing_consent and lead.unsubscribed_at is not None):
            return None
        given = lead.consents.filter(action=ConsentRecord.Action.GIVEN).order_by("-created_at", "-pk").first()
        tell_mailchimp = source != ConsentRecord.Source.MAILCHIMP and _mailchimp_may_hold(lead)
        now = timezone.now()
        record = ConsentRecord.objects.create(
            lead=lead,
            action=ConsentRecord.Action.WITHDRAWN,
            source=source,
            wording=given.wording if given else "",
            version=given.version if given else "",
            created_at=now,
        )
        was_given = lead.marketing_consent
        lead.marketing_consent = False
        lead.unsubscribed_at = lead.unsubscribed_at or now
        lead.last_activity_at = now
        lead.save(update_fields=["marketing_consent", "unsubscribed_at", "last_activity_at", "updated_at"])
        # Without consent this only bumps the sync version and marks a pending lead not sent.
        mailchimp.lead_queue_mailchimp_sync(lead=lead)
        message = f"Consent for marketing mail withdrawn ({ConsentRecord.Source(source).label})."
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.CONSENT,
            old_value="given" if was_given else "not given",
            new_value="withdrawn",
            message=f"{message} {note}".strip(),
            user=user,
            created_at=now,
        )
        lead_log(lead=lead, action=LEAD_CONSENT_WITHDRAW, user=user, data={"source": source, "note": note})
        if tell_mailchimp:
            jobs.enqueue("leads.tasks.mailchimp_member_unsubscribe", lead_id=lead.pk)
    logger.info("Lead %s withdrew marketing consent (source: %s)", lead.pk, source)
    return record


# Retention ------------------------------------------------------------------------------


def retention_months() -> int:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return LeadSettings._meta.get_field("retention_months").default
    return LeadSettings.for_site(site).retention_months


def _months_before(moment: datetime, months: int) -> datetime:
    # A month is counted as 30.44 days: a day either way does not matter for retention.
    return moment - timedelta(days=round(months * 30.44))


def leads_purge(*, now: datetime | None = None, dry_run: bool = False) -> list[tuple[int, datetime]]:
    """Erase leads with no activity for the retention period; returns ``(lead id, last activity)``.

    Already erased leads are skipped, so running it daily is safe. A dry run changes nothing.
    """
    now = now or timezone.now()
    months = retention_months()
    if not months:
        return []
    cutoff = _months_before(now, months)
    stale = list(
        Lead.objects.filter(erased_at__isnull=True, last_activity_at__lt=cutoff)
        .order_by("last_activity_at", "pk")
        .values_list("pk", "last_activity_at")
    )
    if dry_run:
        return stale
    for lead_id, _last_activity in stale:
        lead_erase(lead=Lead(pk=lead_id), reason=f"retention period of {months} months passed")
    _erasure_jobs_prune()
    return stale


def _erasure_jobs_prune() -> int:
    """Delete finished Mailchimp erasure jobs: their arguments hold the erased address."""
    return jobs.finished_delete(mailchimp.ERASE_JOB)
