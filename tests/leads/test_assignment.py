"""Automatic assignment (issue 17): course owner, fair round-robin, settings, returning and released leads,
the timeline, the owner's e-mail, and no race between captures at the same moment (PostgreSQL)."""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from leads import assignment, reminders, sales, tasks
from leads.models import Lead, LeadActivity, SalesAbsence
from tests.leads.factories import CoursePageFactory
from tests.leads.sales_fixtures import make_user
from tests.leads.speed import MONDAY_10, at, capture, lead_settings, sales_team

pytestmark = pytest.mark.django_db


def owners_of(requests) -> list[str]:
    return [Lead.objects.get(pk=request.lead_id).owner.first_name for request in requests]


def test_a_new_lead_goes_to_the_course_sales_owner(course):
    anna, bram = sales_team("Anna", "Bram")
    course.sales_owner = bram
    course.save()

    request = capture(course, "petra@gemeente-utrecht.nl")

    lead = Lead.objects.get(pk=request.lead_id)
    assert lead.owner == bram


def test_without_a_course_owner_the_sales_team_takes_turns(course):
    sales_team("Anna", "Bram", "Cees")

    requests = [capture(course, f"klant{number}@gemeente-utrecht.nl") for number in range(6)]

    assert owners_of(requests) == ["Anna", "Bram", "Cees", "Anna", "Bram", "Cees"]


def test_the_round_robin_is_fair_over_many_leads_and_is_not_moved_by_course_owners(course):
    anna, bram, cees = sales_team("Anna", "Bram", "Cees")
    owned_course = CoursePageFactory(parent=course.get_parent(), title="Onderhandelen", sales_owner=anna)

    requests = []
    for number in range(30):
        requests.append(capture(course, f"klant{number}@gemeente-utrecht.nl"))
        if number % 3 == 0:  # leads for a course with its own owner in between
            capture(owned_course, f"eigen{number}@gemeente-utrecht.nl")

    assert Counter(owners_of(requests)) == {"Anna": 10, "Bram": 10, "Cees": 10}
    assert Lead.objects.filter(owner=anna).count() == 10 + 10


def test_someone_away_is_skipped_until_they_are_back(course):
    anna, bram, cees = sales_team("Anna", "Bram", "Cees")
    settings = lead_settings()
    SalesAbsence.objects.create(lead_settings=settings, user=bram, back_on=datetime.date(2026, 11, 25))

    monday = [capture(course, f"maandag{number}@gemeente-utrecht.nl") for number in range(4)]
    wednesday = [
        capture(course, f"woensdag{number}@gemeente-utrecht.nl", when=MONDAY_10 + datetime.timedelta(days=2))
        for number in range(3)
    ]

    assert owners_of(monday) == ["Anna", "Cees", "Anna", "Cees"]
    assert sorted(owners_of(wednesday)) == ["Anna", "Bram", "Cees"]


def test_a_course_owner_who_is_away_hands_the_lead_to_the_rotation(course):
    anna, bram = sales_team("Anna", "Bram")
    course.sales_owner = anna
    course.save()
    SalesAbsence.objects.create(lead_settings=lead_settings(), user=anna, back_on=datetime.date(2026, 12, 1))

    request = capture(course, "petra@gemeente-utrecht.nl")

    assert Lead.objects.get(pk=request.lead_id).owner == bram


def test_only_the_people_ticked_for_the_rotation_take_turns(course):
    anna, bram, cees = sales_team("Anna", "Bram", "Cees")
    settings = lead_settings()
    settings.rotation_members.set([anna, cees])
    settings.save()  # a parental many-to-many is written with its parent

    requests = [capture(course, f"klant{number}@gemeente-utrecht.nl") for number in range(4)]

    assert owners_of(requests) == ["Anna", "Cees", "Anna", "Cees"]


def test_inactive_users_and_other_groups_get_no_leads(course):
    anna, bram = sales_team("Anna", "Bram")
    bram.is_active = False
    bram.save()
    make_user("mila", "Marketing", first_name="Mila")
    make_user("baas", is_superuser=True, first_name="Baas")

    requests = [capture(course, f"klant{number}@gemeente-utrecht.nl") for number in range(3)]

    assert owners_of(requests) == ["Anna", "Anna", "Anna"]


def test_with_assignment_off_new_leads_wait_without_an_owner_but_with_a_due_time(course):
    sales_team("Anna")
    lead_settings(assignment_enabled=False)

    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)

    assert lead.owner is None
    assert lead.first_contact_due_at is not None


def test_without_anyone_in_sales_a_lead_waits_unassigned(course):
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)

    assert lead.owner is None


def test_a_returning_lead_keeps_its_owner_and_does_not_use_a_turn(course):
    sales_team("Anna", "Bram")
    first = capture(course, "petra@gemeente-utrecht.nl")
    again = capture(course, "petra@gemeente-utrecht.nl", when=MONDAY_10 + datetime.timedelta(hours=1))
    other = capture(course, "jan@gemeente-utrecht.nl", when=MONDAY_10 + datetime.timedelta(hours=2))

    assert first.lead_id == again.lead_id
    assert owners_of([first, again, other]) == ["Anna", "Anna", "Bram"]
    assert LeadActivity.objects.filter(lead_id=first.lead_id, kind=LeadActivity.Kind.OWNER).count() == 1


def test_a_returning_lead_whose_owner_left_gets_a_new_owner(course):
    anna, bram = sales_team("Anna", "Bram")
    first = capture(course, "petra@gemeente-utrecht.nl")
    anna.is_active = False
    anna.save()

    capture(course, "petra@gemeente-utrecht.nl", when=MONDAY_10 + datetime.timedelta(hours=1))

    assert Lead.objects.get(pk=first.lead_id).owner == bram


def test_suspected_spam_is_not_assigned(course):
    sales_team("Anna")

    request = capture(course, "bot@gemeente-utrecht.nl", spam_reason="too_fast")

    lead = Lead.objects.get(pk=request.lead_id)
    assert (lead.owner, lead.first_contact_due_at) == (None, None)


def test_a_lead_released_from_spam_is_assigned_at_that_moment(course):
    anna, bram = sales_team("Anna", "Bram")
    capture(course, "eerste@gemeente-utrecht.nl")  # Anna's turn is used
    request = capture(course, "petra@gemeente-utrecht.nl", spam_reason="too_fast")
    lead = Lead.objects.get(pk=request.lead_id)
    released_at = MONDAY_10 + datetime.timedelta(days=1, hours=5)  # Tuesday 15:00

    with at(released_at):
        sales.lead_mark_spam(lead=lead, is_spam=False, user=anna)

    lead.refresh_from_db()
    assert lead.owner == bram
    assert lead.contact_clock_started_at == released_at
    assert lead.first_contact_due_at == MONDAY_10 + datetime.timedelta(days=2, hours=1)  # Wednesday 11:00
    activity = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.OWNER)
    assert (activity.user, activity.message) == (None, assignment.ASSIGNED_ROTATION)


def test_the_timeline_says_whether_the_system_or_a_person_assigned(client, course):
    anna, bram = sales_team("Anna", "Bram")
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)
    sales.lead_assign_owner(lead=lead, owner=bram, user=anna)

    client.force_login(anna)
    html = client.get(reverse("leads_admin:inspect", args=[lead.pk])).content.decode()

    timeline = html[html.index('class="lead-timeline"') :]
    automatic, manual = sorted(
        LeadActivity.objects.filter(lead=lead, kind=LeadActivity.Kind.OWNER), key=lambda activity: activity.pk
    )
    assert (automatic.user, manual.user) == (None, anna)
    assert "Owner changed</strong>: – → Anna Verkoop" in timeline
    assert "system" in timeline and "Assigned automatically: next in the rotation" in timeline
    assert "Owner changed</strong>: Anna Verkoop → Bram Verkoop" in timeline


def test_the_new_owner_is_told_by_e_mail_with_a_link_to_the_lead(course):
    (anna,) = sales_team("Anna")
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)
    job = DBTaskResult.objects.get(task_path__endswith="lead_owner_notify")
    assert job.args_kwargs["kwargs"] == {"lead_id": lead.pk, "owner_id": anna.pk}

    assert tasks.lead_owner_notify.call(lead_id=lead.pk, owner_id=anna.pk) == "sent"

    (message,) = mail.outbox
    assert message.to == ["anna@covalis.nl"]
    assert course.title in message.subject
    assert f"http://testserver/admin/leads/{lead.pk}/" in message.body
    assert "Petra de Vries (Gemeente Utrecht)" in message.body
    # No more than the admin shows: the address and phone number stay in the admin.
    assert "petra@gemeente-utrecht.nl" not in message.body
    assert "030 123 45 67" not in message.body


def test_an_owner_who_may_not_see_leads_gets_the_link_without_personal_data(course):
    (anna,) = sales_team("Anna")
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)
    anna.groups.remove(Group.objects.get(name="Sales"))

    reminders.lead_owner_notify(lead_id=lead.pk, owner_id=anna.pk)

    (message,) = mail.outbox
    assert f"/admin/leads/{lead.pk}/" in message.body
    assert "Petra" not in message.body and "Gemeente Utrecht" not in message.body


def test_a_reassigned_lead_only_tells_its_current_owner(course):
    anna, bram = sales_team("Anna", "Bram")
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)
    sales.lead_assign_owner(lead=lead, owner=bram, user=bram)

    assert reminders.lead_owner_notify(lead_id=lead.pk, owner_id=anna.pk) == "skipped"
    assert mail.outbox == []


def test_a_person_assigning_a_lead_to_a_colleague_tells_the_colleague_but_not_themselves(course):
    anna, bram = sales_team("Anna", "Bram")
    lead_settings(assignment_enabled=False)
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)

    sales.lead_assign_owner(lead=lead, owner=anna, user=anna)
    sales.lead_assign_owner(lead=lead, owner=bram, user=anna)

    jobs = DBTaskResult.objects.filter(task_path__endswith="lead_owner_notify")
    assert [job.args_kwargs["kwargs"]["owner_id"] for job in jobs] == [bram.pk]


def owners_told() -> list[int]:
    return [
        job.args_kwargs["kwargs"]["owner_id"]
        for job in DBTaskResult.objects.filter(task_path__endswith="lead_owner_notify")
    ]


def test_whoever_releases_a_lead_from_spam_and_gets_it_is_not_mailed_about_their_own_click(client, course):
    (anna,) = sales_team("Anna")
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl", spam_reason="too_fast").lead_id)

    client.force_login(anna)
    client.post(reverse("leads_admin:release", args=[lead.pk]))

    lead.refresh_from_db()
    assert lead.owner == anna  # the rotation's pick
    assert owners_told() == []


def test_a_lead_released_by_someone_else_is_still_mailed_to_its_new_owner(client, course):
    anna, bram = sales_team("Anna", "Bram")
    course.sales_owner = anna
    course.save()
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl", spam_reason="too_fast").lead_id)

    client.force_login(bram)
    client.post(reverse("leads_admin:release", args=[lead.pk]))

    assert owners_told() == [anna.pk]


def test_assign_to_me_on_the_lead_page_sends_me_no_mail(client, course):
    anna, bram = sales_team("Anna", "Bram")
    lead_settings(assignment_enabled=False)
    lead = Lead.objects.get(pk=capture(course, "petra@gemeente-utrecht.nl").lead_id)

    client.force_login(bram)
    client.post(reverse("leads_admin:inspect", args=[lead.pk]), {"action": "assign_to_me"})

    lead.refresh_from_db()
    assert lead.owner == bram
    assert owners_told() == []


# --- Concurrency (PostgreSQL) -------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason="row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leads_captured_at_the_same_moment_never_go_to_the_same_person_by_a_race(course, monkeypatch):
    """Six captures start together; each pick is held open a while before its transaction commits.

    Without the rotation's row lock they would all read the same "last person" and pick the
    same next one; with it, each capture waits for the one before and the six go round the team.
    """
    sales_team("Anna", "Bram", "Cees")
    lead_settings()  # the settings row exists before the rush, as on a running site
    real_next = assignment.rotation_next

    def slow_next(**kwargs):
        pick = real_next(**kwargs)
        time.sleep(0.3)  # the window in which a racing capture would read the same rotation
        return pick

    monkeypatch.setattr(assignment, "rotation_next", slow_next)
    start = threading.Barrier(6, timeout=20)
    errors = []

    def visitor(number):
        try:
            start.wait()
            capture(course, f"tegelijk{number}@gemeente-utrecht.nl")
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    owners = Counter(Lead.objects.values_list("owner__first_name", flat=True))
    assert owners == {"Anna": 2, "Bram": 2, "Cees": 2}
