"""Mailchimp's list webhook: closes the loop when someone unsubscribes or bounces there.

Mailchimp checks the URL with a GET, then POSTs form-encoded events:
``type`` = subscribe, unsubscribe, profile, upemail or cleaned, with ``data[email]``,
``data[list_id]``, ``data[old_email]``/``data[new_email]`` (upemail) and ``data[reason]``
(cleaned). The secret in the path is the only authentication Mailchimp offers: a wrong
one, or none configured, gets a 404 and changes nothing. Unknown addresses and other
lists are answered 200 and ignored (Mailchimp retries and eventually disables a webhook
that keeps failing), and garbage never raises.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from leads import timeline
from leads.mailchimp import mailchimp_audience_id
from leads.models import ConsentRecord, Lead, LeadActivity
from leads.privacy import consent_withdraw
from leads.services import email_key, email_normalise

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
EVENTS = {"subscribe", "unsubscribe", "profile", "upemail", "cleaned"}


def _lead_for(email: str, *, lock: bool = False) -> Lead | None:
    """The lead for an address as Mailchimp spells it (any case, Unicode domain or punycode)."""
    if not email.strip():
        return None
    leads = Lead.objects.select_for_update() if lock else Lead.objects
    return leads.filter(email_key=email_key(email=email), erased_at__isnull=True).first()


def lead_withdraw_by_mailchimp(*, email: str, event: str, reason: str = "") -> str:
    """An unsubscribe or a cleaned (bounced) address: the lead may no longer be mailed.

    The same withdrawal as sales record on request (:func:`leads.privacy.consent_withdraw`),
    with Mailchimp as its source and no user.
    """
    if event == "cleaned":
        note = f"Address cleaned by Mailchimp (reason: {reason or 'unknown'}); no more marketing mail."
    else:
        note = "Unsubscribed through Mailchimp (list webhook); no more marketing mail."
    lead = _lead_for(email)
    if lead is None:
        return "unknown"
    record = consent_withdraw(lead=lead, source=ConsentRecord.Source.MAILCHIMP, note=note)
    if record is None:
        return "already withdrawn"  # Mailchimp repeats deliveries: one record per withdrawal
    logger.info("Mailchimp webhook %s: lead %s may no longer be mailed", event, lead.pk)
    return "withdrawn"


def lead_change_email_by_mailchimp(*, old_email: str, new_email: str) -> str:
    """The person changed their address in Mailchimp: follow, unless another lead has it."""
    try:
        new_spelling = email_normalise(email=new_email)
    except ValidationError:
        return "invalid"
    new_key = email_key(email=new_spelling)
    with transaction.atomic():
        lead = _lead_for(old_email, lock=True)
        if lead is None:
            return "unknown"
        if lead.email_key == new_key:
            return "unchanged"
        if Lead.objects.filter(email_key=new_key).exists():
            LeadActivity.objects.create(
                lead=lead,
                kind=LeadActivity.Kind.MAILCHIMP,
                message=timeline.ADDRESS_TAKEN,
            )
            logger.warning("Mailchimp webhook upemail for lead %s: new address belongs to another lead", lead.pk)
            return "conflict"
        try:
            with transaction.atomic():  # a savepoint: a lead created meanwhile with that address wins
                Lead.objects.filter(pk=lead.pk).update(email=new_spelling, email_key=new_key)
        except IntegrityError:
            return "conflict"
        LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.MAILCHIMP, message=timeline.ADDRESS_CHANGED)
    logger.info("Mailchimp webhook upemail: lead %s has a new address", lead.pk)
    return "changed"


def lead_note_mailchimp_event(*, email: str, event: str) -> str:
    """subscribe and profile: nothing to change here, but sales sees it in the timeline."""
    lead = _lead_for(email)
    if lead is None:
        return "unknown"
    message = timeline.SUBSCRIBED if event == "subscribe" else timeline.PROFILE_UPDATED
    LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.MAILCHIMP, message=message)
    logger.info("Mailchimp webhook %s for lead %s", event, lead.pk)
    return "noted"


def mailchimp_event_apply(*, event: str, data: dict[str, str]) -> str:
    """Apply one webhook event; returns what happened (for the response and the tests)."""
    if event not in EVENTS:
        return "ignored"
    list_id = data.get("list_id", "")
    audience = mailchimp_audience_id()
    if audience and list_id and list_id != audience:
        return "other list"
    if event in ("unsubscribe", "cleaned"):
        return lead_withdraw_by_mailchimp(email=data.get("email", ""), event=event, reason=data.get("reason", ""))
    if event == "upemail":
        return lead_change_email_by_mailchimp(old_email=data.get("old_email", ""), new_email=data.get("new_email", ""))
    return lead_note_mailchimp_event(email=data.get("email", ""), event=event)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def mailchimp_webhook(request: HttpRequest, secret: str) -> HttpResponse:
    expected = settings.MAILCHIMP_WEBHOOK_SECRET
    if not expected or not constant_time_compare(secret, expected):
        raise Http404
    if request.method in ("GET", "HEAD"):
        return HttpResponse("ok", content_type="text/plain")  # Mailchimp's check that the URL exists
    if request.content_type != "application/x-www-form-urlencoded":
        return HttpResponse("form-encoded only", status=415, content_type="text/plain")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return HttpResponse("too large", status=413, content_type="text/plain")
    try:
        form = request.POST
        event = form.get("type", "")
        data = {
            key[5:-1]: value.replace("\x00", "")[:254]  # PostgreSQL text cannot hold NUL
            for key, value in form.items()
            if key.startswith("data[") and key.endswith("]") and key.count("[") == 1
        }
    except (SuspiciousOperation, ValueError):
        return HttpResponse("bad request", status=400, content_type="text/plain")
    outcome = mailchimp_event_apply(event=event.replace("\x00", "")[:20], data=data)
    return HttpResponse(outcome, content_type="text/plain")
