"""The sales desk: following up leads, and telling sales about new brochure requests.

Every change a salesperson makes lands on the lead's timeline (``LeadActivity``) with
who and when. Views, bulk actions and the notification task only call these functions.
"""

import datetime
import logging
from dataclasses import dataclass
from smtplib import SMTPException
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from leads import assignment, mailchimp, services, timeline
from leads.audit import SALES_ROUTING_CHANGE
from leads.first_contact import FirstContactState, lead_first_contact_record, leads_in_state, leads_open
from leads.models import BrochureRequest, CoursePage, Lead, LeadActivity, LeadSettings
from leads.models.settings import SALES_GROUP
from leads.working_hours import working_duration_text, working_time_between
from website.links import public_url
from website.text import single_line

UPCOMING_FOLLOW_UP_DAYS = 7

logger = logging.getLogger(__name__)

MARKETING_GROUP = "Marketing"


def _record(*, lead: Lead, kind: str, user, message: str = "", old: str = "", new: str = "") -> LeadActivity:
    now = timezone.now()
    Lead.objects.filter(pk=lead.pk).update(last_activity_at=now, updated_at=now)
    lead.last_activity_at = now
    return LeadActivity.objects.create(
        lead=lead, kind=kind, user=user, message=message, old_value=old[:100], new_value=new[:100], created_at=now
    )


def sales_owner_choices() -> QuerySet:
    """Who may own a lead: active members of the Sales group, and superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=SALES_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


@transaction.atomic
def lead_change_status(*, lead: Lead, status: str, user, note: str = "") -> Lead:
    """Move the lead to ``status``; the note, if any, goes on the timeline with the change."""
    if status not in Lead.Status.values:
        raise ValueError(f"Unknown lead status: {status}")
    if status == lead.status:
        if note:
            lead_add_note(lead=lead, note=note, user=user)
        return lead
    old = lead.status
    lead.status = status
    Lead.objects.filter(pk=lead.pk).update(status=status)
    activity = _record(lead=lead, kind=LeadActivity.Kind.STATUS, user=user, message=note, old=old, new=status)
    if old == Lead.Status.NEW:
        # Moving a lead on from New means someone was in touch: that is its first contact.
        lead_first_contact_record(lead=lead, at=activity.created_at)
    return lead


@transaction.atomic
def lead_log_contact(*, lead: Lead, user, channel: str, outcome: str, note: str = "") -> LeadActivity:
    """A call, e-mail or meeting with its outcome; the first one stops the first-contact clock."""
    if channel not in LeadActivity.Channel.values:
        raise ValueError(f"Unknown contact channel: {channel}")
    if outcome not in LeadActivity.Outcome.values:
        raise ValueError(f"Unknown contact outcome: {outcome}")
    activity = _record(lead=lead, kind=LeadActivity.Kind.CONTACT, user=user, message=note.strip())
    LeadActivity.objects.filter(pk=activity.pk).update(channel=channel, outcome=outcome)
    activity.channel, activity.outcome = channel, outcome
    lead_first_contact_record(lead=lead, at=activity.created_at)
    return activity


@transaction.atomic
def lead_assign_owner(*, lead: Lead, owner, user) -> Lead:
    """Give the lead to ``owner`` (``None`` leaves it unassigned)."""
    if (owner.pk if owner else None) == lead.owner_id:
        return lead
    old = lead.owner.get_username() if lead.owner_id and lead.owner else ""
    lead.owner = owner
    Lead.objects.filter(pk=lead.pk).update(owner=owner)
    _record(lead=lead, kind=LeadActivity.Kind.OWNER, user=user, old=old, new=owner.get_username() if owner else "")
    if owner is not None and owner.pk != getattr(user, "pk", None):  # "assign to me" tells nobody
        assignment.lead_owner_notify_queue(lead=lead, owner=owner)
    return lead


@transaction.atomic
def lead_add_note(*, lead: Lead, note: str, user) -> LeadActivity | None:
    """A free-text note on the timeline."""
    note = note.strip()
    if not note:
        return None
    return _record(lead=lead, kind=LeadActivity.Kind.NOTE, user=user, message=note)


@transaction.atomic
def lead_set_follow_up(*, lead: Lead, next_follow_up: datetime.date | None, next_step: str, user) -> Lead:
    """Plan the next follow-up (date and what to do)."""
    next_step = next_step.strip()
    if next_follow_up == lead.next_follow_up and next_step == lead.next_step:
        return lead
    lead.next_follow_up = next_follow_up
    lead.next_step = next_step
    Lead.objects.filter(pk=lead.pk).update(next_follow_up=next_follow_up, next_step=next_step)
    _record(
        lead=lead,
        kind=LeadActivity.Kind.FOLLOW_UP,
        user=user,
        message=next_step,
        new=next_follow_up.isoformat() if next_follow_up else "",
    )
    return lead


@transaction.atomic
def lead_follow_up(
    *,
    lead: Lead,
    user,
    status: str,
    owner,
    next_follow_up: datetime.date | None,
    next_step: str,
    note: str = "",
) -> Lead:
    """Everything the follow-up form on a lead's page changes, in one go."""
    if status != lead.status:
        lead_change_status(lead=lead, status=status, user=user, note=note)
    elif note.strip():
        lead_add_note(lead=lead, note=note, user=user)
    lead_assign_owner(lead=lead, owner=owner, user=user)
    lead_set_follow_up(lead=lead, next_follow_up=next_follow_up, next_step=next_step, user=user)
    return lead


@transaction.atomic
def lead_mark_spam(*, lead: Lead, is_spam: bool, user, reason: str = "") -> Lead:
    """Flag the lead as spam (it leaves reports and is never sent to Mailchimp) or clear the flag.

    Clearing it releases the lead and its quarantined requests (``lead_release_from_spam``):
    what quarantine held back (brochure e-mail, sales notice, Mailchimp) then happens, once.
    """
    if not is_spam:
        services.lead_release_from_spam(lead=lead, user=user)
        lead.refresh_from_db()
        return lead
    if lead.is_spam:
        return lead
    lead.is_spam = is_spam
    lead.spam_reason = (reason or "marked by sales")[:100] if is_spam else ""
    Lead.objects.filter(pk=lead.pk).update(is_spam=lead.is_spam, spam_reason=lead.spam_reason)
    _record(
        lead=lead,
        kind=LeadActivity.Kind.SPAM,
        user=user,
        message=lead.spam_reason,
        old=str(not is_spam).lower(),
        new=str(is_spam).lower(),
    )
    return lead


def lead_retry_mailchimp(*, lead: Lead, user) -> bool:
    """Queue the lead's Mailchimp sync again; returns whether a job was queued."""
    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(mailchimp_attempts=0, mailchimp_next_attempt_at=None)
        queued = mailchimp.lead_queue_mailchimp_sync(lead=lead)
        _record(
            lead=lead,
            kind=LeadActivity.Kind.MAILCHIMP,
            user=user,
            message=timeline.SYNC_REQUEUED if queued else timeline.SYNC_NOT_QUEUED,
            new=lead.mailchimp_state,
        )
    return queued


def lead_admin_url(*, lead: Lead) -> str:
    return public_url(path=reverse("leads_admin:inspect", args=[lead.pk]))


def sales_routing_addresses(raw: str) -> list[str]:
    """The addresses in a "notify sales" field: separated by commas or semicolons."""
    return [address.strip() for address in (raw or "").replace(";", ",").split(",") if address.strip()]


def _deliverable(addresses: list[str]) -> list[str]:
    """The addresses a mail server can be given; a typo in a setting must not stop the others."""
    valid = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            continue
        valid.append(address)
    if len(valid) < len(addresses):
        logger.warning("%s sales notification address(es) skipped: not an e-mail address", len(addresses) - len(valid))
    return valid


def sales_recipients(*, brochure_request: BrochureRequest) -> list[str]:
    """The course's own addresses, else the site-wide address from LeadSettings."""
    recipients = []
    if brochure_request.course_id and brochure_request.course:
        recipients = _deliverable(sales_routing_addresses(brochure_request.course.sales_notification_emails))
    if not recipients:
        site = Site.objects.filter(is_default_site=True).first()
        raw = LeadSettings.for_site(site).sales_notification_email if site else ""
        recipients = _deliverable(sales_routing_addresses(raw))
    return recipients


# Where notifications go is a sales decision (issue 13.2): the fields are shown and taken
# only for users with ``SALES_ROUTING_PERMISSION`` (``FieldPanel(permission=...)``), and
# every change, whoever or whatever makes it, is written to the audit log.


def sales_routing_change(*, instance, field_name: str, update_fields=None) -> tuple[list[str], list[str]] | None:
    """``(old, new)`` addresses when saving ``instance`` changes its "notify sales" field, else ``None``.

    Call before saving: it compares with what the database holds (one query).
    """
    if update_fields is not None and field_name not in update_fields:
        return None
    new = sales_routing_addresses(getattr(instance, field_name))
    stored = None
    if instance.pk is not None:
        stored = type(instance)._default_manager.filter(pk=instance.pk).values_list(field_name, flat=True).first()
    old = sales_routing_addresses(stored or "")
    return (old, new) if old != new else None


def sales_routing_log(*, instance, change: tuple[list[str], list[str]]) -> None:
    """Write a change of notification addresses to the audit log, with the acting admin user."""
    old, new = change
    log(instance=instance, action=SALES_ROUTING_CHANGE, data={"old": old, "new": new})
    logger.info("Sales notification addresses of %s %s changed", instance._meta.label, instance.pk)


def _sales_message(*, brochure_request: BrochureRequest) -> tuple[str, str]:
    """Subject and body of the sales e-mail. Visitor text is made one line of plain text
    (no line breaks or control characters): a header cannot break, a line cannot be forged."""
    lead = brochure_request.lead
    course_title = single_line(brochure_request.course_title, max_length=120)
    source = brochure_request.source_page.title if brochure_request.source_page else brochure_request.source_url
    source = single_line(source, max_length=200)
    campaign = single_line(brochure_request.utm_campaign)
    if campaign:
        source = f"{source} (campagne: {campaign})" if source else campaign
    lines = [
        "Er is een nieuwe brochure-aanvraag binnengekomen.",
        "",
        f"Naam: {single_line(lead.full_name)}",
        f"Bedrijf: {single_line(lead.company)}",
        f"Functie: {lead.get_role_display()}",
        f"Training: {course_title}",
        f"Bron: {source or 'onbekend'}",
        "",
        *_brochure_state_lines(brochure_request=brochure_request),
        f"Bekijk de lead in het beheer: {lead_admin_url(lead=lead)}",
    ]
    subject = f"Nieuwe lead: {single_line(lead.company, max_length=60)} – {course_title}"
    return subject, "\n".join(lines) + "\n"


def _sales_minimal_message(*, brochure_request: BrochureRequest) -> tuple[str, str]:
    """The e-mail when the full one cannot be sent: ids and a link, no visitor text at all."""
    subject = f"Nieuwe lead {brochure_request.lead_id}"
    body = (
        f"Er is een nieuwe brochure-aanvraag binnengekomen (lead {brochure_request.lead_id}).\n"
        "De gegevens konden niet in deze e-mail worden gezet; bekijk ze in het beheer:\n"
        f"{lead_admin_url(lead=brochure_request.lead)}\n"
    )
    return subject, body


def sales_notify_new_request(*, brochure_request_id: int) -> str:
    """E-mail sales a short Dutch message about a brochure request. Returns what happened.

    Raises mail server errors (``SMTPException``, ``OSError``), so the task can retry. A
    message that can never be sent as built (a header Django refuses, an address it cannot
    encode) is not a dead end: sales get the minimal message with the link to the lead, and
    if even that fails the lead's timeline says so. Nothing logged names the person.
    """
    brochure_request = (
        BrochureRequest.objects.select_related("lead", "course", "source_page").filter(pk=brochure_request_id).first()
    )
    if brochure_request is None:
        return "missing"
    lead = brochure_request.lead
    if brochure_request.is_spam or lead.is_spam or lead.erased_at:
        return "skipped"
    recipients = sales_recipients(brochure_request=brochure_request)
    if not recipients:
        return "no_recipients"

    outcome = "sent"
    for build in (_sales_message, _sales_minimal_message):
        subject, body = build(brochure_request=brochure_request)
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
        except (SMTPException, OSError):
            raise  # the mail server: the task retries
        except Exception as error:  # the message itself cannot be sent (BadHeaderError...): try the plainer one
            logger.warning(
                "Sales e-mail for brochure request %s could not be built: %s", brochure_request.pk, type(error).__name__
            )
            outcome = "sent_minimal"
            continue
        logger.info("Sales notified of brochure request %s", brochure_request.pk)
        return outcome
    _record(
        lead=lead,
        kind=LeadActivity.Kind.NOTE,
        user=None,
        message="Sales could not be e-mailed about this brochure request: check the notification addresses.",
    )
    logger.error("Sales could not be e-mailed about brochure request %s", brochure_request.pk)
    return "failed"


def _brochure_state_lines(*, brochure_request: BrochureRequest) -> list[str]:
    """What sales must know when the visitor did not get the brochure at once."""
    if not brochure_request.waiting_for_brochure:
        return []
    return [
        "Let op: deze training heeft op dit moment geen brochure. De aanvrager kreeg te lezen dat we "
        "de brochure sturen zodra hij klaar is. Kies een nieuwe brochure op de trainingspagina en "
        "publiceer die: wie wacht, krijgt hem dan vanzelf per e-mail.",
        "",
    ]


def sales_notify_brochure_missing(*, course_id: int) -> str:
    """Tell sales that a live course lost its brochure (its document was deleted). Returns what happened.

    Raises on mail server errors, so the task can retry.
    """
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None or not course.live or services.course_has_brochure(course=course):
        return "skipped"
    recipients = sales_recipients(brochure_request=BrochureRequest(course=course))
    if not recipients:
        return "no_recipients"
    lines = [
        f"De brochure van de training {course.title} is verwijderd, terwijl de pagina online staat.",
        "",
        "Bezoekers kunnen de brochure nog aanvragen; het formulier belooft nu dat we hem sturen zodra hij "
        "klaar is. Kies een nieuwe brochure op de trainingspagina en publiceer die: wie intussen vraagt, "
        "krijgt hem dan vanzelf per e-mail.",
        "",
        f"De pagina in het beheer: {public_url(path=reverse('wagtailadmin_pages:edit', args=[course.pk]))}",
    ]
    send_mail(
        subject="Brochure ontbreekt: " + " ".join(course.title.split()),
        message="\n".join(lines) + "\n",
        from_email=None,
        recipient_list=recipients,
    )
    logger.info("Sales told that course %s has no brochure", course.pk)
    return "sent"


@dataclass
class DueLead:
    """A lead on someone's list, with how late or how soon it is in working time."""

    lead: Lead
    when: str  # "2 h 15 min" of working time, overdue or left


@dataclass
class OwnerAgenda:
    """What one owner has to do: first contacts overdue and due today, follow-ups overdue and upcoming."""

    overdue: list[DueLead]
    due_today: list[DueLead]
    follow_ups_overdue: list[Lead]
    follow_ups_upcoming: list[Lead]


def owner_agenda(*, user, now: datetime.datetime | None = None, limit: int = 10) -> OwnerAgenda:
    """One rule for the dashboard and the morning digest: what is the owner's to do, in working-hours terms."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    mine = Lead.objects.filter(owner=user).order_by("first_contact_due_at", "pk")
    overdue = leads_in_state(queryset=mine, state=FirstContactState.OVERDUE, now=now)[:limit]
    due_today = leads_in_state(queryset=mine, state=FirstContactState.DUE_TODAY, now=now)[:limit]
    follow_ups = leads_open().filter(owner=user, next_follow_up__isnull=False)
    return OwnerAgenda(
        overdue=[
            DueLead(lead, working_duration_text(working_time_between(start=lead.first_contact_due_at, end=now)))
            for lead in overdue
        ],
        due_today=[
            DueLead(lead, working_duration_text(working_time_between(start=now, end=lead.first_contact_due_at)))
            for lead in due_today
        ],
        follow_ups_overdue=list(follow_ups.filter(next_follow_up__lt=today).order_by("next_follow_up", "pk")[:limit]),
        follow_ups_upcoming=list(
            follow_ups.filter(
                next_follow_up__gte=today, next_follow_up__lte=today + datetime.timedelta(days=UPCOMING_FOLLOW_UP_DAYS)
            ).order_by("next_follow_up", "pk")[:limit]
        ),
    )


def sales_dashboard_leads(*, user, limit: int = 10) -> dict:
    """What the dashboard panel shows: the user's agenda and the newest leads."""
    new_leads = list(
        Lead.objects.filter(status=Lead.Status.NEW, is_spam=False, erased_at__isnull=True)
        .select_related("owner")
        .order_by("-created_at", "-pk")[:limit]
    )
    return {"new_leads": new_leads, "agenda": owner_agenda(user=user, limit=limit)}


def lead_email_draft_url(*, lead: Lead, user) -> str:
    """A ``mailto:`` link that opens the user's own mail client with a Dutch opening naming the course."""
    latest = lead.requests.order_by("-created_at", "-pk").first()
    course = latest.course_title if latest else ""
    greeting = _("Beste %(name)s,") % {"name": lead.first_name} if lead.first_name else _("Beste heer/mevrouw,")
    if course:
        subject = _("Uw brochure van %(course)s") % {"course": course}
        opening = _(
            "Bedankt voor uw interesse in de training %(course)s. Graag vertel ik u er meer over: "
            "wanneer kan ik u het beste bellen?"
        ) % {"course": course}
    else:
        subject = _("Uw aanvraag bij Covalis")
        opening = _("Bedankt voor uw interesse in onze trainingen. Wanneer kan ik u het beste bellen?")
    closing = _("Met vriendelijke groet,")
    signature = user.get_full_name() or user.get_username()
    body = f"{greeting}\n\n{opening}\n\n{closing}\n{signature}\n"
    return f"mailto:{quote(lead.email, safe='@')}?subject={quote(subject)}&body={quote(body)}"
