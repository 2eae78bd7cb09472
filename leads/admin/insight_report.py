"""Reports → Content performance: views, the form funnel and conversion per page, course,
campaign and form placement, for Marketing and Sales.

Aggregate counts only; the permission sits on the daily totals (``view_content_report``),
not on leads. Every table exports to CSV and XLSX. The weekly chart is inline SVG: it needs
no JavaScript and loads nothing.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from leads.admin.access import date_input, forbidden
from leads.admin.exports import csv_stream, spreadsheet_safe
from leads.insight import report, services

PERMISSION = "leads.view_content_report"
PAGE_SIZE = 50
DEFAULT_PRESET = "last_90_days"


def user_can_see_insight(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


# --- The period --------------------------------------------------------------------------------


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_period(preset: str, *, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dates of a preset period, both inclusive."""
    if preset == "last_30_days":
        return today - datetime.timedelta(days=29), today
    if preset == "this_quarter":
        return _quarter_start(today), today
    if preset == "last_quarter":
        end = _quarter_start(today) - datetime.timedelta(days=1)
        return _quarter_start(end), end
    if preset == "last_12_months":
        return today - datetime.timedelta(days=364), today
    return today - datetime.timedelta(days=89), today


PRESETS = [
    ("last_30_days", _("Last 30 days")),
    ("last_90_days", _("Last 90 days")),
    ("this_quarter", _("This quarter")),
    ("last_quarter", _("Last quarter")),
    ("last_12_months", _("Last 12 months")),
]


# The dates a period may have: a date at the very ends of the calendar (year 1, 9999) has no
# start of day in every time zone, or no day after it.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)


class PeriodForm(forms.Form):
    """The period's dates; one is enough: from a day up to today, or the 90 days up to a day."""

    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if self.errors:
            return cleaned
        if any(day and not FIRST_DAY <= day <= LAST_DAY for day in (date_from, date_to)):
            raise forms.ValidationError(
                _("Choose dates between %(first)s and %(last)s.")
                % {"first": date_format(FIRST_DAY, "j M Y"), "last": date_format(LAST_DAY, "j M Y")}
            )
        default_from, default_to = preset_period(DEFAULT_PRESET, today=timezone.localdate())
        if date_to and not date_from:
            date_from = date_to - (default_to - default_from)
        date_from, date_to = date_from or default_from, date_to or default_to
        if date_from > date_to:
            raise forms.ValidationError(_("The start date is after the end date."))
        cleaned["date_from"], cleaned["date_to"] = date_from, date_to
        return cleaned


class PagesFilterForm(PeriodForm):
    page_type = forms.TypedChoiceField(label=_("Page type"), required=False, coerce=int, empty_value=None)
    min_views = forms.IntegerField(
        label=_("Minimum views"),
        required=False,
        min_value=0,
        help_text=_("Leave out pages with fewer views, whose conversion says little."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page_type"].choices = [("", _("All page types")), *report.page_types()]


@dataclass
class Column:
    key: str
    heading: str
    sortable: bool = True
    numeric: bool = True


# --- Views ------------------------------------------------------------------------------------------


class InsightReportView(WagtailAdminTemplateMixin, TemplateView):
    """One tab of the report: the period, the figures, and the export of its table."""

    page_title = _("Content performance")
    header_icon = "view"
    form_class = PeriodForm
    tab = ""
    tab_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not user_can_see_insight(request.user):
            return forbidden(request)
        # Up to the minute: what waits in Redis (or, without Redis, in this process) first.
        services.insight_counts_move()
        self.form = self.form_class(request.GET or None)
        self.period = self._period()
        if request.GET.get("export") in ("csv", "xlsx"):
            return self.export(request.GET["export"])
        return super().dispatch(request, *args, **kwargs)

    def _period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        preset = self.request.GET.get("preset", "")
        self.preset = preset if preset in dict(PRESETS) else ""
        if self.preset:
            return preset_period(self.preset, today=today)
        default_from, default_to = preset_period(DEFAULT_PRESET, today=today)
        if self.form.is_bound and self.form.is_valid():
            return self.form.cleaned_data["date_from"], self.form.cleaned_data["date_to"]
        if not self.form.is_bound or not self.form.errors:
            self.preset = DEFAULT_PRESET
        return default_from, default_to

    def get_page_subtitle(self):
        return self.tab_title

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def query(self, **changes) -> str:
        """This page's query string with ``changes`` (``None`` removes a parameter)."""
        params = {key: value for key, value in self.request.GET.items() if key not in ("export", "p")}
        if "preset" in changes:
            params.pop("date_from", None)
            params.pop("date_to", None)
        params.update(changes)
        return urlencode({key: value for key, value in params.items() if value not in (None, "")})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        date_from, date_to = self.period
        if not self.form.is_bound or self.preset:
            self.form = self.form_class(initial={"date_from": date_from, "date_to": date_to, **self._initial()})
        context.update(
            {
                "form": self.form,
                "date_from": date_from,
                "date_to": date_to,
                "tab": self.tab,
                "tabs": [(key, title, reverse(url_name) + "?" + self.query()) for key, title, url_name in TABS],
                "presets": [(key, label, "?" + self.query(preset=key), key == self.preset) for key, label in PRESETS],
                "csv_url": "?" + self.query(export="csv"),
                "xlsx_url": "?" + self.query(export="xlsx"),
            }
        )
        context.update(self.figures())
        return context

    def _initial(self) -> dict:
        return {}

    def figures(self) -> dict:
        raise NotImplementedError

    # Export

    def table(self) -> tuple[list[str], list[list]]:
        """Headings and rows of the tab's table, for the export."""
        raise NotImplementedError

    def export(self, kind: str) -> HttpResponse:
        headings, rows = self.table()
        rows = [[spreadsheet_safe(value) if isinstance(value, str) else value for value in row] for row in rows]
        date_from, date_to = self.period
        filename = f"content-performance-{self.tab}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{kind}"
        if kind == "csv":
            # Written as the leads export is, for Excel with a Dutch locale (``csv_stream``).
            response = HttpResponse(
                b"".join(csv_stream(headings=headings, rows=([_csv_cell(value) for value in row] for row in rows))),
                content_type="text/csv; charset=utf-8",
            )
        else:
            from openpyxl import Workbook

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(title=str(self.tab_title)[:31])
            sheet.append([str(heading) for heading in headings])
            for row in rows:
                sheet.append(row)
            buffer = io.BytesIO()
            workbook.save(buffer)
            response = HttpResponse(
                buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _csv_cell(value) -> str:
    """A cell of the CSV: a number as Dutch Excel reads one (decimal comma), nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


# What came of the views, in every report that counts them: the same columns in the same order.
OUTCOME_COLUMNS = [
    Column("conversion", _("Requests per 1,000 views")),
    Column("leads", _("Leads")),
    Column("contacted", _("Contacted")),
    Column("enrolled", _("Enrolled")),
]

PAGE_COLUMNS = [
    Column("title", _("Page"), numeric=False),
    Column("page_type", _("Type"), numeric=False),
    Column("views", _("Views")),
    Column("seen", _("Form seen")),
    Column("started", _("Form started")),
    Column("requests", _("Requests")),
    *OUTCOME_COLUMNS,
]


def _outcome_headings() -> list[str]:
    return [str(column.heading) for column in OUTCOME_COLUMNS]


def _outcomes(row) -> list:
    return [getattr(row, column.key) for column in OUTCOME_COLUMNS]


class ContentPerformanceView(InsightReportView):
    template_name = "leads/admin/insight/pages.html"
    form_class = PagesFilterForm
    tab = "pages"
    tab_title = _("Pages")

    def _filters(self) -> dict:
        data = self.form.cleaned_data if self.form.is_bound and self.form.is_valid() else {}
        return {"content_type_id": data.get("page_type"), "min_views": data.get("min_views") or 0}

    def _initial(self) -> dict:
        return {"page_type": self.request.GET.get("page_type", ""), "min_views": self.request.GET.get("min_views", "")}

    def _sort(self) -> tuple[str, bool]:
        key = self.request.GET.get("sort", "")
        if key.lstrip("-") not in report.SORT_KEYS:
            key = "-requests"
        return key.lstrip("-"), key.startswith("-")

    def rows(self) -> list[report.PageRow]:
        date_from, date_to = self.period
        filters = self._filters()
        rows = report.content_rows(date_from=date_from, date_to=date_to, content_type_id=filters["content_type_id"])
        rows = [row for row in rows if row.views >= filters["min_views"]]
        key, descending = self._sort()
        return report.rows_sort(rows, key=key, descending=descending)

    def figures(self) -> dict:
        date_from, date_to = self.period
        rows = self.rows()
        key, descending = self._sort()
        paginator = Paginator(rows, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        weeks = report.weeks(date_from=date_from, date_to=date_to, content_type_id=self._filters()["content_type_id"])
        columns = []
        for column in PAGE_COLUMNS:
            # A click sorts descending first (the most views, the best conversion), a second click ascending.
            next_key = column.key if key == column.key and descending else f"-{column.key}"
            sorted_now = "descending" if descending else "ascending"
            columns.append(
                {
                    "column": column,
                    "url": "?" + self.query(sort=next_key),
                    "sorted": sorted_now if key == column.key else "",
                }
            )
        return {
            "rows": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "page_query": self.query(p=None),
            "total": report.rows_total(rows),
            "columns": columns,
            "chart": chart_layout(weeks),
            "weeks": weeks,
            "chart_cut": bool(weeks) and weeks[0].start > date_from,
        }

    def table(self):
        headings = [
            str(_("Page")),
            str(_("Type")),
            str(_("Views")),
            str(_("Form seen")),
            str(_("Form started")),
            str(_("Form refused")),
            str(_("Requests")),
            *_outcome_headings(),
        ]
        rows = [
            [
                row.title,
                row.page_type,
                row.views,
                row.seen,
                row.started,
                row.refused,
                row.requests,
                *_outcomes(row),
            ]
            for row in self.rows()
        ]
        return headings, rows


class CoursesView(InsightReportView):
    template_name = "leads/admin/insight/courses.html"
    tab = "courses"
    tab_title = _("Courses")

    def groups(self):
        date_from, date_to = self.period
        return report.course_groups(date_from=date_from, date_to=date_to)

    def figures(self) -> dict:
        return {"groups": self.groups()}

    def table(self):
        headings = [
            str(_("Course")),
            str(_("Source page")),
            str(_("Views of the source page")),
            str(_("Requests")),
            *_outcome_headings(),
        ]
        rows = [
            [
                group.title,
                source.title,
                source.views,
                source.requests,
                *_outcomes(source),
            ]
            for group in self.groups()
            for source in group.sources
        ]
        return headings, rows


class CampaignsView(InsightReportView):
    template_name = "leads/admin/insight/campaigns.html"
    tab = "campaigns"
    tab_title = _("Campaigns and sources")

    def rows(self):
        date_from, date_to = self.period
        return report.campaign_rows(date_from=date_from, date_to=date_to)

    def figures(self) -> dict:
        rows = self.rows()
        return {"rows": rows, "total": report.rows_total(rows)}

    def table(self):
        headings = [
            str(_("Source")),
            "utm_medium",
            "utm_campaign",
            str(_("Views")),
            str(_("Requests")),
            *_outcome_headings(),
        ]
        rows = [
            [
                row.source,
                row.medium,
                row.campaign,
                row.views,
                row.requests,
                *_outcomes(row),
            ]
            for row in self.rows()
        ]
        return headings, rows


class FormsView(InsightReportView):
    template_name = "leads/admin/insight/forms.html"
    tab = "forms"
    tab_title = _("Brochure form")

    def rows(self):
        date_from, date_to = self.period
        return report.placement_rows(date_from=date_from, date_to=date_to)

    def figures(self) -> dict:
        return {"rows": self.rows()}

    def table(self):
        headings = [
            str(_("Placement (page type)")),
            str(_("Seen")),
            str(_("Started")),
            str(_("Refused")),
            str(_("Sent")),
            str(_("Most refused field")),
            str(_("Refusals of that field")),
        ]
        rows = [
            [row.label, row.seen, row.started, row.refused, row.sent, row.top_field, row.top_field_refusals]
            for row in self.rows()
        ]
        return headings, rows


TABS = [
    ("pages", _("Pages"), "insight_report_pages"),
    ("courses", _("Courses"), "insight_report_courses"),
    ("campaigns", _("Campaigns and sources"), "insight_report_campaigns"),
    ("forms", _("Brochure form"), "insight_report_forms"),
]


def insight_admin_urls() -> list:
    return [
        path("reports/content/", ContentPerformanceView.as_view(), name="insight_report_pages"),
        path("reports/content/courses/", CoursesView.as_view(), name="insight_report_courses"),
        path("reports/content/campaigns/", CampaignsView.as_view(), name="insight_report_campaigns"),
        path("reports/content/forms/", FormsView.as_view(), name="insight_report_forms"),
    ]


# --- The weekly chart (inline SVG, drawn by the template) -------------------------------------------------

CHART_WIDTH = 720
PANEL_HEIGHT = 110
PANEL_GAP = 46
LABEL_SPACE = 18
LABEL_HALF_WIDTH = 12  # half of "W52" at font-size 10, with room to spare


def chart_layout(weeks: list[report.Week]) -> dict:
    """Two bar panels sharing the weeks: views on top, requests below, each on its own scale
    (requests are a hundredth of views; on one scale they would not show)."""
    count = max(len(weeks), 1)
    slot = CHART_WIDTH / count
    bar_width = max(2.0, slot * 0.7)
    top_views = max((week.views for week in weeks), default=0)
    top_requests = max((week.requests for week in weeks), default=0)
    label_every = max(1, round(count / 12))
    views_base = LABEL_SPACE + PANEL_HEIGHT
    requests_top = views_base + PANEL_GAP
    requests_base = requests_top + PANEL_HEIGHT
    bars = []
    for index, week in enumerate(weeks):
        views_height = round(PANEL_HEIGHT * week.views / top_views, 1) if top_views else 0
        requests_height = round(PANEL_HEIGHT * week.requests / top_requests, 1) if top_requests else 0
        x = index * slot + (slot - bar_width) / 2
        # Counted back from the latest week, which is always labelled. A label centred under
        # a bar near an edge would run past it and be cut off: it is anchored to that edge.
        labelled = (count - 1 - index) % label_every == 0
        centre = x + bar_width / 2
        if centre + LABEL_HALF_WIDTH > CHART_WIDTH:
            label_x, label_anchor = x + bar_width, "end"
        elif centre < LABEL_HALF_WIDTH:
            label_x, label_anchor = x, "start"
        else:
            label_x, label_anchor = centre, "middle"
        bars.append(
            {
                "week": week,
                "x": round(x, 1),
                "views_y": round(views_base - views_height, 1),
                "views_height": views_height,
                "requests_y": round(requests_base - requests_height, 1),
                "requests_height": requests_height,
                "label": week.label[-3:] if labelled else "",
                "label_x": round(label_x, 1),
                "label_anchor": label_anchor,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": requests_base + LABEL_SPACE,
        "bar_width": round(bar_width, 1),
        "views_base": views_base,
        "requests_top": requests_top,
        "requests_base": requests_base,
        "views_title_y": LABEL_SPACE - 6,
        "requests_title_y": requests_top - 8,
        "views_label_y": views_base + 13,
        "requests_label_y": requests_base + 13,
        "top_views": top_views,
        "top_requests": top_requests,
    }
