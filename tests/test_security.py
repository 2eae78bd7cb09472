"""The site as an attacker sees it: injection, oversized and malformed requests, forged links,
brute-forced logins, open redirects, leads reached without permission, and personal data in logs.
"""

import csv
import io
import logging
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from leads.models import BrochureRequest, Lead
from tests.fakes.fixtures import run_jobs
from tests.home.factories import home_page
from tests.leads.factories import course_site
from tests.leads.funnel import SUBMIT_URL, submission
from tests.leads.sales_fixtures import make_user

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=1>"  # fits a first name (50)
RAW_MARKERS = ["<script>alert(1)", "<img src=x onerror"]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FREE_TEXT_FIELDS = ["first_name", "last_name", "company"]
ALL_FORM_FIELDS = [*FREE_TEXT_FIELDS, "email", "role", "phone", "marketing_consent"]
HIDDEN_FIELDS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "landing_page", "referrer"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course(db):
    return course_site(title="Inkoop van ICT")


def assert_no_raw_payload(content: bytes | str):
    text = content.decode() if isinstance(content, bytes) else content
    for marker in RAW_MARKERS:
        assert marker not in text


def post_form(client, course, **overrides):
    return client.post(SUBMIT_URL, submission(course, **overrides), REMOTE_ADDR="198.51.100.20")


# Injection in the brochure form -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("field", ALL_FORM_FIELDS + HIDDEN_FIELDS)
def test_markup_in_any_form_field_is_never_echoed_raw(client, course, field):
    response = post_form(client, course, **{field: PAYLOAD})

    assert response.status_code in {303, 400}
    assert_no_raw_payload(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("field", FREE_TEXT_FIELDS)
def test_markup_saved_from_the_form_is_escaped_on_the_thank_you_page(client, course, field):
    response = post_form(client, course, **{field: PAYLOAD})
    assert response.status_code == 303

    assert_no_raw_payload(client.get(response["Location"]).content)


@pytest.mark.django_db
@pytest.mark.parametrize("field", FREE_TEXT_FIELDS)
def test_markup_from_the_form_is_escaped_in_the_admin_listing_and_lead_page(admin_client, course, field):
    post_form(Client(), course, **{field: PAYLOAD}, utm_campaign=PAYLOAD, referrer=PAYLOAD)
    lead = Lead.objects.get()

    listing = admin_client.get(reverse("leads_admin:index")).content.decode()
    detail = admin_client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()

    for page in (listing, detail):
        assert_no_raw_payload(page)
        assert ESCAPED in page


@pytest.mark.django_db
def test_markup_in_query_parameters_of_a_course_page_is_not_reflected_raw(client, course):
    query = "&".join(f"{name}={PAYLOAD}" for name in ("utm_source", "utm_campaign", "utm_content", "q", "next"))

    response = client.get(f"{course.url}?{query}")

    assert response.status_code == 200
    assert_no_raw_payload(response.content)


@pytest.fixture
def listing_pages(db):
    from tests.blog.factories import blog_index
    from tests.home.factories import SearchPageFactory

    return blog_index(), SearchPageFactory(parent=home_page())


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["q", "pagina"])
def test_markup_in_the_search_query_is_escaped(client, listing_pages, param):
    _blog, search = listing_pages

    response = client.get(search.url, {param: PAYLOAD})

    assert response.status_code in {200, 404}
    assert_no_raw_payload(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["categorie", "tag", "pagina"])
def test_markup_in_blog_filters_is_escaped(client, listing_pages, param):
    blog, _search = listing_pages

    response = client.get(blog.url, {param: PAYLOAD})

    assert response.status_code in {200, 404}
    assert_no_raw_payload(response.content)


# Spreadsheet exports ----------------------------------------------------------------------


FORMULAS = ['=HYPERLINK("https://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def formula_lead(course):
    Client().post(
        SUBMIT_URL,
        submission(
            course, first_name=FORMULAS[1], last_name=FORMULAS[2], company=FORMULAS[0], utm_campaign=FORMULAS[3]
        ),
        REMOTE_ADDR="198.51.100.21",
    )
    return Lead.objects.get()


@pytest.fixture
def exporter(db):
    client = Client()
    client.force_login(make_user("exporter", "Sales"))
    return client


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(formula_lead, exporter):
    response = exporter.get(reverse("leads_admin:index") + "?export=csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]

    assert response.status_code == 200
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}]


@pytest.mark.django_db
def test_xlsx_export_holds_no_formulas(formula_lead, exporter):
    from openpyxl import load_workbook

    response = exporter.get(reverse("leads_admin:index") + "?export=xlsx")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    values = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]

    assert response.status_code == 200
    assert any("HYPERLINK" in cell.value for cell in values)
    assert not [cell.value for cell in values if cell.data_type == "f" or cell.value[:1] in {"=", "+", "-", "@"}]


# Malformed and oversized requests ---------------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_brochure_request_is_refused_without_an_error(client, course):
    response = post_form(client, course, company="x" * 200_000)

    assert response.status_code in {400, 413}
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_an_oversized_body_to_any_form_is_a_client_error_not_a_crash(client):
    client.raise_request_exception = False
    body = "username=a&password=" + "x" * (6 * 1024 * 1024)

    response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code in {400, 413}


@pytest.mark.django_db
def test_too_long_field_values_are_refused(client, course):
    response = post_form(client, course, first_name="x" * 101)

    assert response.status_code == 400
    assert not Lead.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_the_brochure_form_only_takes_post(client, method):
    assert getattr(client, method)(SUBMIT_URL).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/brochure/download/x/", "/brochure/bedankt/x/"])
def test_brochure_links_only_take_get(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
def test_the_brochure_form_refuses_a_post_without_csrf_token(course):
    client = Client(enforce_csrf_checks=True)

    response = client.post(SUBMIT_URL, submission(course), REMOTE_ADDR="198.51.100.22")

    assert response.status_code == 403
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_the_brochure_form_is_rate_limited_per_address(client, course, settings):
    settings.BROCHURE_RATE_LIMIT = 2
    for number in range(2):
        assert post_form(client, course, email=f"persoon{number}@gemeente-utrecht.nl").status_code == 303

    response = post_form(client, course, email="persoon9@gemeente-utrecht.nl")

    assert response.status_code == 429
    assert Lead.objects.count() == 2


# Signed links -----------------------------------------------------------------------------


@pytest.fixture
def thank_you_url(client, course):
    response = post_form(client, course)
    assert response.status_code == 303
    return response["Location"]


def download_url(client, thank_you_url) -> str:
    html = client.get(thank_you_url).content.decode()
    return re.search(r'href="(/brochure/download/[^"]+)"', html).group(1)


def tamper(url: str) -> str:
    token = url.rstrip("/").rsplit("/", 1)[1]
    changed = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    return url.replace(token, changed)


@pytest.mark.django_db
def test_a_tampered_download_link_serves_no_brochure(client, thank_you_url):
    url = download_url(client, thank_you_url)
    assert client.get(url).status_code == 200

    response = client.get(tamper(url))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_tampered_thank_you_link_shows_no_request(client, thank_you_url):
    response = client.get(tamper(thank_you_url))

    assert response.status_code == 404
    assert b"/brochure/download/" not in response.content


@pytest.mark.django_db
def test_a_download_link_for_another_request_cannot_be_forged_from_an_id(client, thank_you_url):
    request = BrochureRequest.objects.get()

    assert client.get(f"/brochure/download/{request.pk}/").status_code == 404


# Leads are personal data ------------------------------------------------------------------


LEAD_URLS = [
    lambda lead: reverse("leads_admin:index"),
    lambda lead: reverse("leads_admin:index") + "?export=csv",
    lambda lead: reverse("leads_admin:index") + "?export=xlsx",
    lambda lead: reverse("leads_admin:inspect", args=[lead.pk]),
    lambda lead: f"/admin/leads/{lead.pk}/privacy/export/",
]


@pytest.fixture
def some_lead(course):
    post_form(Client(), course)
    return Lead.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize("url", LEAD_URLS)
def test_anonymous_visitors_never_see_a_lead(client, some_lead, url):
    response = client.get(url(some_lead))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/admin/login/"
    assert some_lead.email.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", LEAD_URLS)
def test_staff_outside_sales_never_see_a_lead(client, some_lead, url):
    client.force_login(make_user("marketeer", "Marketing"))

    response = client.get(url(some_lead))

    assert response.status_code == 403
    assert some_lead.email.encode() not in response.content


@pytest.mark.django_db
def test_the_mailchimp_webhook_without_its_secret_changes_nothing(client, some_lead):
    some_lead.marketing_consent = True
    some_lead.save()

    response = client.post("/mailchimp/webhook/wrong-secret/", {"type": "unsubscribe", "data[email]": some_lead.email})

    assert response.status_code == 404
    assert Lead.objects.get().marketing_consent


# Admin login ------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return make_user("editor", is_staff=True, is_superuser=True)


def log_in(client, password, *, next_url=None, address="192.0.2.50"):
    url = "/admin/login/" + (f"?next={next_url}" if next_url else "")
    data = {"username": "editor", "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(url, data, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_five_wrong_passwords_lock_out_even_the_right_one(client, editor):
    for _attempt in range(5):
        log_in(client, "wrong-password")

    response = log_in(client, "secret-pass")

    assert response.status_code == 429
    assert not logged_in(client)


@pytest.mark.django_db
def test_a_lockout_does_not_lock_the_user_out_from_another_address(client, editor):
    for _attempt in range(5):
        log_in(client, "wrong-password")

    log_in(client, "secret-pass", address="192.0.2.99")

    assert logged_in(client)


@pytest.mark.django_db
def test_a_few_typos_do_not_lock_anyone_out(client, editor):
    for _attempt in range(4):
        log_in(client, "wrong-password")

    log_in(client, "secret-pass")

    assert logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]
)
def test_the_login_never_redirects_to_another_site(client, editor, next_url):
    response = log_in(client, "secret-pass", next_url=next_url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc in {"", "testserver"}
    assert "evil.example" not in response["Location"].replace("\\", "/").split("?")[0].lstrip("/")


# Third parties and logs --------------------------------------------------------------------


class _Sources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "video", "audio"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "img" and attrs.get("srcset"):
            self.urls.extend(part.split()[0] for part in attrs["srcset"].split(","))
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in {"canonical", "alternate"}:
            self.urls.append(attrs["href"])


def test_no_third_party_resource_on_any_demo_page(client, demo_site):
    from wagtail.models import Page

    foreign = {}
    resources = 0
    for page in Page.objects.live().public().specific().filter(depth__gt=1):
        url = page.get_url()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        parser = _Sources()
        parser.feed(response.content.decode())
        resources += len(parser.urls)
        others = [src for src in parser.urls if urlsplit(src).netloc not in {"", "testserver", demo_site.hostname}]
        if others:
            foreign[url] = others

    assert resources > 20, "the demo pages load almost nothing: the test would prove nothing"
    assert foreign == {}


@pytest.mark.django_db
def test_personal_data_never_reaches_the_logs(client, course, caplog, settings):
    """A full brochure request, its jobs and a Mailchimp that is down: not one log line names the person."""
    settings.MAILCHIMP_API_KEY = "0123456789abcdef-us21"
    settings.MAILCHIMP_API_URL = "http://127.0.0.1:9/3.0"  # discard port: connection refused
    settings.MAILCHIMP_AUDIENCE_ID = "aud"
    person = {
        "first_name": "Wilhelmina",
        "last_name": "Zwanenburg",
        "email": "wilhelmina.zwanenburg@example-persoon.nl",
        "company": "Zwanenburg Advies",
        "phone": "06 98765432",
    }

    with caplog.at_level(logging.DEBUG):
        response = post_form(client, course, **person)
        client.get(response["Location"])
        run_jobs()
        post_form(client, course, **{**person, "email": "not-an-address"})

    assert response.status_code == 303
    failures = [r for r in caplog.records if r.name.startswith("leads") and r.levelno >= logging.WARNING]
    assert failures, "the Mailchimp failure was not logged: the test would prove nothing"
    logged = "\n".join(f"{record.getMessage()} {record.args!r} {record.exc_text or ''}" for record in caplog.records)
    for value in [*person.values(), "wilhelmina.zwanenburg", "98765432"]:
        assert value.lower() not in logged.lower(), value


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["course", "source_page"])
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1", "1e3"])
def test_odd_numbers_in_the_hidden_page_ids_are_refused_not_a_crash(client, course, field, value):
    client.raise_request_exception = False

    response = client.post(SUBMIT_URL, {**submission(course), field: value}, REMOTE_ADDR="198.51.100.24")

    assert response.status_code < 500


# Arbitrary input (property-based) ----------------------------------------------------------


def lead_counts():
    return Lead.objects.count(), BrochureRequest.objects.count()


def assert_no_half_saved_lead():
    assert not Lead.objects.filter(requests__isnull=True).exists()


text = st.text(max_size=300)


@pytest.mark.django_db
@hypothesis_settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({name: text for name in ALL_FORM_FIELDS + HIDDEN_FIELDS + ["course", "website"]}))
def test_any_text_in_the_brochure_form_saves_a_whole_lead_or_nothing(course, values):
    cache.clear()
    before = lead_counts()
    data = {**submission(course), **{name: value.replace("\x00", "") for name, value in values.items()}}

    response = Client(raise_request_exception=False).post(SUBMIT_URL, data, REMOTE_ADDR="198.51.100.30")

    assert response.status_code < 500
    after = lead_counts()
    if response.status_code == 303:
        assert after[1] == before[1] + 1
    else:
        assert after == before
    assert_no_half_saved_lead()


@pytest.mark.django_db
@hypothesis_settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    event=st.sampled_from(["subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign"]) | text,
    data=st.dictionaries(
        st.sampled_from(["email", "old_email", "new_email", "list_id", "reason", "merges][EMAIL"]) | text,
        text,
        max_size=5,
    ),
)
def test_any_text_to_the_mailchimp_webhook_is_never_an_error(settings, some_lead, event, data):
    body = {"type": event, **{f"data[{key}]": value for key, value in data.items()}}
    body = {key.replace("\x00", ""): value.replace("\x00", "") for key, value in body.items()}

    response = Client(raise_request_exception=False).post(
        f"/mailchimp/webhook/{settings.MAILCHIMP_WEBHOOK_SECRET}/", body
    )

    assert response.status_code < 500
    assert_no_half_saved_lead()


@pytest.mark.django_db
def test_an_error_report_for_a_crashed_brochure_request_names_nobody(course, monkeypatch):
    """What a 500 mails to the admins: the traceback, not the submitted values or local variables."""
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    def crash(*, submission, course, source_page):
        raise RuntimeError("database on fire")

    reports = []

    def report(sender, request, **kwargs):
        reports.append(ExceptionReporter(request, *sys.exc_info(), is_email=True).get_traceback_text())

    monkeypatch.setattr("leads.services.lead_capture", crash)
    got_request_exception.connect(report)
    try:
        response = Client(raise_request_exception=False).post(
            SUBMIT_URL, submission(course), REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Sanne's browser"
        )
    finally:
        got_request_exception.disconnect(report)

    assert response.status_code == 500
    assert "database on fire" in reports[0]
    for value in ["sanne.devries", "Gemeente Utrecht", "de Vries", "123 45 67", "198.51.100.23", "Sanne's browser"]:
        assert value not in reports[0], value
