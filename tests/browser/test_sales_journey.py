"""Sales: find a new lead, follow it up, and export the listing."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COURSE_PATH, SALES_USER, new_context
from tests.browser.steps import admin_login, request_brochure

pytestmark = pytest.mark.browser

LEAD_EMAIL = "petra.de.vries@covalis-klant.nl"
NOTE = "Gebeld: wil de incompany-variant voor haar team."


@pytest.fixture
def new_lead(browser, live_site):
    """A visitor asks for the brochure of the demo course."""
    context = new_context(browser, base_url=live_site.url)
    page = context.new_page()
    page.goto(COURSE_PATH)
    request_brochure(page, email=LEAD_EMAIL, consent=False, first_name="Petra", last_name="de Vries")
    expect(page.locator(".brochure-thanks").get_by_role("link", name="Download de brochure")).to_be_visible()
    context.close()
    return LEAD_EMAIL


def test_sales_follows_up_a_new_lead_and_exports_it(new_lead, page, screenshot):
    admin_login(page, *SALES_USER)
    screenshot(page, "dashboard")

    # The Leads listing, searched by e-mail address.
    page.get_by_role("link", name="Leads", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/admin/leads/"))
    search = page.locator("header input[name='q']")
    search.fill(new_lead)
    search.press("Enter")
    results = page.locator("table.listing tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Petra de Vries")
    screenshot(page, "search")

    # The lead's page: status, owner and a note.
    results.first.get_by_role("link", name="Petra de Vries").click()
    expect(page.get_by_text(new_lead).first).to_be_visible()
    page.locator("select[name='status']").select_option(label="Contacted")
    page.locator("select[name='owner']").select_option(label="Sam Sales")
    page.locator("textarea[name='note']").fill(NOTE)
    page.get_by_role("button", name="Save follow-up").click()
    expect(page.locator(".messages")).to_contain_text("Follow-up saved")
    expect(page.get_by_text(NOTE).first).to_be_visible()
    expect(page.locator("select[name='status']")).to_have_value("contacted")
    screenshot(page, "followed_up")

    # The listing, exported as CSV, has the lead with its new owner.
    page.goto("/admin/leads/?q=" + new_lead)
    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))  # as Excel in a Dutch locale opens it
    lead_rows = [row for row in rows if new_lead in row.values()]
    assert len(lead_rows) == 1, rows
    assert "Sam Sales" in lead_rows[0].values(), lead_rows[0]
    screenshot(page, "export")
