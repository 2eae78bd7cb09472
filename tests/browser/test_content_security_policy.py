"""The Content-Security-Policy breaks nothing: public pages and the Wagtail admin in Chromium.

Chromium reports every blocked script, style, frame or image on the console; a page that
works under the policy reports none.
"""

import re

import pytest

from tests.browser.conftest import ARTICLE_PATH, COURSE_PATH, SUPERUSER
from tests.browser.steps import admin_login, request_brochure

pytestmark = pytest.mark.browser

PUBLIC_PATHS = ["/", "/blog/", ARTICLE_PATH, "/trainingen/", COURSE_PATH, "/zoeken/?q=advies"]
ADMIN_PATHS = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/leads/",
    "/admin/users/",
    "/admin/reports/lead-funnel/",
    "/admin/reports/content/",
    "/admin/reports/site-history/",
    "/admin/wagtailcore/page/",  # the SEO listing
    "/admin/settings/leads/leadsettings/",
]


@pytest.fixture
def violations(page):
    """Every CSP violation Chromium reports while the test drives ``page`` (frames included)."""
    found: list[str] = []

    def listen(message):
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return found


def test_public_pages_and_the_brochure_form_work_under_the_strict_policy(page, violations):
    for path in PUBLIC_PATHS:
        response = page.goto(path)
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    page.goto(COURSE_PATH)

    request_brochure(page, email="csp.bezoeker@gemeente-utrecht.nl")
    page.wait_for_load_state("networkidle")

    assert violations == []


def test_the_admins_lead_page_snippets_and_image_chooser_work_under_the_admin_policy(page, violations, live_site):
    page.goto(COURSE_PATH)
    request_brochure(page, email="csp.lead@gemeente-utrecht.nl", first_name="Cas", last_name="Policy")
    page.wait_for_load_state("networkidle")
    admin_login(page, *SUPERUSER)

    page.goto("/admin/leads/?q=csp.lead@gemeente-utrecht.nl")
    page.get_by_role("link", name="Cas Policy").first.click()
    page.get_by_role("heading", name="Timeline").wait_for()
    page.wait_for_load_state("networkidle")

    for path in ("/admin/snippets/leads/testimonial/", "/admin/snippets/leads/testimonial/add/"):
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("networkidle")

    page.goto(f"/admin/pages/{live_site.ids['blog_index']}/edit/")
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("button", name=re.compile("Choose an image")).first.click()
    page.locator(".modal").get_by_role("heading", name="Choose an image").wait_for()
    page.wait_for_load_state("networkidle")

    assert violations == [], "\n".join(violations)


def test_the_admin_its_editor_and_the_preview_work_under_the_admin_policy(page, violations, live_site):
    admin_login(page, *SUPERUSER)
    for path in ADMIN_PATHS:
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("networkidle")

    assert page.goto(f"/admin/pages/{live_site.ids['blog_index']}/edit/").status == 200
    page.wait_for_load_state("networkidle")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    page.frame_locator("#w-preview-iframe").locator("h1").first.wait_for()

    assert violations == []
