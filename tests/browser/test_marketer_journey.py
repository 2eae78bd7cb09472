"""Marketer: write and publish an article with a brochure form in the Wagtail admin."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SUPERUSER
from tests.browser.steps import admin_login, brochure_form

pytestmark = pytest.mark.browser

TITLE = "Vijf vragen voor een beter adviesgesprek"
SLUG = "vijf-vragen-voor-een-beter-adviesgesprek"  # made from the title by the editor
COURSE_TITLE = "Adviesvaardigheden"


def test_marketer_publishes_an_article_with_a_brochure_form(page, live_site, screenshot):
    blog_index = live_site.ids.get("blog_index")
    assert blog_index, "the demo content has no blog index page"
    admin_login(page, *SUPERUSER)
    screenshot(page, "dashboard")

    # A new article under the blog.
    page.goto(f"/admin/pages/add/blog/articlepage/{blog_index}/")
    page.locator("#id_title").fill(TITLE)

    # Its body: a brochure download form for the demo course.
    page.locator("#panel-child-content-body-section").get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name=re.compile("Brochure download form", re.I)).click()
    block = page.locator("[data-contentpath='body'] [data-contentpath='course']").first
    block.get_by_role("button", name=re.compile("Choose a page", re.I)).click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.locator("input[name='q']").fill(COURSE_TITLE)
    modal.locator("a.choose-page", has_text=COURSE_TITLE).first.click()
    expect(modal).to_be_hidden()
    expect(block).to_contain_text(COURSE_TITLE)
    screenshot(page, "editor")

    # Published.
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages")).to_contain_text(TITLE)
    screenshot(page, "published")

    # Live on the site, with the form.
    page.goto(f"/blog/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    brochure_form(page)
    screenshot(page, "live")

    # In the SEO listing of the Marketing menu.
    page.goto("/admin/")
    page.get_by_role("button", name="Marketing").click()
    page.get_by_role("link", name="SEO Listing").click()
    expect(page).to_have_url(re.compile(r"/admin/wagtailcore/page/"))
    search = page.locator("#changelist-search input[name='q']")
    search.fill(TITLE)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/wagtailcore/page/\?q="))
    expect(page.locator("table.listing tbody")).to_contain_text(TITLE)
    screenshot(page, "seo_listing")
