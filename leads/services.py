"""The brochure funnel: capture a request, sign its download link, e-mail the brochure.

Views, forms and tasks stay thin and call these functions. Nothing here talks to
Mailchimp or the mail server inside a visitor's request: that happens in background jobs.
"""

import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import idna
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from leads import assignment, mailchimp, timeline
from leads.consent import CONSENT_VERSION, consent_wording
from leads.models import BrochureRequest, ConsentRecord, CoursePage, Lead, LeadActivity
from website import jobs, ratelimit
from website.links import page_public_url, public_url
from website.text import safe_text

logger = logging.getLogger(__name__)

BROCHURE_EMAIL_JOB = "leads.tasks.brochure_email_send"  # enqueued through ``website.jobs``

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")

LINK_SALT = "leads.brochure.download"
THANK_YOU_SALT = "leads.brochure.thank-you"
FORM_STARTED_SALT = "leads.brochure.form-started"
PREVIEW_SALT = "leads.brochure.preview"

SPAM_HONEYPOT = "honeypot"
SPAM_TOO_FAST = "too_fast"
SPAM_NO_TIMESTAMP = "no_timestamp"

INVALID_EMAIL_MESSAGE = gettext_lazy("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.")

_email_validator = EmailValidator()


# --- E-mail addresses ---------------------------------------------------------------------


def _email_spelling(email: str) -> str:
    """The one spelling of an address: trimmed, domain lower-cased, no trailing dot, IDN as punycode.

    Raises ``ValueError`` (``UnicodeError`` included) when the text has no ``local@domain``
    shape or its domain cannot be IDNA-encoded.
    """
    local, sep, domain = (email or "").strip().rpartition("@")
    if not sep or not local or not domain:
        raise ValueError("not an address")
    domain = domain.strip().rstrip(".。．｡").lower()
    if not domain.isascii() or "xn--" in domain:
        # Today's IDNA rules (2008, with UTS 46 mapping), as browsers and mail servers use them:
        # they fold case, Unicode forms and full-width dots ("。"), and keep ß and ς. Python's own
        # "idna" codec follows IDNA 2003, which turns straße.de into strasse.de: someone else's domain.
        domain = idna.encode(domain, uts46=True).decode("ascii")
    return f"{local}@{domain}"


def email_normalise(*, email: str) -> str:
    """The address trimmed, with its domain lower-cased and IDN-encoded (punycode).

    Raises ``ValidationError`` when the address cannot be delivered as written.
    """
    invalid = ValidationError(INVALID_EMAIL_MESSAGE, code="invalid")
    try:
        normalised = _email_spelling(email)
    except ValueError as exc:
        raise invalid from exc
    local, _sep, domain = normalised.rpartition("@")
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
    """The person an address belongs to: one lead per key, and Mailchimp's subscriber hash.

    The one rule for finding a person by address. Capture, the privacy commands, the
    admin's search, the Mailchimp webhook and the retention purge all call it, so every
    spelling the form accepts as the same person (any case, spaces around it, a trailing
    dot on the domain, a Unicode domain or its punycode) finds the same lead. Text that
    is no address gets a key no lead has; it never raises.
    """
    try:
        return _email_spelling(email).lower()
    except ValueError:
        return (email or "").strip().lower()


# --- Campaign data --------------------------------------------------------------------------


def utm_from_url(*, url: str) -> dict[str, str]:
    """The UTM parameters in ``url``'s query string (the Referer's, when the form had none)."""
    try:
        query = parse_qs(urlsplit(url or "").query)
    except ValueError:
        return {}
    # Without control characters: a NUL in a campaign link must not reach PostgreSQL.
    values = {name: safe_text(query[name][0]).strip() for name in UTM_FIELDS if query.get(name)}
    return {name: text_shorten(value, limit=100) for name, value in values.items() if value}


def text_shorten(value: str, *, limit: int) -> str:
    """``value`` in at most ``limit`` characters, ending in "…" when it had to be cut.

    For what the page and the browser send along (addresses, campaign values, the browser's
    name), never for what the visitor typed: those fields refuse a value that is too long.
    Whoever reads a shortened value sees that it was shortened.
    """
    value = value or ""
    if len(value) <= limit:
        return value
    return value[: limit - 1] + "…"


# --- Abuse ----------------------------------------------------------------------------------
#
# Spam is judged on several signals together (``submission_spam_reason``), never on fill-in
# time alone for a browser that runs our script: people with autofill or a password
# manager send the form a second after the page loaded. A request is quarantined when its
# signals weigh ``SPAM_THRESHOLD`` or more:
#
# - honeypot: the hidden field is filled in (weight 3: people never see it);
# - no_timestamp: the form-start token is missing or forged (2);
# - too_fast: sent within BROCHURE_MIN_FILL_SECONDS of the form being shown. Weight 2 when
#   the start time came with the page, 1 when our script fetched it from the token endpoint
#   (a browser that runs our script: the proof that weighs against the fast fill-in);
# - link: a web address in a name or the organisation (1);
# - same_text: first name, last name and organisation all the same text (1).
#
# Above the rate limit (BROCHURE_RATE_LIMIT stored requests per address per window) a
# valid request is refused with 429 and the form again (``brochure_request_capture``). A
# start token older than BROCHURE_FORM_MAX_AGE_HOURS is not judged at all: the form is
# shown again with a new one (``FormStarted.expired``).

SPAM_THRESHOLD = 2
SPAM_LINK = "link"
SPAM_SAME_TEXT = "same_text"
SPAM_SIGNALS = (SPAM_HONEYPOT, SPAM_NO_TIMESTAMP, SPAM_TOO_FAST, SPAM_LINK, SPAM_SAME_TEXT)
# The timeline message of a lead that left quarantine on its own (the admin shows it in words).
SPAM_LEFT_BY_CLEAN_REQUEST = "auto:clean_request"
FORM_STARTED_BY_PAGE = "page"
FORM_STARTED_BY_SCRIPT = "script"
_LINK_PATTERN = re.compile(r"(https?://|www\.)\S", re.IGNORECASE)


@dataclass(frozen=True)
class FormStarted:
    """What a form-start token says: seconds since the form was shown, and who made it."""

    elapsed: float | None  # None: missing or forged
    by: str = FORM_STARTED_BY_PAGE
    expired: bool = False


def form_started_make(*, by: str = FORM_STARTED_BY_PAGE, seconds_ago: int = 0) -> str:
    """A signed 'form shown at' time, put in the form.

    ``by="script"`` for the token endpoint, which only our script calls. ``seconds_ago``
    backdates it, for a form shown again with values the visitor already typed.
    """
    return signing.dumps([int(time.time()) - seconds_ago, by], salt=FORM_STARTED_SALT)


def form_started_max_age() -> int:
    """Seconds a form-start token is good for: longer than a page stays in the page cache."""
    return settings.BROCHURE_FORM_MAX_AGE_HOURS * 60 * 60


def form_started_read(*, token: str) -> FormStarted:
    """Read a form-start token: its age and maker, or that it is missing, forged or too old."""
    try:
        value = signing.loads(token or "", salt=FORM_STARTED_SALT)
    except signing.BadSignature:
        return FormStarted(elapsed=None)
    if isinstance(value, int) and not isinstance(value, bool):  # made before the maker was recorded
        value = [value, FORM_STARTED_BY_PAGE]
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return FormStarted(elapsed=None)
    started, by = value
    by = FORM_STARTED_BY_SCRIPT if by == FORM_STARTED_BY_SCRIPT else FORM_STARTED_BY_PAGE
    elapsed = time.time() - started
    return FormStarted(elapsed=elapsed, by=by, expired=elapsed > form_started_max_age())


def form_elapsed_seconds(*, token: str) -> float | None:
    """Seconds since the form was shown; ``None`` when the token is missing or forged."""
    return form_started_read(token=token).elapsed


def submission_spam_reason(*, honeypot: str, form_started: str, texts: tuple[str, ...] = ()) -> str:
    """Why a submission is quarantined (its signals joined by ``+``), or ``""``; see the rules above.

    ``texts`` are the visitor's own words: first name, last name, organisation.
    """
    signals: list[tuple[str, int]] = []
    if honeypot:
        signals.append((SPAM_HONEYPOT, 3))
    started = form_started_read(token=form_started)
    if started.elapsed is None:
        signals.append((SPAM_NO_TIMESTAMP, 2))
    elif started.elapsed < settings.BROCHURE_MIN_FILL_SECONDS:
        signals.append((SPAM_TOO_FAST, 1 if started.by == FORM_STARTED_BY_SCRIPT else 2))
    if any(_LINK_PATTERN.search(text or "") for text in texts):
        signals.append((SPAM_LINK, 1))
    words = {" ".join((text or "").lower().split()) for text in texts}
    if len(texts) >= 3 and len(words) == 1 and "" not in words:
        signals.append((SPAM_SAME_TEXT, 1))
    if sum(weight for _name, weight in signals) < SPAM_THRESHOLD:
        return ""
    return "+".join(name for name, _weight in signals)[:100]


def spam_reason_is_signals(*, reason: str) -> bool:
    """Whether a lead is held for its requests' signals (``too_fast+link``), not marked by a person."""
    codes = (reason or "").split("+")
    return bool(reason) and all(code in SPAM_SIGNALS for code in codes)


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


# --- Preview ----------------------------------------------------------------------------------


def form_preview_make() -> str:
    """The mark of a form rendered in the page editor's preview: its submit stores nothing."""
    return signing.dumps("preview", salt=PREVIEW_SALT)


def form_preview_check(*, token: str) -> bool:
    """Whether the form was rendered in the page editor's preview."""
    try:
        return signing.loads(token or "", salt=PREVIEW_SALT) == "preview"
    except signing.BadSignature:
        return False


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

    One lead per normalised address. Anyone can type anyone's address, so a later request
    never overwrites what sales know: it only fills the lead's empty details, and every
    request keeps the details as typed (the lead page shows where they differ). Consent only
    ever goes up (a tick adds a new consent record); after a withdrawal or an unsubscribe it
    must be confirmed by the person through Mailchimp's double opt-in (``pending``), whatever
    the global setting. Suspected spam is kept in quarantine: saved, flagged, never e-mailed,
    never sent to Mailchimp, and it never changes an existing lead, until Sales release it
    (``lead_release_from_spam``). A lead held only for its requests' signals leaves quarantine
    when a request for it passes the checks (the held requests stay held for Sales). A request
    for a course without a brochure waits for one (``waiting_for_brochure``). Safe against two
    first requests for one address at once.
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


_CAPTURED_FIELDS = {"email", "email_key", *Lead.DETAIL_FIELDS}

RECONFIRM_NOTE = (
    "Consent given again after a withdrawal, in a brochure request that anyone could have sent: "
    "Mailchimp e-mails the person to confirm their address (double opt-in) before they are mailed."
)


def lead_consent_was_withdrawn(*, lead: Lead) -> bool:
    """Whether the person ever withdrew consent or unsubscribed (here, through sales or in Mailchimp)."""
    return lead.unsubscribed_at is not None or lead.consents.filter(action=ConsentRecord.Action.WITHDRAWN).exists()


def _consent_raise(*, lead: Lead) -> tuple[bool, bool]:
    """The box was ticked: consent goes up, never down. Returns ``(upgraded, to_be_confirmed)``.

    Sets ``marketing_consent`` and, after a withdrawal, ``mailchimp_reconfirm`` on ``lead``;
    the caller saves both. The one rule for the form and for a release from quarantine.
    """
    upgraded = not lead.marketing_consent
    reconfirm = upgraded and lead_consent_was_withdrawn(lead=lead)
    lead.marketing_consent = True
    if reconfirm:
        lead.mailchimp_reconfirm = True
    return upgraded, reconfirm


def _consent_change_record(*, lead: Lead, reconfirm: bool, at, user=None) -> None:
    """The timeline entry of a consent that went up (and why it waits for a confirmation)."""
    LeadActivity.objects.create(
        lead=lead,
        kind=LeadActivity.Kind.CONSENT,
        old_value="withdrawn" if reconfirm else "no",
        new_value="to be confirmed" if reconfirm else "yes",
        message=RECONFIRM_NOTE if reconfirm else "",
        user=user,
        created_at=at,
    )


def _uncaptured_fields() -> list[str]:
    """Fields the form does not fill: what sales changed is not the visitor's to fail on."""
    return [f.name for f in Lead._meta.get_fields() if f.concrete and f.name not in _CAPTURED_FIELDS]


def _lead_for_update(*, key: str) -> Lead | None:
    """The lead with this key, locked until the transaction ends."""
    return Lead.objects.select_for_update().filter(email_key=key).first()


def _lead_capture(*, submission: BrochureSubmission, course: CoursePage, source_page: Page | None) -> BrochureRequest:
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
            if value and not getattr(lead, name):
                setattr(lead, name, value)  # only what sales do not know yet
        lead.last_activity_at = now
        consent_upgraded, reconfirm = _consent_raise(lead=lead) if consent_given else (False, False)
        # Held for an earlier request's signals, the lead now has one that passed every check:
        # it reaches sales. What Sales marked as spam themselves stays spam.
        leaves_quarantine = lead.is_spam and spam_reason_is_signals(reason=lead.spam_reason)
        if leaves_quarantine:
            lead.is_spam, lead.spam_reason = False, ""
        lead.full_clean(exclude=_uncaptured_fields(), validate_unique=False, validate_constraints=False)
        lead.save(
            update_fields=[*details, "last_activity_at", "marketing_consent", "mailchimp_reconfirm", "updated_at"]
            + ["is_spam", "spam_reason"]
        )
        if leaves_quarantine:
            LeadActivity.objects.create(
                lead=lead,
                kind=LeadActivity.Kind.SPAM,
                old_value="true",
                new_value="false",
                message=SPAM_LEFT_BY_CLEAN_REQUEST,
                created_at=now,
            )
        if consent_upgraded:
            _consent_change_record(lead=lead, reconfirm=reconfirm, at=now)

    brochure_request = BrochureRequest(
        lead=lead,
        course=course,
        course_title=text_shorten(course.title, limit=255),
        source_page=source_page,
        source_url=text_shorten(submission.source_url, limit=500),
        landing_page=text_shorten(submission.landing_page, limit=500),
        referrer=text_shorten(submission.referrer, limit=500),
        ip_address=submission.ip_address,
        user_agent=text_shorten(submission.user_agent, limit=300),
        is_spam=is_spam,
        spam_reason=submission.spam_reason,
        marketing_consent=submission.marketing_consent,
        waiting_for_brochure=not course_has_brochure(course=course),
        created_at=now,
        submitted_details=details,
        **{name: text_shorten(submission.utm.get(name, ""), limit=100) for name in UTM_FIELDS},
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
        _consent_record_from_form(lead=lead, brochure_request=brochure_request)

    if not is_spam:
        # An owner and a first-contact due time; a returning lead keeps its owner.
        assignment.lead_assign(lead=lead, brochure_request=brochure_request, at=now)
        mailchimp.lead_queue_mailchimp_sync(lead=lead)
        _request_jobs_enqueue(brochure_request=brochure_request)
    return brochure_request


def _consent_record_from_form(*, lead: Lead, brochure_request: BrochureRequest) -> None:
    """Proof of the consent box ticked with ``brochure_request``, dated when it was ticked."""
    ConsentRecord.objects.create(
        lead=lead,
        brochure_request=brochure_request,
        action=ConsentRecord.Action.GIVEN,
        source=ConsentRecord.Source.FORM,
        wording=consent_wording(),
        version=CONSENT_VERSION,
        page_url=brochure_request.source_url,
        needs_confirmation=lead.mailchimp_reconfirm,
        created_at=brochure_request.created_at,
    )


def _request_jobs_enqueue(*, brochure_request: BrochureRequest) -> None:
    """Queue the brochure e-mail (unless the course has no brochure yet) and the sales notice."""
    if not brochure_request.waiting_for_brochure:
        jobs.enqueue(BROCHURE_EMAIL_JOB, brochure_request_id=brochure_request.pk)
    jobs.enqueue("leads.tasks.sales_notify_new_request", brochure_request_id=brochure_request.pk)


# --- Signed links ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkResolution:
    """What a signed token points at. ``brochure_request`` is ``None`` when expired or tampered."""

    brochure_request: BrochureRequest | None
    expired: bool = False
    course: CoursePage | None = None  # known for expired links, to offer the form again


def _max_age() -> int:
    return settings.BROCHURE_LINK_MAX_AGE_DAYS * 24 * 60 * 60


def brochure_link_make(*, brochure_request: BrochureRequest) -> str:
    """A signed, expiring token for the brochure download of one request (its random public id)."""
    return signing.dumps(brochure_request.public_id.hex, salt=LINK_SALT, compress=True)


def thank_you_token_make(*, brochure_request: BrochureRequest) -> str:
    """A signed token for the thank-you page of one request (its random public id)."""
    return signing.dumps(brochure_request.public_id.hex, salt=THANK_YOU_SALT, compress=True)


def _request_lookup(value) -> dict | None:
    """The filter a token's payload stands for: a public id; ``None`` for anything else.

    A number is the request id that links signed before public ids existed carried
    (migration 0004): links already e-mailed keep working until they expire.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return {"pk": value}
    if isinstance(value, str):
        try:
            return {"public_id": uuid.UUID(hex=value)}
        except ValueError:
            return None
    return None


def _resolve(*, token: str, salt: str) -> LinkResolution:
    try:
        lookup = _request_lookup(signing.loads(token, salt=salt, max_age=_max_age()))
    except signing.SignatureExpired:
        lookup = _request_lookup(signing.loads(token, salt=salt))  # the signature is good, only old
        if lookup is None:
            return LinkResolution(brochure_request=None)
        course = (
            CoursePage.objects.live()
            .filter(**{f"brochure_requests__{name}": value for name, value in lookup.items()})
            .first()
        )
        return LinkResolution(brochure_request=None, expired=True, course=course)
    except signing.BadSignature:
        return LinkResolution(brochure_request=None)
    if lookup is None:
        return LinkResolution(brochure_request=None)
    brochure_request = (
        BrochureRequest.objects.select_related("course", "course__brochure", "lead").filter(**lookup).first()
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


def brochure_link_url(*, brochure_request: BrochureRequest) -> str:
    """The absolute signed download URL for the e-mail, on the configured public base URL."""
    path = reverse("leads:brochure_download", args=[brochure_link_make(brochure_request=brochure_request)])
    return public_url(path=path)


# --- E-mail -------------------------------------------------------------------------------------


def brochure_email_send(*, brochure_request_id: int) -> str:
    """E-mail the signed brochure link; once per request. Mail errors propagate to the job.

    Returns what happened: ``sent``, ``already_sent``, ``skipped`` or ``waiting`` (the
    course has no brochure now: the request waits, and is e-mailed when it has one again).
    The request is claimed before sending, so two jobs for one request send one e-mail.
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
    if brochure_request.is_spam or lead.erased_at or course is None:
        return "skipped"
    if not course_has_brochure(course=course):
        BrochureRequest.objects.filter(pk=brochure_request.pk).update(waiting_for_brochure=True)
        return "waiting"
    claimed = BrochureRequest.objects.filter(pk=brochure_request.pk, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if not claimed:
        return "already_sent"
    context = {
        "lead": lead,
        "course": course,
        "download_url": brochure_link_url(brochure_request=brochure_request),
        "course_url": page_public_url(page=course),
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
    try:
        message.send()
    except BaseException:
        # Not sent: free the claim, so the job's retry (or sales) can see it was never e-mailed.
        BrochureRequest.objects.filter(pk=brochure_request.pk).update(confirmation_sent_at=None)
        raise
    return "sent"


# --- No brochure, no promise ----------------------------------------------------------------------


def course_has_brochure(*, course: CoursePage | None) -> bool:
    """Whether the course has a brochure to hand out: what every promise of the form rests on."""
    return course is not None and course.brochure_id is not None


def course_waiting_requests_send(*, course: CoursePage) -> int:
    """The course has a brochure (again): e-mail it to everyone who asked while it had none.

    Called when the course is published. Returns how many e-mails were queued.
    """
    if not course_has_brochure(course=course):
        return 0
    with transaction.atomic():
        waiting = list(
            BrochureRequest.objects.select_for_update(of=("self",))
            .filter(
                course=course,
                waiting_for_brochure=True,
                is_spam=False,
                confirmation_sent_at__isnull=True,
                lead__erased_at__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        BrochureRequest.objects.filter(pk__in=waiting).update(waiting_for_brochure=False)
        for brochure_request_id in waiting:
            jobs.enqueue(BROCHURE_EMAIL_JOB, brochure_request_id=brochure_request_id)
    if waiting:
        logger.info("Course %s has a brochure again: %s waiting requests queued", course.pk, len(waiting))
    return len(waiting)


def brochure_courses(*, document) -> list[CoursePage]:
    """The courses ``document`` is, or in any saved version was, the brochure of; live ones first.

    A brochure stays private for good: a draft that chose it, or a version that dropped it,
    still makes it one. Revisions are read too, because a live course's draft choice only
    reaches the course's row when it is published.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision

    in_revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(CoursePage), content__brochure=document.pk
    ).values_list("object_id", flat=True)
    ids = {int(object_id) for object_id in in_revisions if str(object_id).isdecimal()}
    courses = CoursePage.objects.filter(Q(brochure=document) | Q(pk__in=ids))
    return sorted(courses, key=lambda course: (not course.live, course.pk))


def brochure_document_refusal(*, document, user) -> CoursePage | None | bool:
    """Whether Wagtail's document view must refuse ``document`` to this user, and where to send them.

    Brochures are handed out only through the form's signed links, whatever collection they
    are in. People who work in the admin may open them there. Returns ``False`` when the
    document may be served, else the live course whose form hands it out (or ``None``).
    """
    if user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return False
    courses = brochure_courses(document=document)
    if not courses:
        return False
    return courses[0] if courses[0].live else None


def brochure_deleted(*, document) -> list[int]:
    """A document is about to be deleted: sales hear about every live course it was the brochure of.

    Those courses keep their form, with the promise to send the brochure when it is ready
    (``course_has_brochure``). Returns the ids of the courses concerned.
    """
    course_ids = list(CoursePage.objects.live().filter(brochure=document).values_list("pk", flat=True))
    for course_id in course_ids:
        jobs.enqueue("leads.tasks.sales_notify_brochure_missing", course_id=course_id)
    return course_ids


# --- Quarantine -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpamRelease:
    """What a release did: whether the lead left quarantine, and how many held requests it sent on."""

    released: bool
    requests: int = 0


def lead_release_from_spam(*, lead: Lead, user) -> SpamRelease:
    """Take a lead and its quarantined requests out of quarantine, and do what quarantine held back.

    Sales' one click (the lead page's button, the listing's "Not spam" action). The spam
    flags are cleared, the consent box the person ticked is recorded, and the brochure
    e-mail, the sales notice and the Mailchimp sync are queued, once: the lead's row is
    locked and only requests still in quarantine are released, so a double click or two
    people at once release nothing twice. A lead Sales marked as spam themselves held
    nothing back: it only loses its flag (and goes to Mailchimp if it may).
    """
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        held = list(
            BrochureRequest.objects.select_for_update(of=("self",))
            .filter(lead=lead, is_spam=True)
            .select_related("course")
            .order_by("created_at", "pk")
        )
        if not lead.is_spam and not held:
            return SpamRelease(released=False)
        now = timezone.now()
        reason = lead.spam_reason or ", ".join(sorted({request.spam_reason for request in held}))
        lead.is_spam = False
        lead.spam_reason = ""
        lead.last_activity_at = now
        BrochureRequest.objects.filter(pk__in=[request.pk for request in held]).update(is_spam=False)
        consent_given = [request for request in held if request.marketing_consent and not lead.erased_at]
        consent_upgraded, reconfirm = _consent_raise(lead=lead) if consent_given else (False, False)
        lead.save(
            update_fields=[
                "is_spam",
                "spam_reason",
                "last_activity_at",
                "marketing_consent",
                "mailchimp_reconfirm",
                "updated_at",
            ]
        )
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.SPAM,
            user=user,
            old_value="true",
            new_value="false",
            # A code, worded in the reader's language (not the releaser's) on display.
            message=timeline.SPAM_RELEASED if held else timeline.SPAM_UNFLAGGED,
            params={"reason": reason},
            created_at=now,
        )
        for request in consent_given:
            _consent_record_from_form(lead=lead, brochure_request=request)
        if consent_upgraded:
            _consent_change_record(lead=lead, reconfirm=reconfirm, at=now, user=user)
        if lead.mailchimp_state != Lead.MailchimpState.SYNCED or consent_upgraded:
            mailchimp.lead_queue_mailchimp_sync(lead=lead)
        # It reaches sales now: an owner (unless it has one) and a first-contact due time from this moment.
        assignment.lead_assign(lead=lead, at=now, by=user)
        for request in held:
            request.is_spam = False
            request.lead = lead
            if not course_has_brochure(course=request.course) and not request.waiting_for_brochure:
                request.waiting_for_brochure = True
                BrochureRequest.objects.filter(pk=request.pk).update(waiting_for_brochure=True)
            _request_jobs_enqueue(brochure_request=request)
    logger.info("Lead %s released from quarantine with %s requests", lead.pk, len(held))
    return SpamRelease(released=True, requests=len(held))
