"""The course landing page shows what a buyer needs to decide, then the brochure form."""

import json

import pytest
from bs4 import BeautifulSoup

from leads.models import CourseIndexPage, CoursePage
from website.templatetags.format_tags import euro

COURSE = "/trainingen/adviesvaardigheden-voor-experts/"


@pytest.fixture
def soup(client, demo_site):
    response = client.get(COURSE)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_course_page_shows_title_subtitle_and_intro(soup):
    assert soup.find("h1").get_text() == "Adviesvaardigheden voor inkopers, ICT-ers, facilitaire en andere experts"
    assert "wél luistert" in soup.find(class_="course__subtitle").get_text()


def test_course_page_shows_price_excl_and_incl_vat_in_dutch_style(soup):
    facts = soup.find(class_="facts").get_text(" ", strip=True)
    assert "€\u00a01.495,00 excl. btw" in facts
    assert "€\u00a01.808,95 incl. btw" in facts


def test_course_page_shows_format_duration_location_and_outcomes(soup):
    facts = soup.find(class_="facts").get_text(" ", strip=True)
    assert "Klassikaal" in facts and "3 dagen" in facts and "Utrecht" in facts
    assert len(soup.select(".outcomes__item")) == 5


def test_course_page_lists_upcoming_dates_in_dutch(soup):
    dates = [item.get_text(" ", strip=True) for item in soup.select(".dates__item")]
    assert dates[0].startswith("dinsdag 9 maart 2027")
    assert len(dates) == 3


def test_course_page_hides_dates_that_have_passed(client, demo_site):
    course = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts")
    course.dates.filter(start_date__year=2027, start_date__month=3).update(start_date="2020-03-09")
    soup = BeautifulSoup(client.get(COURSE).content, "html.parser")
    assert "2020" not in soup.find(class_="dates").get_text()


def test_course_page_shows_two_testimonials_and_faq_as_details(soup):
    assert len(soup.select(".testimonial")) == 2
    questions = soup.select("details.faq__item > summary")
    assert "Heb ik voorkennis nodig?" in [question.get_text() for question in questions]


def test_course_page_ends_with_the_brochure_form(soup):
    form_wrapper = soup.find(id="brochure-aanvragen")
    assert form_wrapper.find(class_="brochure-form")
    assert soup.find("a", href="#brochure-aanvragen")


def test_demo_brochure_is_a_pdf_in_the_private_collection(demo_site):
    from wagtail.models import CollectionViewRestriction

    brochure = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts").brochure
    with brochure.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert brochure.collection.name == "Brochures"
    restriction = CollectionViewRestriction.objects.get(collection=brochure.collection)
    assert restriction.restriction_type == CollectionViewRestriction.LOGIN


def test_wagtail_never_serves_the_brochure_to_an_anonymous_visitor(client, demo_site):
    brochure = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts").brochure
    response = client.get(brochure.url)
    assert response.status_code in (302, 403)


def test_course_index_lists_the_course(client, demo_site):
    soup = BeautifulSoup(client.get("/trainingen/").content, "html.parser")
    assert COURSE in [link["href"] for link in soup.select("h2.card__title a")]


def test_course_pages_live_only_under_the_course_overview():
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("1495", "€\u00a01.495,00"), ("0.5", "€\u00a00,50"), ("1234567.891", "€\u00a01.234.567,89"), (None, "")],
)
def test_euro_filter_formats_dutch_style(amount, shown):
    from decimal import Decimal

    assert euro(Decimal(amount) if amount is not None else None) == shown


# What the visitor reads, and what search engines are told, for each format an editor can choose.
FORMATS_SEEN = {
    "klassikaal": ("Klassikaal", "Onsite"),
    "online": ("Online", "Online"),
    "hybride": ("Hybride: klassikaal en online", "Blended"),
    "incompany": ("In-company", "Onsite"),
}


@pytest.mark.parametrize("course_format", CoursePage.Format.values)
def test_every_format_an_editor_can_choose_reads_in_dutch_on_the_page_and_in_json_ld(client, demo_site, course_format):
    label, mode = FORMATS_SEEN[course_format]
    CoursePage.objects.filter(url_path__endswith="/adviesvaardigheden-voor-experts/").update(
        course_format=course_format
    )

    page = BeautifulSoup(client.get(COURSE).content, "html.parser")

    assert f"Vorm {label}" in page.find(class_="facts").get_text(" ", strip=True)
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    (course,) = [item for item in graph if item["@type"] == "Course"]
    assert {instance["courseMode"] for instance in course["hasCourseInstance"]} == {mode}
