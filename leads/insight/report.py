"""The figures of the content performance reports: per page, course, campaign and form placement.

Views and the form funnel come from the daily totals (``PageDailyCount`` and friends);
brochure requests, and what became of their leads, from ``BrochureRequest`` itself, counted
by the same rule as the lead funnel report (``funnel_requests``: no spam, in the period).
Only aggregate counts leave this module: never a lead, a name or an address.

A fixed number of queries per report, whatever the number of pages or days.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from leads.admin.report import funnel_requests
from leads.forms import BrochureForm
from leads.insight.services import UTM_KEYS, campaign_value_shown, domain_clean
from leads.models import (
    Lead,
    PageDailyCount,
    PageMonthlyCount,
    RefusedFieldDailyCount,
    SourceDailyCount,
    TypeDailyCount,
)

PER_THOUSAND = 1000
CONTACTED = ~Q(lead__status=Lead.Status.NEW)
ENROLLED = Q(lead__status=Lead.Status.ENROLLED)
DIRECT = _("(direct or unknown)")


def conversion(*, requests: int, views: int) -> float | None:
    """Brochure requests per 1,000 views, to one decimal; ``None`` without views (no division by zero)."""
    if not views:
        return None
    return round(PER_THOUSAND * requests / views, 1)


def share(*, part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; ``None`` when ``whole`` is zero."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    """The funnel of one row: views to enrolled."""

    views: int = 0
    seen: int = 0
    started: int = 0
    refused: int = 0
    requests: int = 0
    leads: int = 0
    contacted: int = 0
    enrolled: int = 0

    @property
    def conversion(self) -> float | None:
        return conversion(requests=self.requests, views=self.views)

    def add(self, other: Figures) -> None:
        for name in ("views", "seen", "started", "refused", "requests", "leads", "contacted", "enrolled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PageRow(Figures):
    page_id: int | None = None
    title: str = ""
    page_type: str = ""
    content_type_id: int | None = None


def _day_range(queryset, date_from: datetime.date, date_to: datetime.date):
    return queryset.filter(day__gte=date_from, day__lte=date_to)


def page_types() -> list[tuple[int, str]]:
    """(content type id, name) of every page type of the site, for the type filter."""
    from django.apps import apps

    models = [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]
    types = ContentType.objects.get_for_models(*models)
    names = [(types[model].pk, capfirst(str(model._meta.verbose_name))) for model in models]
    return sorted(names, key=lambda item: item[1])


def _lead_figures(requests, key: str) -> dict:
    """Requests, leads, contacted and enrolled per value of ``key`` (a field of BrochureRequest)."""
    rows = requests.values(key).annotate(
        n_requests=Count("pk"),
        n_leads=Count("lead", distinct=True),
        n_contacted=Count("lead", filter=CONTACTED, distinct=True),
        n_enrolled=Count("lead", filter=ENROLLED, distinct=True),
    )
    return {
        row[key]: Figures(
            requests=row["n_requests"],
            leads=row["n_leads"],
            contacted=row["n_contacted"],
            enrolled=row["n_enrolled"],
        )
        for row in rows
    }


def _whole_months(date_from: datetime.date, date_to: datetime.date):
    """The first days of the first and last calendar month wholly inside the period, or ``None``."""
    first = date_from if date_from.day == 1 else (date_from.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    after = date_to + datetime.timedelta(days=1)
    last_end = after.replace(day=1)  # the day after the last whole month
    if first >= last_end:
        return None
    return first, (last_end - datetime.timedelta(days=1)).replace(day=1)


def _page_sums(date_from: datetime.date, date_to: datetime.date, content_type_id: int | None) -> dict[int, Figures]:
    """Views and form counts per page over the period: whole months from the monthly rollup,
    the days before and after them from the daily totals (two queries)."""
    sums = {
        "n_views": Sum("views"),
        "n_seen": Sum("forms_seen"),
        "n_started": Sum("forms_started"),
        "n_refused": Sum("forms_refused"),
    }
    months = _whole_months(date_from, date_to)
    if months is None:
        days, monthly = Q(day__gte=date_from, day__lte=date_to), None
    else:
        month_end = (months[1].replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        days = Q(day__gte=date_from, day__lt=months[0]) | Q(day__gte=month_end, day__lte=date_to)
        monthly = PageMonthlyCount.objects.filter(month__gte=months[0], month__lte=months[1])
    querysets = [PageDailyCount.objects.filter(days)] + ([monthly] if monthly is not None else [])
    per_page: dict[int, Figures] = {}
    for queryset in querysets:
        if content_type_id:
            queryset = queryset.filter(page__content_type_id=content_type_id)
        for row in queryset.values("page_id").annotate(**sums).order_by():
            per_page.setdefault(row["page_id"], Figures()).add(
                Figures(views=row["n_views"], seen=row["n_seen"], started=row["n_started"], refused=row["n_refused"])
            )
    return per_page


def content_rows(
    *, date_from: datetime.date, date_to: datetime.date, content_type_id: int | None = None
) -> list[PageRow]:
    """One row per page with views or requests in the period (four queries)."""
    requests = funnel_requests(date_from=date_from, date_to=date_to).filter(source_page__isnull=False)
    if content_type_id:
        requests = requests.filter(source_page__content_type_id=content_type_id)
    per_page = _page_sums(date_from, date_to, content_type_id)
    for page_id, figures in _lead_figures(requests, "source_page_id").items():
        per_page.setdefault(page_id, Figures()).add(figures)
    pages = Page.objects.filter(pk__in=per_page).values_list("pk", "title", "content_type_id")
    names = dict(page_types())
    rows = []
    for page_id, title, type_id in pages:
        row = PageRow(page_id=page_id, title=title, content_type_id=type_id, page_type=names.get(type_id, ""))
        row.add(per_page[page_id])
        rows.append(row)
    return rows


def rows_total(rows: list[Figures]) -> Figures:
    total = Figures()
    for row in rows:
        total.add(row)
    return total


SORT_KEYS = ("title", "page_type", "views", "seen", "started", "refused", "requests", "conversion", "leads")
SORT_KEYS += ("contacted", "enrolled")


def rows_sort(rows: list, *, key: str, descending: bool) -> list:
    """Sorted by ``key``; rows without a value (no views: no conversion) always come last."""
    if key not in SORT_KEYS:
        key = "views"
    present = [row for row in rows if getattr(row, key) is not None]
    missing = [row for row in rows if getattr(row, key) is None]

    def sort_value(row):
        value = getattr(row, key)
        return value.lower() if isinstance(value, str) else value

    # Ties in title order, so the order does not change from one request to the next.
    present.sort(key=lambda row: row.title.lower())
    present.sort(key=sort_value, reverse=descending)
    return present + sorted(missing, key=lambda row: row.title.lower())


# --- Weekly chart -------------------------------------------------------------------------------


@dataclass
class Week:
    start: datetime.date
    views: int = 0
    requests: int = 0

    @property
    def label(self) -> str:
        year, week, _weekday = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def conversion(self) -> float | None:
        return conversion(requests=self.requests, views=self.views)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


#: The weekly chart shows at most this many weeks: the last ones of a longer period (five years).
CHART_MAX_WEEKS = 261


def weeks(*, date_from: datetime.date, date_to: datetime.date, content_type_id: int | None = None) -> list[Week]:
    """Views and requests per ISO week of the period, weeks without any included (two queries).

    Of a period longer than ``CHART_MAX_WEEKS`` weeks, the last ones only: a chart of a century
    would be thousands of bars no one can read.
    """
    date_from = max(date_from, _monday(date_to) - datetime.timedelta(weeks=CHART_MAX_WEEKS - 1))
    counts = _day_range(TypeDailyCount.objects.all(), date_from, date_to)
    requests = funnel_requests(date_from=date_from, date_to=date_to).filter(source_page__isnull=False)
    if content_type_id:
        counts = counts.filter(content_type_id=content_type_id)
        requests = requests.filter(source_page__content_type_id=content_type_id)
    result = {}
    start = _monday(date_from)
    while start <= date_to:
        result[start] = Week(start=start)
        start += datetime.timedelta(days=7)
    # Per day, added up per week here: cheaper than truncating every row to its week in SQL.
    for day, views in counts.values("day").annotate(n=Sum("views")).values_list("day", "n").order_by():
        result[_monday(day)].views += views
    for row in requests.annotate(week=TruncWeek("created_at")).values("week").annotate(n=Count("pk")):
        result[_as_date(row["week"])].requests = row["n"]
    return list(result.values())


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --- Per course ---------------------------------------------------------------------------------


@dataclass
class CourseGroup(Figures):
    title: str = ""
    course_id: int | None = None
    sources: list[PageRow] = field(default_factory=list)


def course_groups(*, date_from: datetime.date, date_to: datetime.date) -> list[CourseGroup]:
    """Per course, the pages its brochure requests came from, with those pages' views (three queries)."""
    requests = funnel_requests(date_from=date_from, date_to=date_to)
    rows = (
        requests.values("course_id", "course_title", "source_page_id", "source_page__title")
        .annotate(
            n_requests=Count("pk"),
            n_leads=Count("lead", distinct=True),
            n_contacted=Count("lead", filter=CONTACTED, distinct=True),
            n_enrolled=Count("lead", filter=ENROLLED, distinct=True),
        )
        .order_by()
    )
    rows = list(rows)
    source_ids = {row["source_page_id"] for row in rows if row["source_page_id"]}
    views = dict(
        _day_range(PageDailyCount.objects.filter(page_id__in=source_ids), date_from, date_to)
        .values("page_id")
        .annotate(n=Sum("views"))
        .values_list("page_id", "n")
    )
    course_leads = _lead_figures(requests, "course_id")
    groups: dict = {}
    for row in rows:
        key = row["course_id"] or row["course_title"]
        group = groups.get(key)
        if group is None:
            group = groups[key] = CourseGroup(title=row["course_title"], course_id=row["course_id"])
            if row["course_id"] in course_leads:
                # Leads per course, not the sum over pages: one lead may come from two pages.
                group.add(course_leads[row["course_id"]])
        source = PageRow(
            page_id=row["source_page_id"],
            title=row["source_page__title"] or str(_("(no source page)")),
            views=views.get(row["source_page_id"], 0),
            requests=row["n_requests"],
            leads=row["n_leads"],
            contacted=row["n_contacted"],
            enrolled=row["n_enrolled"],
        )
        group.sources.append(source)
    for group in groups.values():
        group.views = sum(source.views for source in group.sources)
        group.sources.sort(key=lambda source: (-source.requests, source.title.lower()))
    return sorted(groups.values(), key=lambda group: (-group.requests, group.title.lower()))


# --- Per campaign and source ------------------------------------------------------------------------


@dataclass
class CampaignRow(Figures):
    source: str = ""
    medium: str = ""
    campaign: str = ""

    @property
    def title(self) -> str:
        return " / ".join(part for part in (self.source, self.medium, self.campaign) if part)


def source_label(*, utm_source: str, referrer_domain: str) -> str:
    """Where visitors came from: the campaign's source, else the referring site, else direct."""
    return utm_source or referrer_domain or str(DIRECT)


def _referrer_domain(url: str, own_domains: set[str]) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    domain = domain_clean(domain=host) or ""
    return "" if domain in own_domains else domain


def _own_domains() -> set[str]:
    from django.conf import settings
    from wagtail.models import Site

    hosts = set(Site.objects.values_list("hostname", flat=True)) | set(settings.ALLOWED_HOSTS)
    return {domain_clean(domain=host) or "" for host in hosts}


def campaign_rows(*, date_from: datetime.date, date_to: datetime.date) -> list[CampaignRow]:
    """Views, requests, leads and enrolled per source, medium and campaign (four queries)."""
    rows: dict[tuple[str, str, str], CampaignRow] = {}

    def row_for(utm_source: str, referrer: str, medium: str, campaign: str) -> CampaignRow:
        key = (source_label(utm_source=utm_source, referrer_domain=referrer), medium, campaign)
        if key not in rows:
            rows[key] = CampaignRow(source=key[0], medium=medium, campaign=campaign)
        return rows[key]

    attributed = 0
    sources = _day_range(SourceDailyCount.objects.all(), date_from, date_to)
    for row in sources.values("referrer_domain", *UTM_KEYS).annotate(n=Sum("views")):
        row_for(row["utm_source"], row["referrer_domain"], row["utm_medium"], row["utm_campaign"]).views += row["n"]
        attributed += row["n"]
    all_views = _day_range(TypeDailyCount.objects.all(), date_from, date_to).aggregate(n=Sum("views"))["n"] or 0
    if all_views > attributed:
        row_for("", "", "", "").views += all_views - attributed

    own = _own_domains()
    requests = funnel_requests(date_from=date_from, date_to=date_to)
    grouped = requests.values("referrer", *UTM_KEYS).annotate(
        n_requests=Count("pk"),
        n_leads=Count("lead", distinct=True),
        n_contacted=Count("lead", filter=CONTACTED, distinct=True),
        n_enrolled=Count("lead", filter=ENROLLED, distinct=True),
    )
    for row in grouped:
        # What the request's link held, but never an e-mail address (the lead's page shows it to Sales).
        utm = {key: campaign_value_shown(value=row[key]) for key in UTM_KEYS}
        target = row_for(
            utm["utm_source"], _referrer_domain(row["referrer"], own), utm["utm_medium"], utm["utm_campaign"]
        )
        # Leads are distinct per referrer URL; a lead coming back through two URLs of one site
        # counts twice here, which is rare and shows as such in the total below the table.
        target.add(
            Figures(
                requests=row["n_requests"],
                leads=row["n_leads"],
                contacted=row["n_contacted"],
                enrolled=row["n_enrolled"],
            )
        )
    return sorted(rows.values(), key=lambda row: (-row.views, -row.requests, row.title.lower()))


# --- Form funnel per placement ---------------------------------------------------------------------


@dataclass
class PlacementRow:
    label: str
    content_type_id: int
    seen: int = 0
    started: int = 0
    refused: int = 0
    sent: int = 0
    top_field: str = ""
    top_field_refusals: int = 0

    @property
    def start_rate(self) -> float | None:
        return share(part=self.started, whole=self.seen)

    @property
    def send_rate(self) -> float | None:
        return share(part=self.sent, whole=self.started)


def field_label(name: str) -> str:
    form_field = BrochureForm.base_fields.get(name)
    if form_field is None or name == "marketing_consent":
        return name
    return str(form_field.label)


def placement_rows(*, date_from: datetime.date, date_to: datetime.date) -> list[PlacementRow]:
    """The brochure form's funnel per kind of page it sits on: a course page's own form, or a
    form block in an article, on the home page, on a content page (three queries)."""
    names = dict(page_types())
    rows: dict[int, PlacementRow] = {}

    def row_for(type_id: int) -> PlacementRow:
        if type_id not in rows:
            rows[type_id] = PlacementRow(label=names.get(type_id, str(type_id)), content_type_id=type_id)
        return rows[type_id]

    counts = _day_range(TypeDailyCount.objects.all(), date_from, date_to)
    for row in counts.values("content_type_id").annotate(
        n_seen=Sum("forms_seen"), n_started=Sum("forms_started"), n_refused=Sum("forms_refused")
    ):
        if row["n_seen"] or row["n_started"] or row["n_refused"]:
            target = row_for(row["content_type_id"])
            target.seen, target.started, target.refused = row["n_seen"], row["n_started"], row["n_refused"]
    requests = funnel_requests(date_from=date_from, date_to=date_to).filter(source_page__isnull=False)
    for row in requests.values("source_page__content_type_id").annotate(n=Count("pk")):
        row_for(row["source_page__content_type_id"]).sent = row["n"]
    refused = _day_range(RefusedFieldDailyCount.objects.all(), date_from, date_to)
    per_field = defaultdict(dict)
    for row in refused.values("page__content_type_id", "field_name").annotate(n=Sum("refusals")):
        per_field[row["page__content_type_id"]][row["field_name"]] = row["n"]
    for type_id, fields in per_field.items():
        name, number = max(fields.items(), key=lambda item: (item[1], item[0]))
        target = row_for(type_id)
        target.top_field, target.top_field_refusals = field_label(name), number
    return sorted(rows.values(), key=lambda row: (-row.seen, -row.sent, row.label))


# --- One page, for the editor -------------------------------------------------------------------------


@dataclass
class Day:
    day: datetime.date
    views: int = 0
    requests: int = 0


@dataclass
class PageFigures(Figures):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    days: list[Day] = field(default_factory=list)
    top_field: str = ""
    published_at: datetime.date | None = None
    before: Figures | None = None  # the days before the last publication in the period
    since: Figures | None = None  # that day and after
    days_before: int = 0
    days_since: int = 0

    @property
    def views_per_day_before(self) -> float | None:
        return round(self.before.views / self.days_before, 1) if self.before and self.days_before else None

    @property
    def views_per_day_since(self) -> float | None:
        return round(self.since.views / self.days_since, 1) if self.since and self.days_since else None


def page_figures(*, page: Page, days: int = 30, today: datetime.date | None = None) -> PageFigures:
    """The page's own figures for the last ``days`` days, per day, and before and since its last publication."""
    today = today or timezone.localdate()
    date_from = today - datetime.timedelta(days=days - 1)
    result = PageFigures(date_from=date_from, date_to=today)
    per_day = {
        date_from + datetime.timedelta(days=n): Day(day=date_from + datetime.timedelta(days=n)) for n in range(days)
    }
    counts = _day_range(PageDailyCount.objects.filter(page=page), date_from, today)
    daily_counts = list(counts.values_list("day", "views", "forms_seen", "forms_started", "forms_refused"))
    for day, views, seen, started, refused in daily_counts:
        per_day[day].views = views
        result.add(Figures(views=views, seen=seen, started=started, refused=refused))
    requests = funnel_requests(date_from=date_from, date_to=today).filter(source_page=page)
    for (created_at,) in requests.values_list("created_at"):
        per_day[timezone.localtime(created_at).date()].requests += 1
    lead_figures = _lead_figures(requests, "source_page_id").get(page.pk)
    if lead_figures:
        result.add(lead_figures)
    refused = _day_range(RefusedFieldDailyCount.objects.filter(page=page), date_from, today)
    top = refused.values("field_name").annotate(n=Sum("refusals")).order_by("-n", "field_name").first()
    result.top_field = field_label(top["field_name"]) if top else ""
    result.days = list(per_day.values())

    published = page.last_published_at and timezone.localtime(page.last_published_at).date()
    if published and date_from < published <= today:
        result.published_at = published
        result.before, result.since = Figures(), Figures()
        for day in result.days:
            target = result.before if day.day < published else result.since
            target.add(Figures(views=day.views, requests=day.requests))
        result.days_before = (published - date_from).days
        result.days_since = (today - published).days + 1
    return result
