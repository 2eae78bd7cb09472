"""Reports → Content performance: figures checked against known stored counts."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from leads.admin.insight_report import preset_period
from leads.insight import report, services
from leads.models import Lead, PageDailyCount, RefusedFieldDailyCount, SourceDailyCount
from tests.home.factories import ContentPageFactory, home_page
from tests.leads.factories import CourseIndexPageFactory, CoursePageFactory, LeadFactory
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/reports/content/"


@pytest.fixture
def known(insight_store):
    """Three pages with known counts and requests over the last days.

    - the course: 1,000 views, 50 seen, 20 started, 5 refused; 3 requests from 2 leads
      (one enrolled, one contacted) and a spam request that does not count: 3.0 per 1,000;
    - the home page: no views counted, 2 requests (conversion: none, not a division by zero);
    - the article: 250 views, no requests (conversion 0.0).
    """
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    home = home_page()
    index = CourseIndexPageFactory(parent=home)
    course = CoursePageFactory(parent=index, title="Adviesvaardigheden", slug="advies")
    article = ContentPageFactory(parent=home, title="Slim inkopen", slug="slim-inkopen")
    PageDailyCount.objects.create(
        day=yesterday, page=course, views=600, forms_seen=30, forms_started=12, forms_refused=3
    )
    PageDailyCount.objects.create(day=today, page=course, views=400, forms_seen=20, forms_started=8, forms_refused=2)
    PageDailyCount.objects.create(day=today, page=article, views=250)
    # Outside a 30-day period: never counted there.
    PageDailyCount.objects.create(day=today - datetime.timedelta(days=200), page=course, views=9999)
    SourceDailyCount.objects.create(
        day=today, page=course, utm_source="nieuwsbrief", utm_campaign="voorjaar", views=300
    )
    SourceDailyCount.objects.create(day=today, page=article, referrer_domain="google.com", views=100)
    RefusedFieldDailyCount.objects.create(day=today, page=course, field_name="email", refusals=4)
    RefusedFieldDailyCount.objects.create(day=today, page=course, field_name="role", refusals=1)
    services.rollups_rebuild()  # written directly, as the demo does: the rollups follow

    enrolled = LeadFactory(status=Lead.Status.ENROLLED)
    contacted = LeadFactory(status=Lead.Status.CONTACTED)
    new = LeadFactory(status=Lead.Status.NEW)
    spam = LeadFactory(is_spam=True)
    add_request(enrolled, course, source_page=course, utm_source="nieuwsbrief", utm_campaign="voorjaar")
    add_request(enrolled, course, source_page=course, utm_source="nieuwsbrief", utm_campaign="voorjaar")
    add_request(contacted, course, source_page=course, referrer="https://www.google.com/search?q=advies")
    add_request(spam, course, source_page=course)
    add_request(new, course, source_page=home)
    add_request(new, course, source_page=home)
    return {"course": course, "home": home, "article": article}


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _row(soup, page) -> dict:
    row = soup.select_one(f'[data-insight-page="{page.pk}"]')
    return {cell["data-column"]: cell["data-value"] for cell in row.select("[data-column]")}


def test_per_page_figures_and_conversion_arithmetic(known, marketing_client):
    soup = _soup(marketing_client.get(URL, {"preset": "last_30_days"}))

    assert _row(soup, known["course"]) == {
        "views": "1000",
        "seen": "50",
        "started": "20",
        "requests": "3",
        "conversion": "3.0",
        "leads": "2",
        "contacted": "2",
        "enrolled": "1",
    }
    # Requests but no views: no conversion (shown as a dash), no division by zero.
    assert _row(soup, known["home"])["conversion"] == ""
    assert _row(soup, known["home"])["requests"] == "2"
    # Views but no requests: zero.
    assert _row(soup, known["article"])["conversion"] == "0.0"
    total = {dd.find_previous("dt").text: dd["data-value"] for dd in soup.select("[data-insight-total] dd")}
    assert total["Views"] == "1250"
    assert total["Requests"] == "5"
    assert total["Requests per 1,000 views"] == "4.0"


def test_sorted_by_conversion_best_first_and_pages_without_views_last(known, marketing_client):
    soup = _soup(marketing_client.get(URL, {"preset": "last_30_days", "sort": "-conversion"}))
    order = [int(row["data-insight-page"]) for row in soup.select("[data-insight-page]")]

    assert order == [known["course"].pk, known["article"].pk, known["home"].pk]
    assert soup.select_one('th[aria-sort="descending"]').text.strip().startswith("Requests per 1,000 views")


def test_the_page_type_filter_answers_which_articles_convert_best(known, marketing_client):
    content_type = known["article"].content_type_id
    soup = _soup(
        marketing_client.get(URL, {"date_from": "2000-01-01", "date_to": "2100-01-01", "page_type": content_type})
    )

    assert [int(row["data-insight-page"]) for row in soup.select("[data-insight-page]")] == [known["article"].pk]


def test_an_empty_period_says_so(known, marketing_client):
    soup = _soup(marketing_client.get(URL, {"date_from": "2001-01-01", "date_to": "2001-01-31"}))

    assert "No views or requests in this period." in soup.text
    assert soup.select_one("[data-insight-total] dd")["data-value"] == "0"


TABS = (URL, URL + "courses/", URL + "campaigns/", URL + "forms/")


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"date_from": "9999-12-01", "date_to": "9999-12-31"}, "Choose dates between 1 Jan 1900 and 31 Dec 9998."),
        ({"date_from": "0001-01-01", "date_to": "0001-01-31"}, "Choose dates between 1 Jan 1900 and 31 Dec 9998."),
    ],
    ids=["year 9999", "year 1"],
)
def test_dates_out_of_range_are_refused_in_words_on_every_tab_and_export(known, marketing_client, dates, message):
    for url in TABS:
        soup = _soup(marketing_client.get(url, dates))
        assert message in soup.select_one("[role=alert]").text, url
        assert soup.select_one("[data-insight-period]")["data-insight-period"] == _default_period(), url
        for kind in ("csv", "xlsx"):
            assert marketing_client.get(url, {**dates, "export": kind}).status_code == 200, (url, kind)


def _default_period() -> str:
    today = timezone.localdate()
    return f"{today - datetime.timedelta(days=89):%Y-%m-%d}/{today:%Y-%m-%d}"


def test_a_century_shows_all_figures_and_a_chart_of_the_last_five_years(known, marketing_client):
    today = timezone.localdate()
    soup = _soup(marketing_client.get(URL, {"date_from": f"{today.year - 99}-01-01", "date_to": f"{today:%Y-%m-%d}"}))
    weeks = soup.select("svg [data-week]")

    total = {dd.find_previous("dt").text: dd["data-value"] for dd in soup.select("[data-insight-total] dd")}
    assert total["Views"] == str(1250 + 9999)  # the count of 200 days ago too
    assert len(weeks) == report.CHART_MAX_WEEKS
    year, week, _weekday = today.isocalendar()
    assert weeks[-1]["data-week"] == f"{year}-W{week:02d}"
    assert "The chart shows the last 261 weeks of the period" in soup.text


def test_one_date_is_enough_and_a_start_after_the_end_is_said(known, marketing_client):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    to_only = _soup(marketing_client.get(URL, {"date_to": "2026-01-31"}))
    from_only = _soup(marketing_client.get(URL, {"date_from": "2026-01-01"}))
    after_today = _soup(marketing_client.get(URL, {"date_from": f"{tomorrow:%Y-%m-%d}"}))

    assert to_only.select_one("[data-insight-period]")["data-insight-period"] == "2025-11-03/2026-01-31"
    assert from_only.select_one("[data-insight-period]")["data-insight-period"] == f"2026-01-01/{today:%Y-%m-%d}"
    assert "The start date is after the end date." in after_today.select_one("[role=alert]").text


def test_weekly_chart_is_inline_svg_with_the_weeks_figures(known, marketing_client):
    soup = _soup(marketing_client.get(URL, {"preset": "last_30_days"}))
    weeks = soup.select("svg [data-week]")

    assert 5 <= len(weeks) <= 6
    assert sum(int(week["data-views"]) for week in weeks) == 1250
    assert sum(int(week["data-requests"]) for week in weeks) == 5
    assert not soup.select("script[src^='http'], img[src^='http'], link[href^='http']")


def test_csv_and_xlsx_exports_hold_the_table(known, marketing_client):
    response = marketing_client.get(URL, {"preset": "last_30_days", "sort": "-views", "export": "csv"})
    # For Excel with a Dutch locale, as the leads export: a byte-order mark, ";" between cells,
    # and a decimal comma (a point would make 3.0 a date or text there).
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert response["Content-Disposition"].startswith('attachment; filename="content-performance-pages-')
    assert rows[0][:3] == ["Page", "Type", "Views"]
    assert rows[1][0] == "Adviesvaardigheden"
    assert rows[1][2] == "1000" and rows[1][7] == "3,0"
    assert rows[3][7] == ""  # the home page: requests without views, no conversion

    response = marketing_client.get(URL, {"preset": "last_30_days", "sort": "-views", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Adviesvaardigheden" and values[1][2] == 1000 and values[1][7] == 3.0


def test_per_course_lists_the_pages_that_fed_its_requests(known, marketing_client):
    soup = _soup(marketing_client.get(URL + "courses/", {"preset": "last_30_days"}))
    table = soup.select_one('[data-insight-course="Adviesvaardigheden"]')
    sources = {
        row["data-insight-source"]: {cell["data-column"]: cell["data-value"] for cell in row.select("[data-column]")}
        for row in table.select("[data-insight-source]")
    }

    assert sources["Adviesvaardigheden"]["requests"] == "3"
    assert sources["Adviesvaardigheden"]["views"] == "1000"
    assert sources["Adviesvaardigheden"]["enrolled"] == "1"
    assert sources["Covalis"]["requests"] == "2"
    assert sources["Covalis"]["conversion"] == ""  # the home page's views were not counted


def test_per_campaign_and_source_views_then_requests_then_enrolled(known, marketing_client):
    soup = _soup(marketing_client.get(URL + "campaigns/", {"preset": "last_30_days"}))
    rows = {
        row["data-insight-campaign"]: {cell["data-column"]: cell["data-value"] for cell in row.select("[data-column]")}
        for row in soup.select("[data-insight-campaign]")
    }

    assert rows["nieuwsbrief||voorjaar"] == {
        "views": "300",
        "requests": "2",
        "conversion": "6.7",
        "leads": "1",
        "contacted": "1",
        "enrolled": "1",
    }
    assert rows["google.com||"]["views"] == "100"
    assert rows["google.com||"]["requests"] == "1"
    # Every other view came without a referring site or campaign.
    assert rows["(direct or unknown)||"]["views"] == str(1250 - 300 - 100)


def test_marketing_never_reads_an_email_address_from_a_campaign_link(known, marketing_client):
    lead = LeadFactory(status=Lead.Status.NEW)
    add_request(
        lead, known["course"], source_page=known["course"], utm_source="nieuwsbrief", utm_campaign="jan@klant.nl"
    )

    for export in ("", "csv", "xlsx"):
        response = marketing_client.get(URL + "campaigns/", {"preset": "last_30_days", "export": export})
        assert response.status_code == 200
        assert b"jan@klant.nl" not in response.content, export or "page"
    soup = _soup(marketing_client.get(URL + "campaigns/", {"preset": "last_30_days"}))
    assert "nieuwsbrief" in soup.text  # the campaign's source still shows, with the request


def test_form_funnel_per_placement_with_the_most_refused_field(known, marketing_client):
    soup = _soup(marketing_client.get(URL + "forms/", {"preset": "last_30_days"}))
    rows = {
        row["data-insight-placement"]: {
            cell["data-column"]: cell.get("data-value", cell.text.strip()) for cell in row.select("[data-column]")
        }
        for row in soup.select("[data-insight-placement]")
    }
    with translation.override("en"):  # the marketer reads the admin in English
        course_label, home_label = (capfirst(str(known[key]._meta.verbose_name)) for key in ("course", "home"))
    course_row = rows[course_label]

    assert course_row["seen"] == "50" and course_row["started"] == "20" and course_row["refused"] == "5"
    assert course_row["sent"] == "3"
    assert course_row["top_field"] == "Zakelijk e-mailadres (4 times)"
    assert rows[home_label]["sent"] == "2"


def test_marketing_sees_the_report_and_the_menu_item_but_no_lead(known, marketing_client):
    dashboard = marketing_client.get("/admin/")

    assert b"/admin/reports/content/" in dashboard.content
    emails = list(Lead.objects.values_list("email", flat=True))
    for path in (URL, URL + "courses/", URL + "campaigns/", URL + "forms/", URL + "?export=csv"):
        response = marketing_client.get(path)
        assert response.status_code == 200
        assert not any(email.encode() in response.content for email in emails), path


def test_users_without_the_permission_are_refused(known, client):
    client.force_login(make_user("ed", "Editors"))  # Wagtail's own group: admin access, no report
    assert client.get(URL).status_code == 403
    assert client.get(URL + "forms/").status_code == 403


def test_last_quarter_is_the_previous_calendar_quarter():
    assert preset_period("last_quarter", today=datetime.date(2026, 5, 14)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    assert preset_period("last_quarter", today=datetime.date(2026, 1, 2)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
    )


def test_conversion_without_views_is_none_not_an_error():
    assert report.conversion(requests=3, views=0) is None
    assert report.conversion(requests=0, views=0) is None
    assert report.conversion(requests=1, views=3) == 333.3


def test_the_editor_sees_the_pages_own_figures_in_a_tab(known, admin_client):
    response = admin_client.get(f"/admin/pages/{known['course'].pk}/edit/")
    soup = _soup(response)
    figures = {dd["data-column"]: dd["data-value"] for dd in soup.select("[data-insight-page-figures] dd")}

    assert "Figures" in [tab.text.split()[0] for tab in soup.select("[role=tab]")]
    assert figures["views"] == "1000"
    assert figures["requests"] == "3"
    assert figures["conversion"] == "3.0"
    assert figures["enrolled"] == "1"


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        ("2026-01-15", "2026-03-10"),  # part of January, all of February, part of March
        ("2026-01-01", "2026-03-31"),  # whole months only
        ("2026-02-03", "2026-02-20"),  # inside one month
        ("2026-01-31", "2026-03-01"),  # one day either side of a whole month
        ("2025-12-20", "2026-04-30"),  # beyond the counted days
    ],
)
def test_a_period_adds_up_whole_months_and_the_days_around_them_exactly(date_from, date_to, insight_store):
    page = home_page()
    first = datetime.date(2026, 1, 1)
    PageDailyCount.objects.bulk_create(
        [PageDailyCount(day=first + datetime.timedelta(days=n), page=page, views=n + 1) for n in range(90)]
    )
    services.rollups_rebuild()
    start, end = datetime.date.fromisoformat(date_from), datetime.date.fromisoformat(date_to)
    expected = sum(n + 1 for n in range(90) if start <= first + datetime.timedelta(days=n) <= end)

    rows = report.content_rows(date_from=start, date_to=end)

    assert [row.views for row in rows] == [expected]
