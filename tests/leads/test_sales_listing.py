"""The Leads listing: columns, filters, search, sorting and its query budget (issue 6)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead
from tests.leads.factories import LeadFactory
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request

pytestmark = pytest.mark.django_db

INDEX = "leads_admin:index"


def listed_names(response) -> list[str]:
    return [lead.display_name for lead in response.context["object_list"]]


def test_listing_shows_every_column_of_a_lead(sales_client, known_leads):
    html = sales_client.get(reverse(INDEX)).content.decode()
    for text in [
        "Bram de Boer",
        "Zorggroep Noord",
        "ICT-er",
        "Onderhandelen",
        "Adviesvaardigheden",
        "Slim inkopen",
        "najaar",
        "Enrolled",
        "Sanne Verkoop",
        "Failed",
    ]:
        assert text in html, text


def test_listing_shows_newest_request_first(sales_client, known_leads):
    assert listed_names(sales_client.get(reverse(INDEX))) == ["Bram de Boer", "Anna Jansen", "Cheap Pills"]


def test_listing_sorts_by_company(sales_client, known_leads):
    response = sales_client.get(reverse(INDEX), {"ordering": "company"})
    assert listed_names(response) == ["Anna Jansen", "Cheap Pills", "Bram de Boer"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "enrolled"}, ["Bram de Boer"]),
        ({"role": "inkoper"}, ["Anna Jansen"]),
        ({"marketing_consent": "true"}, ["Anna Jansen"]),
        ({"mailchimp_state": "failed"}, ["Bram de Boer"]),
        ({"is_spam": "true"}, ["Cheap Pills"]),
        ({"is_spam": "false"}, ["Bram de Boer", "Anna Jansen"]),
        ({"utm_campaign": "voorjaar"}, ["Anna Jansen"]),
    ],
)
def test_listing_filters(sales_client, known_leads, params, expected):
    assert listed_names(sales_client.get(reverse(INDEX), params)) == expected


def test_listing_filters_by_owner(sales_client, known_leads, sales_user):
    assert listed_names(sales_client.get(reverse(INDEX), {"owner": sales_user.pk})) == ["Bram de Boer"]


def test_listing_filters_by_course(sales_client, known_leads, courses):
    response = sales_client.get(reverse(INDEX), {"course": courses["onderhandelen"].pk})
    assert listed_names(response) == ["Bram de Boer"]


def test_listing_filters_by_source_page(sales_client, known_leads, articles):
    response = sales_client.get(reverse(INDEX), {"source_page": articles["inkoop"].pk})
    assert listed_names(response) == ["Bram de Boer", "Anna Jansen"]


def test_listing_filters_by_requested_at_range(sales_client, known_leads):
    today = timezone.localdate()
    params = {
        "requested_at_from": (today - datetime.timedelta(days=25)).isoformat(),
        "requested_at_to": (today - datetime.timedelta(days=15)).isoformat(),
    }
    assert listed_names(sales_client.get(reverse(INDEX), params)) == ["Bram de Boer"]


@pytest.mark.parametrize(
    ("query", "expected"), [("jansen", "Anna Jansen"), ("bram@zorg", "Bram de Boer"), ("noord", "Bram de Boer")]
)
def test_listing_searches_name_email_and_company(sales_client, known_leads, query, expected):
    assert listed_names(sales_client.get(reverse(INDEX), {"q": query})) == [expected]


def test_listing_paginates(sales_client, courses):
    for number in range(55):
        add_request(LeadFactory(first_name=f"Lead{number}"), courses["advies"])
    first = sales_client.get(reverse(INDEX))
    second = sales_client.get(reverse(INDEX), {"p": 2})
    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) == 5


def test_listing_query_count_does_not_grow_with_leads(sales_client, courses, articles, sales_user):
    def make_leads(count):
        for number in range(count):
            lead = LeadFactory(first_name=f"Q{number}", owner=sales_user, status=Lead.Status.CONTACTED)
            add_request(lead, courses["advies"], source_page=articles["inkoop"], utm_campaign="q")
            add_request(lead, courses["onderhandelen"], source_page=articles["ict"])

    make_leads(3)
    sales_client.get(reverse(INDEX))  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as few:
        assert sales_client.get(reverse(INDEX)).status_code == 200
    make_leads(30)
    with CaptureQueriesContext(connection) as many:
        assert sales_client.get(reverse(INDEX)).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 30


def test_listing_has_no_mailchimp_set_up_notice(sales_client, known_leads):
    # Shown once, on the dashboard, to those who can set Mailchimp up (tests/leads/test_sales_desk_noise.py).
    assert "Mailchimp is not" not in sales_client.get(reverse(INDEX)).content.decode()


def test_listing_marks_spam_with_its_reason_in_words(sales_client, known_leads):
    html = sales_client.get(reverse(INDEX)).content.decode()
    assert "Spam: hidden field filled in (a bot)" in html
    assert "honeypot" not in html
