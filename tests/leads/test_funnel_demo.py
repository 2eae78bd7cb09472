"""The funnel on the demo content: the demo course's brochure is private and reaches the visitor."""

from leads.models import BrochureRequest, CoursePage
from tests.leads.funnel import SUBMIT_URL, form_fields, form_started, person

DEMO_COURSE_PATH = "/trainingen/adviesvaardigheden-voor-experts/"


def test_demo_brochure_is_refused_at_its_document_url(client, demo_site):
    document = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts").brochure

    response = client.get(document.url)

    assert response.status_code != 200
    assert response.get("Content-Type") != "application/pdf"


def test_demo_course_form_delivers_the_demo_brochure(client, demo_site):
    html = client.get(DEMO_COURSE_PATH).content.decode()
    data = form_fields(html) | person(form_started=form_started())

    thanks = client.post(SUBMIT_URL, data, follow=True)
    download = thanks.content.decode().split('href="/brochure/download/')[1].split('"')[0]
    response = client.get(f"/brochure/download/{download}")

    assert BrochureRequest.objects.get().course.url == DEMO_COURSE_PATH
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
