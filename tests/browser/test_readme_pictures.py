"""The three journeys the README shows, on a site as ``make run`` leaves it (demo history loaded).

Each step asserts what its picture claims, so a picture cannot show an empty desk or a
broken page. ``make screenshots`` (``README_SCREENSHOTS=1``) writes the chosen steps to
docs/screenshots/; a normal run only writes test-output/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTICLE_PATH, COURSE_PATH, DEMO_ADMIN, new_context
from tests.browser.steps import admin_login, brochure_form, request_brochure

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def desktop(browser, demo_desk_site):
    context = new_context(browser, base_url=demo_desk_site.url, **DESKTOP)
    yield context.new_page()
    context.close()


def test_visitor_reads_on_a_phone_and_gets_the_brochure_on_the_course_page(browser, demo_desk_site, screenshot):
    phone = new_context(browser, base_url=demo_desk_site.url, **PHONE)
    page = phone.new_page()
    page.goto(ARTICLE_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ouderlijk advies")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "article_390", readme="visitor-1-article")
    phone.close()

    desktop = new_context(browser, base_url=demo_desk_site.url, **DESKTOP)
    page = desktop.new_page()
    page.goto(COURSE_PATH)
    # The course at first sight: its promise and the button that leads to the brochure form.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adviesvaardigheden")
    expect(page.locator("main a[href='#brochure-aanvragen']").first).to_be_in_viewport()
    screenshot(page, "course", readme="visitor-2-course")
    brochure_form(page)
    request_brochure(page, email="marieke.dekker@covalis-klant.nl", first_name="Marieke", last_name="Dekker")
    download = page.locator(".brochure-thanks").get_by_role("link", name="Download de brochure")
    expect(download).to_be_in_viewport()
    screenshot(page, "thank_you", readme="visitor-3-thank-you")
    desktop.close()


def test_marketer_edits_a_course_and_reads_the_content_and_seo_listings(desktop, demo_desk_site, screenshot):
    page = desktop
    admin_login(page, *DEMO_ADMIN)
    page.goto(f"/admin/pages/{demo_desk_site.ids['course']}/edit/")
    expect(page.locator("#id_title")).to_have_value(re.compile("Adviesvaardigheden"))
    screenshot(page, "course_editor", readme="marketer-1-course-editor")

    page.goto("/admin/reports/content/?preset=last_90_days&sort=-conversion")
    rows = page.locator("[data-insight-table='pages'] tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10  # months of page counts, not an empty report
    screenshot(page, "content_report", readme="marketer-2-content-report")

    page.goto("/admin/wagtailcore/page/")
    expect(page.locator("table.listing tbody tr").nth(19)).to_be_attached()
    screenshot(page, "seo_listing", readme="marketer-3-seo-listing")


def test_sales_works_the_dashboard_a_lead_and_the_funnel_report(desktop, screenshot):
    page = desktop
    admin_login(page, *DEMO_ADMIN)
    panel = page.locator("#sales-leads-section")
    panel.scroll_into_view_if_needed()
    panel.evaluate("element => element.scrollIntoView({block: 'start'})")
    # The demo admin has a day's work: overdue first contacts or follow-ups, and what comes next.
    expect(panel.locator("[data-sales-panel='follow-ups'] li").nth(2)).to_be_attached()
    first_contacts = "[data-sales-panel='overdue-contact'] li, [data-sales-panel='due-today'] li"
    expect(panel.locator(first_contacts).first).to_be_visible()
    screenshot(page, "dashboard", readme="sales-1-dashboard")

    # One of the admin's follow-ups: a lead someone has spoken to, with its logged contacts.
    panel.locator("[data-sales-panel='follow-ups'] li a").first.click()
    expect(page.locator(".lead-next")).to_contain_text("Robin Visser")
    timeline = page.locator(".lead-timeline")
    expect(timeline).to_contain_text(re.compile(r"(Call|E-mail|Meeting) · "))
    screenshot(page, "lead", readme="sales-2-lead")

    page.goto("/admin/reports/lead-funnel/")
    speed = page.locator("[data-speed-report]")
    speed.evaluate("element => element.scrollIntoView({block: 'start'})")
    expect(page.locator("[data-speed-table='owner'] tr", has_text="Robin Visser")).to_be_visible()
    expect(speed.locator("svg").first).to_be_visible()
    screenshot(page, "funnel_speed", readme="sales-3-funnel-speed")
