"""The brochure funnel: capture a request, sign its download link, e-mail the brochure.

Views, forms and tasks stay thin and call these functions. Nothing here talks to
Mailchimp or the mail server inside a visitor's request: that happens in background jobs.
"""

import logging
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site

from leads.consent import CONSENT_VERSION, consent_wording
from leads.models import BrochureRequest, ConsentRecord, CoursePage, Lead, LeadActivity
from website import ratelimit

logger = logging.getLogger(__name__)

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")

LINK_SALT = "leads.brochure.download"
THANK_YOU_SALT = "leads.brochure.thank-you"
FORM_STARTED_SALT = "leads.brochure.form-started"

SPAM_HONEYPOT = "honeypot"
SPAM_TOO_FAST = "too_fast"
SPAM_NO_TIMESTAMP = "no_timestamp"

INVALID_EMAIL_MESSAGE = gettext_lazy("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.")

_email_validator = EmailValidator()


# --- E-mail addresses ---------------------------------------------------------------------


def email_normalise(*, email: str) -> str:
    """The address trimmed, with its domain lower-cased and IDN-encoded (punycode).

    Raises ``ValidationError`` when the address cannot be delivered as written.
    """
    invalid = ValidationError(INVALID_EMAIL_MESSAGE, code="invalid")
    email = (email or "").strip()
    local, sep, domain = email.rpartition("@")
    if not sep or not local or not domain:
        raise invalid
    domain = domain.strip().rstrip(".").lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise invalid from exc
    normalised = f"{local}@{domain}"
    try:
        _email_validator(normalised)
    except ValidationError as exc:
        raise invalid from exc
    labels = domain.split(".")
    tld = labels[-1]
    tld_ok = len(tld) >= 2 and (tld.isalpha() or tld.startswith("xn--"))  # letters, or punycode
    undeliverable = (
        len(labels) < 2  # "naam@bedrijf": no dot
        or domain.startswith("[")  # an IP literal
        or len(local) > 64
        or not tld_ok
        or tld in {"example", "invalid", "localhost", "test", "local"}
        or domain in {"example.com", "example.org", "example.net"}
    )
    if undeliverable:
        raise invalid
    return normalised


def email_key(*, email: str) -> str:
    """One lead per person: the whole normalised address, lower-cased."""
    return email.lower()


# --- Campaign data --------------------------------------------------------------------------


def utm_from_url(*, url: str) -> dict[str, str]:
    """The UTM parameters in ``url``'s query string (the Referer's, when the form had none)."""
    try:
        query = parse_qs(urlsplit(url or "").query)
    except ValueError:
        return {}
    return {name: query[name][0][:100] for name in UTM_FIELDS if query.get(name) and query[name][0]}


# --- Abuse ----------------------------------------------------------------------------------


def form_started_make() -> str:
    """A signed 'form shown at' time, put in the form; refreshed by JavaScript on cached pages."""
    return signing.dumps(int(time.time()), salt=FORM_STARTED_SALT)


def form_elapsed_seconds(*, token: str) -> float | None:
    """Seconds since the form was shown; ``None`` when the token is missing or forged."""
    try:
        started = signing.loads(token or "", salt=FORM_STARTED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return time.time() - started


def submission_spam_reason(*, honeypot: str, form_started: str) -> str:
    """Why a submission looks automated, or ``""``: a filled honeypot, or filled in too fast."""
    if honeypot:
        return SPAM_HONEYPOT
    elapsed = form_elapsed_seconds(token=form_started)
    if elapsed is None:
        return SPAM_NO_TIMESTAMP
    if elapsed < settings.BROCHURE_MIN_FILL_SECONDS:
        return SPAM_TOO_FAST
    return ""


def rate_limit_acquire(*, ip: str) -> bool:
    """Count one brochure request for ``ip``; ``False`` (nothing counted) when it used up its window.

    Counted in the database, atomically (``website.ratelimit``): parallel requests from one
    address never get more than ``BROCHURE_RATE_LIMIT`` through, and no Redis outage,
    eviction or restart resets the count. Call it inside the transaction that stores the
    request (``brochure_request_capture``), so that a request not stored is not counted.
    """
    if not ip:
        return True
    return ratelimit.rate_limit_acquire(
        key=f"brochure:{ip}",
        limit=settings.BROCHURE_RATE_LIMIT,
        window_seconds=settings.BROCHURE_RATE_WINDOW_SECONDS,
    )


# --- Capture ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrochureSubmission:
    """What a visitor sent with the brochure form, cleaned."""

    first_name: str
    last_name: str
    email: str  # normalised
    company: str
    role: str
    phone: str = ""
    marketing_consent: bool = False
    utm: dict[str, str] = field(default_factory=dict)
    source_url: str = ""
    landing_page: str = ""
    referrer: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    spam_reason: str = ""


def lead_capture(*, submission: BrochureSubmission, course: CoursePage, source_page: Page | None) -> BrochureRequest:
    """Save the person, their request and consent, and queue the jobs, in one transaction.

    One lead per normalised address: later requests update the name, company, role and
    phone, and consent only ever goes up (a tick adds a new consent record). Suspected spam
    is kept in quarantine: saved, flagged, never e-mailed, never sent to Mailchimp, and it
    never changes an existing lead. Safe against two first requests for one address at once.
    """
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _lead_capture(submission=submission, course=course, source_page=source_page)
        except IntegrityError:
            # A simultaneous first request for this address won the race; its lead now exists.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def brochure_request_capture(
    *, submission: BrochureSubmission, course: CoursePage, source_page: Page | None
) -> BrochureRequest | None:
    """Store a brochure request, unless its address used up its requests (``None``).

    The rate-limit count and the request commit together, or neither does.
    """
    with transaction.atomic():
        if not rate_limit_acquire(ip=submission.ip_address or ""):
            return None
        return lead_capture(submission=submission, course=course, source_page=source_page)


_CAPTURED_FIELDS = {"email", "email_key", "first_name", "last_name", "company", "role", "phone"}


def _uncaptured_fields() -> list[str]:
    """Fields the form does not fill: what sales changed is not the visitor's to fail on."""
    return [f.name for f in Lead._meta.get_fields() if f.concrete and f.name not in _CAPTURED_FIELDS]


def _lead_for_update(*, key: str) -> Lead | None:
    """The lead with this key, locked until the transaction ends."""
    return Lead.objects.select_for_update().filter(email_key=key).first()


def _lead_capture(*, submission: BrochureSubmission, course: CoursePage, source_page: Page | None) -> BrochureRequest:
    from leads import mailchimp, tasks

    now = timezone.now()
    key = email_key(email=submission.email)
    is_spam = bool(submission.spam_reason)
    details = {
        "first_name": submission.first_name,
        "last_name": submission.last_name,
        "company": submission.company,
        "role": submission.role,
        "phone": submission.phone,
    }

    lead = _lead_for_update(key=key)
    created = lead is None
    consent_given = submission.marketing_consent and not is_spam
    if created:
        lead = Lead(
            email=submission.email,
            email_key=key,
            marketing_consent=consent_given,
            is_spam=is_spam,
            spam_reason=submission.spam_reason,
            created_at=now,
            last_activity_at=now,
            **details,
        )
        lead.full_clean(exclude=_uncaptured_fields(), validate_unique=False, validate_constraints=False)
        with transaction.atomic():  # a savepoint: a lost race raises IntegrityError to the retry above
            lead.save()
    elif not is_spam:
        for name, value in details.items():
            setattr(lead, name, value)
        lead.email = submission.email
        lead.last_activity_at = now
        consent_upgraded = consent_given and not lead.marketing_consent
        if consent_given:
            lead.marketing_consent = True
        lead.full_clean(exclude=_uncaptured_fields(), validate_unique=False, validate_constraints=False)
        lead.save(update_fields=[*details, "email", "last_activity_at", "marketing_consent", "updated_at"])
        if consent_upgraded:
            LeadActivity.objects.create(
                lead=lead, kind=LeadActivity.Kind.CONSENT, old_value="no", new_value="yes", created_at=now
            )

    brochure_request = BrochureRequest(
        lead=lead,
        course=course,
        course_title=course.title[:255],
        source_page=source_page,
        source_url=submission.source_url[:500],
        landing_page=submission.landing_page[:500],
        referrer=submission.referrer[:500],
        ip_address=submission.ip_address,
        user_agent=submission.user_agent[:300],
        is_spam=is_spam,
        spam_reason=submission.spam_reason,
        created_at=now,
        **{name: submission.utm.get(name, "")[:100] for name in UTM_FIELDS},
    )
    brochure_request.save()

    activities = [LeadActivity(lead=lead, kind=LeadActivity.Kind.CREATED, created_at=now)] if created else []
    activities.append(
        LeadActivity(
            lead=lead,
            kind=LeadActivity.Kind.REQUEST,
            message=_("Brochure: %(course)s") % {"course": brochure_request.course_title}
            + (f" ({submission.spam_reason})" if is_spam else ""),
            created_at=now,
        )
    )
    LeadActivity.objects.bulk_create(activities)  # one INSERT: the form's cost is felt by the visitor
    if consent_given:
        ConsentRecord.objects.create(
            lead=lead,
            brochure_request=brochure_request,
            action=ConsentRecord.Action.GIVEN,
            source=ConsentRecord.Source.FORM,
            wording=consent_wording(),
            version=CONSENT_VERSION,
            page_url=submission.source_url[:500],
            created_at=now,
        )

    if not is_spam:
        mailchimp.lead_queue_mailchimp_sync(lead=lead)
        tasks.send_brochure_email.enqueue(brochure_request_id=brochure_request.pk)
        tasks.notify_sales_of_request.enqueue(brochure_request_id=brochure_request.pk)
    return brochure_request


# --- Signed links ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkResolution:
    """What a signed token points at. ``brochure_request`` is ``None`` when expired or tampered."""

    brochure_request: BrochureRequest | None
    expired: bool = False
    course: CoursePage | None = None  # known for expired links, to offer the form again


def _max_age() -> int:
    return settings.BROCHURE_LINK_MAX_AGE_DAYS * 24 * 60 * 60


def brochure_link_make(*, brochure_request_id: int) -> str:
    """A signed, expiring token for the brochure download of one request."""
    return signing.dumps(brochure_request_id, salt=LINK_SALT, compress=True)


def thank_you_token_make(*, brochure_request_id: int) -> str:
    """A signed token for the thank-you page of one request."""
    return signing.dumps(brochure_request_id, salt=THANK_YOU_SALT, compress=True)


def _resolve(*, token: str, salt: str) -> LinkResolution:
    try:
        request_id = signing.loads(token, salt=salt, max_age=_max_age())
    except signing.SignatureExpired:
        request_id = signing.loads(token, salt=salt)  # the signature is good, only old
        course = CoursePage.objects.live().filter(brochure_requests__pk=request_id).first()
        return LinkResolution(brochure_request=None, expired=True, course=course)
    except signing.BadSignature:
        return LinkResolution(brochure_request=None)
    if not isinstance(request_id, int):
        return LinkResolution(brochure_request=None)
    brochure_request = (
        BrochureRequest.objects.select_related("course", "course__brochure", "lead").filter(pk=request_id).first()
    )
    course = brochure_request.course if brochure_request else None
    return LinkResolution(brochure_request=brochure_request, course=course)


def brochure_link_resolve(*, token: str) -> LinkResolution:
    """The request a download token belongs to, unless it expired or was tampered with."""
    return _resolve(token=token, salt=LINK_SALT)


def thank_you_token_resolve(*, token: str) -> LinkResolution:
    return _resolve(token=token, salt=THANK_YOU_SALT)


def brochure_download_record(*, brochure_request: BrochureRequest) -> None:
    """Count one download of the request's brochure."""
    BrochureRequest.objects.filter(pk=brochure_request.pk).update(
        download_count=F("download_count") + 1, last_downloaded_at=timezone.now()
    )


def site_root_url(*, page: Page | None) -> str:
    """The scheme and host links in e-mails start with."""
    site = page.get_site() if page is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def brochure_link_url(*, brochure_request: BrochureRequest) -> str:
    """The absolute signed download URL, for the e-mail."""
    path = reverse("leads:brochure_download", args=[brochure_link_make(brochure_request_id=brochure_request.pk)])
    return site_root_url(page=brochure_request.course) + path


# --- E-mail -------------------------------------------------------------------------------------


def brochure_email_send(*, brochure_request_id: int) -> str:
    """E-mail the signed brochure link; once per request. Mail errors propagate to the job.

    Returns what happened: ``sent``, ``already_sent`` or ``skipped``.
    """
    brochure_request = (
        BrochureRequest.objects.select_related("lead", "course", "course__brochure")
        .filter(pk=brochure_request_id)
        .first()
    )
    if brochure_request is None:
        return "skipped"
    if brochure_request.confirmation_sent_at:
        return "already_sent"
    lead = brochure_request.lead
    course = brochure_request.course
    if brochure_request.is_spam or lead.erased_at or course is None or course.brochure is None:
        return "skipped"
    context = {
        "lead": lead,
        "course": course,
        "download_url": brochure_link_url(brochure_request=brochure_request),
        "course_url": course.get_full_url() or "",
        "max_age_days": settings.BROCHURE_LINK_MAX_AGE_DAYS,
    }
    subject = render_to_string("leads/email/brochure_subject.txt", context).strip().replace("\n", " ")
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("leads/email/brochure.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[lead.email],
    )
    message.attach_alternative(render_to_string("leads/email/brochure.html", context), "text/html")
    message.send()
    BrochureRequest.objects.filter(pk=brochure_request.pk).update(confirmation_sent_at=timezone.now())
    return "sent"
