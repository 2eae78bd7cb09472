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

from tests.browser.conftest import ARTICLE_PATH, CHROMIUM, CHROMIUM_ARGS, COURSE_PATH, SUPERUSER, new_context
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
    first = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    page = first.new_page()
    visit(page, ARTICLE_PATH)  # someone before: the page is in the page cache now
    article = page_id(page)
    first.close()
    before = figures(marketer, article)

    # Another visitor (a browser of its own, whose HTTP cache does not hold the page yet).
    context = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    cached = visit(page, ARTICLE_PATH)
    visit(page, ARTICLE_PATH)  # again: the browser may answer from its own cache (max-age), one view all the same
    with page.expect_response(lambda response: response.url.endswith(BEACON)) as reloaded:
        page.reload()
    campaign = visit(page, ARTICLE_PATH + "?ref=nieuwsbrief&utm_source=nieuwsbrief&utm_campaign=browsertest")
    context.close()

    # A visitor the page cache steps aside for (a cookie it bypasses): Django renders the page.
    bypassed = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    bypassed.add_cookies([{"name": "messages", "value": "-", "url": live_site.url}])
    bypassed.on("request", lambda request: requests.append(request.url))
    uncached = visit(bypassed.new_page(), ARTICLE_PATH)
    bypassed.close()

    assert cached.headers.get("x-cache") == "HIT", "this visit should come from the page cache"
    assert campaign.headers.get("x-cache") == "HIT", "?ref= and utm_* do not split the page cache"
    assert uncached.headers.get("x-cache") != "HIT", "this visit should be rendered by Django"
    assert reloaded.value.status == 204
    assert figures(marketer, article)["views"] - before["views"] == 5
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


DEVICE_STORAGE = """async () => ({
    cookie: document.cookie,
    localStorage: Object.keys(window.localStorage),
    sessionStorage: Object.keys(window.sessionStorage),
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
})"""
NOTHING_STORED = {"cookie": "", "localStorage": [], "sessionStorage": [], "indexedDB": [], "caches": []}


def test_nothing_is_stored_on_the_device_and_the_campaign_still_reaches_the_lead(browser, live_site, marketer):
    """A visitor arrives from a newsletter on an article, goes on to the course and asks for the brochure."""
    email = f"apparaat-{int(time.time())}@voorbeeld-klant.nl"
    context = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    page = context.new_page()
    visit(page, ARTICLE_PATH + "?utm_source=nieuwsbrief&utm_medium=email&utm_campaign=apparaat")
    after_visit = page.evaluate(DEVICE_STORAGE)

    page.locator(f"main a[href='{COURSE_PATH}']").first.click()  # the article's link to its course
    expect(page).to_have_url(live_site(COURSE_PATH))
    form = brochure_form(page)
    started = time.monotonic()
    fill_brochure_form(form, email=email)
    submit(form, started)
    expect(page.locator(".brochure-thanks")).to_be_visible()
    after_request = page.evaluate(DEVICE_STORAGE)
    cookies = context.cookies()
    context.close()

    assert after_visit == NOTHING_STORED
    assert after_request == NOTHING_STORED
    assert cookies == []
    # The lead still knows the newsletter that brought the visitor, read from the article's address.
    marketer.goto("/admin/leads/?q=" + email)
    marketer.get_by_role("link", name=re.compile("Jan Jansen")).first.click()
    expect(marketer.get_by_text("nieuwsbrief / email / apparaat")).to_be_visible()


def test_a_page_shown_again_from_the_back_forward_cache_counts_as_a_view(browser, live_site, marketer):
    """Back to a page the browser kept whole: a view, as when it loads the page anew (the script does not run again)."""
    # Playwright switches Chromium's back/forward cache off; a visitor's Chrome has it on.
    with_cache = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        context = new_context(with_cache, base_url=live_site.url, user_agent=CHROME)
        page = context.new_page()
        visit(page, ARTICLE_PATH)
        article = page_id(page)
        before = figures(marketer, article)
        page.evaluate("window.keptWhole = true")
        visit(page, "/over-ons/")
        with page.expect_response(lambda response: response.url.endswith(BEACON)) as beacon:
            page.go_back(wait_until="commit")
        restored = page.evaluate("window.keptWhole === true")
        context.close()
    finally:
        with_cache.close()

    assert restored, "the page was loaded anew, not shown from the back/forward cache"
    assert beacon.value.status == 204
    assert figures(marketer, article)["views"] - before["views"] == 1


def test_odd_campaign_links_and_referring_sites_still_count_the_view(browser, live_site, marketer):
    """What a visitor's link may hold: an emoji at the length limit, control characters, a host name with "_"."""
    context = new_context(browser, base_url=live_site.url, user_agent=CHROME)
    page = context.new_page()
    visit(page, ARTICLE_PATH)
    article = page_id(page)
    before = figures(marketer, article)

    visit(page, ARTICLE_PATH + "?utm_campaign=" + "x" * 99 + "%F0%9F%98%80")
    visit(page, ARTICLE_PATH + "?utm_source=nieuws%00brief&utm_medium=%0Aemail")
    with page.expect_response(lambda response: response.url.endswith(BEACON)) as beacon:
        page.goto(ARTICLE_PATH, referer="http://intranet_server.voorbeeld-klant.nl/start")
    context.close()

    assert beacon.value.status == 204
    assert figures(marketer, article)["views"] - before["views"] == 3


def test_the_pages_table_fits_a_laptop_screen_up_to_enrolled(browser, live_site, screenshot):
    """The marketer's question ends in the last column: it must be in sight without scrolling sideways."""
    context = new_context(browser, base_url=live_site.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    admin_login(page, *SUPERUSER)
    page.goto("/admin/reports/content/?preset=last_12_months&sort=-conversion")
    table = page.locator("[data-insight-table='pages']")
    expect(table.locator("tbody tr").first).to_be_visible()
    widths = page.evaluate(
        "() => { const box = document.querySelector('.insight-table-wrapper');"
        " return {needed: box.scrollWidth, shown: box.clientWidth}; }"
    )
    enrolled = table.get_by_role("columnheader", name="Enrolled").bounding_box()
    screenshot(page, "content_report_1366")
    context.close()

    assert widths["needed"] <= widths["shown"], widths
    assert enrolled["x"] + enrolled["width"] <= 1366
