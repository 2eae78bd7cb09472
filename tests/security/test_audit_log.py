"""Marketing never reaches a lead through the audit log (issue 13.1).

Wagtail lists the log entries of every model a user holds any permission on: Reports →
Site history, its filters, search and exports. A permission on the Lead model would show
Marketing the name of every lead Sales open. Sales see the entries, labelled with the id.
"""

import csv
import importlib
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from leads.models import Lead
from tests.leads.factories import LeadFactory, course_site
from tests.leads.sales_fixtures import add_request

pytestmark = pytest.mark.django_db

NAME = ("Wilhelmina", "Zwanenburg")
EMAIL = "wilhelmina.zwanenburg@zwanenburg-advies.nl"
PERSONAL = [*NAME, "zwanenburg-advies", "Zwanenburg Advies"]
SITE_HISTORY = "/admin/reports/site-history/"


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def xlsx_text(response) -> str:
    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(" ".join(str(cell.value) for cell in row if cell.value is not None) for row in sheet.iter_rows())


@pytest.fixture
def worked_lead(salesperson):
    """A lead that Sales opened, exported and downloaded as JSON: each one an audit log entry."""
    course = course_site(title="Onderhandelen")
    log(instance=course, action="wagtail.publish")  # something Marketing may see
    lead = LeadFactory(first_name=NAME[0], last_name=NAME[1], email=EMAIL, company="Zwanenburg Advies")
    add_request(lead, course)
    assert salesperson.get(reverse("leads_admin:inspect", args=[lead.pk])).status_code == 200
    assert salesperson.get(reverse("leads_admin:index") + "?export=csv").status_code == 200
    assert salesperson.get(f"/admin/leads/{lead.pk}/privacy/export/").status_code == 200
    assert ModelLogEntry.objects.filter(object_id=str(lead.pk)).count() == 3
    return lead


def assert_no_lead_in(text: str, lead: Lead) -> None:
    for value in PERSONAL:
        assert value.lower() not in text.lower(), value
    assert f"Lead {lead.pk}" not in text
    for message in ("Lead viewed", "Lead exported", "Personal data exported", "Lead bekeken"):
        assert message not in text, message


def shown_entries(response) -> list:
    return list(response.context["object_list"])


def test_marketing_finds_no_lead_in_site_history_its_search_or_its_exports(marketer, worked_lead):
    lead_type = ContentType.objects.get_for_model(Lead)
    listing = marketer.get(SITE_HISTORY)
    assert listing.status_code == 200
    assert shown_entries(listing), "Marketing's own history is empty: the test would prove nothing"
    assert_no_lead_in(body(listing), worked_lead)
    searches = [{"label": NAME[1]}, {"label": str(worked_lead.pk)}, {"label": "Lead"}, {"action": "leads.view"}]
    for query in searches:
        for url in (SITE_HISTORY, SITE_HISTORY + "results/"):
            response = marketer.get(url, query)
            assert response.status_code == 200, (url, query)
            lead_entries = [entry for entry in shown_entries(response) if entry.content_type_id == lead_type.pk]
            assert lead_entries == [], (url, query)
    exported = marketer.get(SITE_HISTORY, {"export": "csv"})
    assert exported.status_code == 200
    assert_no_lead_in(body(exported), worked_lead)
    xlsx = marketer.get(SITE_HISTORY, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert_no_lead_in(xlsx_text(xlsx), worked_lead)


def test_marketing_cannot_filter_site_history_on_leads(marketer, worked_lead):
    response = marketer.get(SITE_HISTORY)
    lead_type = ContentType.objects.get_for_model(Lead)

    assert response.status_code == 200
    assert f'value="{lead_type.pk}"' not in body(response)
    assert "leads.view" not in body(response)  # the action filter lists actions on what the user may see


def test_marketing_finds_no_lead_on_the_dashboard_in_search_or_in_any_chooser(marketer, worked_lead):
    # Searching for the first name: pages repeat the term, so only the rest of the lead counts.
    term = NAME[0]
    urls = [
        "/admin/",
        f"/admin/pages/search/?q={term}",
        f"/admin/choose-page/search/?q={term}",
        f"/admin/snippets/choose/leads/testimonial/results/?q={term}",
        f"/admin/snippets/choose/blog/author/results/?q={term}",
        f"/admin/snippets/choose/blog/blogcategory/results/?q={term}",
        f"/admin/images/chooser/results/?q={term}",
        f"/admin/documents/chooser/results/?q={term}",
    ]
    for url in urls:
        response = marketer.get(url)
        assert response.status_code in {200, 302, 403}, url
        text = body(response).lower()
        for value in [NAME[1], "zwanenburg-advies", f"lead {worked_lead.pk}<"]:
            assert value.lower() not in text, (url, value)


def test_sales_see_the_lead_entries_named_by_id_only(salesperson, worked_lead):
    listing = body(salesperson.get(SITE_HISTORY))
    exported = body(salesperson.get(SITE_HISTORY, {"export": "csv"}))

    for text in (listing, exported):
        assert f"Lead {worked_lead.pk}" in text
        for value in PERSONAL:
            assert value.lower() not in text.lower(), value
    assert f'href="/admin/leads/{worked_lead.pk}/"' in listing  # Sales open the lead from there
    rows = list(csv.reader(io.StringIO(exported)))
    assert sum(f"Lead {worked_lead.pk}" in cell for row in rows for cell in row) >= 3


def test_the_report_permission_lives_on_a_model_that_holds_no_lead(marketer):
    from leads.models import SalesDesk

    report = Permission.objects.get(codename="view_lead_report")

    assert report.content_type == ContentType.objects.get_for_model(SalesDesk)
    assert not Permission.objects.filter(content_type=ContentType.objects.get_for_model(Lead)).filter(
        group__name="Marketing"
    )
    assert marketer.get(reverse("leads_funnel_report")).status_code == 200


@pytest.mark.parametrize("already_created", [False, True], ids=["upgrade", "permission-already-there"])
def test_the_migration_moves_the_report_permission_with_its_groups_and_relabels_old_entries(already_created):
    from django.apps import apps

    from leads.models import SalesDesk

    migration = importlib.import_module("leads.migrations.0008_sales_desk_permissions")
    lead_type = ContentType.objects.get_for_model(Lead)
    desk_type = ContentType.objects.get_for_model(SalesDesk)
    # The database as it was before: the permission on Lead, held by a group, entries named after the person.
    if not already_created:
        Permission.objects.filter(content_type=desk_type, codename="view_lead_report").delete()
    old = Permission.objects.create(content_type=lead_type, codename="view_lead_report", name="old")
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(old)
    lead = LeadFactory(first_name=NAME[0], last_name=NAME[1])
    ModelLogEntry.objects.create(
        content_type=lead_type,
        object_id=str(lead.pk),
        label=" ".join(NAME),
        action="leads.view",
        timestamp="2026-01-01T10:00Z",
    )

    migration.forwards(apps, None)

    assert not Permission.objects.filter(content_type=lead_type, codename="view_lead_report").exists()
    assert readers.permissions.filter(content_type=desk_type, codename="view_lead_report").exists()
    assert list(ModelLogEntry.objects.filter(content_type=lead_type).values_list("label", flat=True)) == [
        f"Lead {lead.pk}"
    ]
