"""A brochure request becomes one lead, one request, its consent and its background jobs."""

import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from leads.models import BrochureRequest, ConsentRecord, Lead, LeadActivity
from tests.home import factories as home_factories
from tests.leads import factories
from tests.leads.funnel import SUBMIT_URL, form_fields, form_started, person, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(course):
    """An article-like page whose body holds the brochure form block for ``course``."""
    return home_factories.ContentPageFactory(
        parent=home_factories.home_page(),
        title="Zo adviseert u als expert",
        body=[{"type": "brochure_form", "value": {"course": course.pk, "heading": "", "intro": ""}}],
    )


def queued(task_name: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=task_name).count()


def run_jobs() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_request_from_an_article_saves_lead_request_consent_and_jobs(client, article, course):
    page = client.get(article.url + "?utm_source=linkedin&utm_medium=social&utm_campaign=najaar")
    data = form_fields(page.content.decode()) | person(form_started=form_started(seconds_ago=30))

    response = client.post(
        SUBMIT_URL, data, HTTP_REFERER="http://localhost" + article.url + "?utm_source=linkedin&utm_medium=social"
    )

    assert response.status_code == 303
    assert response["Location"].startswith("/brochure/bedankt/")
    lead = Lead.objects.get()
    assert (lead.first_name, lead.company, lead.email) == ("Sanne", "Gemeente Utrecht", data["email"])
    request = BrochureRequest.objects.get()
    assert request.course == course
    assert request.source_page.specific == article
    assert (request.utm_source, request.utm_medium) == ("linkedin", "social")
    consent = ConsentRecord.objects.get()
    assert (consent.lead, consent.brochure_request, consent.version) == (lead, request, "2026-11-v1")
    assert "nieuws over trainingen" in consent.wording
    assert queued("brochure_email_send") == 1
    assert queued("lead_sync_to_mailchimp") == 1
    assert queued("sales_notify_new_request") == 1


# The worker closes connections inside a transaction; serialized_rollback restores the root page after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_request_from_a_course_page_saves_utm_from_the_form_and_sends_the_email(client, course):
    page = client.get(course.url)
    data = form_fields(page.content.decode()) | person(form_started=form_started(seconds_ago=30))
    data |= {"utm_source": "google", "utm_campaign": "brochure-q4", "landing_page": "http://localhost/blog/x/"}

    response = client.post(SUBMIT_URL, data, HTTP_REFERER="http://localhost" + course.url)
    run_jobs()

    assert response.status_code == 303
    request = BrochureRequest.objects.get()
    assert request.source_page.specific == course
    assert (request.utm_source, request.utm_campaign) == ("google", "brochure-q4")
    assert request.landing_page == "http://localhost/blog/x/"
    request.refresh_from_db()
    assert request.confirmation_sent_at is not None
    brochure_mails = [message for message in mail.outbox if message.to == [request.lead.email]]
    assert len(brochure_mails) == 1
    assert course.title in brochure_mails[0].subject


def test_thank_you_page_shows_the_course_thank_you_title_and_a_download_button(client, course):
    course.thank_you_title = "Fijn! Hier is uw brochure"
    course.save_revision().publish()

    response = client.post(SUBMIT_URL, submission(course), follow=True)

    assert response.status_code == 200
    assert "Fijn! Hier is uw brochure" in response.content.decode()
    assert "/brochure/download/" in response.content.decode()


def test_the_same_person_twice_is_one_lead_with_two_requests_keeping_what_sales_know(client, course):
    client.post(SUBMIT_URL, submission(course, phone=""))
    client.post(
        SUBMIT_URL,
        submission(course, email=" Sanne.deVries@Gemeente-Utrecht.NL ", company="Provincie Utrecht", last_name="Smit"),
    )

    lead = Lead.objects.get()
    assert lead.requests.count() == 2
    # Known details stay (README "Re-consent"); an empty one is filled; the request keeps what was typed.
    assert (lead.company, lead.last_name, lead.phone) == ("Gemeente Utrecht", "de Vries", "030 123 45 67")
    assert lead.requests.order_by("created_at", "pk").last().submitted_details["company"] == "Provincie Utrecht"
    kinds = sorted(LeadActivity.objects.filter(lead=lead).values_list("kind", flat=True))
    assert kinds == ["created", "request", "request"]


def test_consent_is_never_taken_back_by_a_later_request_without_the_tick(client, course):
    client.post(SUBMIT_URL, submission(course))
    client.post(SUBMIT_URL, submission(course, marketing_consent=None))

    assert Lead.objects.get().marketing_consent is True
    assert ConsentRecord.objects.count() == 1


def test_ticking_again_adds_a_second_consent_record(client, course):
    client.post(SUBMIT_URL, submission(course))
    client.post(SUBMIT_URL, submission(course))

    assert ConsentRecord.objects.count() == 2


def test_without_the_tick_there_is_no_consent_and_nothing_goes_to_mailchimp(client, course):
    response = client.post(SUBMIT_URL, submission(course, marketing_consent=None))

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert lead.marketing_consent is False
    assert lead.mailchimp_state == Lead.MailchimpState.NOT_SENT
    assert ConsentRecord.objects.count() == 0
    assert queued("lead_sync_to_mailchimp") == 0
    assert queued("brochure_email_send") == 1


def test_email_address_is_trimmed_with_domain_lowercased_and_idn_encoded(client, course):
    client.post(SUBMIT_URL, submission(course, email="  Jan.Smit@Bücher.NL "))

    lead = Lead.objects.get()
    assert lead.email == "Jan.Smit@xn--bcher-kva.nl"
    assert lead.email_key == "jan.smit@xn--bcher-kva.nl"


def test_utm_parameters_fall_back_to_the_referer_without_javascript(client, course):
    client.post(
        SUBMIT_URL,
        submission(course),
        HTTP_REFERER="http://localhost/trainingen/x/?utm_source=nieuwsbrief&utm_campaign=okt&gclid=1",
    )

    request = BrochureRequest.objects.get()
    assert (request.utm_source, request.utm_campaign, request.utm_medium) == ("nieuwsbrief", "okt", "")
    assert request.source_url.startswith("http://localhost/trainingen/x/")


def test_a_lost_race_for_a_new_address_still_saves_the_request(client, course, monkeypatch):
    """Two first requests at once: the loser's insert fails on the unique key, then it finds the lead."""
    from leads import services

    factories.LeadFactory(email="sanne.devries@gemeente-utrecht.nl")
    real_lookup = services._lead_for_update
    calls = []

    def lookup_that_misses_once(*, key):
        calls.append(key)
        return None if len(calls) == 1 else real_lookup(key=key)

    monkeypatch.setattr(services, "_lead_for_update", lookup_that_misses_once)

    response = client.post(SUBMIT_URL, submission(course))

    assert response.status_code == 303
    assert Lead.objects.count() == 1
    assert BrochureRequest.objects.count() == 1
    assert len(calls) == 2


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason="row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_first_requests_for_one_address_at_the_same_moment_make_one_lead(course, monkeypatch):
    """Both look the address up before either has saved it; neither visitor sees an error."""
    from leads import services

    real_lookup = services._lead_for_update
    both_looked = threading.Barrier(2, timeout=10)
    first_lookups = set()

    def lookup_in_lockstep(*, key):
        lead = real_lookup(key=key)
        if threading.get_ident() not in first_lookups:
            first_lookups.add(threading.get_ident())
            both_looked.wait()
        return lead

    monkeypatch.setattr(services, "_lead_for_update", lookup_in_lockstep)
    statuses = []

    def visitor(address):
        # Two offices: from one address the rate limit's row lock would already put them in turn.
        try:
            statuses.append(Client(REMOTE_ADDR=address).post(SUBMIT_URL, submission(course)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor, args=(f"192.0.2.{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [303, 303]
    assert Lead.objects.count() == 1
    assert BrochureRequest.objects.count() == 2
