"""Bulk actions on the lead listing: owner, status, spam and Mailchimp retry (issue 6)."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from leads.models import Lead, LeadActivity
from tests.leads.sales_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def bulk_url(action: str, *leads) -> str:
    ids = "&".join(f"id={lead.pk}" for lead in leads)
    return reverse("wagtail_bulk_action", args=["leads", "lead", action]) + f"?{ids}&next=/admin/leads/"


def test_listing_offers_the_bulk_actions(sales_client, known_leads):
    html = sales_client.get(reverse("leads_admin:index")).content.decode()
    for action in ["assign_owner", "change_status", "mark_spam", "clear_spam", "retry_mailchimp"]:
        assert reverse("wagtail_bulk_action", args=["leads", "lead", action]) in html


def test_bulk_confirmation_lists_the_selected_leads(sales_client, known_leads):
    response = sales_client.get(bulk_url("change_status", known_leads["anna"], known_leads["bram"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Jansen" in html and "Bram de Boer" in html


def test_bulk_assign_owner(sales_client, known_leads, other_sales_user):
    anna, bram = known_leads["anna"], known_leads["bram"]
    response = sales_client.post(bulk_url("assign_owner", anna, bram), {"owner": other_sales_user.pk})
    assert response.status_code == 302
    assert set(Lead.objects.filter(owner=other_sales_user)) == {anna, bram}
    assert LeadActivity.objects.filter(kind=LeadActivity.Kind.OWNER).count() == 2


def test_bulk_change_status_with_note(sales_client, known_leads, sales_user):
    anna, bram = known_leads["anna"], known_leads["bram"]
    sales_client.post(bulk_url("change_status", anna, bram), {"status": "lost", "note": "Geen budget"})
    assert set(Lead.objects.filter(status=Lead.Status.LOST)) == {anna, bram}
    activities = LeadActivity.objects.filter(kind=LeadActivity.Kind.STATUS)
    assert {(a.lead_id, a.message, a.user_id) for a in activities} == {
        (anna.pk, "Geen budget", sales_user.pk),
        (bram.pk, "Geen budget", sales_user.pk),
    }


def test_bulk_mark_spam(sales_client, known_leads):
    sales_client.post(bulk_url("mark_spam", known_leads["anna"]))
    known_leads["anna"].refresh_from_db()
    assert known_leads["anna"].is_spam


def test_bulk_clear_spam(sales_client, known_leads):
    sales_client.post(bulk_url("clear_spam", known_leads["spam"]))
    known_leads["spam"].refresh_from_db()
    assert not known_leads["spam"].is_spam
    assert known_leads["spam"].spam_reason == ""


def test_bulk_retry_mailchimp_queues_only_consenting_leads(sales_client, known_leads):
    Lead.objects.filter(pk=known_leads["anna"].pk).update(mailchimp_state=Lead.MailchimpState.FAILED)
    sales_client.post(bulk_url("retry_mailchimp", known_leads["anna"], known_leads["bram"]))
    assert Lead.objects.get(pk=known_leads["anna"].pk).mailchimp_state == Lead.MailchimpState.PENDING
    assert Lead.objects.get(pk=known_leads["bram"].pk).mailchimp_state == Lead.MailchimpState.NOT_SENT
    assert DBTaskResult.objects.filter(task_path__endswith="lead_sync_to_mailchimp").count() == 1


def test_marketing_user_cannot_post_a_bulk_action(marketing_client, known_leads):
    response = marketing_client.post(bulk_url("mark_spam", known_leads["anna"]))
    assert response.status_code == 403
    known_leads["anna"].refresh_from_db()
    assert not known_leads["anna"].is_spam


def test_select_all_in_listing_keeps_the_listing_filters(sales_client, known_leads):
    url = reverse("wagtail_bulk_action", args=["leads", "lead", "mark_spam"])
    sales_client.post(url + "?status=new&is_spam=false&q=gemeente&id=all&next=/admin/leads/")
    assert set(Lead.objects.filter(is_spam=True)) == {known_leads["anna"], known_leads["spam"]}
