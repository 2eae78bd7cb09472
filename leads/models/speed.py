"""Speed to lead: the assignment rotation's place, and the reminders sent to lead owners."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssignmentRotation(models.Model):
    """Who got the last lead from the round-robin. One row, locked while a lead is assigned.

    The row lock (SELECT … FOR UPDATE) makes concurrent captures take turns: the second
    reads the first one's pick, so two leads arriving at the same moment never both go
    to the same person because of a race.
    """

    last_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment rotation")

    def __str__(self) -> str:
        return f"Rotation (last: user {self.last_user_id})"


class LeadReminder(models.Model):
    """One reminder e-mail to a lead's owner: planned once (unique constraints), then delivered.

    Planning and delivery are separate, so a mail server that is down only delays a
    reminder: the row waits, unsent, for the next run. A delivery claims its row with a
    short lease (``claimed_until``) first, so two workers never send the same reminder.
    """

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("First contact overdue")
        DIGEST = "digest", _("Morning digest")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("owner")
    )
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("lead")
    )
    day = models.DateField(_("day"), help_text=_("The working day (Amsterdam) the reminder belongs to."))
    due_at = models.DateTimeField(_("first contact due"), null=True, blank=True)
    created_at = models.DateTimeField(_("planned at"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    skipped_at = models.DateTimeField(_("skipped at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lead reminder")
        verbose_name_plural = _("lead reminders")
        constraints = [
            # At most one reminder per lead per day, and one per due time (no daily repeats).
            models.UniqueConstraint(
                fields=["lead", "day"], condition=Q(kind="overdue"), name="lead_reminder_once_per_lead_per_day"
            ),
            models.UniqueConstraint(
                fields=["lead", "due_at"], condition=Q(kind="overdue"), name="lead_reminder_once_per_due"
            ),
            # One morning digest per owner per day.
            models.UniqueConstraint(
                fields=["owner", "day"], condition=Q(kind="digest"), name="lead_reminder_one_digest_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%Y-%m-%d}"
