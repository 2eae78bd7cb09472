"""The first-contact deadline (issue 17): when a lead is due, what counts as contact, who is late.

Each request on a lead nobody has contacted yet is due a number of working hours (a
setting, default 4) after it reaches sales; the lead is due by its earliest open due
time. The first logged contact (call, e-mail, meeting) or the first status change away
from New stops the clock, and the working time it took is stored.

The states below are the one definition the listing's column and filter, the dashboard,
the reminders and the report share.
"""

import datetime

from django.db.models import F, Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.models import BrochureRequest, Lead, LeadSettings
from leads.working_hours import working_day_end, working_time_add, working_time_between

# A lead in one of these states needs nothing more from sales: no reminders, not "open".
CLOSED_STATUSES = (Lead.Status.ENROLLED, Lead.Status.LOST)


class FirstContactState(TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE_TODAY = "due_today", _("Due today")
    WAITING = "waiting", _("Not contacted yet")
    ON_TIME = "on_time", _("Contacted in time")
    LATE = "late", _("Deadline missed")


def first_contact_due(*, start: datetime.datetime, hours: int) -> datetime.datetime:
    """When first contact is due for something that reached sales at ``start``."""
    return working_time_add(start=start, duration=datetime.timedelta(hours=hours))


def leads_open() -> QuerySet:
    """Leads sales still work on: not spam, not erased, not enrolled or lost."""
    return Lead.objects.filter(is_spam=False, erased_at__isnull=True).exclude(status__in=CLOSED_STATUSES)


def leads_awaiting_first_contact() -> QuerySet:
    """Open leads with a first-contact due time and no contact yet."""
    return leads_open().filter(first_contacted_at__isnull=True, first_contact_due_at__isnull=False)


def leads_in_state(*, queryset: QuerySet, state: str, now: datetime.datetime) -> QuerySet:
    """``queryset`` narrowed to leads in first-contact ``state`` at ``now``."""
    awaiting = queryset.filter(pk__in=leads_awaiting_first_contact().values("pk"))
    end_of_today = working_day_end(day=timezone.localdate(now))
    contacted = queryset.filter(first_contacted_at__isnull=False, first_contact_due_at__isnull=False)
    if state == FirstContactState.OVERDUE:
        return awaiting.filter(first_contact_due_at__lt=now)
    if state == FirstContactState.DUE_TODAY:
        return awaiting.filter(first_contact_due_at__gte=now, first_contact_due_at__lte=end_of_today)
    if state == FirstContactState.WAITING:
        return awaiting.filter(first_contact_due_at__gte=now)
    if state == FirstContactState.ON_TIME:
        return contacted.filter(first_contacted_at__lte=F("first_contact_due_at"))
    if state == FirstContactState.LATE:
        late = Q(pk__in=contacted.filter(first_contacted_at__gt=F("first_contact_due_at")).values("pk"))
        return queryset.filter(late | Q(pk__in=awaiting.filter(first_contact_due_at__lt=now).values("pk")))
    raise ValueError(f"Unknown first-contact state: {state}")


def lead_first_contact_state(*, lead: Lead, now: datetime.datetime) -> str:
    """The state of one lead, as ``leads_in_state`` would put it; ``""`` when it has no due time."""
    due, contacted = lead.first_contact_due_at, lead.first_contacted_at
    if due is None:
        return ""
    if contacted is not None:
        return FirstContactState.ON_TIME if contacted <= due else FirstContactState.LATE
    if lead.is_spam or lead.erased_at is not None or lead.status in CLOSED_STATUSES:
        return ""
    if due < now:
        return FirstContactState.OVERDUE
    if due <= working_day_end(day=timezone.localdate(now)):
        return FirstContactState.DUE_TODAY
    return FirstContactState.WAITING


def leads_needing_action(*, now: datetime.datetime) -> QuerySet:
    """Open leads with something to do today: first contact due today or late, or a follow-up due or late."""
    today = timezone.localdate(now)
    first_contact = Q(first_contacted_at__isnull=True, first_contact_due_at__lte=working_day_end(day=today))
    return leads_open().filter(first_contact | Q(next_follow_up__lte=today))


def first_contact_clock_start(
    *, lead: Lead, requests: list[BrochureRequest], at: datetime.datetime, settings: LeadSettings
) -> None:
    """Give each request a due time and the lead its earliest open one, unless someone already made contact."""
    if lead.first_contacted_at is not None or not requests:
        return
    due = first_contact_due(start=at, hours=settings.first_contact_hours)
    BrochureRequest.objects.filter(pk__in=[request.pk for request in requests]).update(first_contact_due_at=due)
    for request in requests:
        request.first_contact_due_at = due
    if lead.first_contact_due_at is None or due < lead.first_contact_due_at:
        lead.first_contact_due_at = due
    if lead.contact_clock_started_at is None:
        lead.contact_clock_started_at = at
    Lead.objects.filter(pk=lead.pk).update(
        first_contact_due_at=lead.first_contact_due_at, contact_clock_started_at=lead.contact_clock_started_at
    )


def lead_first_contact_record(*, lead: Lead, at: datetime.datetime | None = None) -> bool:
    """Stop the lead's first-contact clock at ``at``; ``False`` when contact was already made.

    Called for the first logged contact and for the first status change away from New.
    The working time it took is stored, so the report does not change with later calendars.
    """
    at = at or timezone.now()
    lead.refresh_from_db(fields=["contact_clock_started_at", "first_contacted_at"])
    if lead.first_contacted_at is not None:
        return False
    seconds = None
    if lead.contact_clock_started_at is not None:
        seconds = int(working_time_between(start=lead.contact_clock_started_at, end=at).total_seconds())
    updated = Lead.objects.filter(pk=lead.pk, first_contacted_at__isnull=True).update(
        first_contacted_at=at, first_contact_working_seconds=seconds
    )
    if updated:
        lead.first_contacted_at = at
        lead.first_contact_working_seconds = seconds
    return bool(updated)
