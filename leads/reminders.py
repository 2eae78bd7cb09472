"""E-mails to lead owners: "this lead is yours", "first contact is overdue" and the morning digest.

Reminders are planned as rows (``LeadReminder``) whose unique constraints allow one
reminder per lead per day, one per due time and one digest per owner per day; two
workers planning at once make one row. Delivery claims a row with a short lease before
sending, so two workers never send the same reminder, and a mail server that is down
leaves the row unsent for the next run: reminders are delayed, never lost.

Every e-mail is written in the owner's admin language and holds no more personal data
than the admin shows that owner: someone who may not view leads gets the link only.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from leads.admin.access import user_can
from leads.first_contact import leads_awaiting_first_contact, leads_needing_action
from leads.models import Lead, LeadReminder
from leads.retry import MAIL_ERRORS
from leads.sales import lead_admin_url, owner_agenda
from leads.working_hours import is_working_day, local_date, working_duration_text, working_time_between

logger = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=5)
# A lead that became overdue longer ago than this (the scheduler was off, or the feature is
# new) gets no separate reminder: the morning digest lists it instead of a flood of mails.
OVERDUE_REMINDER_WINDOW = datetime.timedelta(days=2)
# The server refused the one recipient (a mailbox removed when someone left): that reminder
# waits, the run goes on. Any other mail error means the server is down, and stops the run.
RECIPIENT_REFUSED = (smtplib.SMTPRecipientsRefused,)
DIGEST_LIST_LIMIT = 20


def _admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _language(user) -> str:
    return UserProfile.get_for_user(user).get_preferred_language()


@dataclass
class OwnerMail:
    subject: str
    body: str


def _render(name: str, owner, context: dict) -> OwnerMail:
    """Subject and body from ``leads/email/owner_<name>_{subject,body}.txt``, in the owner's language."""
    context = {"owner": owner, "can_view": user_can(owner, "view"), **context}
    with translation.override(_language(owner)):
        subject = render_to_string(f"leads/email/owner_{name}_subject.txt", context)
        body = render_to_string(f"leads/email/owner_{name}.txt", context)
    return OwnerMail(subject=" ".join(subject.split()), body=body)


def _send(owner, mail: OwnerMail) -> None:
    EmailMessage(subject=mail.subject, body=mail.body, to=[owner.email]).send()


def _course_title(lead: Lead) -> str:
    latest = lead.requests.order_by("-created_at", "-pk").first()
    return latest.course_title if latest else ""


# --- "This lead is yours" ---------------------------------------------------------------------------


def lead_owner_notify(*, lead_id: int, owner_id: int) -> str:
    """Tell the owner a lead is theirs. Returns what happened; mail errors propagate to the job."""
    lead = Lead.objects.select_related("owner").filter(pk=lead_id).first()
    if lead is None or lead.owner_id != owner_id or lead.is_spam or lead.erased_at is not None:
        return "skipped"  # reassigned, marked as spam or erased since
    owner = lead.owner
    if not owner.is_active or not owner.email:
        return "no_address"
    context = {
        "lead": lead,
        "course": _course_title(lead),
        "lead_url": lead_admin_url(lead=lead),
        "due_at": lead.first_contact_due_at if lead.first_contacted_at is None else None,
    }
    _send(owner, _render("assigned", owner, context))
    logger.info("Owner %s told about lead %s", owner.pk, lead.pk)
    return "sent"


# --- Planning ---------------------------------------------------------------------------------------


def reminders_plan_overdue(*, now: datetime.datetime | None = None) -> int:
    """Plan one reminder for each lead that became overdue; returns how many were planned now."""
    now = now or timezone.now()
    overdue = (
        leads_awaiting_first_contact()
        .filter(owner__isnull=False, owner__is_active=True)
        .filter(first_contact_due_at__lte=now, first_contact_due_at__gt=now - OVERDUE_REMINDER_WINDOW)
        .exclude(reminders__kind=LeadReminder.Kind.OVERDUE, reminders__due_at=F("first_contact_due_at"))
    )
    day = local_date(now)
    rows = [
        LeadReminder(
            kind=LeadReminder.Kind.OVERDUE,
            owner_id=owner_id,
            lead_id=lead_id,
            day=day,
            due_at=due_at,
            created_at=now,
        )
        for lead_id, owner_id, due_at in overdue.values_list("pk", "owner_id", "first_contact_due_at")
    ]
    # The unique constraints decide: a row another worker (or an earlier reminder today) made wins.
    before = LeadReminder.objects.filter(kind=LeadReminder.Kind.OVERDUE, day=day).count()
    LeadReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return LeadReminder.objects.filter(kind=LeadReminder.Kind.OVERDUE, day=day).count() - before


def reminders_plan_digest(*, now: datetime.datetime | None = None) -> int:
    """Plan this working morning's digest for every owner with something to do today."""
    now = now or timezone.now()
    day = local_date(now)
    if not is_working_day(day):
        return 0
    owner_ids = (
        leads_needing_action(now=now)
        .filter(owner__isnull=False, owner__is_active=True)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    rows = [
        LeadReminder(kind=LeadReminder.Kind.DIGEST, owner_id=owner_id, day=day, created_at=now)
        for owner_id in set(owner_ids)
    ]
    before = LeadReminder.objects.filter(kind=LeadReminder.Kind.DIGEST, day=day).count()
    LeadReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return LeadReminder.objects.filter(kind=LeadReminder.Kind.DIGEST, day=day).count() - before


# --- Delivery ---------------------------------------------------------------------------------------


def _overdue_mail(reminder: LeadReminder, *, now: datetime.datetime) -> tuple[object, OwnerMail] | None:
    """The reminder for its lead's current owner, or ``None`` when it no longer applies."""
    lead = leads_awaiting_first_contact().select_related("owner").filter(pk=reminder.lead_id).first()
    if lead is None or lead.owner is None or not lead.owner.is_active or not lead.owner.email:
        return None  # contacted, closed, spam, erased or unassigned since it was planned
    owner = lead.owner
    context = {
        "lead": lead,
        "course": _course_title(lead),
        "lead_url": lead_admin_url(lead=lead),
        "due_at": lead.first_contact_due_at,
        "late_by": working_duration_text(working_time_between(start=lead.first_contact_due_at, end=now)),
    }
    return owner, _render("overdue", owner, context)


def _digest_mail(reminder: LeadReminder, *, now: datetime.datetime) -> tuple[object, OwnerMail] | None:
    owner = reminder.owner
    if not owner.is_active or not owner.email:
        return None
    newer = LeadReminder.objects.filter(kind=LeadReminder.Kind.DIGEST, owner=owner, day__gt=reminder.day)
    if newer.exists() or not leads_needing_action(now=now).filter(owner=owner).exists():
        return None  # a newer digest replaces it, or nothing is left to do
    agenda = owner_agenda(user=owner, now=now, limit=DIGEST_LIST_LIMIT)
    listing = _admin_url(reverse("leads_admin:index"))
    context = {
        "agenda": agenda,
        "day": reminder.day,
        "dashboard_url": _admin_url(reverse("wagtailadmin_home")),
        "overdue_url": f"{listing}?owner={owner.pk}&first_contact=overdue",
    }
    for lead in _agenda_leads(agenda):
        lead.admin_url = lead_admin_url(lead=lead)
    return owner, _render("digest", owner, context)


def _agenda_leads(agenda) -> list[Lead]:
    return [
        *(item.lead for item in agenda.overdue),
        *(item.lead for item in agenda.due_today),
        *agenda.follow_ups_overdue,
        *agenda.follow_ups_upcoming,
    ]


def _claim(reminder_id: int, *, now: datetime.datetime) -> bool:
    """Take the reminder for this worker for a few minutes; ``False`` when another one has it or it is done."""
    return bool(
        LeadReminder.objects.filter(pk=reminder_id, sent_at__isnull=True, skipped_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_LEASE)
    )


def reminders_deliver(*, now: datetime.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send the planned reminders that are not sent yet. Returns counts of sent, skipped, busy and failed.

    A mail server error stops the run (the server is down): the reminder keeps its row,
    unsent, and the next run tries it again. A refused recipient only holds up its own
    reminder: the run goes on with the next.
    """
    counts = {"sent": 0, "skipped": 0, "busy": 0, "failed": 0}
    pending = LeadReminder.objects.filter(sent_at__isnull=True, skipped_at__isnull=True).order_by("pk")
    for reminder_id in list(pending.values_list("pk", flat=True)[:limit]):
        now_ = now or timezone.now()
        if not _claim(reminder_id, now=now_):
            counts["busy"] += 1
            continue
        reminder = LeadReminder.objects.select_related("owner").get(pk=reminder_id)
        build = _overdue_mail if reminder.kind == LeadReminder.Kind.OVERDUE else _digest_mail
        found = build(reminder, now=now_)
        if found is None:
            LeadReminder.objects.filter(pk=reminder_id).update(skipped_at=now_, claimed_until=None)
            counts["skipped"] += 1
            continue
        owner, mail = found
        try:
            _send(owner, mail)
        except MAIL_ERRORS as error:
            LeadReminder.objects.filter(pk=reminder_id).update(
                claimed_until=None, attempts=F("attempts") + 1, last_error=type(error).__name__
            )
            counts["failed"] += 1
            if isinstance(error, RECIPIENT_REFUSED):
                # This owner's mailbox, not the server: the others still get theirs. The row
                # stays unsent and goes to the lead's current owner on a later run.
                logger.warning("Reminder %s not sent, its recipient was refused", reminder_id)
                continue
            logger.warning("Reminder %s not sent, mail server error: %s", reminder_id, type(error).__name__)
            break
        LeadReminder.objects.filter(pk=reminder_id).update(
            sent_at=timezone.now(), claimed_until=None, attempts=F("attempts") + 1, owner=owner
        )
        counts["sent"] += 1
    return counts


def lead_reminders_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The every-few-minutes job: plan reminders for leads that became overdue, send whatever waits."""
    planned = reminders_plan_overdue(now=now)
    return {"planned": planned, **reminders_deliver(now=now)}


def follow_up_digest_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The working-morning job: plan each owner's digest, then send whatever waits."""
    planned = reminders_plan_digest(now=now)
    return {"planned": planned, **reminders_deliver(now=now)}
