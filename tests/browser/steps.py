"""Steps the journeys and gates share: filling in the brochure form, logging in to the admin.

The brochure form's input names are a contract of the funnel (issue 4): first_name,
last_name, email, company, role, phone, marketing_consent.
"""

import re
import time

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import MIN_FILL_SECONDS

BROCHURE_FORM = "form:has(input[name='email']):has(input[name='first_name'])"
# A real visitor takes longer than the form's minimum fill-in time (the bot trap, lowered
# for the tests to MIN_FILL_SECONDS by the live site).
HUMAN_FILL_SECONDS = MIN_FILL_SECONDS + 0.5


def brochure_form(page: Page) -> Locator:
    form = page.locator(BROCHURE_FORM).first
    expect(form).to_be_visible()
    return form


def fill_brochure_form(
    form: Locator,
    *,
    first_name: str = "Jan",
    last_name: str = "Jansen",
    email: str,
    company: str = "Voorbeeld BV",
    phone: str = "",
    consent: bool = True,
) -> None:
    form.locator("[name='first_name']").fill(first_name)
    form.locator("[name='last_name']").fill(last_name)
    form.locator("[name='email']").fill(email)
    form.locator("[name='company']").fill(company)
    choose_role(form)
    if phone:
        form.locator("[name='phone']").fill(phone)
    if consent:
        form.locator("[name='marketing_consent']").check()


def choose_role(form: Locator, label: str = "inkoper") -> None:
    """Pick the role by its visible label, whether the field is a select or radio buttons."""
    role = form.locator("[name='role']")
    if role.first.evaluate("el => el.tagName") == "SELECT":
        options = role.first.locator("option").all_text_contents()
        chosen = next(o for o in options if label.lower() in o.lower())
        role.first.select_option(label=chosen)
    else:
        form.get_by_label(re.compile(label, re.I)).first.check()


def submit(form: Locator, started: float) -> None:
    """Submit like a person: not faster than a person types."""
    wait = HUMAN_FILL_SECONDS - (time.monotonic() - started)
    if wait > 0:
        time.sleep(wait)
    form.locator("button[type='submit'], input[type='submit']").first.click()


def request_brochure(page: Page, *, email: str, consent: bool = True, **fields: str) -> None:
    """On a page with the brochure form, request the brochure correctly in one go."""
    started = time.monotonic()
    form = brochure_form(page)
    fill_brochure_form(form, email=email, consent=consent, **fields)
    submit(form, started)


def admin_login(page: Page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(password)
    page.locator("form button[type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
