"""Every page type of the demo site renders its real content with its own template."""

import pytest
from bs4 import BeautifulSoup

PAGES = [
    ("/", "pages/home_page.html", "Trainingen die experts overtuigend maken"),
    ("/blog/", "pages/blog_index_page.html", "De vraag achter de vraag"),
    ("/blog/?pagina=2", "pages/blog_index_page.html", "Ouderlijk advies"),
    ("/blog/ouderlijk-advies/", "pages/article_page.html", "Een luisterend door"),
    ("/trainingen/", "pages/course_index_page.html", "Adviesvaardigheden voor inkopers"),
    ("/trainingen/?vorm=online", "pages/course_index_page.html", "Overtuigend schriftelijk adviseren"),
    ("/trainingen/adviesvaardigheden-voor-experts/", "pages/course_page.html", "Wat u leert"),
    ("/trainingen/adviesvaardigheden-in-company/", "pages/course_page.html", "Op aanvraag"),
    ("/privacy/", "pages/content_page.html", "24 maanden"),
    ("/over-ons/", "pages/content_page.html", "Over Covalis"),
    ("/contact/", "pages/content_page.html", "info@covalis.nl"),
    ("/zoeken/?q=adviseren", "pages/search_page.html", "Ouderlijk advies"),
]


@pytest.mark.parametrize(("url", "template", "text"), PAGES)
def test_page_renders_its_content_with_its_template(client, demo_site, url, template, text):
    response = client.get(url)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert text in response.content.decode()
    main = BeautifulSoup(response.content, "html.parser").find("main").get_text()
    assert "None" not in main


@pytest.mark.parametrize("url", [url for url, _template, _text in PAGES])
def test_page_has_one_h1_landmarks_and_unique_ids(client, demo_site, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert soup.find("header") and soup.find("main", id="main") and soup.find("footer") and soup.find("nav")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert soup.find("a", class_="skip-link")["href"] == "#main"


@pytest.mark.parametrize("url", [url for url, _template, _text in PAGES])
def test_headings_never_skip_a_level(client, demo_site, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, levels


def test_home_page_features_courses_testimonials_and_the_newest_articles(client, demo_site):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    featured = [a["href"] for a in soup.select("[aria-labelledby=featured-courses] .card__link")]
    assert featured[0] == "/trainingen/adviesvaardigheden-voor-experts/" and len(featured) == 4
    newest = [a["href"] for a in soup.select("[aria-labelledby=latest-articles] .card__link")]
    assert newest == [
        "/blog/de-vraag-achter-de-vraag/",
        "/blog/vijf-signalen-van-weerstand/",
        "/blog/onderhandelen-begint-bij-uw-batna/",
    ]
    assert len(soup.select(".testimonial")) == 3
    assert soup.select_one(".hero picture source[type='image/avif']")


def test_header_and_footer_show_the_organisation_settings(client, demo_site):
    soup = BeautifulSoup(client.get("/over-ons/").content, "html.parser")
    footer = soup.find("footer", class_="site-footer")
    assert footer.find("a", href="mailto:info@covalis.nl")
    assert footer.find("a", href="/privacy/").get_text() == "Privacyverklaring"
    assert footer.find("a", href="https://www.linkedin.com/company/covalis")
    brand = soup.find("header").find("a", class_="site-header__brand")
    assert brand.get_text(strip=True) == "Covalis" and brand.find("img", alt="")


def test_privacy_statement_names_data_retention_processor_and_rights(client, demo_site):
    text = BeautifulSoup(client.get("/privacy/").content, "html.parser").find("main").get_text()
    for words in ("e-mailadres", "bedrijf", "functie", "telefoonnummer", "UTM", "IP-adres", "24 maanden"):
        assert words in text
    assert "Mailchimp" in text and "toestemming" in text and "verwerker" in text
    assert "inzage" in text and "verwijdering" in text


def test_unknown_page_shows_the_dutch_not_found_page(client, demo_site):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_image_blocks_use_the_editors_alt_text_or_the_image_title(client, demo_site):
    from wagtail.images import get_image_model

    from home.models import ContentPage

    image = get_image_model().objects.get(title="Ouders en puber")
    page = ContentPage.objects.get(slug="over-ons")
    page.body = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "Een moeder praat met haar zoon", "caption": ""}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": "Thuis", "credit": "Foto Ouders"}},
    ]
    page.save_revision().publish()
    soup = BeautifulSoup(client.get("/over-ons/").content, "html.parser")
    images = soup.select(".image-block img")
    assert [img["alt"] for img in images] == ["Een moeder praat met haar zoon", "Ouders en puber"]
    assert all(img["loading"] == "lazy" and img["width"] and img["height"] for img in images)
    assert soup.select(".image-block figcaption")[0].get_text(" ", strip=True) == "Thuis Foto Ouders"


def test_server_error_page_renders_without_the_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis" in html and '<html lang="nl">' in html
