"""Speed to lead (issue 17): a lead comes in, its owner sees it on the dashboard, logs a call, and the
funnel report shows the response time. Screenshots at 1366 and 390 px wide."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COURSE_PATH, SALES_USER, SUPERUSER, new_context
from tests.browser.steps import admin_login, request_brochure

pytestmark = pytest.mark.browser

LEAD_EMAIL = "roos.vermeulen@covalis-klant.nl"
LEAD_NAME = "Roos Vermeulen"
NOTE = "Gebeld: wil de data van het voorjaar ontvangen."
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sam_in_the_rotation(browser, live_site):
    """The admin puts Sam Sales (alone) in the rotation under Settings → Leads and Mailchimp."""
    context = new_context(browser, base_url=live_site.url, viewport=DESKTOP)
    page = context.new_page()
    admin_login(page, *SUPERUSER)
    page.goto("/admin/settings/leads/leadsettings/")
    expect(page.get_by_label("Assign new leads automatically")).to_be_checked()
    rotation = page.locator("#id_rotation_members")
    for box in rotation.locator("input[type='checkbox']").all():
        box.uncheck()
    rotation.get_by_label("Sam Sales").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    context.close()


@pytest.fixture
def new_lead(browser, live_site, sam_in_the_rotation):
    context = new_context(browser, base_url=live_site.url)
    page = context.new_page()
    page.goto(COURSE_PATH)
    request_brochure(page, email=LEAD_EMAIL, consent=False, first_name="Roos", last_name="Vermeulen")
    expect(page.locator(".brochure-thanks").get_by_role("link", name="Download de brochure")).to_be_visible()
    context.close()
    return LEAD_EMAIL


def owner_mail_about(live_site, name: str, *, timeout: float = 20) -> str:
    """The body of the e-mail telling Sam Sales about the lead named ``name`` (the worker sends it)."""
    deadline = time.monotonic() + timeout
    while True:
        for message in live_site.mails_to("sales@covalis-test.nl", timeout=1):
            body = message.get_payload(decode=True).decode()
            if name in body:
                return body
        assert time.monotonic() < deadline, f"no e-mail to the owner about {name}"
        time.sleep(0.25)


def contacted_by_sam(page) -> int:
    """Sam's count of contacted leads in the funnel report (other tests on this site may add to it)."""
    page.goto("/admin/reports/lead-funnel/")
    row = page.locator("[data-speed-table='owner'] tr", has_text="Sam Sales")
    if not row.count():
        return 0
    return int(row.locator("td").nth(2).inner_text())


def test_owner_sees_the_new_lead_logs_a_call_and_the_report_shows_the_response_time(
    browser, live_site, new_lead, screenshot
):
    context = new_context(browser, base_url=live_site.url, viewport=DESKTOP)
    page = context.new_page()
    admin_login(page, *SALES_USER)
    contacted_before = contacted_by_sam(page)
    page.goto("/admin/")

    # The dashboard: the new lead, given to Sam by the rotation.
    panel = page.locator("#sales-leads-section")
    expect(panel.locator("[data-sales-panel='new'] li", has_text=LEAD_NAME)).to_contain_text("Sam Sales")
    screenshot(page, "dashboard")

    # Sam is told by e-mail, with a link to the lead.
    body = owner_mail_about(live_site, LEAD_NAME)
    assert "/admin/leads/" in body
    assert LEAD_EMAIL not in body

    # The lead page: the next step at the top; Sam logs a call with its outcome and a note.
    panel.get_by_role("link", name=LEAD_NAME).first.click()
    next_step = page.locator(".lead-next")
    expect(next_step).to_contain_text("Sam Sales")
    expect(next_step.locator("[data-lead-email-draft]")).to_have_attribute("href", re.compile(r"^mailto:roos"))
    screenshot(page, "lead")
    next_step.get_by_label("Call", exact=True).check()
    next_step.get_by_label("Outcome").select_option(label="Spoke: interested")
    next_step.locator("textarea[name='contact_note']").fill(NOTE)
    next_step.get_by_role("button", name="Log contact").click()
    expect(page.locator(".messages")).to_contain_text("Contact logged")
    expect(page.locator(".lead-timeline")).to_contain_text("Call · Spoke: interested")
    expect(page.locator(".lead-timeline")).to_contain_text(NOTE)
    expect(page.locator("[data-lead-first-contact]")).to_contain_text("In time")
    screenshot(page, "call_logged")

    # The funnel report: Sam's response time, within the deadline.
    page.goto("/admin/reports/lead-funnel/")
    row = page.locator("[data-speed-table='owner'] tr", has_text="Sam Sales")
    expect(row).to_be_visible()
    expect(row.locator("td").nth(2)).to_have_text(str(contacted_before + 1))  # contacted, this lead too
    expect(row.locator("td").nth(3)).to_have_text(re.compile(r"^\d+[.,]\d h$"))  # median, working hours
    expect(row.locator("td").nth(5)).to_have_text("100.0%")  # within the deadline
    expect(page.locator("[data-speed-report] svg")).to_be_visible()
    screenshot(page, "report")

    # The same pages on a phone.
    page.set_viewport_size(PHONE)
    for path, step in [
        ("/admin/", "dashboard_390"),
        ("/admin/leads/", "listing_390"),
        ("/admin/reports/lead-funnel/", "report_390"),
    ]:
        page.goto(path)
        screenshot(page, step)
    context.close()
