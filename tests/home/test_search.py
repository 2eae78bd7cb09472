"""The site search at /zoeken/ finds articles and courses."""

import pytest
from bs4 import BeautifulSoup


def _results(client, query):
    soup = BeautifulSoup(client.get("/zoeken/", {"q": query}).content, "html.parser")
    return [
        (link["href"], link.find_parent("li").find(class_="search-results__type").get_text())
        for link in soup.select(".search-results__title a")
    ]


def test_search_finds_the_article_by_a_word_of_its_text(client, demo_site):
    assert ("/blog/ouderlijk-advies/", "Artikel") in _results(client, "testosteron")


def test_search_finds_the_course(client, demo_site):
    assert ("/trainingen/adviesvaardigheden-voor-experts/", "Training") in _results(client, "adviesvaardigheden")


def test_search_leaves_out_content_pages(client, demo_site):
    assert all(href != "/privacy/" for href, _kind in _results(client, "gegevens"))


def test_search_form_is_labelled_and_keeps_the_query(client, demo_site):
    soup = BeautifulSoup(client.get("/zoeken/", {"q": "puber"}).content, "html.parser")
    field = soup.find("input", attrs={"name": "q"})
    assert field["value"] == "puber"
    assert soup.find("label", attrs={"for": field["id"]})


def test_search_without_query_shows_only_the_form(client, demo_site):
    soup = BeautifulSoup(client.get("/zoeken/").content, "html.parser")
    assert soup.find("form", role="search") and not soup.select(".search-results")


@pytest.mark.parametrize("page_number", ["2", "x"])
def test_search_out_of_range_page_shows_the_last_page(client, demo_site, page_number):
    response = client.get("/zoeken/", {"q": "adviseren", "pagina": page_number})
    assert response.status_code == 200
    assert "Ouderlijk advies" in response.content.decode()
