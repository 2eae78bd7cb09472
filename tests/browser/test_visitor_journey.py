"""Visitor: from the home page through the blog and its category filter to the article,
the course, the brochure and Mailchimp.

The same journey on a desktop, on a phone and with JavaScript switched off.
"""

import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTICLE_PATH, COURSE_PATH, COURSE_SLUG, new_context
from tests.browser.steps import brochure_form, fill_brochure_form, request_brochure, submit

pytestmark = pytest.mark.browser

ARTICLE_TITLE = "Ouderlijk advies"
SECTION_HEADINGS = [
    "Eigenwijze businessklant of betweterige expert?",
    "Een luisterend door",
    "Gezamenlijk doel",
    "Adviseren kun je leren",
]
COURSE_CTA = "Naar training: Adviesvaardigheden voor inkopers, ICT-ers, facilitaire en andere experts"
INVALID_EMAIL_MESSAGE = "Vul een geldig e-mailadres in"

DEVICES = {
    "desktop": {},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
        "user_agent": (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
        ),
    },
    "no_javascript": {"java_script_enabled": False},
}


def mailchimp_member(live_site, email: str, *, timeout: float = 20) -> tuple[dict | None, dict]:
    """Poll the fake Mailchimp until it has the member and its tags (the worker syncs in the background)."""
    assert live_site.mailchimp_url, "the fake Mailchimp (tests/fakes/mailchimp_server.py) is not running"
    deadline = time.monotonic() + timeout
    while True:
        with urllib.request.urlopen(live_site.mailchimp_url + "/_fake/state", timeout=5) as response:  # noqa: S310
            state = json.load(response)
        member = next((m for m in state["members"] if m["email_address"].lower() == email.lower()), None)
        tags = next((t for key, t in state["tags"].items() if member and key.endswith("/" + member["id"])), {})
        if (member and tags) or time.monotonic() > deadline:
            return member, tags
        time.sleep(0.25)


@pytest.mark.parametrize("device", DEVICES)
def test_visitor_reads_the_article_and_gets_the_brochure(device, browser, live_site, screenshot):
    email = f"jan.{device.replace('_', '-')}@covalis-klant.nl"
    context = new_context(browser, base_url=live_site.url, **DEVICES[device])
    page = context.new_page()
    try:
        # The home page leads through the blog and its category filter to the article.
        page.goto("/")
        expect(page.locator("h1")).to_have_count(1)
        screenshot(page, "home")
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Blog").click()
        page.get_by_role("navigation", name="Categorieën").get_by_role("link", name="Adviesvaardigheden").click()
        expect(page).to_have_url(re.compile(r"/blog/\?categorie=adviesvaardigheden$"))
        screenshot(page, "blog")
        page.get_by_role("link", name=ARTICLE_TITLE).first.click()
        expect(page).to_have_url(live_site(ARTICLE_PATH))

        # The article reads as the seed: its title and section headings, in order.
        expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
        headings = page.locator("main h2").all_text_contents()
        sections = [h.strip() for h in headings if h.strip() in SECTION_HEADINGS]
        assert sections == SECTION_HEADINGS, headings
        expect(page.get_by_text("10 oktober 2017").first).to_be_visible()
        screenshot(page, "article")

        # Its call-to-action leads to the course page with the brochure form.
        page.get_by_role("link", name=COURSE_CTA).first.click()
        expect(page).to_have_url(live_site(COURSE_PATH))
        form = brochure_form(page)
        screenshot(page, "course")

        # One mistake: the Dutch message, and every other value kept.
        started = time.monotonic()
        fill_brochure_form(form, email="jan@covalis-klant", consent=False)
        submit(form, started)
        error = page.locator(".brochure-form__field", has=page.locator("[name='email']")).locator(
            ".brochure-form__error"
        )
        expect(error).to_be_visible()
        expect(error).to_contain_text(INVALID_EMAIL_MESSAGE)
        form = brochure_form(page)
        expect(form.locator("[name='first_name']")).to_have_value("Jan")
        expect(form.locator("[name='last_name']")).to_have_value("Jansen")
        expect(form.locator("[name='company']")).to_have_value("Voorbeeld BV")
        expect(form.locator("[name='email']")).to_have_value("jan@covalis-klant")
        screenshot(page, "form_with_error")

        # Corrected, with consent for course news: the thank-you page offers the brochure.
        started = time.monotonic()
        form.locator("[name='email']").fill(email)
        form.locator("[name='marketing_consent']").check()
        submit(form, started)
        thanks = page.locator(".brochure-thanks")
        download = thanks.get_by_role("link", name="Download de brochure")
        expect(download).to_be_visible()
        screenshot(page, "thank_you")

        # The brochure is a PDF.
        response = context.request.get(download.get_attribute("href"))
        assert response.status == 200
        assert response.body()[:5] == b"%PDF-", response.headers

        # The same link arrives by e-mail.
        mails = live_site.mails_to(email)
        assert len(mails) == 1, f"{len(mails)} e-mails to {email}"
        text = next(part for part in mails[0].walk() if part.get_content_type() == "text/plain").get_payload(
            decode=True
        )
        links = re.findall(r"https?://\S+/brochure/download/\S+", text.decode())
        assert links, text
        response = context.request.get(links[0])
        assert response.status == 200
        assert response.body()[:5] == b"%PDF-"

        # Mailchimp receives the member, tagged with the course.
        member, tags = mailchimp_member(live_site, email)
        assert member is not None, f"{email} never reached the fake Mailchimp"
        assert tags.get(COURSE_SLUG) == "active", tags
    finally:
        context.close()


def test_course_page_does_not_scroll_sideways_on_a_phone(browser, live_site, screenshot):
    """Nothing on the course page is wider than a phone's screen."""
    context = new_context(browser, base_url=live_site.url, **DEVICES["phone"])
    page = context.new_page()
    try:
        page.goto(COURSE_PATH)
        brochure_form(page).scroll_into_view_if_needed()
        screenshot(page, "course_on_phone")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a 390px wide screen"
    finally:
        context.close()


def test_visitor_without_javascript_gets_the_thank_you_page_at_the_first_try(browser, live_site, screenshot):
    """A correct request without JavaScript: POST, redirect, thank-you (no "page expired" detour)."""
    context = new_context(browser, base_url=live_site.url, **DEVICES["no_javascript"])
    page = context.new_page()
    try:
        page.goto(COURSE_PATH)
        request_brochure(page, email="eerste.poging@covalis-klant.nl", consent=False)
        screenshot(page, "answer")
        expect(page.locator(".brochure-thanks").get_by_role("link", name="Download de brochure")).to_be_visible()
        expect(page.locator(".brochure-thanks h1")).to_be_visible()  # a page of its own
    finally:
        context.close()
