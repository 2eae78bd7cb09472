"""The pages fit every screen: measured in the browser at 390, 768, 1366 and 1920 px wide.

Not a screenshot comparison: the page's boxes are measured (``layout_measure.js``). No
sideways scrolling, no element outside the viewport, no text outside its box, every image
loaded, inside its container and no taller than its design intends, e.g. the course card
under an article is a strip, not a 600 px poster. A screenshot of each page and width lands
in test-output/screenshots/layout/ for people to look at.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import ARTICLE_PATH, COURSE_PATH, SCREENSHOTS, new_context

pytestmark = pytest.mark.browser

# (width, height): a phone, a tablet, a laptop and a desktop.
VIEWPORTS = {390: 844, 768: 1024, 1366: 900, 1920: 1080}
PAGES = {
    "home": "/",
    "course_overview": "/trainingen/",
    "course_overview_filtered": "/trainingen/?vorm=klassikaal&locatie=utrecht",
    "course": COURSE_PATH,
    "in_company_course": "/trainingen/adviesvaardigheden-in-company/",
    "blog": "/blog/",
    "blog_category": "/blog/?categorie=inkoop-en-onderhandelen",
    "article": ARTICLE_PATH,
    "search": "/zoeken/?q=adviseren",
    "content": "/over-ons/",
}
# The most an image may measure, per kind: px, or a share of the viewport height when below 1.
IMAGE_LIMITS = {
    ".card__image": 320,
    ".card--wide .card__image": 300,
    ".hero__image": 0.75,
    ".course-hero__image": 0.75,
    ".article__hero-image": 0.75,
    ".image-block__image": 0.8,
    ".avatar:not(.avatar--large)": 48,
    ".avatar--large": 80,
    ".site-header__logo": 48,
}
MEASURE = (Path(__file__).parent / "layout_measure.js").read_text()
FOLDER = SCREENSHOTS / "layout"


@pytest.fixture(scope="module")
def contexts(browser, live_site):
    """One browser per screen width, shared by the module's tests."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    opened = {
        width: new_context(browser, base_url=live_site.url, viewport={"width": width, "height": height})
        for width, height in VIEWPORTS.items()
    }
    yield opened
    for context in opened.values():
        context.close()


def load_fully(page, path: str) -> None:
    """Open ``path`` with every lazy image loaded, as after scrolling through the page."""
    page.goto(path)
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(img => img.complete)")


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen(contexts, name, width):
    page = contexts[width].new_page()
    try:
        load_fully(page, PAGES[name])
        problems = page.evaluate(MEASURE, IMAGE_LIMITS)
        page.screenshot(path=str(FOLDER / f"{name}_{width}.png"), full_page=True)
    finally:
        page.close()
    assert not problems, f"{PAGES[name]} at {width} px:\n- " + "\n- ".join(problems)


def test_course_card_under_an_article_is_a_strip_at_every_width(contexts):
    """The defect that started this: the article's course card image was over 500 px tall."""
    heights = {}
    for width, context in contexts.items():
        page = context.new_page()
        try:
            load_fully(page, ARTICLE_PATH)
            heights[width] = page.locator("#related-course ~ .card img").bounding_box()["height"]
        finally:
            page.close()
    assert all(0 < height <= min(300, 0.4 * VIEWPORTS[width]) for width, height in heights.items()), heights


def test_breadcrumbs_never_start_a_line_with_the_separator(contexts):
    """On a phone the trail wraps; each separator ends a crumb, so no line starts with "›"."""
    page = contexts[390].new_page()
    try:
        load_fully(page, COURSE_PATH)
        crumbs = page.locator(".breadcrumbs__item").evaluate_all(
            """items => items.map(item => ({
                top: Math.round(item.getBoundingClientRect().top),
                before: getComputedStyle(item, "::before").content,
                after: getComputedStyle(item, "::after").content,
            }))"""
        )
    finally:
        page.close()
    assert len({crumb["top"] for crumb in crumbs}) > 1, "the trail should wrap at 390 px for this test to mean much"
    assert all(crumb["before"] in ("none", "normal") for crumb in crumbs), crumbs
    assert all("›" in crumb["after"] for crumb in crumbs[:-1]), crumbs
