"""What the funnel promises holds: no brochure no promise, previews store nothing, links work, nothing cut."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from leads import tasks
from leads.models import BrochureRequest, Lead
from tests.home import factories as home_factories
from tests.leads import factories
from tests.leads.funnel import SUBMIT_URL, form_fields, submission

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def jobs(task_name: str) -> int:
    return DBTaskResult.objects.filter(task_path=f"leads.tasks.{task_name}").count()


def run_jobs() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


# --- No brochure, no promise ------------------------------------------------------------------


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def edit_form_data(course, **changes) -> dict:
    """The course editor's form as the admin would post it."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    data = {
        "title": course.title,
        "slug": course.slug,
        "subtitle": "",
        "intro": course.intro,
        "course_format": course.course_format,
        "duration": "",
        "location": "",
        "price_excl_vat": "",
        "vat_rate": "21.0",
        "dates": inline_formset([]),
        "audience": rich_text(""),
        "learning_outcomes": streamfield([]),
        "body": streamfield([]),
        "testimonials": streamfield([]),
        "faq": streamfield([]),
        "brochure": str(course.brochure_id or ""),
        "form_heading": course.form_heading,
        "form_intro": "",
        "thank_you_title": course.thank_you_title,
        "thank_you_text": rich_text(""),
        "mailchimp_tags": "",
        "sales_notification_emails": "",
    }
    data.update(changes)
    return nested_form_data(data)


def test_publishing_a_course_without_a_brochure_is_refused_with_a_clear_message(editor, course):
    data = edit_form_data(course, brochure="", title="Nieuwe titel") | {"action-publish": "action-publish"}

    response = editor.post(f"/admin/pages/{course.pk}/edit/", data)

    assert response.status_code == 200  # the editor again, not a redirect
    assert "Choose a brochure before publishing" in response.content.decode()
    course.refresh_from_db()
    assert course.title != "Nieuwe titel"
    assert course.brochure_id is not None


def test_a_draft_without_a_brochure_may_be_saved(editor, course):
    response = editor.post(f"/admin/pages/{course.pk}/edit/", edit_form_data(course, brochure=""))

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.get_latest_revision().as_object().brochure_id is None


def test_the_editor_says_the_brochure_is_only_sent_through_signed_links(editor, course):
    html = editor.get(f"/admin/pages/{course.pk}/edit/").content.decode()

    assert "visitors only get it through the form&#x27;s signed links" in html


@pytest.fixture
def course_without_brochure(course):
    """A live course whose brochure document was deleted from under it."""
    course.brochure.delete()
    course.refresh_from_db()
    assert course.live and course.brochure_id is None
    return course


def test_a_course_that_lost_its_brochure_promises_to_send_it_when_it_is_ready(client, course_without_brochure):
    html = client.get(course_without_brochure.url).content.decode()

    assert "Vraag de brochure aan" in html
    assert "zodra hij klaar is" in html
    assert "U ontvangt de brochure direct" not in html
    assert ">Brochure aanvragen</button>" in html


def test_its_thank_you_offers_no_download_and_no_email_goes_out(client, course_without_brochure):
    response = client.post(SUBMIT_URL, submission(course_without_brochure), follow=True)

    html = response.content.decode()
    assert "We sturen hem naar uw e-mailadres zodra hij klaar is" in html
    assert "/brochure/download/" not in html
    assert "staat klaar" not in html
    assert BrochureRequest.objects.get().waiting_for_brochure is True
    assert jobs("brochure_email_send") == 0


def test_sales_are_told_that_a_live_course_lost_its_brochure(course):
    course.sales_notification_emails = "verkoop@covalis.nl"
    course.save()

    course.brochure.delete()
    run_jobs()

    notices = [m for m in mail.outbox if m.to == ["verkoop@covalis.nl"]]
    assert len(notices) == 1
    assert course.title in notices[0].subject
    assert "verwijderd" in notices[0].body
    assert f"/admin/pages/{course.pk}/edit/" in notices[0].body


def test_the_sales_notice_of_a_waiting_request_says_the_brochure_is_missing(client, course_without_brochure):
    course_without_brochure.sales_notification_emails = "verkoop@covalis.nl"
    course_without_brochure.save()
    mail.outbox.clear()

    client.post(SUBMIT_URL, submission(course_without_brochure))
    run_jobs()

    (notice,) = [m for m in mail.outbox if m.subject.startswith("Nieuwe lead")]
    assert "heeft op dit moment geen brochure" in notice.body


def test_waiting_visitors_get_the_brochure_when_the_course_is_published_with_one(client, course_without_brochure):
    client.post(SUBMIT_URL, submission(course_without_brochure))
    mail.outbox.clear()

    course_without_brochure.brochure = factories.brochure_document(title="Nieuwe brochure")
    course_without_brochure.save_revision().publish()
    run_jobs()

    (message,) = [m for m in mail.outbox if m.to == ["sanne.devries@gemeente-utrecht.nl"]]
    assert "/brochure/download/" in message.body
    assert BrochureRequest.objects.get().waiting_for_brochure is False


def test_a_brochure_deleted_after_the_request_leaves_it_waiting_instead_of_mailing_a_dead_link(client, course):
    client.post(SUBMIT_URL, submission(course))
    course.brochure.delete()

    result = tasks.brochure_email_send.call(brochure_request_id=BrochureRequest.objects.get().pk)

    assert result == "waiting"
    assert not [m for m in mail.outbox if "/brochure/download/" in m.body]
    assert BrochureRequest.objects.get().waiting_for_brochure is True


# --- A preview is not a lead ------------------------------------------------------------------------


def preview_html(editor, course) -> str:
    """The course as the page editor's preview panel renders it."""
    url = f"/admin/pages/{course.pk}/edit/preview/"
    assert editor.post(url, edit_form_data(course)).json()["is_valid"] is True
    return editor.get(url, {"mode": ""}).content.decode()


def test_a_submit_from_the_preview_shows_the_thank_you_and_stores_nothing(editor, course):
    fields = form_fields(preview_html(editor, course))
    assert fields["preview"]
    data = fields | {key: value for key, value in submission(course).items() if key not in fields or not fields[key]}

    response = editor.post(SUBMIT_URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Voorbeeld: zo ziet de bezoeker de bedankpagina" in html
    assert course.thank_you_title in html
    assert (Lead.objects.count(), BrochureRequest.objects.count()) == (0, 0)
    assert not DBTaskResult.objects.filter(task_path__startswith="leads.").exists()
    assert mail.outbox == []
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown in the editor's preview frame


def test_the_preview_thank_you_for_the_script_stores_nothing_either(editor, course):
    fields = form_fields(preview_html(editor, course))
    data = fields | {key: value for key, value in submission(course).items() if not fields.get(key)}

    body = editor.post(SUBMIT_URL, data, HTTP_ACCEPT="application/json").json()

    assert (body["ok"], body["preview"]) == (True, True)
    assert "Voorbeeld" in body["html"]
    assert not Lead.objects.exists()


def test_the_public_page_carries_no_preview_mark(client, course):
    assert "preview" not in form_fields(client.get(course.url).content.decode())


def test_a_made_up_preview_mark_is_an_ordinary_request(client, course):
    client.post(SUBMIT_URL, submission(course, preview="preview"))

    assert Lead.objects.count() == 1


# --- Links in e-mails work wherever the site runs ------------------------------------------------


def test_email_links_start_with_the_configured_base_url_not_the_site_record(client, course, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.covalis.nl"
    course.sales_notification_emails = "verkoop@covalis.nl"
    course.save()
    client.post(SUBMIT_URL, submission(course))  # the Site record says http://localhost

    run_jobs()

    brochure = next(m for m in mail.outbox if m.to == ["sanne.devries@gemeente-utrecht.nl"])
    sales = next(m for m in mail.outbox if m.to == ["verkoop@covalis.nl"])
    links = re.findall(r"https?://\S+", brochure.body + brochure.alternatives[0][0] + sales.body)
    assert links
    assert all(link.startswith("https://www.covalis.nl/") for link in links), links
    assert f"https://www.covalis.nl{course.url}" in brochure.body


def run_settings(module: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"WAGTAILADMIN_BASE_URL", "PORT"}},
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "settings-test-secret",
        "ALLOWED_HOSTS": "www.covalis.nl",
        **env,
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "is not set"),
        ("www.covalis.nl", "absolute http(s) URL"),
        ("https://www.covalis.nl/nl/", "without a path"),
        ("http://www.covalis.nl", "must start with https://"),
        ("https://covalis.example", "not in ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_a_usable_public_base_url(value, problem):
    env = {} if value is None else {"WAGTAILADMIN_BASE_URL": value}

    result = run_settings("website.settings.production", **env)

    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr
    assert problem in result.stderr


def test_production_starts_with_a_public_base_url():
    result = run_settings("website.settings.production", WAGTAILADMIN_BASE_URL="https://www.covalis.nl/")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://www.covalis.nl"


def test_in_development_links_point_where_make_run_serves_the_site():
    result = run_settings("website.settings.dev", PORT="9123")

    assert result.stdout.strip() == "http://127.0.0.1:9123"
    assert (
        'WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:${PORT}}"'
        in (REPO / "bin" / "run").read_text()
    )


# --- Which brochure? -------------------------------------------------------------------------------


def test_two_forms_on_one_page_each_name_their_course(client):
    from home.models import ContentPage

    first = factories.course_site(title="Adviesvaardigheden voor experts")
    second = factories.course_site(title="Onderhandelen voor inkopers")
    page = home_factories.ContentPageFactory(parent=home_factories.home_page(), title="Twee trainingen")
    page.body = [
        ("brochure_form", {"course": first, "heading": "", "intro": ""}),
        ("brochure_form", {"course": second, "heading": "", "intro": ""}),
    ]
    page.save_revision().publish()

    html = client.get(ContentPage.objects.get(pk=page.pk).url).content.decode()

    headings = re.findall(r'<h2 class="brochure-form__heading"[^>]*>(.*?)</h2>', html, re.S)
    texts = [re.sub(r"<[^>]+>", "", heading) for heading in headings]
    assert len(texts) == 2
    assert "Adviesvaardigheden voor experts" in texts[0]
    assert "Onderhandelen voor inkopers" in texts[1]


def test_the_thank_you_names_the_course_of_the_brochure(client):
    course = factories.course_site(title="Adviesvaardigheden voor experts")

    html = client.post(SUBMIT_URL, submission(course), follow=True).content.decode()

    assert "Brochure van de training <strong>Adviesvaardigheden voor experts</strong>" in html


# --- Nothing cut silently --------------------------------------------------------------------------


def test_no_visible_field_has_a_maxlength_that_cuts_a_pasted_value(client, course):
    html = client.get(course.url).content.decode()
    form = re.search(r'<form class="brochure-form__form.*?</form>', html, re.S).group(0)

    assert "maxlength" not in form
    # Names are short on purpose (tests/security/test_single_line_fields.py).
    for name, limit in (("first_name", 50), ("last_name", 80), ("email", 254), ("company", 150), ("phone", 40)):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', form).group(0)
        assert f'data-max-length="{limit}"' in field
        assert f"Gebruik maximaal {limit} tekens." in field


def test_a_pasted_name_longer_than_the_limit_is_refused_and_shown_whole(client, course):
    pasted = "Alexandrina " * 5  # 60 characters

    response = client.post(SUBMIT_URL, submission(course, first_name=pasted.strip()))

    assert response.status_code == 400
    assert "Gebruik maximaal 50 tekens." in response.content.decode()
    assert form_fields(response.content.decode())["first_name"] == pasted.strip()
    assert not Lead.objects.exists()


def test_page_values_longer_than_their_column_are_shortened_where_sales_see_it(client, course):
    campaign = "voorjaarsactie-" * 10  # 150 characters

    client.post(SUBMIT_URL, submission(course, utm_campaign=campaign))

    stored = BrochureRequest.objects.get().utm_campaign
    assert len(stored) == 100
    assert stored.endswith("…")
    assert stored[:-1] == campaign[:99]
