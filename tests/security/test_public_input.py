"""The cases the attack found, one by one (issue 13.7); test_public_input_fuzz.py looks for more."""

import pytest
from django.test import Client

from leads.models import BrochureRequest
from tests.blog.factories import blog_index
from tests.home.factories import SearchPageFactory, home_page
from tests.leads.factories import course_site
from tests.leads.funnel import SUBMIT_URL, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def course():
    return course_site(title="Onderhandelen")


def test_a_nul_in_the_hidden_campaign_field_is_dropped_not_refused(client, course):
    response = client.post(SUBMIT_URL, submission(course, utm_campaign="voor\x00jaar", landing_page="/x\x00"))

    assert response.status_code == 303
    assert BrochureRequest.objects.get().utm_campaign == "voorjaar"


def test_a_nul_in_the_campaign_of_the_referer_is_dropped(client, course):
    referer = f"https://testserver{course.url}?utm_source=nieuwsbrief&utm_campaign=voor%00jaar"

    response = client.post(SUBMIT_URL, submission(course), HTTP_REFERER=referer)

    assert response.status_code == 303
    request = BrochureRequest.objects.get()
    assert (request.utm_source, request.utm_campaign) == ("nieuwsbrief", "voorjaar")


@pytest.fixture
def listing_pages(db):
    return blog_index(), SearchPageFactory(parent=home_page())


@pytest.mark.parametrize("query", ['"', '""', "\x00", "'", "a\x00b"])
def test_the_search_page_answers_any_query(client, listing_pages, query):
    _blog, search = listing_pages

    response = client.get(search.url, {"q": query})

    assert response.status_code == 200
    if query.replace("\x00", ""):  # a lone NUL is no query at all: the empty search page
        assert "0 resultaten" in response.content.decode()


@pytest.mark.parametrize("param", ["tag", "categorie"])
def test_the_blog_filters_answer_a_nul(client, listing_pages, param):
    blog, _search = listing_pages

    assert client.get(blog.url, {param: "ict\x00"}).status_code == 200
