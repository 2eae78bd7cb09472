"""CSV and XLSX exports of the filtered lead listing, made safe for spreadsheets and audited (issue 6)."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.leads.factories import LeadFactory
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request

pytestmark = pytest.mark.django_db

INDEX = "leads_admin:index"


def export_csv(client, **params) -> list[dict]:
    response = client.get(reverse(INDEX), {"export": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    # For Dutch Excel: a byte-order mark and ";" (tests/security/test_spreadsheets.py).
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def export_xlsx(client, **params) -> list[list]:
    response = client.get(reverse(INDEX), {"export": "xlsx", **params})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_csv_export_has_the_leads_with_their_columns(sales_client, known_leads):
    rows = export_csv(sales_client)
    bram = next(row for row in rows if row["E-mail"] == "bram@zorggroep.nl")
    assert len(rows) == 3
    assert bram["Company"] == "Zorggroep Noord"
    assert bram["Course(s)"] == "Adviesvaardigheden, Onderhandelen"
    assert bram["Source page"] == "Slim inkopen"
    assert bram["UTM campaign"] == "najaar"
    assert bram["Status"] == "Enrolled"
    assert bram["Owner"] == "Sanne Verkoop"
    assert bram["Mailchimp"] == "Failed"


def test_csv_export_follows_the_filters(sales_client, known_leads):
    rows = export_csv(sales_client, is_spam="false", q="gemeente")
    assert [row["E-mail"] for row in rows] == ["anna@gemeente.nl"]


def test_xlsx_export_has_the_leads(sales_client, known_leads):
    rows = export_xlsx(sales_client, status="enrolled")
    header, *data = rows
    assert header[:3] == ["First name", "Last name", "E-mail"]
    assert len(data) == 1
    assert data[0][2] == "bram@zorggroep.nl"
    assert data[0][header.index("Company")] == "Zorggroep Noord"


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\rCR"])
def test_exports_neutralise_formulas(sales_client, courses, dangerous):
    add_request(LeadFactory(company=dangerous, email="formula@example.nl"), courses["advies"])
    csv_row = export_csv(sales_client)[0]
    assert csv_row["Company"] == "'" + dangerous
    xlsx_rows = export_xlsx(sales_client)
    xlsx_value = xlsx_rows[1][xlsx_rows[0].index("Company")]
    # XML turns a carriage return into a newline; what matters is the leading quote.
    assert xlsx_value.startswith("'")
    assert xlsx_value[1:].strip() == dangerous.strip()


def test_every_export_is_written_to_the_audit_log(sales_client, known_leads, sales_user):
    export_csv(sales_client, status="enrolled")
    export_xlsx(sales_client, status="new", is_spam="false")
    entries = ModelLogEntry.objects.filter(action="leads.export", user=sales_user)
    assert {(entry.object_id, entry.data["format"]) for entry in entries} == {
        (str(known_leads["bram"].pk), "csv"),
        (str(known_leads["anna"].pk), "xlsx"),
    }


def test_export_buttons_only_for_users_who_may_export(sales_client, known_leads):
    html = sales_client.get(reverse(INDEX)).content.decode()
    assert "export=csv" in html
    assert "export=xlsx" in html


def test_export_query_count_does_not_grow_with_leads(sales_client, courses):
    def count_export_queries():
        with CaptureQueriesContext(connection) as queries:
            export_csv(sales_client)
        return len(queries)

    add_request(LeadFactory(), courses["advies"])
    count_export_queries()  # warm caches
    few = count_export_queries()
    for _number in range(20):
        add_request(LeadFactory(), courses["onderhandelen"])
    assert count_export_queries() == few
    assert ModelLogEntry.objects.filter(action="leads.export").count() == 1 + 1 + 21
