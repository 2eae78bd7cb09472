"""The course overview: every course as a card, filtered by format and location with plain links."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

OVERVIEW = "/trainingen/"


def cards(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [link["href"].strip("/").split("/")[-1] for link in soup.select("h2.card__title a")]


def filter_links(client, url: str, label: str) -> dict[str, str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    group = soup.find(id=label).find_next("ul")
    return {link.get_text(strip=True): link["href"] for link in group.select("a")}


def test_overview_lists_every_course_with_format_length_price_and_next_start(client, demo_site):
    soup = BeautifulSoup(client.get(OVERVIEW).content, "html.parser")
    course_cards = soup.select(".card--course")
    assert len(course_cards) >= 6
    for card in course_cards:
        facts = card.select_one(".card__facts").get_text(" ", strip=True)
        assert card.select_one(".card__badge").get_text(strip=True)  # the format
        assert "Prijs" in facts and "Start" in facts


def test_course_card_shows_the_next_date_with_places_not_a_full_one(client, demo_site):
    soup = BeautifulSoup(client.get(OVERVIEW).content, "html.parser")
    card = next(c for c in soup.select(".card--course") if "invloed-zonder-macht" in c.select_one("a")["href"])
    start = card.find("dt", string="Start").find_next("dd").get_text(" ", strip=True)
    assert "Bijna vol" in start and "Vol" not in start.replace("Bijna vol", "")


def test_overview_filters_by_format(client, demo_site):
    online = cards(client, f"{OVERVIEW}?vorm=online")
    assert set(online) == {"overtuigend-schriftelijk-adviseren", "lastige-gesprekken-met-de-business"}


def test_overview_filters_by_location_of_the_course_or_one_of_its_dates(client, demo_site):
    # "Onderhandelen" is a Rotterdam course with one date in Utrecht.
    utrecht = cards(client, f"{OVERVIEW}?locatie=utrecht")
    assert {"adviesvaardigheden-voor-experts", "onderhandelen-voor-inkopers"} <= set(utrecht)
    assert "invloed-zonder-macht" not in utrecht


def test_filtered_by_location_a_card_shows_the_next_start_there(client, demo_site):
    soup = BeautifulSoup(client.get(f"{OVERVIEW}?locatie=utrecht").content, "html.parser")
    card = next(c for c in soup.select(".card--course") if "onderhandelen" in c.select_one("a")["href"])
    assert card.find("dt", string="Start").find_next("dd").get_text(" ", strip=True).endswith("Utrecht")
    soup = BeautifulSoup(client.get(OVERVIEW).content, "html.parser")
    card = next(c for c in soup.select(".card--course") if "onderhandelen" in c.select_one("a")["href"])
    assert "Rotterdam" in card.find("dt", string="Start").find_next("dd").get_text(" ", strip=True)


def test_overview_combines_format_and_location(client, demo_site):
    assert cards(client, f"{OVERVIEW}?vorm=klassikaal&locatie=zwolle") == ["invloed-zonder-macht"]
    assert cards(client, f"{OVERVIEW}?vorm=online&locatie=zwolle") == []


def test_filter_links_keep_the_other_filter_and_mark_the_active_one(client, demo_site):
    links = filter_links(client, f"{OVERVIEW}?vorm=online", "filter-location")
    assert links["Utrecht"] == f"{OVERVIEW}?vorm=online&locatie=utrecht"
    assert links["Alle locaties"] == f"{OVERVIEW}?vorm=online"
    soup = BeautifulSoup(client.get(f"{OVERVIEW}?vorm=online").content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select(".filters__link[aria-current]")] == ["Online", "Alle locaties"]


@pytest.mark.parametrize("query", ["?vorm=onbekend", "?locatie=parijs", "?vorm=", "?foo=bar"])
def test_unknown_filter_values_show_the_whole_overview(client, demo_site, query):
    assert len(cards(client, OVERVIEW + query)) == len(cards(client, OVERVIEW))


def test_filtered_overviews_are_cached_apart(client, demo_site, page_cache):
    everything = cards(client, OVERVIEW)
    online = cards(client, f"{OVERVIEW}?vorm=online")
    # Second visits come from the cache: each still shows its own courses.
    assert cards(client, f"{OVERVIEW}?vorm=online") == online
    assert cards(client, OVERVIEW) == everything != online


def test_only_the_declared_filters_key_the_cached_overview(client, demo_site, page_cache):
    """``?vorm=online&ref=x`` is the online overview, served as stored: no render, no query."""
    first = client.get(f"{OVERVIEW}?vorm=online")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{OVERVIEW}?ref=nieuwsbrief&vorm=online")
    assert again["X-Cache"] == "HIT" and again.content == first.content
    assert len(queries) == 0
