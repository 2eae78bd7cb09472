"""The admin follows each user's language (Dutch catalogue in locale/nl); visitors always get Dutch."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.users.models import UserProfile

from leads.models import Lead
from tests.leads.factories import LeadFactory

LEADS = "leads_admin:index"
COURSE = "/trainingen/adviesvaardigheden-voor-experts/"


def logged_in_admin(client, *, language: str):
    user = get_user_model().objects.create_superuser(username=f"admin-{language}", email=f"admin-{language}@covalis.nl")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def leads_listing(client) -> BeautifulSoup:
    LeadFactory(first_name="Anna", last_name="Jansen", company="Gemeente Utrecht", status=Lead.Status.NEW)
    response = client.get(reverse(LEADS))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def column_headings(soup) -> list[str]:
    return [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]


def status_cell(soup) -> str:
    """The first lead's status; the column is headed "Status" in Dutch and English alike."""
    row = soup.select("table.listing tbody tr")[0]
    return row.find_all("td")[column_headings(soup).index("Status")].get_text(strip=True)


@pytest.mark.django_db
def test_dutch_admin_user_sees_the_leads_listing_in_dutch(client):
    soup = leads_listing(logged_in_admin(client, language="nl"))
    headings = column_headings(soup)
    assert {"Bedrijf", "Training(en)", "Eigenaar", "Aangevraagd op"} <= set(headings)
    assert "Company" not in headings and "Owner" not in headings
    assert status_cell(soup) == "Nieuw"


@pytest.mark.django_db
def test_dutch_admin_user_sees_the_leads_filters_in_dutch(client):
    filters = leads_listing(logged_in_admin(client, language="nl")).get_text(" ", strip=True)
    assert "Vermoedelijke spam" in filters and "Aangevraagd tussen" in filters
    assert "Suspected spam" not in filters


@pytest.mark.django_db
def test_english_admin_user_sees_the_leads_listing_in_english(client):
    soup = leads_listing(logged_in_admin(client, language="en"))
    headings = column_headings(soup)
    assert {"Company", "Course(s)", "Owner", "Requested at"} <= set(headings)
    assert "Bedrijf" not in headings and "Eigenaar" not in headings
    assert status_cell(soup) == "New"


def test_course_page_stays_dutch_for_a_browser_asking_for_english(client, demo_site):
    response = client.get(COURSE, HTTP_ACCEPT_LANGUAGE="en")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "nl"
    labels = [label.get_text(strip=True) for label in soup.select(".brochure-form__label")]
    assert {"Voornaam", "Achternaam", "Zakelijk e-mailadres", "Organisatie"} <= set(labels)
    # Dates are formatted in the active language: Dutch month and day names, not English ones.
    first_date = soup.select(".dates__item")[0].get_text(" ", strip=True)
    assert first_date.startswith("dinsdag 9 maart 2027")


def chooser_tabs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.json()["html"], "html.parser")
    return [tab.find(string=True, recursive=False).strip() for tab in soup.select("[role='tab']")]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/documents/chooser/", "/admin/images/chooser/"])
def test_english_admin_user_sees_english_chooser_tabs(client, url):
    # Wagtail translates these tab names when it is imported, in the site's language
    # (Dutch); website/admin_labels.py makes them follow the user's language again.
    assert chooser_tabs(logged_in_admin(client, language="en"), url) == ["Search", "Upload"]


@pytest.mark.django_db
def test_dutch_admin_user_sees_dutch_chooser_tabs(client):
    tabs = chooser_tabs(logged_in_admin(client, language="nl"), "/admin/documents/chooser/")
    assert tabs[0] == "Zoeken" and "Search" not in tabs
