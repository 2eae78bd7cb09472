"""The sales desk in daily use (issue 18, point 5): readable values, a listing that fits, follow-up without
scrolling, and no noise (no SEO menu for Sales; the Mailchimp notice once, to those who can act on it)."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from leads import sales
from leads.admin.labels import timeline_entries
from leads.models import Lead, LeadActivity
from tests.leads.factories import LeadFactory
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request, make_user

pytestmark = pytest.mark.django_db

INDEX = "leads_admin:index"


def detail_url(lead) -> str:
    return reverse("leads_admin:inspect", args=[lead.pk])


def timeline(html: str) -> str:
    return html[html.index('class="lead-timeline"') :]


@pytest.fixture
def worked_lead(known_leads, sales_user, other_sales_user):
    """Anna: contacted by Sanne, given to Pieter, a follow-up on 2 December 2026, marked as spam and back."""
    lead = known_leads["anna"]
    sales.lead_change_status(lead=lead, status=Lead.Status.CONTACTED, user=sales_user)
    sales.lead_assign_owner(lead=lead, owner=other_sales_user, user=sales_user)
    sales.lead_set_follow_up(
        lead=lead, next_follow_up=datetime.date(2026, 12, 2), next_step="Offerte nabellen", user=sales_user
    )
    sales.lead_mark_spam(lead=lead, is_spam=True, user=sales_user)
    sales.lead_mark_spam(lead=lead, is_spam=False, user=sales_user)
    return lead


def test_the_timeline_shows_labels_full_names_and_dates(sales_client, worked_lead):
    html = timeline(sales_client.get(detail_url(worked_lead)).content.decode())

    assert "Status changed</strong>: New → Contacted" in html
    assert "Owner changed</strong>: – → Pieter Bakker" in html
    assert "Follow-up planned</strong>: – → Dec. 2, 2026" in html
    assert "Spam flag changed</strong>: no → yes" in html
    assert "marked by sales" in html
    for raw in ("new → contacted", "→ pieter", "2026-12-02", "false → true"):
        assert raw not in html, raw


def test_a_dutch_user_reads_the_timeline_in_dutch(client, worked_lead, sales_user):
    profile = UserProfile.get_for_user(sales_user)
    profile.preferred_language = "nl"
    profile.save()
    client.force_login(sales_user)

    html = timeline(client.get(detail_url(worked_lead)).content.decode())

    assert "Status gewijzigd</strong>: Nieuw → Benaderd" in html
    assert "Eigenaar gewijzigd</strong>: – → Pieter Bakker" in html
    assert "Opvolging gepland</strong>: – → 2 december 2026" in html
    assert "Spammarkering gewijzigd</strong>: nee → ja" in html


def test_spam_reasons_are_shown_in_words(sales_client, known_leads):
    spam = known_leads["spam"]
    Lead.objects.filter(pk=spam.pk).update(spam_reason="too_fast")
    LeadActivity.objects.create(
        lead=spam, kind=LeadActivity.Kind.REQUEST, message="Brochure: Adviesvaardigheden (too_fast)"
    )

    listing = sales_client.get(reverse(INDEX)).content.decode()
    page = sales_client.get(detail_url(spam)).content.decode()

    assert "Spam: form sent too fast" in listing
    assert "(form sent too fast)" in page
    assert "Brochure: Adviesvaardigheden (suspected spam: form sent too fast)" in page
    assert "too_fast" not in listing and "too_fast" not in page


# --- A listing that fits ------------------------------------------------------------------------------


def test_long_values_are_cut_off_with_the_whole_value_on_hover(sales_client, courses):
    name = "Christiaan-Alexander van den Heuvel-Oppenheimer tot Wijnbergen"
    company = "Stichting Samenwerkende Onderwijsinstellingen Midden-Nederland en Omstreken"
    lead = LeadFactory(first_name=name.split(" ", 1)[0], last_name=name.split(" ", 1)[1], company=company)
    add_request(lead, courses["advies"])

    html = sales_client.get(reverse(INDEX)).content.decode()

    assert f'title="{name}"' in html
    assert f'<span class="lead-cell__text" title="{company}">' in html
    css = sales_client.get("/static/leads/admin/sales_desk.css")
    css_text = b"".join(css.streaming_content if css.streaming else [css.content]).decode()
    assert "text-overflow: ellipsis" in css_text and "white-space: nowrap" in css_text


def test_the_listing_shows_the_follow_up_date_and_step(sales_client, known_leads):
    Lead.objects.filter(pk=known_leads["anna"].pk).update(
        next_follow_up=datetime.date(2026, 12, 2), next_step="Offerte nabellen"
    )
    html = sales_client.get(reverse(INDEX)).content.decode()
    assert "12/02/2026" in html and 'title="Offerte nabellen"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"follow_up": "overdue"}, ["Anna Jansen"]),
        ({"follow_up": "today"}, ["Bram de Boer"]),
        ({"follow_up": "week"}, ["Bram de Boer", "Cheap Pills"]),
        ({"follow_up": "none"}, []),
        ({"next_follow_up_from": "2026-01-01", "next_follow_up_to": "2099-01-01"}, ["Anna Jansen", "Bram de Boer"]),
    ],
)
def test_the_listing_filters_on_the_follow_up_date(sales_client, known_leads, params, expected):
    today = timezone.localdate()
    Lead.objects.filter(pk=known_leads["anna"].pk).update(next_follow_up=today - datetime.timedelta(days=1))
    Lead.objects.filter(pk=known_leads["bram"].pk).update(next_follow_up=today)
    Lead.objects.filter(pk=known_leads["spam"].pk).update(next_follow_up=today + datetime.timedelta(days=40))
    if params.get("follow_up") == "week":
        Lead.objects.filter(pk=known_leads["spam"].pk).update(next_follow_up=today + datetime.timedelta(days=7))
    if "next_follow_up_from" in params:
        Lead.objects.filter(pk=known_leads["spam"].pk).update(next_follow_up=None)

    response = sales_client.get(reverse(INDEX), params)

    assert sorted(lead.display_name for lead in response.context["object_list"]) == expected


def test_assign_to_me_from_the_lead_page(sales_client, known_leads, sales_user):
    lead = known_leads["anna"]
    assert "Assign to me" in sales_client.get(detail_url(lead)).content.decode()

    response = sales_client.post(detail_url(lead), {"action": "assign_to_me"})

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner == sales_user
    assert LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.OWNER).user == sales_user
    assert "Assign to me" not in sales_client.get(detail_url(lead)).content.decode()


def test_assign_to_me_as_a_bulk_action(sales_client, known_leads, sales_user):
    url = reverse("wagtail_bulk_action", args=("leads", "lead", "assign_to_me"))
    ids = [known_leads["anna"].pk, known_leads["spam"].pk]

    response = sales_client.post(url + "?" + "&".join(f"id={pk}" for pk in ids), {"next": reverse(INDEX)})

    assert response.status_code == 302
    assert set(Lead.objects.filter(pk__in=ids).values_list("owner", flat=True)) == {sales_user.pk}


def test_only_people_who_can_own_leads_may_assign_them_to_themselves(client, known_leads):
    from django.contrib.auth.models import Permission

    helper = make_user("hulp")  # may work leads, but is not in Sales
    helper.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="leads", codename__in=["view_lead", "change_lead"]),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    client.force_login(helper)

    html = client.get(detail_url(known_leads["anna"])).content.decode()
    response = client.post(detail_url(known_leads["anna"]), {"action": "assign_to_me"})

    assert "Assign to me" not in html
    assert response.status_code == 403


# --- No noise ---------------------------------------------------------------------------------------


def test_sales_do_not_see_the_seo_listing_in_the_menu(sales_client):
    html = sales_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "SEO Listing" not in html


def test_marketing_still_finds_the_seo_listing(marketing_client):
    from tests.home.factories import home_page

    home_page()  # a page tree Marketing may edit
    html = marketing_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "SEO Listing" in html


def test_the_mailchimp_notice_is_shown_once_to_those_who_can_set_it_up(admin_client, known_leads, settings):
    settings.MAILCHIMP_API_KEY = ""

    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    listing = admin_client.get(reverse(INDEX)).content.decode()
    page = admin_client.get(detail_url(known_leads["anna"])).content.decode()

    assert dashboard.count("Mailchimp is not connected yet") == 1
    assert "developer or hosting provider" in dashboard
    assert "Mailchimp is not" not in listing and "Mailchimp is not" not in page


def test_sales_are_not_told_about_mailchimp_set_up(sales_client, settings):
    settings.MAILCHIMP_API_KEY = ""
    assert "Mailchimp is not" not in sales_client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_missing_audience_points_to_the_settings(admin_client, settings):
    settings.MAILCHIMP_API_KEY = "0123456789abcdef-us21"
    settings.MAILCHIMP_AUDIENCE_ID = ""

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Choose the Mailchimp audience" in html
    assert reverse("wagtailsettings:edit", args=["leads", "leadsettings"]) in html


def test_several_spam_signals_and_the_release_read_in_words(sales_client, courses, sales_user):
    lead = LeadFactory(first_name="Bot", last_name="Bot", is_spam=True, spam_reason="too_fast+link")
    add_request(lead, courses["advies"], is_spam=True, spam_reason="too_fast+link")

    quarantined = sales_client.get(detail_url(lead)).content.decode()
    sales_client.post(reverse("leads_admin:release", args=[lead.pk]))
    released = sales_client.get(detail_url(lead)).content.decode()

    signals = "form sent too fast, a web address in a name or the organisation"
    assert f"looked automated ({signals})" in quarantined
    assert f"Released from quarantine ({signals})" in timeline(released)
    assert "too_fast" not in quarantined and "too_fast" not in released


def test_a_release_reads_in_the_readers_language_not_the_releasers(sales_client, courses):
    lead = LeadFactory(first_name="Bot", last_name="Bot", is_spam=True, spam_reason="too_fast")
    add_request(lead, courses["advies"], is_spam=True, spam_reason="too_fast")
    dutch = make_user("kees", "Sales")
    UserProfile.objects.filter(user=dutch).update(preferred_language="nl")
    releaser = Client()
    releaser.force_login(dutch)

    releaser.post(reverse("leads_admin:release", args=[lead.pk]))
    english = timeline(sales_client.get(detail_url(lead)).content.decode())

    assert "Released from quarantine (form sent too fast)" in english
    assert "Vrijgegeven" not in english


def test_older_release_sentences_in_either_language_become_codes(courses):
    migration = importlib.import_module("leads.migrations.0012_activity_params")
    lead = LeadFactory(first_name="Bot", last_name="Bot")
    for sentence in (
        "Vrijgegeven uit quarantaine (too_fast+link): brochuremail, salesbericht en Mailchimp in de wachtrij gezet.",
        "No longer marked as spam (marked by sales).",
        "marked by sales",
    ):
        LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.SPAM, message=sentence)

    migration.to_codes(django_apps, None)

    with translation.override("en"):
        shown = [entry.message for entry in timeline_entries(lead.activities.order_by("pk"))]
    assert shown == [
        "Released from quarantine (form sent too fast, a web address in a name or the organisation): "
        "brochure e-mail, sales notice and Mailchimp queued.",
        "No longer marked as spam (marked by sales).",
        "marked by sales",
    ]
