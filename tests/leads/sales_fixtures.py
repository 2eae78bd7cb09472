"""Users and leads for the sales desk tests (issue 6): a Sales user, a Marketing user, known leads."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.users.models import UserProfile

from leads.models import BrochureRequest, Lead
from tests.home.factories import ContentPageFactory, home_page
from tests.leads.factories import CoursePageFactory, LeadFactory, course_index


def make_user(username: str, *groups: str, **fields):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@covalis.nl", password="secret-pass", **fields
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    # The admin follows each user's language; these tests read it in English.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def add_request(lead: Lead, course, *, source_page=None, utm_campaign: str = "", at=None, **fields):
    return BrochureRequest.objects.create(
        lead=lead,
        course=course,
        course_title=course.title if course else "Verwijderde training",
        source_page=source_page,
        utm_campaign=utm_campaign,
        created_at=at or timezone.now(),
        **fields,
    )


@pytest.fixture
def sales_user(db):
    return make_user("sanne", "Sales", first_name="Sanne", last_name="Verkoop")


@pytest.fixture
def other_sales_user(db):
    return make_user("pieter", "Sales", first_name="Pieter", last_name="Bakker")


@pytest.fixture
def marketing_user(db):
    return make_user("mila", "Marketing", first_name="Mila", last_name="Marketing")


@pytest.fixture
def sales_client(client, sales_user):
    client.force_login(sales_user)
    return client


@pytest.fixture
def marketing_client(client, marketing_user):
    client.force_login(marketing_user)
    return client


@pytest.fixture
def courses(db):
    index = course_index()
    return {
        "advies": CoursePageFactory(parent=index, title="Adviesvaardigheden", slug="advies"),
        "onderhandelen": CoursePageFactory(parent=index, title="Onderhandelen", slug="onderhandelen"),
    }


@pytest.fixture
def articles(db):
    home = home_page()
    return {
        "inkoop": ContentPageFactory(parent=home, title="Slim inkopen", slug="slim-inkopen"),
        "ict": ContentPageFactory(parent=home, title="ICT en aanbesteden", slug="ict-aanbesteden"),
    }


@pytest.fixture
def known_leads(courses, articles, sales_user):
    """Three leads with known requests, statuses and owners (times relative to now)."""
    now = timezone.now()
    anna = LeadFactory(
        first_name="Anna",
        last_name="Jansen",
        email="anna@gemeente.nl",
        company="Gemeente Utrecht",
        role=Lead.Role.BUYER,
        status=Lead.Status.NEW,
        marketing_consent=True,
        mailchimp_state=Lead.MailchimpState.SYNCED,
    )
    add_request(
        anna,
        courses["advies"],
        source_page=articles["inkoop"],
        utm_campaign="voorjaar",
        at=now - datetime.timedelta(days=2),
    )
    bram = LeadFactory(
        first_name="Bram",
        last_name="de Boer",
        email="bram@zorggroep.nl",
        company="Zorggroep Noord",
        role=Lead.Role.ICT,
        status=Lead.Status.ENROLLED,
        owner=sales_user,
        mailchimp_state=Lead.MailchimpState.FAILED,
        mailchimp_error="HTTP 400: Member Exists",
    )
    add_request(bram, courses["onderhandelen"], source_page=articles["ict"], at=now - datetime.timedelta(days=20))
    add_request(
        bram,
        courses["advies"],
        source_page=articles["inkoop"],
        utm_campaign="najaar",
        at=now - datetime.timedelta(days=1),
    )
    spam = LeadFactory(
        first_name="Cheap",
        last_name="Pills",
        email="spam@example.com",
        company="Spam BV",
        role=Lead.Role.OTHER,
        is_spam=True,
        spam_reason="honeypot",
    )
    add_request(spam, courses["advies"], at=now - datetime.timedelta(days=3), is_spam=True)
    return {"anna": anna, "bram": bram, "spam": spam}
