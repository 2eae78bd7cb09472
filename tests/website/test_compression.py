"""Every HTML page is sent compressed when the browser accepts it, whether the page cache had it or not.

The admin (personal data next to reflected input) is never compressed, and forms carry a CSRF
token masked anew in every response: BREACH has nothing to measure (website/compression.py).
"""

import gzip
import re

import brotli
import pytest
from django.contrib.auth import get_user_model

from tests.leads.funnel import SUBMIT_URL, submission
from tests.website.factories import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


def decoded(response) -> bytes:
    encoding = response.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.content)
    if encoding == "gzip":
        return gzip.decompress(response.content)
    return response.content


@pytest.mark.parametrize(("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)])
def test_a_page_cache_miss_is_compressed_as_the_browser_asks(client, site, page_cache, accept, encoding):
    response = client.get(site.article.url, headers={"Accept-Encoding": accept})
    assert response["X-Cache"] == "MISS"
    assert response.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content)
    assert b"<h1" in decoded(response)


def test_a_hit_and_its_miss_send_the_same_page(client, site, page_cache):
    miss = client.get(site.course.url, headers={"Accept-Encoding": "br"})
    hit = client.get(site.course.url, headers={"Accept-Encoding": "br"})
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    assert decoded(miss) == decoded(hit)
    assert len(miss.content) < len(decoded(miss)) / 3


def test_a_refused_encoding_is_not_used(client, site, page_cache):
    response = client.get(site.article.url, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_pages_an_editor_views_are_compressed_too(client, site):
    editor = get_user_model().objects.create_superuser("redacteur", "redacteur@covalis-klant.nl", "pw")
    client.force_login(editor)
    response = client.get(site.article.url, headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "br"
    assert b"<h1" in decoded(response)


def test_the_brochure_form_shown_again_is_compressed_with_a_token_masked_anew(client, site):
    tokens = []
    for _attempt in range(2):
        response = client.post(
            SUBMIT_URL, submission(site.course, email="geen-adres"), headers={"Accept-Encoding": "gzip"}
        )
        assert response.status_code == 400
        assert response["Content-Encoding"] == "gzip"
        tokens.append(re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', decoded(response)).group(1))
    assert tokens[0] != tokens[1]


def test_the_admin_is_never_compressed(client, site):
    admin = get_user_model().objects.create_superuser("beheer", "beheer@covalis-klant.nl", "pw")
    client.force_login(admin)
    response = client.get("/admin/", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
