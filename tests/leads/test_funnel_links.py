"""Signed brochure links: they download and count, expire kindly, and the file has no public URL."""

import time

import pytest
from django.core import signing

from leads import services
from tests.leads import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return factories.course_site(title="Adviesvaardigheden voor experts")


def download_url(brochure_request) -> str:
    return f"/brochure/download/{services.brochure_link_make(brochure_request=brochure_request)}/"


def signed_days_ago(days: int, make, **kwargs) -> str:
    """A token made by ``make`` as if signed ``days`` days ago."""
    past = signing.b62_encode(int(time.time()) - days * 24 * 60 * 60)
    original = signing.TimestampSigner.timestamp
    signing.TimestampSigner.timestamp = lambda self: past
    try:
        return make(**kwargs)
    finally:
        signing.TimestampSigner.timestamp = original


def test_signed_link_downloads_the_brochure_as_a_private_attachment(client, brochure_request):
    response = client.get(download_url(brochure_request))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_each_download_is_counted_on_the_request(client, brochure_request):
    client.get(download_url(brochure_request))
    client.get(download_url(brochure_request))

    brochure_request.refresh_from_db()
    assert brochure_request.download_count == 2
    assert brochure_request.last_downloaded_at is not None


def test_link_still_works_just_before_it_expires(client, brochure_request):
    token = signed_days_ago(29, services.brochure_link_make, brochure_request=brochure_request)

    assert client.get(f"/brochure/download/{token}/").status_code == 200


def test_expired_link_gets_a_friendly_page_with_the_form_for_that_course(client, brochure_request, course):
    token = signed_days_ago(31, services.brochure_link_make, brochure_request=brochure_request)

    response = client.get(f"/brochure/download/{token}/")

    html = response.content.decode()
    assert response.status_code == 410
    assert "Deze downloadlink is verlopen" in html
    assert f'name="course" value="{course.pk}"' in html
    brochure_request.refresh_from_db()
    assert brochure_request.download_count == 0


def test_tampered_link_gets_a_friendly_not_found_page(client, brochure_request):
    token = services.brochure_link_make(brochure_request=brochure_request)
    forged = signing.dumps(brochure_request.pk + 1, salt="another-salt")

    for bad in (token[:-2] + "xx", forged):
        response = client.get(f"/brochure/download/{bad}/")
        assert response.status_code == 404
        assert "Deze downloadlink werkt niet" in response.content.decode()


def test_thank_you_link_cannot_be_used_as_a_download_link(client, brochure_request):
    token = services.thank_you_token_make(brochure_request=brochure_request)

    assert client.get(f"/brochure/download/{token}/").status_code == 404


def test_thank_you_page_with_a_tampered_token_is_not_found(client, brochure_request):
    assert client.get("/brochure/bedankt/123:abc/").status_code == 404


def test_brochure_is_not_served_at_its_public_document_url(client, course):
    document = course.brochure

    response = client.get(document.url)

    assert response.status_code != 200
    assert factories.PDF_BYTES not in response.content


def test_a_head_request_from_a_link_checker_is_answered_and_not_counted(client, brochure_request):
    """A mail scanner checks the link before the visitor clicks: it works, and it is no download."""
    response = client.head(download_url(brochure_request))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    brochure_request.refresh_from_db()
    assert brochure_request.download_count == 0
