"""Admin screens that must fit what people read them on: the lead listing's first-contact column
on a 1366 px laptop, and the content report's weekly chart on a laptop and a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COURSE_PATH, SUPERUSER, new_context
from tests.browser.steps import admin_login, request_brochure

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def a_lead(browser, live_site):
    """A visitor's brochure request: a lead in the listing and a request in this week's chart."""
    visitor = new_context(browser, base_url=live_site.url)
    page = visitor.new_page()
    page.goto(COURSE_PATH)
    request_brochure(page, email="kort.kolom@gemeente-utrecht.nl", first_name="Kees", last_name="Kortekolom")
    expect(page.locator(".brochure-thanks")).to_be_visible()
    visitor.close()


def test_the_first_contact_column_is_one_short_line_with_the_due_date_on_hover(browser, live_site, a_lead, screenshot):
    context = new_context(browser, base_url=live_site.url, viewport=DESKTOP)
    page = context.new_page()
    admin_login(page, *SUPERUSER)
    page.goto("/admin/leads/?q=kort.kolom@gemeente-utrecht.nl")
    badge = page.locator("tr", has_text="Kees Kortekolom").locator("[data-first-contact]")
    expect(badge).to_be_visible()
    fit = badge.evaluate(
        """badge => {
            const cell = badge.closest("td");
            const content = document.createRange();
            content.selectNodeContents(cell);
            return {
                contentHeight: content.getBoundingClientRect().height,
                badgeHeight: badge.getBoundingClientRect().height,
                cut: badge.scrollWidth > badge.clientWidth,
                text: badge.innerText.trim(),
            };
        }"""
    )
    title = badge.get_attribute("title")
    screenshot(page, "lead_listing_1366")
    context.close()

    assert fit["contentHeight"] <= fit["badgeHeight"] + 1, fit  # nothing on a second line
    assert not fit["cut"], fit
    assert len(fit["text"]) <= 12, fit  # "in 3 h", "2 d late"
    assert "First contact due" in title


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_every_week_label_of_the_content_chart_is_whole(browser, live_site, a_lead, screenshot, viewport):
    context = new_context(browser, base_url=live_site.url, viewport=viewport)
    page = context.new_page()
    admin_login(page, *SUPERUSER)
    # A year: 53 ISO weeks, the latest (this week, with the request) labelled at the right edge.
    page.goto("/admin/reports/content/?preset=last_12_months")
    chart = page.locator(".insight-chart__svg")
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    # On a phone the chart scrolls sideways in its figure: scrolled to the end, as a reader
    # looking for the latest week would, every label must lie inside the drawing and in sight.
    outside = chart.evaluate(
        """svg => {
            const figure = svg.closest(".insight-chart");
            figure.scrollLeft = figure.scrollWidth;
            const drawing = svg.getBoundingClientRect();
            const sight = figure.getBoundingClientRect();
            const inside = (label, box) => label.left >= box.left - 0.5 && label.right <= box.right + 0.5;
            const texts = [...svg.querySelectorAll("text")].filter(text => text.textContent.trim());
            const last = [...svg.querySelectorAll("g[data-week] text")].pop();
            return texts
                .filter(text => !inside(text.getBoundingClientRect(), drawing)
                    || (text === last && !inside(text.getBoundingClientRect(), sight)))
                .map(text => text.textContent.trim());
        }"""
    )
    labels = chart.locator("g[data-week] text").all_text_contents()
    last_week = chart.locator("g[data-week]").last.get_attribute("data-week")
    screenshot(page, f"content_chart_{viewport['width']}")
    context.close()

    assert outside == []
    assert labels[-1] == last_week[-3:]  # the latest week is named
