"""A lead's page: details, requests, consent, Mailchimp, follow-up and timeline (issue 6)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from leads.models import ConsentRecord, Lead, LeadActivity
from tests.leads.sales_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def detail_url(lead) -> str:
    return reverse("leads_admin:inspect", args=[lead.pk])


def test_lead_page_shows_requests_with_course_source_and_utm(sales_client, known_leads):
    html = sales_client.get(detail_url(known_leads["bram"])).content.decode()
    assert "bram@zorggroep.nl" in html
    assert "Onderhandelen" in html
    assert "ICT en aanbesteden" in html
    assert "najaar" in html


def test_lead_page_shows_consent_record(sales_client, known_leads):
    ConsentRecord.objects.create(
        lead=known_leads["anna"], wording="Ja, stuur mij nieuws over trainingen.", version="2026-01"
    )
    html = sales_client.get(detail_url(known_leads["anna"])).content.decode()
    assert "Ja, stuur mij nieuws over trainingen." in html
    assert "2026-01" in html


def test_lead_page_shows_the_mailchimp_error_without_a_set_up_notice(sales_client, known_leads):
    html = sales_client.get(detail_url(known_leads["bram"])).content.decode()
    assert "HTTP 400: Member Exists" in html
    # Setting Mailchimp up is not something Sales can do: the notice is on the dashboard, for those who can.
    assert "Mailchimp is not" not in html


def test_status_change_with_note_appears_on_the_timeline(sales_client, known_leads, sales_user):
    lead = known_leads["anna"]
    response = sales_client.post(
        detail_url(lead),
        {
            "status": "contacted",
            "owner": sales_user.pk,
            "next_follow_up": "",
            "next_step": "",
            "note": "Gebeld, belt terug",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONTACTED
    activity = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.STATUS)
    assert (activity.old_value, activity.new_value, activity.user) == ("new", "contacted", sales_user)
    html = sales_client.get(detail_url(lead)).content.decode()
    assert "Gebeld, belt terug" in html
    assert "Status changed" in html
    assert "Sanne Verkoop" in html


def test_follow_up_form_plans_next_follow_up_and_owner(sales_client, known_leads, other_sales_user):
    lead = known_leads["anna"]
    day = timezone.localdate() + datetime.timedelta(days=3)
    sales_client.post(
        detail_url(lead),
        {"status": "new", "owner": other_sales_user.pk, "next_follow_up": day.isoformat(), "next_step": "Offerte"},
    )
    lead.refresh_from_db()
    assert (lead.owner, lead.next_follow_up, lead.next_step) == (other_sales_user, day, "Offerte")


def test_owner_choices_are_sales_users_and_superusers(sales_client, known_leads, marketing_user, other_sales_user):
    from tests.leads.sales_fixtures import make_user

    boss = make_user("baas", is_superuser=True)
    form = sales_client.get(detail_url(known_leads["anna"])).context["form"]
    owners = set(form.fields["owner"].queryset)
    assert {boss, other_sales_user} <= owners
    assert marketing_user not in owners


def test_viewing_a_lead_is_written_to_the_audit_log(sales_client, known_leads, sales_user):
    sales_client.get(detail_url(known_leads["anna"]))
    entry = ModelLogEntry.objects.get(action="leads.view")
    assert (entry.object_id, entry.user) == (str(known_leads["anna"].pk), sales_user)


def test_retry_button_queues_the_mailchimp_sync(sales_client, known_leads):
    lead = known_leads["anna"]
    Lead.objects.filter(pk=lead.pk).update(mailchimp_state=Lead.MailchimpState.FAILED)
    response = sales_client.post(reverse("leads_admin:retry_mailchimp", args=[lead.pk]))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.PENDING
    assert DBTaskResult.objects.filter(task_path__endswith="lead_sync_to_mailchimp").count() == 1
