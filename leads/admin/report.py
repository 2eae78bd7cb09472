"""The funnel report: brochure requests per course, per source page and per ISO week, and conversion to enrolled;
and speed to lead: the time to first contact in working hours, per owner, course and week.

Spam (a spam request or a lead marked as spam) never counts.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractIsoYear, ExtractWeek
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from leads.admin.access import date_input, forbidden, user_can
from leads.admin.labels import user_display_name
from leads.assignment import lead_settings_current
from leads.first_contact import FirstContactState, lead_first_contact_state
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
TOP_SPACE = 20  # above the tallest bar: room for its value


def _bar_height(value: float, *, top: float, chart_height: int) -> int:
    return round(chart_height * value / top) if top else 0


def _bar_x(index: int) -> int:
    return index * (BAR_WIDTH + BAR_GAP) + BAR_GAP


def _chart_frame(*, bars: int, chart_height: int) -> dict:
    """What every bar chart of the reports shares: its size, baseline and the line of its labels."""
    return {
        "width": max(bars, 1) * (BAR_WIDTH + BAR_GAP) + BAR_GAP,
        "height": chart_height + TOP_SPACE + LABEL_SPACE,
        "baseline": chart_height + TOP_SPACE,
        "bar_width": BAR_WIDTH,
        "label_y": chart_height + TOP_SPACE + 16,
    }


def chart_layout(bars: list[WeekBar]) -> dict:
    """Positions for the inline SVG bar chart (the template draws it; no JavaScript)."""
    top = max((bar.requests for bar in bars), default=0)
    for index, bar in enumerate(bars):
        bar.height = _bar_height(bar.requests, top=top, chart_height=CHART_HEIGHT)
        bar.x = _bar_x(index)
        bar.y = CHART_HEIGHT - bar.height + TOP_SPACE
    return {"bars": bars, **_chart_frame(bars=len(bars), chart_height=CHART_HEIGHT), "max": top}


def one_decimal_text(value: float) -> str:
    """``value`` rounded to one decimal (half up), in the user's number format: "2.5", "2,5".

    The one rounding of the report's figures, its tables and its chart: Django's
    ``number_format`` cuts digits off (2.95 would read "2.9" next to a bar saying "3.0").
    """
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=1)


def percent_text(value: float | None) -> str:
    """A percentage in the user's number format: "12.5%" in English, "12,5%" in Dutch."""
    if value is None:
        return "–"
    return one_decimal_text(value) + "%"


def hours_text(hours: float | None) -> str:
    """Working hours with one decimal in the user's number format: "2.5 h", "2,5 h"."""
    if hours is None:
        return "–"
    return _("%(hours)s h") % {"hours": one_decimal_text(hours)}


def funnel_summary(total: FunnelRow) -> str:
    """The report's first line, with plural forms and the user's number format."""
    requests = ngettext("%(count)s brochure request", "%(count)s brochure requests", total.requests) % {
        "count": total.requests
    }
    leads = ngettext("%(count)s lead", "%(count)s leads", total.leads) % {"count": total.leads}
    return _("%(requests)s from %(leads)s; %(enrolled)s enrolled (%(conversion)s).") % {
        "requests": requests,
        "leads": leads,
        "enrolled": total.enrolled,
        "conversion": percent_text(total.conversion),
    }


# --- Speed to lead: time to first contact, in working hours ------------------------------------------


@dataclass
class SpeedRow:
    """Time to first contact for one group of leads (all, one owner, one course, one week)."""

    label: str
    leads: int = 0
    contacted: int = 0
    within: int = 0  # contacted by the due time
    missed: int = 0  # contacted after the due time, or still not contacted after it
    waiting: int = 0  # not contacted yet, not due yet
    seconds: list[int] = field(default_factory=list)
    overdue_url: str = ""
    key: str = ""

    def _hours(self, fraction: float) -> float | None:
        if not self.seconds:
            return None
        return percentile(sorted(self.seconds), fraction) / 3600

    @property
    def median_hours(self) -> float | None:
        return self._hours(0.5)

    @property
    def p90_hours(self) -> float | None:
        return self._hours(0.9)

    @property
    def median_text(self) -> str:
        return hours_text(self.median_hours)

    @property
    def median_number(self) -> str:
        """The median without its unit, for the chart's bar."""
        return one_decimal_text(self.median_hours) if self.median_hours is not None else ""

    @property
    def p90_text(self) -> str:
        return hours_text(self.p90_hours)

    @property
    def share_within(self) -> float | None:
        """Of the leads whose deadline has passed or who were contacted, the share contacted in time."""
        decided = self.within + self.missed
        return round(100 * self.within / decided, 1) if decided else None

    @property
    def share_text(self) -> str:
        return percent_text(self.share_within)

    def add(self, state: str, seconds: int | None) -> None:
        self.leads += 1
        if state == FirstContactState.ON_TIME:
            self.within += 1
        elif state in (FirstContactState.LATE, FirstContactState.OVERDUE):
            self.missed += 1
        elif state in (FirstContactState.WAITING, FirstContactState.DUE_TODAY):
            self.waiting += 1
        if seconds is not None:
            self.contacted += 1
            self.seconds.append(seconds)


def percentile(values: list[int], fraction: float) -> float:
    """The ``fraction`` quantile of sorted ``values``, interpolated between neighbours (like PERCENTILE)."""
    position = (len(values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def speed_leads(*, date_from: datetime.date | None, date_to: datetime.date | None):
    """Non-spam leads whose first-contact clock started in the date range, with the course that started it."""
    first_due = BrochureRequest.objects.filter(lead=OuterRef("pk"), first_contact_due_at__isnull=False).order_by(
        "first_contact_due_at", "pk"
    )
    leads = Lead.objects.filter(is_spam=False, contact_clock_started_at__isnull=False)
    if date_from:
        leads = leads.filter(contact_clock_started_at__gte=_day_start(date_from))
    if date_to:
        leads = leads.filter(contact_clock_started_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return (
        leads.select_related("owner")
        .annotate(
            clock_course_title=Subquery(first_due.values("course_title")[:1]),
            clock_course_id=Subquery(first_due.values("course_id")[:1]),
        )
        .order_by("contact_clock_started_at", "pk")
    )


def _listing_url(*, date_from, date_to, **params) -> str:
    query = {"first_contact": FirstContactState.LATE, **params}
    if date_from:
        query["arrived_from"] = date_from.isoformat()
    if date_to:
        query["arrived_to"] = date_to.isoformat()
    return reverse("leads_admin:index") + "?" + urlencode(query)


def speed_report(
    *, date_from: datetime.date | None, date_to: datetime.date | None, now: datetime.datetime | None = None
) -> dict:
    """Median and 90th percentile of the time to first contact (working hours), and the share in time,
    for all leads and per owner, course and ISO week; each with a link to the leads that missed the deadline."""
    now = now or timezone.now()
    total = SpeedRow(label=str(_("All leads")), overdue_url=_listing_url(date_from=date_from, date_to=date_to))
    owners: dict[object, SpeedRow] = {}
    courses: dict[object, SpeedRow] = {}
    weeks: dict[tuple[int, int], SpeedRow] = {}
    for lead in speed_leads(date_from=date_from, date_to=date_to):
        state = lead_first_contact_state(lead=lead, now=now)
        seconds = lead.first_contact_working_seconds if lead.first_contacted_at else None
        total.add(state, seconds)

        if lead.owner_id not in owners:
            owners[lead.owner_id] = SpeedRow(
                label=user_display_name(lead.owner) if lead.owner_id else str(_("(nobody)")),
                overdue_url=_listing_url(date_from=date_from, date_to=date_to, owner=lead.owner_id or "none"),
            )
        owners[lead.owner_id].add(state, seconds)

        course_key = lead.clock_course_id or lead.clock_course_title
        if course_key not in courses:
            courses[course_key] = SpeedRow(
                label=lead.clock_course_title or str(_("(unknown course)")),
                overdue_url=_listing_url(date_from=date_from, date_to=date_to, course=lead.clock_course_id)
                if lead.clock_course_id
                else "",
            )
        courses[course_key].add(state, seconds)

        year, week, _weekday = timezone.localtime(lead.contact_clock_started_at).isocalendar()
        if (year, week) not in weeks:
            monday = datetime.date.fromisocalendar(year, week, 1)
            weeks[(year, week)] = SpeedRow(
                label=f"{year}-W{week:02d}",
                key=f"W{week:02d}",
                overdue_url=_listing_url(date_from=monday, date_to=monday + datetime.timedelta(days=6)),
            )
        weeks[(year, week)].add(state, seconds)

    return {
        "total": total,
        "per_owner": sorted(owners.values(), key=lambda row: (-row.leads, row.label)),
        "per_course": sorted(courses.values(), key=lambda row: (-row.leads, row.label)),
        "per_week": [weeks[key] for key in sorted(weeks)],
    }


SPEED_CHART_HEIGHT = 140


def speed_chart_layout(rows: list[SpeedRow], *, deadline_hours: int) -> dict:
    """An inline SVG of the median time to first contact per week, with the deadline as a line."""
    top = max([row.median_hours or 0 for row in rows] + [deadline_hours]) * 1.15
    bars = []
    for index, row in enumerate(rows):
        height = _bar_height(row.median_hours or 0, top=top, chart_height=SPEED_CHART_HEIGHT)
        bars.append(
            {
                "row": row,
                "x": _bar_x(index),
                "y": SPEED_CHART_HEIGHT - height + TOP_SPACE,
                "height": height,
                "value_y": SPEED_CHART_HEIGHT - height + TOP_SPACE - 4,
                "late": bool(row.median_hours and row.median_hours > deadline_hours),
            }
        )
    deadline_y = SPEED_CHART_HEIGHT - round(SPEED_CHART_HEIGHT * deadline_hours / top) + TOP_SPACE if top else 0
    return {
        "bars": bars,
        **_chart_frame(bars=len(rows), chart_height=SPEED_CHART_HEIGHT),
        "deadline_y": deadline_y,
        "deadline_hours": deadline_hours,
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
        speed = speed_report(date_from=date_from, date_to=date_to)
        deadline_hours = lead_settings_current().first_contact_hours
        context.update(
            {
                "form": form,
                "date_from": date_from,
                "date_to": date_to,
                "report": report,
                "summary": funnel_summary(report["total"]),
                "chart": chart_layout(report["per_week"]),
                "speed": speed,
                "speed_chart": speed_chart_layout(speed["per_week"], deadline_hours=deadline_hours),
                "deadline_hours": deadline_hours,
                # Marketing sees the figures, never the leads behind them.
                "can_see_leads": user_can(self.request.user, "view"),
            }
        )
        return context
