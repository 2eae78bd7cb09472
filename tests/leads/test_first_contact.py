"""The first-contact deadline (issue 17): due times per request, what counts as first contact, the listing's
due/overdue column and filter, the dashboard in working-hours terms, and the e-mail draft from the lead page."""

import datetime
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse

from leads import sales
from leads.models import Lead, LeadActivity
from tests.leads.speed import MONDAY_10, at, capture, lead_settings, sales_team

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def lead_of(request) -> Lead:
    return Lead.objects.get(pk=request.lead_id)


def detail_url(lead) -> str:
    return reverse("leads_admin:inspect", args=[lead.pk])


@pytest.fixture
def anna(db):
    return sales_team("Anna")[0]


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna)
    return client


def test_each_request_on_an_uncontacted_lead_gets_a_due_time(course, anna):
    first = capture(course, "petra@gemeente-utrecht.nl")
    second = capture(course, "petra@gemeente-utrecht.nl", when=MONDAY_10 + HOUR)

    first.refresh_from_db()
    assert first.first_contact_due_at == MONDAY_10 + 4 * HOUR
    assert second.first_contact_due_at == MONDAY_10 + 5 * HOUR
    lead = lead_of(first)
    assert lead.first_contact_due_at == MONDAY_10 + 4 * HOUR  # the earliest open one
    assert lead.contact_clock_started_at == MONDAY_10


def test_the_deadline_is_a_setting(course, anna):
    lead_settings(first_contact_hours=2)

    assert lead_of(capture(course, "petra@gemeente-utrecht.nl")).first_contact_due_at == MONDAY_10 + 2 * HOUR


def test_a_request_after_the_first_contact_gets_no_due_time(course, anna):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))
    with at(MONDAY_10 + HOUR):
        sales.lead_log_contact(lead=lead, user=anna, channel="call", outcome="interested")

    later = capture(course, "petra@gemeente-utrecht.nl", when=MONDAY_10 + 2 * HOUR)

    assert later.first_contact_due_at is None


def test_logging_a_call_from_the_lead_page_is_the_first_contact(anna_client, course, anna):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))

    with at(MONDAY_10 + 90 * datetime.timedelta(minutes=1)):
        response = anna_client.post(
            detail_url(lead),
            {"action": "contact", "channel": "call", "outcome": "interested", "contact_note": "Wil een offerte."},
        )

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.first_contacted_at == MONDAY_10 + 90 * datetime.timedelta(minutes=1)
    assert lead.first_contact_working_seconds == 90 * 60
    activity = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.CONTACT)
    assert (activity.channel, activity.outcome, activity.message, activity.user) == (
        "call",
        "interested",
        "Wil een offerte.",
        anna,
    )
    html = anna_client.get(detail_url(lead)).content.decode()
    assert "Call · Spoke: interested" in html
    assert "Wil een offerte." in html


def test_working_time_to_first_contact_leaves_out_the_night(course, anna):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl", when=MONDAY_10 + 6 * HOUR))  # 16:00
    with at(MONDAY_10 + datetime.timedelta(hours=23)):  # Tuesday 9:00
        sales.lead_log_contact(lead=lead, user=anna, channel="call", outcome="no_answer")

    lead.refresh_from_db()
    assert lead.first_contact_working_seconds == 3600


def test_the_first_status_change_away_from_new_is_the_first_contact(anna_client, course, anna):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))

    with at(MONDAY_10 + 2 * HOUR):
        anna_client.post(detail_url(lead), {"status": "contacted", "owner": anna.pk, "next_step": "", "note": ""})

    lead.refresh_from_db()
    assert lead.first_contacted_at == MONDAY_10 + 2 * HOUR


def test_a_later_contact_does_not_move_the_first_one(course, anna):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))
    with at(MONDAY_10 + HOUR):
        sales.lead_log_contact(lead=lead, user=anna, channel="call", outcome="no_answer")
    with at(MONDAY_10 + 3 * HOUR):
        sales.lead_log_contact(lead=lead, user=anna, channel="call", outcome="interested")
        sales.lead_change_status(lead=lead, status=Lead.Status.QUALIFIED, user=anna)

    lead.refresh_from_db()
    assert lead.first_contacted_at == MONDAY_10 + HOUR


def test_a_contact_without_an_outcome_is_refused_and_keeps_the_note(anna_client, course):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))

    response = anna_client.post(
        detail_url(lead), {"action": "contact", "channel": "call", "outcome": "", "contact_note": "Bijna vergeten"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The contact could not be logged" in html
    assert "Bijna vergeten</textarea>" in html
    lead.refresh_from_db()
    assert lead.first_contacted_at is None


def test_the_e_mail_button_opens_a_dutch_draft_that_names_the_course(anna_client, course):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))

    html = anna_client.get(detail_url(lead)).content.decode()

    href = re.search(r'href="(mailto:[^"]+)"[^>]*data-lead-email-draft', html).group(1).replace("&amp;", "&")
    parts = urlsplit(href)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert unquote(parts.path) == "petra@gemeente-utrecht.nl"
    assert course.title in query["subject"]
    assert query["body"].startswith("Beste Petra,\n\nBedankt voor uw interesse in de training " + course.title)
    assert query["body"].rstrip().endswith("Anna Verkoop")


def test_confirming_the_sent_e_mail_logs_it_as_a_contact(anna_client, course):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))
    html = anna_client.get(detail_url(lead)).content.decode()
    assert "I sent the e-mail: log it" in html

    with at(MONDAY_10 + HOUR):
        anna_client.post(detail_url(lead), {"action": "contact", "channel": "email", "outcome": "sent"})

    lead.refresh_from_db()
    assert lead.first_contacted_at == MONDAY_10 + HOUR
    assert LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.CONTACT).channel == "email"


def test_the_next_step_is_at_the_top_of_the_lead_page(anna_client, course):
    lead = lead_of(capture(course, "petra@gemeente-utrecht.nl"))

    html = anna_client.get(detail_url(lead)).content.decode()

    main = html[html.index("<main") :]
    positions = [main.index(marker) for marker in ("Next step", "Log contact", "Save follow-up", "Details", "Timeline")]
    assert positions == sorted(positions)


# --- Listing and dashboard ---------------------------------------------------------------------------


@pytest.fixture
def three_leads(course, anna):
    """At Monday 15:00: one lead overdue (due 14:00), one due today (17:00), one contacted in time."""
    overdue = lead_of(capture(course, "laat@gemeente-utrecht.nl", first_name="Laura", last_name="Laat"))
    today = lead_of(
        capture(
            course, "vandaag@gemeente-utrecht.nl", first_name="Vera", last_name="Vandaag", when=MONDAY_10 + 3 * HOUR
        )
    )
    in_time = lead_of(capture(course, "opt@gemeente-utrecht.nl", first_name="Otto", last_name="Optijd"))
    with at(MONDAY_10 + HOUR):
        sales.lead_log_contact(lead=in_time, user=anna, channel="call", outcome="interested")
    return {"overdue": overdue, "today": today, "in_time": in_time}


MONDAY_15 = MONDAY_10 + 5 * HOUR


def listed(client, **params) -> list[str]:
    with at(MONDAY_15):
        response = client.get(reverse("leads_admin:index"), params)
    return sorted(lead.display_name for lead in response.context["object_list"])


def test_the_listing_shows_who_is_overdue_due_today_and_contacted(anna_client, three_leads):
    with at(MONDAY_15):
        html = anna_client.get(reverse("leads_admin:index")).content.decode()

    def row(name):
        start = html.index(f">{name}<")
        return html[start : html.index("</tr>", start)]

    assert 'data-first-contact="overdue"' in row("Laura Laat") and "1 h late" in row("Laura Laat")
    assert 'data-first-contact="due_today"' in row("Vera Vandaag") and "in 2 h" in row("Vera Vandaag")
    assert 'data-first-contact="on_time"' in row("Otto Optijd")


def test_the_listing_says_how_late_in_a_few_characters_and_the_full_date_on_hover(anna_client, course):
    lead = lead_of(capture(course, "laat@gemeente-utrecht.nl", first_name="Laura", last_name="Laat"))
    with at(MONDAY_10 + datetime.timedelta(days=2, hours=5)):  # Wednesday 15:00, due Monday 14:00
        html = anna_client.get(reverse("leads_admin:index")).content.decode()

    badge = re.search(
        r'data-first-contact="overdue" title="([^"]*)">(?:<span class="w-sr-only">Overdue: </span>)?([^<]*)</span>',
        html,
    )
    assert badge.group(2) == "2 d late"  # not "2 working days 1 h late" over two lines
    assert badge.group(1) == "Overdue: 2 working days 1 h late. First contact due Nov. 23, 2026, 2 p.m."
    assert lead.first_contact_due_at == MONDAY_10 + 4 * HOUR


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("overdue", ["Laura Laat"]),
        ("due_today", ["Vera Vandaag"]),
        ("waiting", ["Vera Vandaag"]),
        ("on_time", ["Otto Optijd"]),
        ("late", ["Laura Laat"]),
    ],
)
def test_the_listing_filters_on_first_contact(anna_client, three_leads, state, expected):
    assert listed(anna_client, first_contact=state) == expected


def test_a_lead_contacted_after_its_deadline_counts_as_late(anna_client, three_leads, anna):
    with at(MONDAY_15):
        sales.lead_log_contact(lead=three_leads["overdue"], user=anna, channel="call", outcome="no_answer")

    assert listed(anna_client, first_contact="late") == ["Laura Laat"]
    assert listed(anna_client, first_contact="overdue") == []


def test_spam_and_closed_leads_are_never_overdue(anna_client, three_leads, anna):
    sales.lead_mark_spam(lead=three_leads["overdue"], is_spam=True, user=anna)

    assert listed(anna_client, first_contact="overdue") == []


def test_the_dashboard_shows_my_overdue_leads_and_my_leads_due_today_in_working_hours(anna_client, three_leads):
    with at(MONDAY_15):
        html = anna_client.get(reverse("wagtailadmin_home")).content.decode()

    overdue = html[html.index('data-sales-panel="overdue-contact"') : html.index('data-sales-panel="due-today"')]
    due_today = html[html.index('data-sales-panel="due-today"') : html.index('data-sales-panel="follow-ups"')]
    assert "Laura Laat" in overdue and "1 h late" in overdue
    assert "Vera Vandaag" in due_today and "by 5 p.m., 2 h left" in due_today
    assert "Otto Optijd" not in overdue + due_today


def test_the_dashboard_lists_only_my_own_leads(client, three_leads):
    (bram,) = sales_team("Bram")
    client.force_login(bram)

    with at(MONDAY_15):
        html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "No overdue leads." in html
    assert "No first contacts due today." in html


def test_on_friday_evening_a_lead_due_on_monday_is_not_due_today(anna_client, course):
    friday_evening = MONDAY_10 + datetime.timedelta(days=4, hours=9)  # Friday 19:00
    capture(course, "weekend@gemeente-utrecht.nl", first_name="Wim", last_name="Weekend", when=friday_evening)

    with at(friday_evening + HOUR):
        html = anna_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Wim Weekend" not in html[html.index('data-sales-panel="due-today"') : html.index('data-sales-panel="new"')]
