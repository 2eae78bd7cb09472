"""The funnel report: brochure requests per course, per source page and per ISO week, and conversion to enrolled.

Spam (a spam request or a lead marked as spam) never counts.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import ExtractIsoYear, ExtractWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from leads.admin.access import date_input, forbidden, user_can
from leads.models import BrochureRequest, Lead

DEFAULT_WEEKS = 12
ENROLLED = Q(lead__status=Lead.Status.ENROLLED)


@dataclass
class FunnelRow:
    label: str
    requests: int
    leads: int
    enrolled: int

    @property
    def conversion(self) -> float:
        return round(100 * self.enrolled / self.leads, 1) if self.leads else 0.0


@dataclass
class WeekBar:
    label: str
    requests: int
    short_label: str = ""
    x: int = 0
    y: int = 0
    height: int = 0


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def funnel_requests(*, date_from: datetime.date | None, date_to: datetime.date | None):
    """The brochure requests the report counts: not spam, requested between the dates (inclusive)."""
    requests = BrochureRequest.objects.filter(is_spam=False, lead__is_spam=False)
    if date_from:
        requests = requests.filter(created_at__gte=_day_start(date_from))
    if date_to:
        requests = requests.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return requests


def _rows(requests, key: str, label_key: str, empty_label: str) -> list[FunnelRow]:
    grouped = (
        requests.values(*dict.fromkeys([key, label_key]))
        .annotate(
            n_requests=Count("pk"),
            n_leads=Count("lead", distinct=True),
            n_enrolled=Count("lead", filter=ENROLLED, distinct=True),
        )
        .order_by("-n_requests", label_key)
    )
    return [
        FunnelRow(
            label=row[label_key] or str(empty_label),
            requests=row["n_requests"],
            leads=row["n_leads"],
            enrolled=row["n_enrolled"],
        )
        for row in grouped
    ]


def funnel_report(*, date_from: datetime.date | None, date_to: datetime.date | None) -> dict:
    """Every figure on the report for the date range."""
    requests = funnel_requests(date_from=date_from, date_to=date_to)
    totals = requests.aggregate(
        n_requests=Count("pk"),
        n_leads=Count("lead", distinct=True),
        n_enrolled=Count("lead", filter=ENROLLED, distinct=True),
    )
    weeks = (
        requests.annotate(year=ExtractIsoYear("created_at"), week=ExtractWeek("created_at"))
        .values("year", "week")
        .annotate(n_requests=Count("pk"))
        .order_by("year", "week")
    )
    return {
        "total": FunnelRow(
            label=str(_("All courses")),
            requests=totals["n_requests"],
            leads=totals["n_leads"],
            enrolled=totals["n_enrolled"],
        ),
        "per_course": _rows(requests, "course_title", "course_title", _("(unknown course)")),
        "per_source": _rows(requests, "source_page_id", "source_page__title", _("(no source page)")),
        "per_week": [
            WeekBar(
                label=f"{row['year']}-W{row['week']:02d}", short_label=f"W{row['week']:02d}", requests=row["n_requests"]
            )
            for row in weeks
        ],
    }


CHART_HEIGHT = 160
BAR_WIDTH = 28
BAR_GAP = 8
LABEL_SPACE = 24


def chart_layout(bars: list[WeekBar]) -> dict:
    """Positions for the inline SVG bar chart (the template draws it; no JavaScript)."""
    top = max((bar.requests for bar in bars), default=0)
    for index, bar in enumerate(bars):
        bar.height = round(CHART_HEIGHT * bar.requests / top) if top else 0
        bar.x = index * (BAR_WIDTH + BAR_GAP) + BAR_GAP
        bar.y = CHART_HEIGHT - bar.height + 20
    return {
        "bars": bars,
        "width": max(len(bars), 1) * (BAR_WIDTH + BAR_GAP) + BAR_GAP,
        "height": CHART_HEIGHT + 20 + LABEL_SPACE,
        "baseline": CHART_HEIGHT + 20,
        "bar_width": BAR_WIDTH,
        "label_y": CHART_HEIGHT + 36,
        "max": top,
    }


class FunnelFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class FunnelReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "leads/admin/funnel_report.html"
    page_title = _("Lead funnel")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not user_can(request.user, "report"):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        default_from = today - datetime.timedelta(weeks=DEFAULT_WEEKS)
        data = self.request.GET if self.request.GET else {"date_from": default_from, "date_to": today}
        form = FunnelFilterForm(data)
        if form.is_valid():
            date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        else:
            date_from, date_to = default_from, today
        report = funnel_report(date_from=date_from, date_to=date_to)
        context.update(
            {
                "form": form,
                "date_from": date_from,
                "date_to": date_to,
                "report": report,
                "chart": chart_layout(report["per_week"]),
            }
        )
        return context
