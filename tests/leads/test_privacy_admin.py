"""The privacy actions on a lead's admin page: subject access download, erasure and withdrawal."""

import json

import pytest
from django.urls import reverse

from leads.models import ConsentRecord, Lead
from tests.leads.factories import TRACKED_EMAIL, make_tracked_lead
from tests.leads.sales_fixtures import make_user, marketing_user, sales_user  # noqa: F401

pytestmark = pytest.mark.django_db


def export_url(lead):
    return f"/admin/leads/{lead.pk}/privacy/export/"


def erase_url(lead):
    return f"/admin/leads/{lead.pk}/privacy/erase/"


def withdraw_url(lead):
    return f"/admin/leads/{lead.pk}/privacy/withdraw/"


def test_sales_download_everything_held_about_a_lead_as_json(client, sales_user):  # noqa: F811
    lead = make_tracked_lead()
    client.force_login(sales_user)

    response = client.get(export_url(lead))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["lead"]["email"] == TRACKED_EMAIL


def test_the_download_is_written_to_the_audit_log(client, sales_user):  # noqa: F811
    from wagtail.models import ModelLogEntry

    lead = make_tracked_lead()
    client.force_login(sales_user)

    client.get(export_url(lead))

    assert ModelLogEntry.objects.filter(object_id=str(lead.pk), action="leads.export_data").exists()


def test_marketing_users_cannot_download_a_lead(client, marketing_user):  # noqa: F811
    lead = make_tracked_lead()
    client.force_login(marketing_user)

    assert client.get(export_url(lead)).status_code == 403


@pytest.mark.parametrize("url", [export_url, erase_url, withdraw_url])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url(make_tracked_lead()))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_sales_without_the_erase_permission_cannot_erase(client, sales_user):  # noqa: F811
    lead = make_tracked_lead()
    client.force_login(sales_user)

    response = client.post(erase_url(lead))

    assert response.status_code == 403
    assert Lead.objects.get(pk=lead.pk).erased_at is None


def test_erasure_asks_for_confirmation_first(admin_client):
    lead = make_tracked_lead()

    response = admin_client.get(erase_url(lead))

    assert response.status_code == 200
    assert b"This cannot be undone" in response.content
    assert Lead.objects.get(pk=lead.pk).erased_at is None


def test_a_privacy_officer_erases_a_lead_after_confirming(client):
    officer = make_user("privacy", "Sales")
    from django.contrib.auth.models import Permission

    officer.user_permissions.add(Permission.objects.get(codename="erase_lead"))
    lead = make_tracked_lead()
    client.force_login(officer)

    response = client.post(erase_url(lead))

    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).erased_at is not None


def test_sales_withdraw_consent_on_request(client, sales_user):  # noqa: F811
    lead = make_tracked_lead(consent=True)
    client.force_login(sales_user)

    client.post(withdraw_url(lead))

    assert not Lead.objects.get(pk=lead.pk).marketing_consent
    assert ConsentRecord.objects.filter(action="withdrawn", source="sales").count() == 1


def test_the_lead_page_offers_the_privacy_actions_to_a_superuser(admin_client):
    lead = make_tracked_lead(consent=True)

    content = admin_client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()

    assert export_url(lead) in content
    assert erase_url(lead) in content
    assert withdraw_url(lead) in content


def test_the_lead_page_hides_erasure_from_sales(client, sales_user):  # noqa: F811
    lead = make_tracked_lead(consent=True)
    client.force_login(sales_user)

    content = client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()

    assert export_url(lead) in content
    assert erase_url(lead) not in content
