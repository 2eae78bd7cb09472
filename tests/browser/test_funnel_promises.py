"""The brochure form keeps its promises in a real browser: fast people, messages in sight, history.

Runs against the live demo site (tests/browser/conftest.py). Screenshots land in
test-output/screenshots/<test name>/.
"""

import base64
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COURSE_PATH, SUPERUSER, new_context
from tests.browser.steps import admin_login, brochure_form, choose_role, fill_brochure_form
from tests.browser.test_visitor_journey import DEVICES

pytestmark = pytest.mark.browser

PHONE = DEVICES["phone"]
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
RATE_LIMIT_TEXT = (
    "Vanaf uw internetadres zijn in korte tijd veel brochures aangevraagd, misschien ook door collega's op "
    "hetzelfde netwerk. Uw aanvraag is nog niet verstuurd: probeer het over 10 minuten opnieuw."
)


def open_course(page) -> None:
    """The course page, with the form's start-time token fetched by our script (as on load)."""
    with page.expect_response(re.compile(r"/brochure/formulier-token/")):
        page.goto(COURSE_PATH)


def message_in_sight(page, form) -> None:
    """The form's message box is on screen, focused, and announced."""
    box = form.locator(".js-brochure-message")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("role", "alert")
    expect(box).to_be_focused()
    top, bottom = box.evaluate("el => [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom]")
    height = page.viewport_size["height"]
    assert top >= 0 and bottom <= height, f"message at {top}-{bottom}px, screen 0-{height}px"


def test_autofill_and_an_instant_click_get_the_brochure_and_the_email(browser, live_site, screenshot):
    """A password manager fills the form on load; the visitor taps at once: no quarantine.

    The post carries the start time our script fetched on load, the proof that outweighs a fast
    fill-in (tests/leads/test_funnel_spam.py checks how the server weighs it; a wall-clock
    limit here would only measure how busy the test machine is).
    """
    email = "snel.ingevuld@covalis-klant.nl"
    context = new_context(browser, base_url=live_site.url, **PHONE)
    page = context.new_page()
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.post_data) if "/brochure/aanvragen/" in request.url else None,
    )
    try:
        open_course(page)
        form = brochure_form(page)
        fill_brochure_form(form, email=email)
        form.locator("button[type='submit']").click()
        expect(page).to_have_url(re.compile(r"/brochure/bedankt/"))
        (post,) = posts
        assert sent_form_started_maker(post) == "script"
        screenshot(page, "thank_you")
        expect(page.locator(".brochure-thanks__note")).to_contain_text("We sturen de link ook naar uw e-mailadres")

        mails = live_site.mails_to(email)
        assert len(mails) == 1, "the brochure e-mail never went out: the request was quarantined"
    finally:
        context.close()


def sent_form_started_maker(post_data: str) -> str:
    """Who made the form-start token a brochure POST carried: "page" or "script" (its signed, readable payload)."""
    match = re.search(r'name="form_started"\r\n\r\n([^\r]*)\r\n', post_data)
    assert match, "the post carried no form-start token"
    payload = match.group(1).split(":")[0]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))[1]


def test_an_instant_click_before_the_slow_network_brought_the_token_is_not_quarantined(browser, live_site, screenshot):
    """On a slow phone network the start-time token the script asks for on load is not back yet when a
    visitor whose form was autofilled taps the button, on a page rendered just now (the first visit after
    a publish): the page's own start time is a second old, which alone would quarantine the request.
    The script proves itself with the token it fetches to send."""
    email = "traag.netwerk@covalis-klant.nl"
    context = new_context(browser, base_url=live_site.url, **PHONE)
    page = context.new_page()
    held, posts = [], []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)  # the token asked for on load: still on its way

    page.route("**/brochure/formulier-token/", hold_the_first)
    page.on(
        "request",
        lambda request: posts.append(request.post_data) if "/brochure/aanvragen/" in request.url else None,
    )
    try:
        page.goto(COURSE_PATH, wait_until="domcontentloaded")
        form = brochure_form(page)
        fill_brochure_form(form, email=email)
        form.locator("button[type='submit']").click()
        expect(page).to_have_url(re.compile(r"/brochure/bedankt/"))
        assert held, "the script did not ask for a token on load"
        screenshot(page, "thank_you")

        (post,) = posts
        assert sent_form_started_maker(post) == "script"
        expect(page.locator(".brochure-thanks__note")).to_contain_text("We sturen de link ook naar uw e-mailadres")
        assert len(live_site.mails_to(email)) == 1, "the brochure e-mail never went out: the request was quarantined"
    finally:
        for route in held:
            route.abort()
        context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_rate_limit_refusal_is_shown_in_sight_and_focused(device, browser, live_site, screenshot):
    context = new_context(browser, base_url=live_site.url, **(PHONE if device == "phone" else DESKTOP))
    page = context.new_page()
    try:
        open_course(page)
        form = brochure_form(page)
        fill_brochure_form(form, email="collega.zeven@covalis-klant.nl")
        # The server's own 429 answer for this address (the live site's limit is raised for the tests).
        page.route(
            "**/brochure/aanvragen/",
            lambda route: route.fulfill(
                status=429,
                content_type="application/json",
                body=json.dumps({"ok": False, "errors": {}, "message": RATE_LIMIT_TEXT}),
            ),
        )
        form.locator("button[type='submit']").click()

        message_in_sight(page, form)
        expect(form.locator(".js-brochure-message")).to_contain_text("collega's op hetzelfde netwerk")
        expect(form.locator("[name='email']")).to_have_value("collega.zeven@covalis-klant.nl")
        page.screenshot(path=str(screenshot.folder / f"screen_rate_limit_{device}.png"))  # what the visitor sees
        screenshot(page, f"rate_limit_{device}")
    finally:
        context.close()


def test_no_connection_is_said_in_sight_and_nothing_typed_is_lost(browser, live_site, screenshot):
    context = new_context(browser, base_url=live_site.url, **PHONE)
    page = context.new_page()
    try:
        open_course(page)
        form = brochure_form(page)
        fill_brochure_form(form, email="geen.verbinding@covalis-klant.nl")
        context.set_offline(True)
        form.locator("button[type='submit']").click()

        message_in_sight(page, form)
        expect(form.locator(".js-brochure-message")).to_contain_text("geen verbinding")
        expect(page).to_have_url(live_site(COURSE_PATH))
        expect(form.locator("[name='email']")).to_have_value("geen.verbinding@covalis-klant.nl")
        page.screenshot(path=str(screenshot.folder / "screen_offline.png"))
        screenshot(page, "offline")

        context.set_offline(False)  # the connection is back: the same click now works
        form.locator("button[type='submit']").click()
        expect(page).to_have_url(re.compile(r"/brochure/bedankt/"))
    finally:
        context.close()


def test_back_forward_and_reload_keep_the_thank_you(browser, live_site, screenshot):
    context = new_context(browser, base_url=live_site.url, **DESKTOP)
    page = context.new_page()
    try:
        open_course(page)
        fill_brochure_form(brochure_form(page), email="terug.vooruit@covalis-klant.nl")
        brochure_form(page).locator("button[type='submit']").click()
        expect(page).to_have_url(re.compile(r"/brochure/bedankt/[^/]+/$"))
        thanks_url = page.url
        download = page.locator(".brochure-thanks").get_by_role("link", name="Download de brochure")
        expect(download).to_be_visible()

        page.go_back()
        expect(page).to_have_url(live_site(COURSE_PATH))
        page.go_forward()
        expect(page).to_have_url(thanks_url)
        expect(download).to_be_visible()
        page.reload()
        expect(download).to_be_visible()
        screenshot(page, "thank_you_after_reload")

        bookmark = context.new_page()  # a bookmark: the address alone brings the thank-you back
        bookmark.goto(thanks_url)
        expect(bookmark.locator(".brochure-thanks").get_by_role("link", name="Download de brochure")).to_be_visible()
        expect(bookmark.locator(".brochure-thanks__course")).to_contain_text("Adviesvaardigheden")
    finally:
        context.close()


def test_a_pasted_name_longer_than_the_limit_stays_whole_and_gets_the_fields_message(browser, live_site, screenshot):
    context = new_context(browser, base_url=live_site.url, **PHONE)
    page = context.new_page()
    try:
        open_course(page)
        form = brochure_form(page)
        pasted = "Maria-Alexandrina " * 7  # 126 characters, the limit is 50
        field = form.locator("[name='first_name']")
        field.focus()
        page.keyboard.insert_text(pasted)  # as a paste: one insertion, no key presses
        expect(field).to_have_value(pasted)
        form.locator("[name='last_name']").fill("Jansen")
        form.locator("[name='email']").fill("lange.naam@covalis-klant.nl")
        form.locator("[name='company']").fill("Voorbeeld BV")
        choose_role(form)
        form.locator("button[type='submit']").click()

        error = page.locator(".brochure-form__field", has=page.locator("[name='first_name']")).locator(
            ".brochure-form__error"
        )
        expect(error).to_have_text("Gebruik maximaal 50 tekens.")
        expect(field).to_be_focused()
        expect(field).to_have_value(pasted)
        expect(page).to_have_url(live_site(COURSE_PATH))
        page.screenshot(path=str(screenshot.folder / "screen_too_long.png"))
    finally:
        context.close()


def test_a_name_within_the_limit_in_characters_outside_the_basic_plane_is_sent(browser, live_site):
    """The limit counts characters, as the server does: 40 of them that JavaScript stores as two units
    each (emoji, rare Chinese characters in a name) are 40, not 80."""
    email = "tekens.buiten.het.basisvlak@covalis-klant.nl"
    context = new_context(browser, base_url=live_site.url, **PHONE)
    page = context.new_page()
    try:
        open_course(page)
        form = brochure_form(page)
        fill_brochure_form(form, email=email, first_name="𠀋" * 40)  # the limit is 50
        form.locator("button[type='submit']").click()

        expect(page).to_have_url(re.compile(r"/brochure/bedankt/"))
        assert len(live_site.mails_to(email)) == 1
    finally:
        context.close()


def test_in_development_the_brochure_is_only_reachable_through_the_form(browser, live_site):
    """The development server serves MEDIA_ROOT and Wagtail's document view: neither hands out a brochure."""
    admin = new_context(browser, base_url=live_site.url)
    visitor = new_context(browser, base_url=live_site.url)
    try:
        page = admin.new_page()
        admin_login(page, *SUPERUSER)
        listing = admin.request.get("/admin/documents/?q=Adviesvaardigheden+voor+experts").text()
        document_id, filename = re.search(
            r"/documents/(\d+)/(brochure-adviesvaardigheden-voor-experts[^\"/]*\.pdf)", listing
        ).groups()
        assert admin.request.get(f"/documents/{document_id}/{filename}").body()[:5] == b"%PDF-"  # the admin may

        for path in (f"/media/documents/{filename}", f"/documents/{document_id}/{filename}"):
            response = visitor.request.get(path, max_redirects=0)
            assert response.status in {302, 404}, f"{path}: {response.status}"
            assert response.body()[:5] != b"%PDF-", path
        redirect = visitor.request.get(f"/documents/{document_id}/{filename}", max_redirects=0)
        assert redirect.headers["location"] == COURSE_PATH  # to the form that hands it out
    finally:
        admin.close()
        visitor.close()
