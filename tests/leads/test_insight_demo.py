"""The demo's page counts: the reports show something on `make run`, and loading again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from leads.models import PageDailyCount, RefusedFieldDailyCount, SourceDailyCount

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(PageDailyCount.objects.order_by("pk").values_list("day", "page_id", "views", "forms_seen")),
        SourceDailyCount.objects.count(),
        RefusedFieldDailyCount.objects.count(),
    )


def test_the_demo_holds_daily_counts_for_its_pages_and_a_second_load_changes_nothing(settings):
    from wagtail.models import Page

    call_command("load_demo_content", "--history", stdout=StringIO())
    first = _snapshot()
    call_command("load_demo_content", "--history", stdout=StringIO())

    assert _snapshot() == first
    live_pages = Page.objects.live().filter(depth__gt=1).count()
    assert PageDailyCount.objects.values("page").distinct().count() == live_pages
    assert PageDailyCount.objects.values("day").distinct().count() == settings.INSIGHT_DEMO_DAYS
    assert SourceDailyCount.objects.filter(utm_source="nieuwsbrief").exists()


def test_the_privacy_page_says_in_dutch_what_is_counted(demo_site):
    html = Client().get("/privacy/").content.decode()

    assert "zonder cookies" in html
    assert "geen IP-adres" in html
    assert "utm_source" in html
