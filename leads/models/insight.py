"""Daily totals of what visitors did on each page: counts only, never a person or a device.

The beacon endpoint counts in Redis (``leads.insight.store``); a background job moves those
counts here every few minutes (``leads.insight.services.insight_counts_move``). Brochure requests and
what became of their leads are not copied here: the reports count them from
``BrochureRequest`` itself, so they are exactly what sales see.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FunnelCounts(models.Model):
    """Views and the brochure form's funnel: seen (scrolled into view), started, refused."""

    views = models.PositiveIntegerField(_("views"), default=0)
    forms_seen = models.PositiveIntegerField(_("form seen"), default=0)
    forms_started = models.PositiveIntegerField(_("form started"), default=0)
    forms_refused = models.PositiveIntegerField(_("form refused"), default=0)

    COUNT_FIELDS = ("views", "forms_seen", "forms_started", "forms_refused")

    class Meta:
        abstract = True


class PageDailyCount(FunnelCounts):
    """One page on one day: views and the brochure form's funnel (seen, started, refused)."""

    day = models.DateField(_("day"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))

    class Meta:
        verbose_name = _("page daily count")
        verbose_name_plural = _("page daily counts")
        # Not personal data: Marketing may see these reports, unlike anything on Lead.
        permissions = [("view_content_report", _("Can view the content performance report"))]
        constraints = [models.UniqueConstraint(fields=["day", "page"], name="insight_page_day_unique")]
        indexes = [models.Index(fields=["page", "day"], name="insight_page_day_idx")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.views}"


class PageMonthlyCount(FunnelCounts):
    """The same per page per calendar month (``month`` is its first day), kept with the daily totals.

    A report over a year reads twelve rows per page instead of 365.
    """

    month = models.DateField(_("month"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))

    class Meta:
        verbose_name = _("page monthly count")
        verbose_name_plural = _("page monthly counts")
        constraints = [models.UniqueConstraint(fields=["month", "page"], name="insight_page_month_unique")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.month:%Y-%m}: {self.views}"


class TypeDailyCount(FunnelCounts):
    """The same per page type per day, kept with the daily totals: the weekly chart and the form placements."""

    day = models.DateField(_("day"))
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+", verbose_name=_("page type")
    )

    class Meta:
        verbose_name = _("page type daily count")
        verbose_name_plural = _("page type daily counts")
        constraints = [models.UniqueConstraint(fields=["day", "content_type"], name="insight_type_day_unique")]

    def __str__(self) -> str:
        return f"{self.content_type_id} {self.day}: {self.views}"


class SourceDailyCount(models.Model):
    """Landing views with an origin: the referring site (domain only) and the landing URL's campaign."""

    day = models.DateField(_("day"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    referrer_domain = models.CharField(_("referring site"), max_length=100, blank=True)
    utm_source = models.CharField("utm_source", max_length=100, blank=True)
    utm_medium = models.CharField("utm_medium", max_length=100, blank=True)
    utm_campaign = models.CharField("utm_campaign", max_length=100, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("source daily count")
        verbose_name_plural = _("source daily counts")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "page", "referrer_domain", "utm_source", "utm_medium", "utm_campaign"],
                name="insight_source_day_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.utm_source or self.referrer_domain}: {self.views}"


class RefusedFieldDailyCount(models.Model):
    """How often the brochure form on a page was refused because of one field (its name, never a value)."""

    day = models.DateField(_("day"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    field_name = models.CharField(_("field"), max_length=50)
    refusals = models.PositiveIntegerField(_("refusals"), default=0)

    class Meta:
        verbose_name = _("refused field daily count")
        verbose_name_plural = _("refused field daily counts")
        constraints = [models.UniqueConstraint(fields=["day", "page", "field_name"], name="insight_refused_day_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.field_name}: {self.refusals}"


class CountBatch(models.Model):
    """A batch of counts already added to the daily totals: moving it again changes nothing.

    Written in the same transaction as the totals, so a mover that dies after the commit
    but before deleting the batch from Redis never counts it twice.
    """

    batch_id = models.CharField(_("batch"), max_length=64, unique=True)
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moved count batch")
        verbose_name_plural = _("moved count batches")

    def __str__(self) -> str:
        return self.batch_id
