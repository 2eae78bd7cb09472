import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site


def _snapshot():
    return (
        list(Page.objects.order_by("path").values_list("path", "slug", "title", "live")),
        Revision.objects.count(),
    )


@pytest.mark.django_db
def test_loading_demo_content_twice_changes_nothing(capsys):
    call_command("load_demo_content")
    first = _snapshot()
    call_command("load_demo_content")
    assert _snapshot() == first


@pytest.mark.django_db
def test_demo_home_page_is_served_at_root(client):
    call_command("load_demo_content")
    response = client.get("/")
    assert response.status_code == 200
    assert "Covalis" in response.content.decode()


@pytest.mark.django_db
def test_loading_demo_content_twice_adds_no_images_documents_or_snippets():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from blog.models import Author, BlogCategory
    from leads.models import Testimonial

    models = [get_image_model(), get_document_model(), Author, BlogCategory, Testimonial]
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = [model.objects.count() for model in models]
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in models] == first
    assert first[:2] == [5, 1]


@pytest.mark.django_db
def test_demo_brochure_pdf_has_several_pages_of_dutch_text():
    from leads.models import CoursePage

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    brochure = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts").brochure
    with brochure.file.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page(?!s)", pdf)) >= 2


@pytest.mark.django_db
def test_demo_settings_link_the_privacy_statement(client):
    from website.models import OrganisationSettings

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    assert organisation.privacy_page.url == "/privacy/"
    assert organisation.logo and organisation.default_share_image and organisation.email
