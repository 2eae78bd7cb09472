import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision


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
