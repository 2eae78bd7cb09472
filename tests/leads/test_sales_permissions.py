"""Who may see leads: Sales may, Marketing and anonymous visitors may not (issue 6)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import make_user

pytestmark = pytest.mark.django_db


def lead_urls(lead):
    return [
        reverse("leads_admin:index"),
        reverse("leads_admin:index_results"),
        reverse("leads_admin:index") + "?export=csv",
        reverse("leads_admin:index") + "?export=xlsx",
        reverse("leads_admin:inspect", args=[lead.pk]),
        reverse("wagtail_bulk_action", args=["leads", "lead", "change_status"]) + f"?id={lead.pk}",
        reverse("wagtail_bulk_action", args=["leads", "lead", "assign_owner"]) + f"?id={lead.pk}",
        reverse("wagtail_bulk_action", args=["leads", "lead", "mark_spam"]) + f"?id={lead.pk}",
        reverse("wagtail_bulk_action", args=["leads", "lead", "clear_spam"]) + f"?id={lead.pk}",
        reverse("wagtail_bulk_action", args=["leads", "lead", "retry_mailchimp"]) + f"?id={lead.pk}",
    ]


def test_marketing_user_gets_403_on_every_lead_url_and_export(marketing_client, known_leads):
    for url in lead_urls(known_leads["anna"]):
        assert marketing_client.get(url).status_code == 403, url
    retry = reverse("leads_admin:retry_mailchimp", args=[known_leads["anna"].pk])
    assert marketing_client.post(retry).status_code == 403
    detail = reverse("leads_admin:inspect", args=[known_leads["anna"].pk])
    assert marketing_client.post(detail, {"status": "lost"}).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client, known_leads):
    for url in lead_urls(known_leads["anna"]) + [reverse("leads_funnel_report")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url


def test_marketing_user_sees_no_leads_menu_item(marketing_client):
    response = marketing_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("leads_admin:index") not in response.content.decode()


def test_sales_user_sees_the_leads_menu_item(sales_client):
    response = sales_client.get(reverse("wagtailadmin_home"))
    assert reverse("leads_admin:index") in response.content.decode()


def test_sales_user_may_open_listing_and_lead(sales_client, known_leads):
    assert sales_client.get(reverse("leads_admin:index")).status_code == 200
    assert sales_client.get(reverse("leads_admin:inspect", args=[known_leads["anna"].pk])).status_code == 200


def test_viewer_without_export_permission_gets_403_on_export(client, known_leads):
    readers = Group.objects.create(name="Readers")
    readers.permissions.set(Group.objects.get(name="Sales").permissions.exclude(codename="export_lead"))
    viewer = make_user("kijker", "Readers")
    client.force_login(viewer)
    assert client.get(reverse("leads_admin:index")).status_code == 200
    assert client.get(reverse("leads_admin:index") + "?export=csv").status_code == 403
    assert client.get(reverse("leads_admin:index") + "?export=xlsx").status_code == 403


def test_funnel_report_needs_the_report_permission(client, known_leads):
    editors = Group.objects.create(name="Editors only")
    editors.permissions.set(Group.objects.get(name="Marketing").permissions.exclude(codename="view_lead_report"))
    client.force_login(make_user("redacteur", "Editors only"))
    assert client.get(reverse("leads_funnel_report")).status_code == 403


def test_marketing_and_sales_see_the_funnel_report(marketing_client, known_leads, sales_user, client):
    assert marketing_client.get(reverse("leads_funnel_report")).status_code == 200
    client.force_login(sales_user)
    assert client.get(reverse("leads_funnel_report")).status_code == 200


def test_marketing_group_may_publish_pages_from_the_root_and_open_the_seo_listing(marketing_client):
    marketing = Group.objects.get(name="Marketing")
    codenames = set(
        GroupPagePermission.objects.filter(group=marketing, page=Page.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames
    assert not marketing.permissions.filter(codename="view_lead").exists()
    assert marketing_client.get("/admin/wagtailcore/page/").status_code == 200  # the SEO listing


def test_sales_group_holds_the_lead_permissions():
    sales = Group.objects.get(name="Sales")
    codenames = set(sales.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_lead", "change_lead", "export_lead", "view_lead_report"} <= codenames


def test_funnel_report_menu_item_only_for_users_with_the_report_permission(marketing_client, client):
    assert reverse("leads_funnel_report") in marketing_client.get(reverse("wagtailadmin_home")).content.decode()
    editors = Group.objects.create(name="Editors only")
    editors.permissions.set(Group.objects.get(name="Marketing").permissions.exclude(codename="view_lead_report"))
    client.force_login(make_user("redacteur", "Editors only"))
    assert reverse("leads_funnel_report") not in client.get(reverse("wagtailadmin_home")).content.decode()
