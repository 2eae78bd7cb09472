"""The leads CSV is read the way Excel with a Dutch locale reads it (issues 13.8 and 18.5).

Dutch Excel splits cells on ";" and honours quotes only around a whole cell; it reads
UTF-8 only after a byte-order mark. A ";" in an unquoted value started a new cell, and a
formula there ran. Every cell is now quoted, the separator is ";", and a BOM leads.
"""

import csv
import io

import pytest
from django.urls import reverse

from leads.admin.exports import EXPORT_FIELDS
from leads.models import Lead
from tests.leads.factories import course_site
from tests.leads.funnel import SUBMIT_URL, submission
from tests.leads.sales_fixtures import make_user
from tests.security.conftest import logged_in_client

pytestmark = pytest.mark.django_db

FORMULA_SIGNS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
SMUGGLED = 'Kwaad BV;=HYPERLINK("https://evil.example";"klik")'


@pytest.fixture
def export(client):
    course = course_site(title="Onderhandelen")
    fields = {"first_name": "Ĳsbrand", "last_name": "Zoë-Ösz", "company": SMUGGLED, "utm_campaign": "@SUM(1;2)"}
    assert client.post(SUBMIT_URL, submission(course, **fields)).status_code == 303
    fields = {"email": "tweede@gemeente-utrecht.nl", "company": "+31 Bouw", "last_name": "-Jansen"}
    assert client.post(SUBMIT_URL, submission(course, **fields)).status_code == 303
    make_user("exporteur", "Sales")
    response = logged_in_client("exporteur").get(reverse("leads_admin:index") + "?export=csv")
    assert response.status_code == 200
    return response


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_dutch_excel_reads_it(raw: bytes) -> list[list[str]]:
    """Cells as Excel NL finds them: UTF-8 after a BOM (else Windows-1252), split on ";"."""
    text = raw[3:].decode("utf-8") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252", errors="replace")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_every_row_has_one_cell_per_column_however_many_semicolons_a_value_holds(export):
    rows = as_dutch_excel_reads_it(body(export))

    assert len(rows) == 1 + Lead.objects.count()
    assert {len(row) for row in rows} == {len(EXPORT_FIELDS)}
    assert SMUGGLED in [cell for row in rows for cell in row]


def test_no_cell_starts_as_a_formula(export):
    cells = [cell for row in as_dutch_excel_reads_it(body(export)) for cell in row]

    assert [cell for cell in cells if cell.startswith(FORMULA_SIGNS)] == []
    assert "'@SUM(1;2)" in cells and "'+31 Bouw" in cells and "'-Jansen" in cells


def test_every_cell_is_quoted_and_the_file_says_it_is_utf_8(export):
    raw = body(export)
    lines = raw[3:].decode("utf-8").split("\r\n")

    assert raw.startswith(b"\xef\xbb\xbf")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    for line in filter(None, lines):
        assert line.startswith('"') and line.endswith('"'), line


def test_dutch_letters_survive(export):
    cells = [cell for row in as_dutch_excel_reads_it(body(export)) for cell in row]

    assert "Ĳsbrand" in cells
    assert "Zoë-Ösz" in cells
