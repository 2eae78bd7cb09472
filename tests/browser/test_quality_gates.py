"""Gates: no axe-core violation and no Nu HTML checker error on the pages visitors see most."""

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTICLE_PATH, COURSE_PATH, RUN_DIR, new_context
from tests.browser.steps import brochure_form, fill_brochure_form, request_brochure, submit

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "blog_index": "/blog/",
    "article": ARTICLE_PATH,
    "course": COURSE_PATH,
    "course_overview": "/trainingen/?vorm=klassikaal",
    "search": "/zoeken/?q=advies",
    "thank_you": None,  # reached by requesting the brochure
}
HTML_DIR = RUN_DIR / "html"


def reach_thank_you_page(browser, live_site) -> tuple[str, dict]:
    """Request the brochure; return the thank-you page's URL and cookies.

    With or without the script, the browser ends on the thank-you page's own URL.
    """
    context = new_context(browser, base_url=live_site.url)
    try:
        page = context.new_page()
        page.goto(COURSE_PATH)
        request_brochure(page, email="toegankelijkheid@covalis-test.nl", consent=False)
        expect(page).to_have_url(re.compile(r"/brochure/bedankt/[^/]+/$"))
        return page.url, context.storage_state()
    finally:
        context.close()


@pytest.fixture(scope="session")
def gate_pages(browser, live_site):
    """The browser, name -> URL of each checked page (its HTML saved), and why any could not be fetched."""
    problems = {}
    state = None
    try:
        thank_you, state = reach_thank_you_page(browser, live_site)
    except Exception as error:  # reported by the thank-you page's own tests
        thank_you, problems["thank_you"] = None, f"could not reach the thank-you page: {error}"

    # Playwright injects axe-core as an inline script: let it past the site's strict CSP.
    context = new_context(browser, base_url=live_site.url, storage_state=state, bypass_csp=True)
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    pages = {}
    for name, path in PAGES.items():
        if name in problems:
            continue
        url = thank_you if path is None else live_site(path)
        response = context.request.get(url)
        if response.status != 200:
            problems[name] = f"{url} answered {response.status}"
            continue
        (HTML_DIR / f"{name}.html").write_text(response.text())
        pages[name] = url
    yield context, pages, problems
    context.close()


def checked_page(gate_pages, name) -> tuple[object, str]:
    context, pages, problems = gate_pages
    if name in problems:
        pytest.fail(problems[name], pytrace=False)
    return context, pages[name]


def describe_axe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_violations(page, axe_script) -> list[dict]:
    page.add_script_tag(path=str(axe_script))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(name, gate_pages, axe_script):
    context, url = checked_page(gate_pages, name)
    page = context.new_page()
    try:
        page.goto(url)
        violations = axe_violations(page, axe_script)
    finally:
        page.close()

    assert not violations, f"axe-core found {len(violations)} violation(s) on {url}:\n{describe_axe(violations)}"


def test_brochure_form_showing_its_messages_has_no_accessibility_violations(gate_pages, axe_script):
    context, _, _ = gate_pages
    page = context.new_page()
    try:
        page.goto(COURSE_PATH)
        started = time.monotonic()
        form = brochure_form(page)
        fill_brochure_form(form, email="jan@covalis-klant", consent=False)
        form.locator("[name='company']").fill("")
        submit(form, started)
        expect(page.locator(".brochure-form__error:visible")).to_have_count(2)
        violations = axe_violations(page, axe_script)
    finally:
        page.close()

    assert not violations, f"axe-core found {len(violations)} violation(s):\n{describe_axe(violations)}"


@pytest.fixture(scope="session")
def vnu_messages(gate_pages, vnu_command) -> dict[str, list[dict]]:
    """The Nu HTML checker's errors per page, from one run over every saved page."""
    _, pages, _ = gate_pages
    files = [HTML_DIR / f"{name}.html" for name in pages]
    if not files:
        return {}
    result = subprocess.run(
        [*vnu_command, "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stderr or result.stdout)
    messages: dict[str, list[dict]] = {name: [] for name in PAGES}
    for message in report["messages"]:
        name = Path(message.get("url", "")).stem
        messages.setdefault(name, []).append(message)
    return messages


def describe_vnu(messages: list[dict]) -> str:
    return "\n".join(
        f"- line {m.get('lastLine', '?')}: {m['message']}\n    {(m.get('extract') or '').strip()[:200]}"
        for m in messages
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_is_valid_html(name, gate_pages, vnu_messages):
    _, url = checked_page(gate_pages, name)
    errors = [m for m in vnu_messages[name] if m.get("type") in {"error", "non-document-error"}]
    assert not errors, f"The Nu HTML checker found {len(errors)} error(s) in {url}:\n{describe_vnu(errors)}"
