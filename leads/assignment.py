"""Who follows a lead up: automatic assignment (issue 17).

A new, non-spam lead goes to its course's sales owner, otherwise to the next person in a
round-robin over the active members of the Sales group (Settings → Leads and Mailchimp
says whether assignment is on, who is in the rotation and who is away). A returning lead
keeps its owner. Handing a lead to sales also starts its first-contact clock
(``leads.first_contact``).

``lead_assign`` is the one entry point: the brochure capture calls it for every non-spam
request, and releasing a lead from spam calls it at that moment.
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from leads.first_contact import first_contact_clock_start
from leads.models import AssignmentRotation, BrochureRequest, CoursePage, Lead, LeadActivity, LeadSettings
from leads.models.settings import sales_members
from leads.working_hours import local_date
from website import jobs

logger = logging.getLogger(__name__)

ROTATION_PK = 1

# Stored as the message of a system "owner changed" activity; the admin shows it in the user's words.
ASSIGNED_COURSE_OWNER = "auto:course_owner"
ASSIGNED_ROTATION = "auto:rotation"


def lead_settings_current() -> LeadSettings:
    """The settings of the default site (one sales team for the whole site)."""
    site = Site.objects.filter(is_default_site=True).first()
    return LeadSettings.for_site(site) if site else LeadSettings()


# --- Who ------------------------------------------------------------------------------------------


def _available(settings: LeadSettings, *, on: datetime.date):
    """Active Sales members not away on ``on``."""
    away = settings.absences.filter(back_on__gt=on).values("user_id") if settings.pk else []
    return get_user_model().objects.filter(sales_members()).exclude(pk__in=away).distinct()


def rotation_candidates(*, settings: LeadSettings, on: datetime.date) -> list:
    """Who takes turns on ``on``, in rotation order: the ticked members (all of Sales if none), minus who is away."""
    candidates = _available(settings, on=on)
    if settings.pk and settings.rotation_members.exists():
        candidates = candidates.filter(pk__in=settings.rotation_members.values("pk"))
    return list(candidates.order_by("pk"))


def _rotation_locked() -> AssignmentRotation:
    AssignmentRotation.objects.get_or_create(pk=ROTATION_PK)
    return AssignmentRotation.objects.select_for_update().get(pk=ROTATION_PK)


def rotation_next(*, settings: LeadSettings, at: datetime.datetime):
    """The next person in the round-robin (``None`` when nobody is available); moves the rotation on.

    Must run inside the caller's transaction: the rotation row stays locked until it
    commits, so a concurrent capture waits and then sees this pick.
    """
    rotation = _rotation_locked()
    candidates = rotation_candidates(settings=settings, on=local_date(at))
    if not candidates:
        return None
    last = rotation.last_user_id
    after = [user for user in candidates if last is not None and user.pk > last]
    pick = after[0] if after else candidates[0]
    rotation.last_user = pick
    rotation.last_assigned_at = at
    rotation.save(update_fields=["last_user", "last_assigned_at"])
    return pick


def _course_owner(course: CoursePage | None, *, settings: LeadSettings, on: datetime.date):
    if course is None or not course.sales_owner_id:
        return None
    return _available(settings, on=on).filter(pk=course.sales_owner_id).first()


def _owner_is_active(lead: Lead) -> bool:
    return bool(lead.owner_id) and lead.owner is not None and lead.owner.is_active


# --- The entry point -------------------------------------------------------------------------------


def lead_assign(
    *,
    lead: Lead,
    brochure_request: BrochureRequest | None = None,
    at: datetime.datetime | None = None,
    by=None,
):
    """Hand a non-spam lead to sales: start its first-contact clock and give it an owner if it has none.

    ``brochure_request`` is the request that just arrived (capture); without it (a lead
    released from spam) every request of the lead that has no due time yet starts now.
    The owner is the course's sales owner when available, otherwise the next person in
    the rotation; a lead with an active owner keeps it. The timeline records that the
    system assigned it, and the new owner is told by e-mail (a job, in this transaction),
    unless the owner is ``by``, the person whose click handed the lead to sales (a release
    from spam): they know, and a mail about their own click is noise.

    Call it inside the transaction that saves the lead (it locks the rotation row until
    that commits). Returns the lead; spam and erased leads are left alone.
    """
    if lead.is_spam or lead.erased_at is not None:
        return lead
    at = at or timezone.now()
    settings = lead_settings_current()
    with transaction.atomic():
        if brochure_request is not None:
            requests = [brochure_request]
        else:
            requests = list(lead.requests.filter(first_contact_due_at__isnull=True).select_related("course"))
        first_contact_clock_start(lead=lead, requests=requests, at=at, settings=settings)

        if not settings.assignment_enabled or _owner_is_active(lead):
            return lead
        latest = brochure_request or lead.requests.select_related("course").order_by("-created_at", "-pk").first()
        course = latest.course if latest is not None else None
        owner = _course_owner(course, settings=settings, on=local_date(at))
        how = ASSIGNED_COURSE_OWNER
        if owner is None:
            owner = rotation_next(settings=settings, at=at)
            how = ASSIGNED_ROTATION
        if owner is None:
            logger.warning("Lead %s left unassigned: nobody in the rotation is available", lead.pk)
            return lead
        old = lead.owner.get_username() if lead.owner_id and lead.owner else ""
        lead.owner = owner
        Lead.objects.filter(pk=lead.pk).update(owner=owner)
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.OWNER,
            user=None,
            message=how,
            old_value=old[:100],
            new_value=owner.get_username()[:100],
            created_at=at,
        )
        if by is None or owner.pk != by.pk:
            lead_owner_notify_queue(lead=lead, owner=owner)
    return lead


def lead_owner_notify_queue(*, lead: Lead, owner) -> None:
    """Queue the e-mail that tells ``owner`` the lead is theirs, however it became so."""
    jobs.enqueue("leads.tasks.lead_owner_notify", lead_id=lead.pk, owner_id=owner.pk)
