"""Helpers for the brochure funnel tests: read the form a page shows, fill it in like a person."""

import time
from html.parser import HTMLParser

from django.core import signing

from leads.services import FORM_STARTED_SALT

SUBMIT_URL = "/brochure/aanvragen/"
TOKEN_URL = "/brochure/formulier-token/"


class _FormReader(HTMLParser):
    """The inputs of the first brochure form in a page: name -> value (checkboxes only when checked)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action = ""
        self.in_form = False
        self.done = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and "js-brochure-form" in (attrs.get("class") or ""):
            self.in_form = True
            self.action = attrs.get("action", "")
        elif self.in_form and tag == "input":
            kind = attrs.get("type", "text")
            if kind == "checkbox":
                if "checked" in attrs:
                    self.fields[attrs["name"]] = attrs.get("value", "on")
            else:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.in_form and tag == "select":
            self.select = attrs["name"]
            self.fields.setdefault(self.select, "")
        elif self.in_form and tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.in_form:
            self.in_form = False
            self.done = True


def form_fields(html: str) -> dict[str, str]:
    """What a browser would send from the page's brochure form, before the visitor types."""
    reader = _FormReader()
    reader.feed(html)
    assert reader.action, "the page shows no brochure form"
    return reader.fields


def form_started(seconds_ago: int = 60) -> str:
    """A form-start token as if the form was shown ``seconds_ago`` seconds ago."""
    return signing.dumps(int(time.time()) - seconds_ago, salt=FORM_STARTED_SALT)


def person(**overrides) -> dict[str, str]:
    """What a visitor types in."""
    values = {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne.devries@gemeente-utrecht.nl",
        "company": "Gemeente Utrecht",
        "role": "inkoper",
        "phone": "030 123 45 67",
        "marketing_consent": "on",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def submission(course, *, source_page=None, **overrides) -> dict[str, str]:
    """A complete, valid POST for ``course`` (as the form sends it, filled in a minute ago)."""
    data = {
        "course": str(course.pk),
        "source_page": str(source_page.pk if source_page else course.pk),
        "form_started": form_started(),
        "website": "",
        "utm_source": "",
        "utm_medium": "",
        "utm_campaign": "",
        "utm_term": "",
        "utm_content": "",
        "landing_page": "",
        "referrer": "",
    }
    data.update(person())
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
