"""The site's own cookieless counter in a real browser: what raises which count, and what does not.

Counts are read the way a marketer reads them: in the page editor's Figures tab (which first
moves the counts waiting in the site's memory). Our browser is headless Chromium, whose user
agent names it so and is rightly not counted: the visitor here overrides the user agent with
an ordinary Chrome's, as a person's browser would send it.
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTICLE_PATH, COURSE_PATH, SUPERUSER, new_context
from tests.browser.steps import admin_login, brochure_form, fill_brochure_form, submit

pytestmark = pytest.mark.browser

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BEACON = "/telling/"


@pytest.fixture(scope="module")
def marketer(browser, live_site):
    """A logged-in admin session that reads the figures."""
    context = new_context(browser, base_url=live_site.url)
    page = context.new_page()
    admin_login(page, *SUPERUSER)
    yield page
    context.close()


def figures(marketer, page_id: int) -> dict[str, int]:
    """The page's figures for the last 30 days, from the editor's Figures tab."""
    html = marketer.request.get(f"/admin/pages/{page_id}/edit/").text()
    found = dict(re.findall(r'data-column="(\w+)" data-value="([\d.]*)"', html))
    assert "views" in found, "no Figures tab in the page editor"
    return {key: int(float(value)) if value else 0 for key, value in found.items() if key != "conversion"}


def page_id(page) -> int:
    return int(page.locator("body").get_attribute("data-page-id"))


def visit(page, path: str):
    """Open a page and wait until its beacon was answered; returns the page's response."""
    with page.expect_response(lambda response: response.url.endswith(BEACON)) as beacon:
        response = page.goto(path)
    assert response.ok
    assert beacon.value.status == 204
    return response


def test_views_of_cached_and_uncached_pages_count_and_nothing_leaves_our_origin(browser, live_site, marketer):
    context = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    visit(page, ARTICLE_PATH)
    article = page_id(page)
    before = figures(marketer, article)

    cached = visit(page, ARTICLE_PATH)
    uncached = visit(page, ARTICLE_PATH + "?ref=nieuwsbrief&utm_source=nieuwsbrief&utm_campaign=browsertest")
    context.close()

    assert cached.headers.get("x-cache") == "HIT", "this visit should come from the page cache"
    assert uncached.headers.get("x-cache") == "MISS", "a new query string misses the page cache"
    assert figures(marketer, article)["views"] - before["views"] == 2
    origin = urlsplit(live_site.url).netloc
    elsewhere = [url for url in requests if urlsplit(url).netloc != origin and not url.startswith("data:")]
    assert elsewhere == [], f"requests to another origin: {elsewhere}"


def test_a_filled_in_form_raises_seen_started_refused_and_requests(browser, live_site, marketer):
    context = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    page = context.new_page()
    beacons = []
    page.on("request", lambda request: beacons.append(request.url))
    page.goto(COURSE_PATH)
    course = page_id(page)
    before = figures(marketer, course)
    started = time.monotonic()

    form = brochure_form(page)
    form.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    form.locator("[name='first_name']").fill("Jan")
    form.locator("button[type='submit']").first.click()  # refused: the other fields are empty
    page.wait_for_timeout(500)
    fill_brochure_form(form, email=f"insight-{int(time.time())}@voorbeeld-klant.nl")
    submit(form, started)
    expect(page.get_by_text(re.compile("brochure", re.I)).first).to_be_visible()
    page.wait_for_timeout(500)
    context.close()

    after = figures(marketer, course)
    assert after["seen"] - before["seen"] == 1
    assert after["started"] - before["started"] == 1
    assert after["refused"] - before["refused"] == 1
    assert after["requests"] - before["requests"] == 1
    assert len([url for url in beacons if url.endswith(BEACON)]) >= 4  # view, seen, start, refuse


def test_an_editors_visit_leaves_the_count_as_it_was(browser, live_site, marketer):
    visitor = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    page = visitor.new_page()
    visit(page, COURSE_PATH)
    course = page_id(page)
    visitor.close()
    before = figures(marketer, course)

    beacons = []
    marketer.on("request", lambda request: beacons.append(request.url) if request.url.endswith(BEACON) else None)
    marketer.goto(COURSE_PATH)
    marketer.wait_for_timeout(500)

    assert marketer.locator("body").get_attribute("data-measure") is None  # no counter on an editor's page
    assert beacons == []
    assert figures(marketer, course)["views"] == before["views"]


@pytest.mark.parametrize("user_agent", [GOOGLEBOT, None], ids=["googlebot", "headless-chromium"])
def test_bots_and_headless_browsers_are_not_counted(browser, live_site, marketer, user_agent):
    options = {"user_agent": user_agent} if user_agent else {}
    context = new_context(browser, base_url=live_site.url, **options)
    page = context.new_page()
    page.goto(ARTICLE_PATH)
    article = page_id(page)
    before = figures(marketer, article)

    visit(page, ARTICLE_PATH)
    context.close()

    assert figures(marketer, article)["views"] == before["views"]


def test_a_bad_beacon_gets_400(browser, live_site):
    context = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    page = context.new_page()
    page.goto(ARTICLE_PATH)
    statuses = page.evaluate(
        """async () => {
            const send = (body) => fetch("/telling/", {method: "POST", body}).then((r) => r.status);
            return [
                await send("nonsense"),
                await send(JSON.stringify({p: "1:forged", e: "view"})),
                await send(JSON.stringify({p: document.body.dataset.measure, e: "view", x: "y".repeat(4000)})),
            ];
        }"""
    )
    context.close()

    assert statuses == [400, 400, 400]
