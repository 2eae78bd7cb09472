"""The funnel report: requests per course, source page and ISO week, conversion to enrolled (issue 6)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.admin.report import funnel_report
from leads.models import Lead
from tests.leads.factories import LeadFactory
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request

pytestmark = pytest.mark.django_db

REPORT = "leads_funnel_report"


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def march_requests(courses, articles):
    """Week 10 of 2026: two requests, week 11: one; one spam request in week 10."""
    enrolled = LeadFactory(status=Lead.Status.ENROLLED)
    fresh = LeadFactory()
    spam = LeadFactory(is_spam=True)
    add_request(enrolled, courses["advies"], source_page=articles["inkoop"], at=noon(datetime.date(2026, 3, 2)))
    add_request(fresh, courses["advies"], source_page=articles["ict"], at=noon(datetime.date(2026, 3, 4)))
    add_request(fresh, courses["onderhandelen"], source_page=articles["inkoop"], at=noon(datetime.date(2026, 3, 10)))
    add_request(spam, courses["advies"], source_page=articles["inkoop"], at=noon(datetime.date(2026, 3, 3)))
    add_request(fresh, courses["advies"], at=noon(datetime.date(2026, 4, 20)))  # outside the range


def march_report(client):
    return client.get(reverse(REPORT), {"date_from": "2026-03-01", "date_to": "2026-03-15"})


def test_report_totals_and_conversion_exclude_spam(marketing_client, march_requests):
    report = march_report(marketing_client).context["report"]
    total = report["total"]
    assert (total.requests, total.leads, total.enrolled, total.conversion) == (3, 2, 1, 50.0)


def test_report_per_course(marketing_client, march_requests):
    rows = {row.label: row for row in march_report(marketing_client).context["report"]["per_course"]}
    assert (rows["Adviesvaardigheden"].requests, rows["Adviesvaardigheden"].conversion) == (2, 50.0)
    assert (rows["Onderhandelen"].requests, rows["Onderhandelen"].conversion) == (1, 0.0)


def test_report_per_source_page_shows_which_articles_produce_leads(marketing_client, march_requests):
    html = march_report(marketing_client).content.decode()
    assert re.search(
        r'data-funnel-row="Slim inkopen">\s*<td>Slim inkopen</td>\s*<td>2</td>\s*<td>2</td>\s*<td>1</td>', html
    )
    assert re.search(r'data-funnel-row="ICT en aanbesteden">\s*<td>ICT en aanbesteden</td>\s*<td>1</td>', html)


def test_report_per_iso_week_as_an_inline_svg_chart(marketing_client, march_requests):
    response = march_report(marketing_client)
    weeks = [(bar.label, bar.requests) for bar in response.context["report"]["per_week"]]
    assert weeks == [("2026-W10", 2), ("2026-W11", 1)]
    html = response.content.decode()
    assert "<svg" in html
    assert 'data-week="2026-W10" data-requests="2"' in html
    main = html[html.index("<main") :]
    assert "<script" not in main.split("</main>")[0]
    assert 'style="' not in html[html.index("<svg") : html.index("</svg>")]


def test_report_date_range_moves_the_figures(marketing_client, march_requests):
    response = marketing_client.get(reverse(REPORT), {"date_from": "2026-04-01", "date_to": "2026-04-30"})
    assert response.context["report"]["total"].requests == 1


def test_report_defaults_to_the_last_twelve_weeks(sales_client, known_leads):
    total = sales_client.get(reverse(REPORT)).context["report"]["total"]
    assert (total.requests, total.leads, total.enrolled) == (3, 2, 1)


def test_funnel_report_function_without_dates_counts_everything(march_requests):
    assert funnel_report(date_from=None, date_to=None)["total"].requests == 4
