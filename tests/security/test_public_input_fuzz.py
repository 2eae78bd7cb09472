"""No public input causes a 500, and every refusal a visitor sees says why (issue 13.7).

Hypothesis sends arbitrary text (NUL bytes, lone quotes, control characters, any Unicode)
in the query parameters of every public URL of the demo site (the parameters each page
uses, found in its own links and forms, plus any others) and in every field of the
brochure form. NUL is a PostgreSQL problem: run this module on PostgreSQL too
(``DATABASE_URL=postgres://...``), as CI does.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from leads.models import BrochureRequest, Lead
from tests.leads.funnel import SUBMIT_URL, submission
from tests.security.conftest import field_errors

NASTY = ["\x00", "'", '"', "\\", "%", "%00", "' OR 1=1 --", "*", "(", ")", "NOT", "AND", ":", "^", "-", "\u202e", "\n"]
values = st.one_of(st.text(max_size=60), st.sampled_from(NASTY), st.lists(st.sampled_from(NASTY)).map("".join))
EXTRA_URLS = ["/robots.txt", "/sitemap.xml", "/brochure/formulier-token/", "/health/"]
ALWAYS_TRIED = ["q", "pagina", "page", "categorie", "tag", "utm_source", "utm_campaign", "next", "format"]


class _Links(HTMLParser):
    """Query parameter names a page uses: in its links to itself and in its GET forms."""

    def __init__(self, path: str):
        super().__init__()
        self.path, self.names, self.in_get_form = path, set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            url = urlsplit(attrs["href"])
            if url.path in ("", self.path):
                self.names |= {name for name, _value in parse_qsl(url.query, keep_blank_values=True)}
        elif tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select") and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


@pytest.fixture
def public_urls(demo_site) -> dict[str, list[str]]:
    """Every public URL of the demo site, with the query parameters it uses."""
    from wagtail.models import Page

    urls = [page.get_url() for page in Page.objects.live().public().specific().filter(depth__gt=1)]
    urls += EXTRA_URLS + [url + "feed/" for url in urls if url.rstrip("/").endswith("blog")]
    client = Client()
    found = {}
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        parser = _Links(url)
        if "html" in response.get("Content-Type", ""):
            parser.feed(response.content.decode())
        found[url] = sorted(parser.names | set(ALWAYS_TRIED))
    assert len(found) > 10, "the demo site has hardly any pages: the test would prove nothing"
    assert {"q", "categorie", "tag", "pagina"} <= {name for names in found.values() for name in names}
    return found


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1, self.text, self.tag = "", [], None

    def handle_starttag(self, tag, attrs):
        self.tag = tag

    def handle_data(self, data):
        if self.tag == "h1":
            self.h1 += data
        if self.tag not in ("script", "style"):
            self.text.append(data)


def assert_says_why(response) -> None:
    """A refusal a visitor sees: an HTML page with a Dutch heading and an explanation, or a JSON message."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "json" in content_type:
        answer = json.loads(body)
        assert answer.get("message") or any(answer.get("errors", {}).values()), answer
        return
    assert "html" in content_type, (response.status_code, content_type)
    page = _Text()
    page.feed(body.decode())
    assert page.h1.strip(), "a refusal without a heading"
    assert not re.search(r"Bad Request|Not Found|Forbidden|Server Error", page.h1), page.h1
    assert len(" ".join(" ".join(page.text).split())) > 40, "a refusal that explains nothing"


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=values, data=st.data())
@example(value="\x00", data=None)
@example(value='"', data=None)
@example(value="'", data=None)
def test_no_query_string_on_any_public_url_is_an_error(public_urls, value, data):
    client = Client(raise_request_exception=False)
    for url, names in public_urls.items():
        tries = [{name: value for name in names}]  # every parameter the page uses at once
        if data is not None:
            names = st.sampled_from(names) | st.text(min_size=1, max_size=12)
            tries.append(data.draw(st.dictionaries(names, values, min_size=1, max_size=3), label=url))
        for params in tries:
            response = client.get(url, params)

            assert response.status_code < 500, (url, params)
            if response.status_code >= 400:
                assert_says_why(response)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=values, query=values)
def test_no_made_up_brochure_link_is_an_error(db, token, query):
    from tests.leads.factories import course_site

    course_site()
    token = token.replace("/", "") or "x"
    for path in (f"/brochure/bedankt/{token}/", f"/brochure/download/{token}/"):
        response = Client(raise_request_exception=False).get(path, {"utm_source": query})
        assert response.status_code < 500, path
        if response.status_code >= 400:
            assert_says_why(response)


FORM_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "company",
    "role",
    "phone",
    "marketing_consent",
    "course",
    "source_page",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "landing_page",
    "referrer",
    "form_started",
    "website",
]


@pytest.fixture
def course(db):
    from tests.leads.factories import course_site

    return course_site(title="Onderhandelen")


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.dictionaries(st.sampled_from(FORM_FIELDS), values, min_size=1, max_size=4),
    referer=values,
    as_json=st.booleans(),
)
def test_no_brochure_form_input_is_an_error_and_every_refusal_says_why(course, fields, referer, as_json):
    cache.clear()  # the rate limit
    before = (Lead.objects.count(), BrochureRequest.objects.count())
    headers = {"HTTP_REFERER": f"https://testserver{course.url}?utm_campaign={referer}", "REMOTE_ADDR": "198.51.100.9"}
    if as_json:
        headers["HTTP_ACCEPT"] = "application/json"

    response = Client(raise_request_exception=False).post(SUBMIT_URL, {**submission(course), **fields}, **headers)

    assert response.status_code < 500, fields
    if response.status_code >= 400:
        assert_says_why(response)
        if not as_json and response.status_code == 400 and "js-brochure-form" in response.content.decode():
            page = response.content.decode()
            top = re.sub(r"<[^>]+>", "", re.search(r'js-brochure-message"[^>]*>(.*?)</div>', page, re.S).group(1))
            # "Check the marked fields" with no field marked (a hidden one refused) explains nothing.
            assert field_errors(page) or (top.strip() and "Controleer de gemarkeerde velden" not in top), fields
        assert (Lead.objects.count(), BrochureRequest.objects.count()) == before
    else:
        assert response.status_code in (200, 303)
        assert BrochureRequest.objects.count() == before[1] + 1
