"""Mailchimp: the audience sync of consenting leads.

The flow: saving a lead calls :func:`lead_queue_mailchimp_sync` inside its transaction,
which marks the lead pending, bumps its sync version and enqueues the job of the same
name as the service it runs, :func:`lead_sync_to_mailchimp`, which

1. claims the lead in a short transaction (``select_for_update``): it decides whether there
   is anything to send and takes a lease (``mailchimp_lease_until``), so a second job for the
   same lead (two workers, a retry and a manual resync) waits for the first instead of
   running beside it;
2. talks to Mailchimp with no transaction open: the member upsert (PUT, never ``status``,
   only ``status_if_new``), the course tags, and each journey trigger not sent before;
3. records the outcome in a second short transaction: synced, a retry with backoff
   (429, 5xx, timeouts, refused connections) or failed with Mailchimp's title and detail.

An erasure or a withdrawal of consent always wins over a sync under way: before each call
the sync checks that the lead may still be sent, and the outcome is recorded under the
lead's row lock, so a lead erased or withdrawn meanwhile is never marked synced and
nothing more of it is sent ("called off"). When the erased person's data may already have
reached Mailchimp, the sync queues one more permanent delete.

The upsert and the tags are idempotent, so repeating them is harmless. The journey trigger
is not: each brochure request's ``journey_triggered_at`` is claimed with a conditional
UPDATE *before* the call (at most once). When Mailchimp answered with an error, or the
connection was never made, the claim is released so a retry sends it; after a read
timeout Mailchimp may have acted on it, so the claim stays: a missed journey mail is
better than a duplicate one, and the activity log says so.

Never log personal data: log the lead id, the HTTP status and Mailchimp's error title.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any, NamedTuple

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from leads import timeline
from leads.models import BrochureRequest, Lead, LeadActivity, LeadSettings
from leads.retry import retry_later
from website import jobs

logger = logging.getLogger(__name__)

# The jobs this module queues (``leads.tasks``; see ``website.jobs`` for the direction).
SYNC_JOB = "leads.tasks.lead_sync_to_mailchimp"
ERASE_JOB = "leads.tasks.mailchimp_member_erase"

MERGE_FIELDS = {  # tag: (name, type) as created by ``mailchimp_check --fix``
    "FNAME": ("First Name", "text"),
    "LNAME": ("Last Name", "text"),
    "COMPANY": ("Company", "text"),
    "ROLE": ("Role", "text"),
    "PHONE": ("Phone Number", "phone"),
}
LEASE_MARGIN = timedelta(seconds=60)


# --- Configuration ---------------------------------------------------------------------------


class MailchimpStatus(NamedTuple):
    configured: bool
    message: str


def _lead_settings() -> LeadSettings | None:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return LeadSettings.for_site(site) if site else None


def mailchimp_audience_id() -> str:
    """The audience (list) id: the site setting, else ``MAILCHIMP_AUDIENCE_ID``."""
    lead_settings = _lead_settings()
    return lead_settings.audience_id if lead_settings else settings.MAILCHIMP_AUDIENCE_ID


def mailchimp_double_opt_in() -> bool:
    lead_settings = _lead_settings()
    return lead_settings.mailchimp_double_opt_in if lead_settings else True


MISSING_API_KEY = "api_key"
MISSING_DATA_CENTRE = "data_centre"
MISSING_AUDIENCE = "audience"


def mailchimp_missing() -> str:
    """What the sync still needs: ``""`` (nothing), ``"api_key"``, ``"data_centre"`` or ``"audience"``."""
    if not settings.MAILCHIMP_API_KEY:
        return MISSING_API_KEY
    if "-" not in settings.MAILCHIMP_API_KEY and not settings.MAILCHIMP_API_URL:
        return MISSING_DATA_CENTRE
    if not mailchimp_audience_id():
        return MISSING_AUDIENCE
    return ""


def mailchimp_status() -> MailchimpStatus:
    """Whether the sync can run, and what a developer (commands, logs) should do about it.

    The admin words it for its users: ``leads.admin.mailchimp_panel``.
    """
    missing = mailchimp_missing()
    if missing == MISSING_API_KEY:
        return MailchimpStatus(False, _("Mailchimp is not configured: set MAILCHIMP_API_KEY. Leads stay pending."))
    if missing == MISSING_DATA_CENTRE:
        return MailchimpStatus(False, _("Mailchimp is not configured: the API key lacks its -usNN data centre."))
    if missing == MISSING_AUDIENCE:
        return MailchimpStatus(
            False,
            _("Mailchimp is not configured: set the audience id in Settings → Leads and Mailchimp."),
        )
    return MailchimpStatus(True, _("Mailchimp is configured."))


def mailchimp_is_configured() -> bool:
    return mailchimp_status().configured


def mailchimp_client():
    """The official client, with our key, timeout and (for a local fake) base URL."""
    import mailchimp_marketing

    client = mailchimp_marketing.Client()
    # set_config replaces the whole configuration: key and timeout go together.
    client.set_config({"api_key": settings.MAILCHIMP_API_KEY, "timeout": settings.MAILCHIMP_TIMEOUT})
    if settings.MAILCHIMP_API_URL:
        # The client replaces every "server" in the URL with the data centre: keep it out of the host.
        client.api_client.host = settings.MAILCHIMP_API_URL.rstrip("/")
    return client


def subscriber_hash(email: str) -> str:
    """Mailchimp's member id: the md5 of the lower-cased address."""
    return hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()


# --- Errors ----------------------------------------------------------------------------------


@dataclass
class MailchimpError(Exception):
    """A call that did not succeed, classified: ``retryable`` or final."""

    status: int | None
    title: str
    detail: str = ""
    retryable: bool = False
    # False only when the request certainly did not reach Mailchimp or Mailchimp answered
    # an error: after a read timeout it may have acted on it.
    maybe_delivered: bool = False
    errors: list[dict] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.status or 'no answer'} {self.title}".strip()
        if self.detail:
            text += f": {self.detail}"
        for item in self.errors[:5]:
            if isinstance(item, dict):
                text += f" [{item.get('field', '')}: {item.get('message', '')}]"
        return text[:1000]


def mailchimp_error_classify(*, status: int | None, text: Any) -> MailchimpError:
    """Turn what the client raised or returned into a :class:`MailchimpError`."""
    if status is None:
        # The client wraps network errors: ``text`` is the requests exception.
        never_sent = isinstance(text, requests.exceptions.ConnectTimeout) or (
            isinstance(text, requests.exceptions.ConnectionError) and "NewConnectionError" in str(text)
        )
        if isinstance(text, requests.exceptions.Timeout):
            title = "Timeout"
        elif isinstance(text, requests.exceptions.ConnectionError):
            title = "Connection failed"
        else:
            title = type(text).__name__
        return MailchimpError(None, title, retryable=True, maybe_delivered=not never_sent)
    problem: dict = {}
    if isinstance(text, dict):
        problem = text
    elif isinstance(text, str | bytes) and text:
        try:
            loaded = json.loads(text)
            problem = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            problem = {}
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    title = str(problem.get("title") or phrase)
    detail = str(problem.get("detail") or ("(empty answer)" if not text else ""))
    errors = problem.get("errors") if isinstance(problem.get("errors"), list) else []
    retryable = status == 429 or status >= 500 or not text
    return MailchimpError(status, title, detail, retryable=retryable, errors=errors)


def mailchimp_call(function, *args, **kwargs):
    """Call a client method; raise :class:`MailchimpError` for every kind of failure.

    The client raises ``ApiClientError`` for answers with a body, and for network errors
    (``status_code`` None), but *returns* a bare ``requests.Response`` for an empty body,
    even a 429 or a 403.
    """
    from mailchimp_marketing.api_client import ApiClientError

    try:
        result = function(*args, **kwargs)
    except ApiClientError as error:
        raise mailchimp_error_classify(status=error.status_code, text=error.text) from error
    if isinstance(result, requests.Response) and not result.ok:
        raise mailchimp_error_classify(status=result.status_code, text=result.text)
    return result


# --- Queueing --------------------------------------------------------------------------------


def _may_be_sent(lead: Lead) -> bool:
    return lead.marketing_consent and not lead.is_spam and not lead.erased_at


def lead_queue_mailchimp_sync(*, lead: Lead) -> bool:
    """Mark the lead pending and enqueue its sync job, if it may be sent at all.

    Call inside the transaction that saved the lead, so the lead and its job commit together.
    Returns whether a job was enqueued. Without a Mailchimp key the lead is still marked
    pending; its job then finds nothing configured and leaves it for ``mailchimp_sync``.
    """
    # A job already under way for an older version will not mark the lead synced.
    # One UPDATE for both: the brochure form waits on it.
    changes = {"mailchimp_sync_version": F("mailchimp_sync_version") + 1}
    may_be_sent = _may_be_sent(lead)
    if may_be_sent:
        changes["mailchimp_state"] = lead.mailchimp_state = Lead.MailchimpState.PENDING
    elif lead.mailchimp_state != Lead.MailchimpState.SYNCED:
        changes["mailchimp_state"] = lead.mailchimp_state = Lead.MailchimpState.NOT_SENT
    Lead.objects.filter(pk=lead.pk).update(**changes)
    if not may_be_sent:
        return False
    jobs.enqueue(SYNC_JOB, lead_id=lead.pk)
    return True


def _lead_ids_with_a_queued_job() -> set[int]:
    """Leads whose sync job waits in the queue (a job stuck as running does not count)."""
    return {kwargs.get("lead_id") for kwargs in jobs.waiting_kwargs(SYNC_JOB)}


def leads_requeue_mailchimp(*, lead_ids: list[int] | None = None, now: datetime | None = None) -> list[int]:
    """Enqueue the sync again for pending and failed leads that no job is handling.

    Skipped: leads whose lease is still running (a job is at work), pending leads
    with a retry scheduled in the future, and leads whose job still waits in the queue.
    A worker killed mid-job leaves a lease that runs out, after which its lead is picked
    up here. With ``lead_ids`` those leads are queued whatever their state. Returns the
    ids queued.
    """
    now = now or timezone.now()
    leads = Lead.objects.filter(marketing_consent=True, is_spam=False, erased_at__isnull=True)
    if lead_ids is not None:
        leads = leads.filter(pk__in=lead_ids)
    else:
        leads = (
            leads.filter(mailchimp_state__in=[Lead.MailchimpState.PENDING, Lead.MailchimpState.FAILED])
            .exclude(mailchimp_lease_until__gt=now)
            .exclude(mailchimp_state=Lead.MailchimpState.PENDING, mailchimp_next_attempt_at__gt=now)
        )
        waiting = _lead_ids_with_a_queued_job()
    queued = []
    for pk in leads.values_list("pk", flat=True).order_by("pk").iterator():
        if lead_ids is None and pk in waiting:
            continue
        with transaction.atomic():
            lead = Lead.objects.select_for_update().filter(pk=pk).first()
            if lead is None:
                continue
            if lead_ids is not None:
                # Asked for by id: a synced lead is sent again too.
                Lead.objects.filter(pk=pk).update(mailchimp_state=Lead.MailchimpState.PENDING)
                lead.mailchimp_state = Lead.MailchimpState.PENDING
            Lead.objects.filter(pk=pk).update(mailchimp_next_attempt_at=None)
            if lead_queue_mailchimp_sync(lead=lead):
                queued.append(pk)
    return queued


def leads_sync_mailchimp_now(*, lead_ids: list[int] | None = None) -> dict[str, list[int]]:
    """Send every pending or failed consenting lead to Mailchimp now, in this process.

    For an operator after an outage (``mailchimp_sync --now``): a lead waiting on a retry
    backoff is sent now too. Its retry job stays queued and, when its time comes, finds the
    lead synced and does nothing. The lease still holds: a lead a worker is sending at this
    moment is left to it ("busy"). With ``lead_ids`` those leads are sent whatever their
    state. Returns the lead ids per outcome of :func:`lead_sync_to_mailchimp`.
    """
    resendable = [Lead.MailchimpState.PENDING, Lead.MailchimpState.FAILED]
    leads = Lead.objects.filter(marketing_consent=True, is_spam=False, erased_at__isnull=True)
    leads = leads.filter(pk__in=lead_ids) if lead_ids is not None else leads.filter(mailchimp_state__in=resendable)
    outcomes: dict[str, list[int]] = {}
    for pk in list(leads.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            lead = Lead.objects.select_for_update().filter(pk=pk).first()
            if lead is None or (lead_ids is None and lead.mailchimp_state not in resendable):
                continue  # a worker synced it meanwhile
            pending = {"mailchimp_state": Lead.MailchimpState.PENDING, "mailchimp_next_attempt_at": None}
            Lead.objects.filter(pk=pk).update(**pending)
        outcome = lead_sync_to_mailchimp(lead_id=pk)
        outcomes.setdefault(outcome, []).append(pk)
    return outcomes


# --- The sync --------------------------------------------------------------------------------


@dataclass
class _Claim:
    lead_id: int
    version: int
    audience_id: str
    email: str
    email_key: str
    member_hash: str
    body: dict
    tags: list[str]
    journeys: dict[tuple[int, int], list[int]]  # (journey id, step id): brochure request ids
    reconfirm: bool = False  # asks the person to confirm again (status "pending")


def _member_status(*, lead: Lead, double_opt_in: bool) -> dict[str, str]:
    """The status part of the member upsert.

    Normally only ``status_if_new``: a plain ``status`` would re-subscribe someone who
    unsubscribed in Mailchimp. A person who withdrew and ticked the box again (which anyone
    typing their address could do) gets ``status: pending`` whatever the global setting:
    Mailchimp e-mails them to confirm, and mails them nothing else until they do. (Mailchimp
    refuses ``status`` and ``status_if_new`` together.)
    """
    if lead.mailchimp_reconfirm:
        return {"status": "pending"}
    return {"status_if_new": "pending" if double_opt_in else "subscribed"}


def _member_body(*, lead: Lead, latest: BrochureRequest | None, double_opt_in: bool) -> dict:
    with translation.override("nl"):
        role = str(Lead.Role(lead.role).label) if lead.role in Lead.Role.values else lead.role
    body: dict[str, Any] = {
        "email_address": lead.email,
        **_member_status(lead=lead, double_opt_in=double_opt_in),
        "merge_fields": {
            "FNAME": lead.first_name,
            "LNAME": lead.last_name,
            "COMPANY": lead.company,
            "ROLE": role,
            "PHONE": lead.phone,
        },
        "language": "nl",
    }
    if latest is not None:
        if latest.ip_address:
            body["ip_signup"] = latest.ip_address
        body["timestamp_signup"] = latest.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return body


def _requeue_after(*, lead_id: int, when: datetime, attempt: int, first_attempt_at: str | None) -> None:
    jobs.enqueue(SYNC_JOB, run_after=when, lead_id=lead_id, attempt=attempt, first_attempt_at=first_attempt_at)


def _claim(*, lead_id: int, attempt: int, first_attempt_at: str | None) -> _Claim | str:
    """Decide, in one short transaction, whether to sync; if so take the lease."""
    now = timezone.now()
    with transaction.atomic():
        lead = Lead.objects.select_for_update().filter(pk=lead_id).first()
        if lead is None:
            return "missing"
        if not _may_be_sent(lead):
            if lead.mailchimp_state != Lead.MailchimpState.SYNCED:
                Lead.objects.filter(pk=lead_id).update(
                    mailchimp_state=Lead.MailchimpState.NOT_SENT, mailchimp_next_attempt_at=None
                )
            return "not_sent"
        if lead.mailchimp_state == Lead.MailchimpState.SYNCED:
            return "already_synced"
        if lead.mailchimp_state != Lead.MailchimpState.PENDING:
            return "not_pending"  # failed for good: only mailchimp_sync or sales queue it again
        if lead.mailchimp_lease_until and lead.mailchimp_lease_until > now:
            # Another job holds the lead: run again when its lease ends, to send anything newer.
            _requeue_after(
                lead_id=lead_id,
                when=lead.mailchimp_lease_until + timedelta(seconds=1),
                attempt=attempt,
                first_attempt_at=first_attempt_at,
            )
            return "busy"
        requests_ = list(
            BrochureRequest.objects.filter(lead=lead, is_spam=False).select_related("course").order_by("created_at")
        )
        tags: list[str] = []
        journeys: dict[tuple[int, int], list[int]] = {}
        for request in requests_:
            course = request.course
            if course is None:
                continue
            tags += [tag for tag in course.tag_list if tag not in tags]
            if (
                course.mailchimp_journey_id
                and course.mailchimp_journey_step_id
                and request.journey_triggered_at is None
            ):
                key = (course.mailchimp_journey_id, course.mailchimp_journey_step_id)
                journeys.setdefault(key, []).append(request.pk)
        lease = LEASE_MARGIN + timedelta(seconds=settings.MAILCHIMP_TIMEOUT * (2 + len(journeys)))
        Lead.objects.filter(pk=lead_id).update(mailchimp_lease_until=now + lease)
        return _Claim(
            lead_id=lead.pk,
            version=lead.mailchimp_sync_version,
            audience_id=mailchimp_audience_id(),
            email=lead.email,
            email_key=lead.email_key,
            member_hash=subscriber_hash(lead.email_key),
            body=_member_body(
                lead=lead, latest=requests_[-1] if requests_ else None, double_opt_in=mailchimp_double_opt_in()
            ),
            tags=tags,
            journeys=journeys,
            reconfirm=lead.mailchimp_reconfirm,
        )


class _CalledOff(Exception):
    """The lead was erased, withdrew consent or became spam while its sync was under way."""

    def __init__(self, *, sent: bool):
        super().__init__("called off")
        self.sent = sent  # whether an earlier call of this sync may have reached Mailchimp


def _may_still_be_sent(claim: _Claim) -> bool:
    """Whether the claimed lead may still be sent: asked before every call to Mailchimp."""
    return Lead.objects.filter(pk=claim.lead_id, marketing_consent=True, is_spam=False, erased_at__isnull=True).exists()


def _send(*, claim: _Claim) -> dict[str, Any]:
    """The calls to Mailchimp, outside any transaction. Returns what was done, for the timeline.

    An erasure or withdrawal that commits while this runs wins: each call first checks that
    the lead may still be sent, and raises :class:`_CalledOff` when it may not.
    """
    client = mailchimp_client()
    notes: dict[str, Any] = {
        "reconfirm": claim.reconfirm,
        "tags": [],
        "journeys_started": [],
        "journeys_unanswered": [],
    }
    sent = False

    def go_on() -> None:
        if not _may_still_be_sent(claim):
            raise _CalledOff(sent=sent)

    go_on()
    sent = True
    mailchimp_call(
        client.lists.set_list_member,
        claim.audience_id,
        claim.member_hash,
        claim.body,
        skip_merge_validation="true",  # a string: the client sends a Python bool as "True"
    )
    if claim.tags:
        go_on()
        mailchimp_call(
            client.lists.update_list_member_tags,
            claim.audience_id,
            claim.member_hash,
            {"tags": [{"name": tag, "status": "active"} for tag in claim.tags], "is_syncing": False},
        )
        notes["tags"] = list(claim.tags)
    for (journey_id, step_id), request_ids in claim.journeys.items():
        go_on()
        stamp = timezone.now()
        taken = BrochureRequest.objects.filter(pk__in=request_ids, journey_triggered_at__isnull=True).update(
            journey_triggered_at=stamp
        )
        if not taken:
            continue  # another run sent it
        try:
            mailchimp_call(client.customerJourneys.trigger, journey_id, step_id, {"email_address": claim.email})
        except MailchimpError as error:
            if error.maybe_delivered:
                notes["journeys_unanswered"].append(f"{journey_id}/{step_id}")
                logger.warning("Journey trigger for lead %s unanswered; not repeated", claim.lead_id)
                continue
            BrochureRequest.objects.filter(pk__in=request_ids, journey_triggered_at=stamp).update(
                journey_triggered_at=None
            )
            raise
        notes["journeys_started"].append(f"{journey_id}/{step_id}")
    return notes


def _record(*, lead_id: int, code: str, new_value: str, params: dict[str, Any] | None = None) -> None:
    LeadActivity.objects.create(
        lead_id=lead_id, kind=LeadActivity.Kind.MAILCHIMP, message=code, params=params or {}, new_value=new_value
    )


def _finish_called_off(*, claim: _Claim, lead: Lead | None, sent: bool) -> str:
    """End a sync the lead may no longer have: never synced, and an erased person deleted again.

    Call inside a transaction that locked the lead. The permanent delete the erasure
    queued may have run before this sync's upsert reached Mailchimp, so an erased lead
    whose data may have gone out is deleted once more, now that this sync sends nothing.
    """
    if lead is None:
        return "missing"
    Lead.objects.filter(pk=claim.lead_id).update(mailchimp_lease_until=None)
    _record(
        lead_id=claim.lead_id,
        code=timeline.SYNC_CALLED_OFF,
        new_value=lead.mailchimp_state,
    )
    if lead.erased_at is not None and sent:
        jobs.enqueue(ERASE_JOB, email_key=claim.email_key)
    logger.info("Mailchimp sync of lead %s called off (data sent before: %s)", claim.lead_id, sent)
    return "called_off"


def _finish_synced(*, claim: _Claim, notes: dict[str, Any]) -> str:
    now = timezone.now()
    with transaction.atomic():
        lead = Lead.objects.select_for_update().filter(pk=claim.lead_id).first()
        if lead is None or not _may_be_sent(lead):
            return _finish_called_off(claim=claim, lead=lead, sent=True)
        done = Lead.objects.filter(pk=claim.lead_id, mailchimp_sync_version=claim.version).update(
            mailchimp_state=Lead.MailchimpState.SYNCED,
            mailchimp_synced_at=now,
            mailchimp_error="",
            mailchimp_next_attempt_at=None,
            mailchimp_lease_until=None,
            # The confirmation was asked for; later syncs leave the member's status alone.
            **({"mailchimp_reconfirm": False} if claim.reconfirm else {}),
        )
        if not done:
            # The lead changed while we talked to Mailchimp: its newer job sends the rest.
            Lead.objects.filter(pk=claim.lead_id).update(mailchimp_lease_until=None)
        _record(
            lead_id=claim.lead_id,
            code=timeline.SYNC_SENT,
            params=notes,
            new_value=Lead.MailchimpState.SYNCED if done else Lead.MailchimpState.PENDING,
        )
    logger.info("Lead %s synced to Mailchimp%s", claim.lead_id, "" if done else " (newer changes pending)")
    return "synced" if done else "superseded"


def _finish_failed(*, claim: _Claim, error: MailchimpError, attempt: int, first_attempt_at: str | None) -> str:
    logger.warning(
        "Mailchimp sync of lead %s failed (attempt %s): %s %s", claim.lead_id, attempt, error.status, error.title
    )
    with transaction.atomic():
        lead = Lead.objects.select_for_update().filter(pk=claim.lead_id).first()
        if lead is None or not _may_be_sent(lead):
            # An earlier call may have succeeded before this one failed.
            return _finish_called_off(claim=claim, lead=lead, sent=True)
        # Mailchimp's detail may quote the address ("... looks fake"): keep it out of the
        # error and the timeline, which outlive an erasure of the address.
        reason = re.sub(re.escape(claim.email), "<address>", str(error), flags=re.IGNORECASE)
        changes: dict[str, Any] = {
            "mailchimp_lease_until": None,
            "mailchimp_error": reason,
            "mailchimp_attempts": F("mailchimp_attempts") + 1,
        }
        if lead.mailchimp_state != Lead.MailchimpState.PENDING:
            # Withdrawn or erased meanwhile: nothing more to send.
            Lead.objects.filter(pk=claim.lead_id).update(mailchimp_lease_until=None)
            return "not_sent"
        outcome = "failed"
        code, params = timeline.SYNC_FAILED, {"error": reason}
        if error.retryable:
            run_after = retry_later(SYNC_JOB, attempt=attempt, first_attempt_at=first_attempt_at, lead_id=claim.lead_id)
            if run_after is not None:
                outcome = "retrying"
                code = timeline.SYNC_RETRYING
                changes["mailchimp_next_attempt_at"] = run_after
            else:
                changes["mailchimp_error"] = f"Gave up after {attempt} attempts: {reason}"[:1000]
                code, params = timeline.SYNC_GAVE_UP, {"error": reason, "attempts": attempt}
        if outcome == "failed":
            changes["mailchimp_next_attempt_at"] = None
            if lead.mailchimp_sync_version == claim.version:
                changes["mailchimp_state"] = Lead.MailchimpState.FAILED
        Lead.objects.filter(pk=claim.lead_id).update(**changes)
        _record(
            lead_id=claim.lead_id,
            code=code,
            params=params,
            new_value=changes.get("mailchimp_state", lead.mailchimp_state),
        )
    return outcome


def lead_sync_to_mailchimp(*, lead_id: int, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    """Upsert a consenting lead into the audience, tag it and start its journeys.

    Returns what happened: "synced", "retrying", "failed", "not_configured" (the lead stays
    pending), "not_sent", "already_synced", "not_pending", "busy" (another job holds the lead; this one
    runs again when its lease ends), "superseded", "called_off" (erased, withdrawn or marked as
    spam while this job ran: nothing more was sent, and the lead is not marked synced) or "missing".
    """
    if not mailchimp_is_configured():
        logger.info("Mailchimp not configured; lead %s stays pending", lead_id)
        return "not_configured"
    claim = _claim(lead_id=lead_id, attempt=attempt, first_attempt_at=first_attempt_at)
    if isinstance(claim, str):
        return claim
    try:
        notes = _send(claim=claim)
    except _CalledOff as called_off:
        with transaction.atomic():
            lead = Lead.objects.select_for_update().filter(pk=lead_id).first()
            return _finish_called_off(claim=claim, lead=lead, sent=called_off.sent)
    except MailchimpError as error:
        return _finish_failed(claim=claim, error=error, attempt=attempt, first_attempt_at=first_attempt_at)
    except Exception:
        Lead.objects.filter(pk=lead_id).update(mailchimp_lease_until=None)
        raise
    return _finish_synced(claim=claim, notes=notes)
