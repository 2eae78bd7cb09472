"""Reports → Lead funnel: time to first contact in working hours (issue 17), and readable figures in the
user's language (issue 18: plural forms, Dutch number formats)."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from leads import sales
from leads.admin.report import percentile, speed_report
from leads.models import Lead
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request, make_user
from tests.leads.speed import MONDAY_10, at, capture, sales_team

pytestmark = pytest.mark.django_db

REPORT = "leads_funnel_report"
HOUR = datetime.timedelta(hours=1)
WEEK = datetime.timedelta(days=7)
MONDAY_15 = MONDAY_10 + 5 * HOUR


@pytest.fixture
def team(db):
    return sales_team("Anna", "Bram")


@pytest.fixture
def responses(course, team):
    """Week 48 of 2026. Anna: contacted after 1 h and 3 h (in time), Bram: after 6 h (late) and one still
    waiting, overdue. The week before: one lead of Anna's contacted after 2 h."""
    anna, bram = team
    leads = {}
    for name, when in [("a1", MONDAY_10), ("b1", MONDAY_10), ("a2", MONDAY_10), ("b2", MONDAY_10)]:
        leads[name] = Lead.objects.get(pk=capture(course, f"{name}@gemeente-utrecht.nl", when=when).lead_id)
    leads["earlier"] = Lead.objects.get(pk=capture(course, "eerder@gemeente-utrecht.nl", when=MONDAY_10 - WEEK).lead_id)
    Lead.objects.filter(pk__in=[leads["a1"].pk, leads["a2"].pk, leads["earlier"].pk]).update(owner=anna)
    Lead.objects.filter(pk__in=[leads["b1"].pk, leads["b2"].pk]).update(owner=bram)
    for name, hours, user in [("a1", 1, anna), ("a2", 3, anna), ("b1", 6, bram)]:
        with at(MONDAY_10 + hours * HOUR):
            sales.lead_log_contact(lead=leads[name], user=user, channel="call", outcome="interested")
    with at(MONDAY_10 - WEEK + 2 * HOUR):
        sales.lead_log_contact(lead=leads["earlier"], user=anna, channel="call", outcome="interested")
    return leads


def report(**dates):
    with at(MONDAY_15 + 24 * HOUR):  # Tuesday 15:00
        return speed_report(
            date_from=dates.get("date_from", datetime.date(2026, 11, 1)),
            date_to=dates.get("date_to", datetime.date(2026, 11, 30)),
        )


def test_median_and_90th_percentile_in_working_hours(responses):
    total = report()["total"]

    # Contacted after 1, 2, 3 and 6 working hours; one lead still waits, past its due time.
    assert sorted(total.seconds) == [3600, 7200, 10800, 21600]
    assert total.median_hours == pytest.approx(2.5)
    assert total.p90_hours == pytest.approx(3 + 0.7 * 3)  # between 3 h and 6 h
    assert (total.leads, total.contacted, total.within, total.missed, total.waiting) == (5, 4, 3, 2, 0)
    assert total.share_within == 60.0


def test_per_owner_per_course_and_per_week(responses, course):
    data = report()
    owners = {row.label: row for row in data["per_owner"]}
    assert (owners["Anna Verkoop"].within, owners["Anna Verkoop"].missed) == (3, 0)
    assert (owners["Bram Verkoop"].within, owners["Bram Verkoop"].missed, owners["Bram Verkoop"].median_hours) == (
        0,
        2,
        6.0,
    )
    assert [row.label for row in data["per_course"]] == [course.title]
    weeks = {row.label: row for row in data["per_week"]}
    assert weeks["2026-W47"].median_hours == 2.0
    assert weeks["2026-W48"].leads == 4


def test_the_date_range_counts_leads_by_when_they_reached_sales(responses):
    assert report(date_from=datetime.date(2026, 11, 23))["total"].leads == 4


def test_percentile_interpolates_between_neighbours():
    assert percentile([10], 0.9) == 10
    assert percentile([0, 10], 0.5) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9) == 10


def test_each_figure_links_to_the_leads_that_missed_the_deadline(client, responses, team):
    anna, bram = team
    client.force_login(anna)
    with at(MONDAY_15 + 24 * HOUR):
        html = client.get(reverse(REPORT), {"date_from": "2026-11-01", "date_to": "2026-11-30"}).content.decode()
        row = re.search(r'data-speed-row="Bram Verkoop">.*?href="([^"]+)"', html, re.S)
        url = row.group(1).replace("&amp;", "&")
        query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
        assert query == {
            "first_contact": "late",
            "owner": str(bram.pk),
            "arrived_from": "2026-11-01",
            "arrived_to": "2026-11-30",
        }
        listing = client.get(url)
    assert sorted(lead.email for lead in listing.context["object_list"]) == [
        "b1@gemeente-utrecht.nl",
        "b2@gemeente-utrecht.nl",
    ]


def test_the_report_draws_an_inline_chart_with_the_deadline(sales_client, responses):
    with at(MONDAY_15 + 24 * HOUR):
        html = sales_client.get(reverse(REPORT), {"date_from": "2026-11-01", "date_to": "2026-11-30"}).content.decode()

    chart = html[html.index('aria-labelledby="speed-chart-title"') : html.index("</svg>", html.index("speed-chart"))]
    assert 'data-speed-week="2026-W47"' in chart and 'data-speed-week="2026-W48"' in chart
    assert "data-speed-deadline" in chart
    assert "<script" not in chart and "http" not in chart.replace("http://www.w3.org/2000/svg", "")


def test_sales_see_the_whole_team(sales_client, responses):
    # sales_client is Sanne, who owns none of these leads.
    with at(MONDAY_15 + 24 * HOUR):
        html = sales_client.get(reverse(REPORT), {"date_from": "2026-11-01", "date_to": "2026-11-30"}).content.decode()
    assert 'data-speed-row="Anna Verkoop"' in html and 'data-speed-row="Bram Verkoop"' in html


def test_marketing_sees_the_figures_but_no_links_to_leads(marketing_client, responses):
    with at(MONDAY_15 + 24 * HOUR):
        html = marketing_client.get(
            reverse(REPORT), {"date_from": "2026-11-01", "date_to": "2026-11-30"}
        ).content.decode()
    assert "data-speed-report" in html
    assert "data-speed-missed" not in html
    assert "/admin/leads/?" not in html


# --- Readable figures (issue 18) -------------------------------------------------------------------


def dutch(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    return user


def make_lead_with_request(courses):
    from tests.leads.factories import LeadFactory

    lead = LeadFactory()
    add_request(lead, courses["advies"])
    return lead


def test_one_request_from_one_lead_reads_in_the_singular(sales_client, courses):
    make_lead_with_request(courses)
    html = sales_client.get(reverse(REPORT)).content.decode()
    assert "1 brochure request from 1 lead; 0 enrolled (0.0%)." in html


def test_several_requests_read_in_the_plural(sales_client, courses):
    make_lead_with_request(courses)
    make_lead_with_request(courses)
    html = sales_client.get(reverse(REPORT)).content.decode()
    assert "2 brochure requests from 2 leads; 0 enrolled (0.0%)." in html


def test_a_dutch_user_reads_dutch_number_formats(client, courses, sales_user):
    make_lead_with_request(courses)
    client.force_login(dutch(sales_user))

    html = client.get(reverse(REPORT)).content.decode()

    assert "(0,0%)" in html
    assert "0.0%" not in html
    assert re.search(r"<td>0,0%</td>", html)  # the conversion column of the tables


def test_a_dutch_user_reads_working_hours_with_a_decimal_comma(client, responses, sales_user):
    client.force_login(dutch(sales_user))
    with at(MONDAY_15 + 24 * HOUR):
        html = client.get(reverse(REPORT), {"date_from": "2026-11-01", "date_to": "2026-11-30"}).content.decode()
    figures = html[html.index("data-speed-report") :]
    assert "2,5" in figures and "60,0%" in figures
    assert "2.5" not in figures


def test_a_lead_nobody_owns_is_counted_as_waiting(course):
    make_user("zonder")  # not in Sales: nobody to assign to
    capture(course, "niemand@gemeente-utrecht.nl")
    with at(MONDAY_10 + HOUR), translation.override("en"):
        data = speed_report(date_from=None, date_to=None)
    (row,) = data["per_owner"]
    assert (row.label, row.waiting) == ("(nobody)", 1)


def test_hours_are_rounded_the_same_in_the_figures_the_tables_and_the_chart(sales_client, course, team):
    """2 h 57 min is 2.95 h: the figure, the tables and the chart's bar all read 3.0, none 2.9."""
    anna, _bram = team
    lead = Lead.objects.get(pk=capture(course, "rond@gemeente-utrecht.nl", when=MONDAY_10).lead_id)
    with at(MONDAY_10 + datetime.timedelta(hours=2, minutes=57)):
        sales.lead_log_contact(lead=lead, user=anna, channel="call", outcome="interested")

    with at(MONDAY_15):
        html = sales_client.get(reverse(REPORT), {"date_from": "2026-11-01", "date_to": "2026-11-30"}).content.decode()
    figures = html[html.index("data-speed-report") :]

    assert "2.9" not in figures
    assert re.search(r'data-speed-figure="median">.*?<dd>3\.0 h</dd>', figures, re.S)
    assert re.search(r"<text[^>]*>3\.0</text>", figures)  # the bar of week 48
