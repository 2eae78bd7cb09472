"""Sales hear about new leads by e-mail, and see them on the admin dashboard (issue 6)."""

import datetime
import io
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from leads import tasks
from leads.models import LeadSettings
from tests.leads.factories import LeadFactory
from tests.leads.sales_fixtures import *  # noqa: F403
from tests.leads.sales_fixtures import add_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_request(known_leads, courses, articles):
    return add_request(known_leads["anna"], courses["advies"], source_page=articles["inkoop"], utm_campaign="voorjaar")


def site_wide_address(address: str):
    settings = LeadSettings.for_site(Site.objects.get(is_default_site=True))
    settings.sales_notification_email = address
    settings.save()


def test_course_recipients_get_a_dutch_e_mail_with_an_admin_link(new_request, courses):
    courses["advies"].sales_notification_emails = "verkoop@covalis.nl, jan@covalis.nl"
    courses["advies"].save()
    site_wide_address("algemeen@covalis.nl")
    assert tasks.sales_notify_new_request.call(brochure_request_id=new_request.pk) == "sent"
    (message,) = mail.outbox
    assert message.to == ["verkoop@covalis.nl", "jan@covalis.nl"]
    assert "Anna Jansen" in message.body
    assert "Gemeente Utrecht" in message.body
    assert "Adviesvaardigheden" in message.body
    assert "Slim inkopen" in message.body and "voorjaar" in message.body
    assert "Bekijk de lead" in message.body
    assert f"http://testserver/admin/leads/{new_request.lead_id}/" in message.body


def test_site_wide_address_when_the_course_names_none(new_request):
    site_wide_address("algemeen@covalis.nl")
    tasks.sales_notify_new_request.call(brochure_request_id=new_request.pk)
    assert mail.outbox[0].to == ["algemeen@covalis.nl"]


def test_no_e_mail_when_no_address_is_configured(new_request):
    assert tasks.sales_notify_new_request.call(brochure_request_id=new_request.pk) == "no_recipients"
    assert mail.outbox == []


def test_no_e_mail_for_spam(known_leads, courses):
    site_wide_address("algemeen@covalis.nl")
    spam_request = known_leads["spam"].requests.get()
    assert tasks.sales_notify_new_request.call(brochure_request_id=spam_request.pk) == "skipped"
    assert mail.outbox == []


def test_mail_server_failure_is_retried_later(new_request):
    site_wide_address("algemeen@covalis.nl")
    with mock.patch("leads.sales.send_mail", side_effect=smtplib.SMTPServerDisconnected("down")):
        assert tasks.sales_notify_new_request.call(brochure_request_id=new_request.pk) == "retrying"
    retry = DBTaskResult.objects.get(task_path__endswith="sales_notify_new_request")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()


def test_notification_gives_up_after_a_day_of_failures(new_request):
    site_wide_address("algemeen@covalis.nl")
    started = (timezone.now() - datetime.timedelta(days=2)).isoformat()
    with mock.patch("leads.sales.send_mail", side_effect=smtplib.SMTPServerDisconnected("down")):
        result = tasks.sales_notify_new_request.call(
            brochure_request_id=new_request.pk, attempt=12, first_attempt_at=started
        )
    assert result == "gave_up"
    assert not DBTaskResult.objects.filter(task_path__endswith="sales_notify_new_request").exists()


def test_dashboard_panel_shows_new_leads(sales_client, known_leads):
    html = sales_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Leads to follow up" in html
    assert "Anna Jansen" in html
    assert "Bram de Boer" not in html  # enrolled, not new
    assert "Cheap Pills" not in html  # spam


def test_dashboard_panel_shows_only_my_follow_ups_overdue_and_upcoming(sales_client, sales_user, other_sales_user):
    today = timezone.localdate()
    LeadFactory(
        first_name="Mijn",
        last_name="Achterstand",
        owner=sales_user,
        next_follow_up=today - datetime.timedelta(days=1),
        status="contacted",
    )
    LeadFactory(
        first_name="Andermans",
        last_name="Klant",
        owner=other_sales_user,
        next_follow_up=today - datetime.timedelta(days=1),
        status="contacted",
    )
    LeadFactory(first_name="Nog", last_name="Niet", owner=sales_user, next_follow_up=today, status="contacted")
    LeadFactory(
        first_name="Volgende",
        last_name="Week",
        owner=sales_user,
        next_follow_up=today + datetime.timedelta(days=6),
        status="contacted",
    )
    LeadFactory(
        first_name="Ver",
        last_name="Weg",
        owner=sales_user,
        next_follow_up=today + datetime.timedelta(days=30),
        status="contacted",
    )
    response = sales_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    follow_ups = html[html.index('data-sales-panel="follow-ups"') : html.index('data-sales-panel="new"')]
    overdue = follow_ups[follow_ups.index('data-follow-up="overdue"') :]
    assert "Mijn Achterstand" in overdue
    assert "Andermans Klant" not in html
    assert "Nog Niet" in follow_ups and "Volgende Week" in follow_ups
    assert "Ver Weg" not in html


def test_marketing_dashboard_has_no_sales_panel(marketing_client, known_leads):
    html = marketing_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Leads to follow up" not in html
    assert "Anna Jansen" not in html


# The worker closes its database connection: a real transaction, as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_queued_notification_is_sent_by_the_worker(new_request):
    from django.core.management import call_command

    site_wide_address("algemeen@covalis.nl")
    tasks.sales_notify_new_request.enqueue(brochure_request_id=new_request.pk)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["algemeen@covalis.nl"]]
