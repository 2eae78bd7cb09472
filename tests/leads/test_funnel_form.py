"""The brochure form: what it shows, what it refuses (in Dutch, keeping the values), and its guards."""

import re

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from leads.models import BrochureRequest, ConsentRecord, Lead
from tests.home import factories as home_factories
from tests.leads import factories
from tests.leads.funnel import SUBMIT_URL, TOKEN_URL, form_fields, form_started, person, submission

pytestmark = pytest.mark.django_db


# --- What the form shows -----------------------------------------------------------------


def test_course_page_form_has_the_contract_fields_and_an_unticked_consent_box(client, course):
    html = client.get(course.url).content.decode()
    fields = form_fields(html)

    for name in ("first_name", "last_name", "email", "company", "role", "phone", "course", "source_page"):
        assert name in fields
    assert "marketing_consent" not in fields  # unticked
    assert 'name="marketing_consent"' in html
    assert "nieuws over trainingen" in html
    for role in ("inkoper", "ict", "facilitair", "anders"):
        assert f'value="{role}"' in html


def test_form_links_to_the_privacy_statement_from_the_settings(client, course):
    from website.models import OrganisationSettings

    privacy = home_factories.ContentPageFactory(
        parent=home_factories.home_page(), title="Privacy", slug="privacyverklaring"
    )
    settings = OrganisationSettings.for_site(course.get_site())
    settings.privacy_page = privacy
    settings.save()

    html = client.get(course.url).content.decode()

    assert 'href="/privacyverklaring/">privacyverklaring</a>' in html


def test_form_falls_back_to_privacy_url_without_a_privacy_page(client, course):
    html = client.get(course.url).content.decode()

    assert 'href="/privacy/">privacyverklaring</a>' in html


def test_page_with_the_form_holds_no_csrf_token_so_it_can_be_cached(client, course):
    html = client.get(course.url).content.decode()

    assert "csrfmiddlewaretoken" not in html


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, course):
    html = client.get(course.url).content.decode()

    trap = re.search(r'<div class="brochure-form__trap" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


# --- Invalid input -------------------------------------------------------------------------------

INVALID = [
    ("first_name", "", "Vul uw voornaam in."),
    ("last_name", "", "Vul uw achternaam in."),
    ("email", "", "Vul uw e-mailadres in."),
    ("email", "sanne@gemeente", "Vul een geldig e-mailadres in"),
    ("email", "sanne.gemeente.nl", "Vul een geldig e-mailadres in"),
    ("email", "sanne@@gemeente.nl", "Vul een geldig e-mailadres in"),
    ("email", "sanne@[192.168.1.1]", "Vul een geldig e-mailadres in"),
    ("email", "sanne@gemeente.123", "Vul een geldig e-mailadres in"),
    ("company", "", "Vul de naam van uw organisatie in."),
    ("role", "", "Kies uw functie."),
    ("role", "directeur", "Kies een van de functies uit de lijst."),
    ("phone", "bel me", "Vul een geldig telefoonnummer in"),
    ("first_name", "x" * 51, "Gebruik maximaal 50 tekens."),
    ("company", "x" * 151, "Gebruik maximaal 150 tekens."),
]


@pytest.mark.parametrize(("field", "value", "message"), INVALID, ids=[f"{f}-{m[:20]}" for f, _, m in INVALID])
def test_invalid_field_gets_its_dutch_message_and_keeps_the_other_values(client, course, field, value, message):
    response = client.post(SUBMIT_URL, submission(course, **{field: value}))

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    kept = form_fields(html)
    for name, typed in person().items():
        if name != field and name != "marketing_consent":
            assert kept[name] == typed
    assert kept.get("marketing_consent") == "on"
    assert Lead.objects.count() == 0


def test_the_form_shown_again_keeps_the_original_start_time(client, course):
    started = form_started(seconds_ago=1)
    response = client.post(SUBMIT_URL, submission(course, first_name="", form_started=started))

    assert form_fields(response.content.decode())["form_started"] == started


def test_a_request_for_a_course_that_is_gone_says_so(client, course):
    response = client.post(SUBMIT_URL, submission(course) | {"course": "999999"})

    assert response.status_code == 400
    assert "Deze training bestaat niet meer" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "page_id"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("2147483647", 2147483647),
        ("", None),
        ("0", None),
        ("-3", None),
        ("+12", None),
        ("12.0", None),
        ("²", None),  # a digit int() refuses
        ("\u0661\u0662", None),  # Arabic-Indic digits: decimal, but no page id a form of ours sends
        ("2147483648", None),  # beyond an integer id column
        ("9" * 5000, None),  # more digits than int() reads
    ],
)
def test_a_page_id_from_the_form_is_read_one_way_by_the_form_and_the_view(value, page_id):
    from leads.forms import page_id_from_form

    assert page_id_from_form(value) == page_id


# --- Spam, flooding and size ------------------------------------------------------------------------


@pytest.mark.parametrize("private", ["course", "course overview"])
def test_a_request_for_a_course_in_a_private_section_is_refused(client, course, private):
    from wagtail.models import PageViewRestriction

    page = course if private == "course" else course.get_parent()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="geheim")
    response = client.post(SUBMIT_URL, submission(course))
    assert response.status_code == 400
    assert "Deze training bestaat niet meer" in response.content.decode()
    assert not Lead.objects.exists()


def test_filled_honeypot_is_kept_in_quarantine_without_email_or_mailchimp(client, course):
    response = client.post(SUBMIT_URL, submission(course, website="http://spam.example"))

    assert response.status_code == 303  # a bot learns nothing
    lead = Lead.objects.get()
    request = BrochureRequest.objects.get()
    assert (lead.is_spam, lead.spam_reason) == (True, "honeypot")
    assert (request.is_spam, request.spam_reason) == (True, "honeypot")
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT
    assert ConsentRecord.objects.count() == 0
    for task in ("brochure_email_send", "lead_sync_to_mailchimp", "sales_notify_new_request"):
        assert not DBTaskResult.objects.filter(task_path__endswith=task).exists()


def test_submission_faster_than_a_person_can_type_is_quarantined(client, course):
    response = client.post(SUBMIT_URL, submission(course, form_started=form_started(seconds_ago=0)))

    assert response.status_code == 303
    assert BrochureRequest.objects.get().spam_reason == "too_fast"
    assert Lead.objects.get().is_spam is True


def test_spam_with_the_address_of_a_known_lead_leaves_that_lead_alone(client, course):
    client.post(SUBMIT_URL, submission(course))
    client.post(SUBMIT_URL, submission(course, first_name="Bot", website="spam"))

    lead = Lead.objects.get()
    assert (lead.first_name, lead.is_spam) == ("Sanne", False)
    assert lead.requests.filter(is_spam=True).count() == 1


def test_sixth_request_from_one_address_in_ten_minutes_gets_429_in_dutch(client, course):
    for number in range(5):
        assert client.post(SUBMIT_URL, submission(course, email=f"persoon{number}@covalis-klant.nl")).status_code == 303

    response = client.post(SUBMIT_URL, submission(course, email="nummer6@covalis-klant.nl"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "probeer het over 10 minuten opnieuw" in html
    assert "collega&#x27;s op hetzelfde netwerk" in html  # a colleague behind the same address understands it
    assert BrochureRequest.objects.count() == 5


def test_rate_limit_counts_per_ip_address(client, course):
    for number in range(5):
        client.post(SUBMIT_URL, submission(course, email=f"persoon{number}@covalis-klant.nl"))

    response = client.post(SUBMIT_URL, submission(course), REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 303


def test_oversized_request_gets_413_in_dutch(client, course):
    response = client.post(SUBMIT_URL, submission(course, company="x" * 20_000))

    assert response.status_code == 413
    assert "te groot" in response.content.decode()
    assert Lead.objects.count() == 0


# --- CSRF and the full-page cache ------------------------------------------------------------------------


def test_csrf_failure_without_javascript_shows_the_form_again_with_the_typed_values():
    course = factories.course_site()
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(SUBMIT_URL, submission(course))

    html = response.content.decode()
    assert response.status_code == 403
    assert "klik nogmaals op de knop" in html
    kept = form_fields(html)
    assert kept["email"] == "sanne.devries@gemeente-utrecht.nl"
    assert kept["company"] == "Gemeente Utrecht"
    assert kept["csrfmiddlewaretoken"]
    assert "no-store" in response["Cache-Control"]
    assert Lead.objects.count() == 0

    again = browser.post(SUBMIT_URL, kept)

    assert again.status_code == 303
    assert Lead.objects.count() == 1


def test_course_page_with_the_form_is_stored_in_the_full_page_cache(course, page_cache):
    Client().get(course.url)

    response = Client().get(course.url)

    assert response["X-Cache"] == "HIT"
    assert "js-brochure-form" in response.content.decode()


def test_submission_from_a_cached_page_with_a_fetched_token_succeeds(course, page_cache):
    """The page was rendered for someone else; this visitor's script fetches its own token."""
    Client().get(course.url)
    visitor = Client(enforce_csrf_checks=True)
    cached = visitor.get(course.url)
    assert cached["X-Cache"] == "HIT"
    cached_html = cached.content.decode()

    token = visitor.get(TOKEN_URL)
    assert "no-cache" in token["Cache-Control"]
    values = token.json()
    data = form_fields(cached_html) | person() | {"form_started": form_started()}
    response = visitor.post(SUBMIT_URL, data, HTTP_X_CSRFTOKEN=values["csrfToken"], HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["redirect"].startswith("/brochure/bedankt/")
    assert "/brochure/download/" in visitor.get(body["redirect"]).content.decode()
    assert BrochureRequest.objects.get().is_spam is False


def test_token_endpoint_refreshes_the_form_start_time(client, course):
    from leads.services import form_elapsed_seconds

    started = client.get(TOKEN_URL).json()["formStarted"]

    assert 0 <= form_elapsed_seconds(token=started) < 60


def test_script_gets_field_errors_as_json(client, course):
    response = client.post(SUBMIT_URL, submission(course, email="sanne@gemeente"), HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["errors"]["email"] == ["Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl."]


def test_form_shown_again_keeps_the_campaign_and_page_of_the_first_post():
    """Without JavaScript the second post's Referer is the form page itself, not the article."""
    course = factories.course_site()
    browser = Client(enforce_csrf_checks=True)
    article_url = "http://localhost/blog/artikel/?utm_source=nieuwsbrief&utm_campaign=okt"

    again = browser.post(SUBMIT_URL, submission(course), HTTP_REFERER=article_url)
    browser.post(SUBMIT_URL, form_fields(again.content.decode()), HTTP_REFERER="http://localhost" + SUBMIT_URL)

    request = BrochureRequest.objects.get()
    assert (request.utm_source, request.utm_campaign) == ("nieuwsbrief", "okt")
    assert request.landing_page == article_url
    assert request.source_url == course.full_url


def test_without_javascript_a_post_from_our_own_page_needs_no_token():
    """A cached page holds no token; the browser's Sec-Fetch-Site/Origin say the post is ours."""
    course = factories.course_site()
    browser = Client(enforce_csrf_checks=True)

    by_fetch_metadata = browser.post(SUBMIT_URL, submission(course), HTTP_SEC_FETCH_SITE="same-origin")
    by_origin = browser.post(SUBMIT_URL, submission(course), HTTP_ORIGIN="http://testserver")

    assert (by_fetch_metadata.status_code, by_origin.status_code) == (303, 303)
    assert BrochureRequest.objects.count() == 2


def test_a_browser_that_says_where_it_posts_from_gets_no_cookie_on_its_way_to_the_brochure(course, page_cache):
    """The site promises to store nothing on a visitor's device: not even the CSRF token's cookie.

    A modern browser sends Sec-Fetch-Site on every request (and Origin on a post), which is
    all the form's check needs; the page, the script's start-time fetch, a refusal (with and
    without JavaScript) and the request itself then set no cookie.
    """
    browser = Client(enforce_csrf_checks=True, HTTP_SEC_FETCH_SITE="same-origin")
    page = browser.get(course.url)
    started = browser.get(TOKEN_URL)
    refused_by_script = browser.post(
        SUBMIT_URL,
        submission(course, email="sanne@gemeente"),
        HTTP_ACCEPT="application/json",
        HTTP_ORIGIN="http://testserver",
    )
    refused_without_script = browser.post(SUBMIT_URL, submission(course, email="sanne@gemeente"))
    sent = browser.post(SUBMIT_URL, submission(course))

    assert (refused_by_script.status_code, refused_without_script.status_code, sent.status_code) == (400, 400, 303)
    assert started.json()["formStarted"] and not started.json()["csrfToken"]
    assert not refused_by_script.json()["csrfToken"]
    assert "csrfmiddlewaretoken" not in form_fields(refused_without_script.content.decode())
    for response in (page, started, refused_by_script, refused_without_script, sent, browser.get(sent["Location"])):
        assert not response.cookies, f"{response.request['PATH_INFO']} set {list(response.cookies)}"
    assert browser.cookies == {}
    assert BrochureRequest.objects.count() == 1


def test_a_browser_that_does_not_say_where_it_posts_from_still_gets_a_token():
    course = factories.course_site()
    browser = Client(enforce_csrf_checks=True)

    values = browser.get(TOKEN_URL).json()
    refused = browser.post(SUBMIT_URL, submission(course, email="sanne@gemeente"), HTTP_ACCEPT="application/json")
    sent = browser.post(SUBMIT_URL, submission(course), HTTP_X_CSRFTOKEN=values["csrfToken"])

    assert values["csrfToken"] and refused.json()["csrfToken"]
    assert sent.status_code == 303


def test_a_post_from_another_site_without_token_is_not_taken():
    course = factories.course_site()
    browser = Client(enforce_csrf_checks=True)

    cross_site = browser.post(SUBMIT_URL, submission(course), HTTP_SEC_FETCH_SITE="cross-site")
    other_origin = browser.post(SUBMIT_URL, submission(course), HTTP_ORIGIN="https://evil.example")

    assert (cross_site.status_code, other_origin.status_code) == (403, 403)
    assert Lead.objects.count() == 0
