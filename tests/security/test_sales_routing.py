"""Only sales managers decide where lead notifications go (issue 13.2).

Routing lead data is a sales decision: the course page's "notify sales" addresses and the
site-wide one in Settings → Leads and Mailchimp are shown and taken only for users with
the sales-routing permission (the "Sales managers" group, superusers). Every change of an
address is written to the audit log.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from leads.models import CoursePage, LeadSettings
from tests.leads.factories import course_site
from tests.leads.sales_fixtures import make_user
from tests.security.conftest import logged_in_client

pytestmark = pytest.mark.django_db

ROUTING_ACTION = "leads.sales_routing"
ATTACKER = "leads@evil.example"


@pytest.fixture
def course():
    course = course_site(title="Onderhandelen", sales_notification_emails="verkoop@covalis.nl")
    PageLogEntry.objects.filter(action=ROUTING_ACTION).delete()  # its creation: see the test below
    return course


def test_a_new_course_with_its_own_routing_is_logged(db):
    course = course_site(title="Inkoop", sales_notification_emails="inkoop@covalis.nl")

    entry = PageLogEntry.objects.get(page=course, action=ROUTING_ACTION)
    assert entry.data == {"old": [], "new": ["inkoop@covalis.nl"]}


@pytest.fixture
def sales_manager(db):
    """A marketer who is also the sales manager: edits pages and decides the routing."""
    make_user("sofie", "Marketing", "Sales managers")
    return logged_in_client("sofie", address="192.0.2.78")


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def publish_data(course: CoursePage, **changes) -> dict:
    """What the course's edit form sends when publishing, with ``changes`` typed in."""
    fields = {
        "title": course.title,
        "slug": course.slug,
        "intro": course.intro,
        "course_format": course.course_format,
        "vat_rate": "21.0",
        "dates": inline_formset([]),
        "audience": rich_text(""),
        "learning_outcomes": streamfield([]),
        "body": streamfield([]),
        "testimonials": streamfield([]),
        "faq": streamfield([]),
        "form_heading": course.form_heading,
        "thank_you_title": course.thank_you_title,
        "thank_you_text": rich_text(""),
        "brochure": str(course.brochure_id or ""),
        "comments": inline_formset([]),
        "action-publish": "publish",
        **changes,
    }
    return nested_form_data(fields)


def live_routing(course) -> str:
    return CoursePage.objects.get(pk=course.pk).sales_notification_emails


def test_a_marketer_does_not_see_the_notify_sales_field(marketer, course):
    response = marketer.get(edit_url(course))

    assert response.status_code == 200
    assert 'name="sales_notification_emails"' not in response.content.decode()
    assert 'name="sales_owner"' not in response.content.decode()  # who gets the course's leads
    assert "verkoop@covalis.nl" not in response.content.decode()


def test_a_marketer_cannot_redirect_the_notifications_with_a_crafted_post(marketer, course):
    response = marketer.post(
        edit_url(course), publish_data(course, intro="Nieuwe intro.", sales_notification_emails=ATTACKER)
    )

    assert response.status_code == 302, "the publish failed: the test would prove nothing"
    published = CoursePage.objects.get(pk=course.pk)
    assert published.intro == "Nieuwe intro."
    assert published.sales_notification_emails == "verkoop@covalis.nl"
    assert not PageLogEntry.objects.filter(page=course, action=ROUTING_ACTION).exists()


def test_a_sales_manager_changes_the_routing_and_the_audit_log_says_who(sales_manager, course):
    page = sales_manager.get(edit_url(course)).content.decode()
    assert 'name="sales_notification_emails"' in page
    assert 'name="sales_owner"' in page

    response = sales_manager.post(edit_url(course), publish_data(course, sales_notification_emails="team@covalis.nl"))

    assert response.status_code == 302
    assert live_routing(course) == "team@covalis.nl"
    entry = PageLogEntry.objects.get(page=course, action=ROUTING_ACTION)
    assert entry.user.username == "sofie"
    assert entry.data == {"old": ["verkoop@covalis.nl"], "new": ["team@covalis.nl"]}


def test_a_change_made_in_code_is_logged_too(course):
    course.sales_notification_emails = "verkoop@covalis.nl; extra@covalis.nl"
    course.save_revision().publish()

    entry = PageLogEntry.objects.get(page=course, action=ROUTING_ACTION)
    assert entry.data["new"] == ["verkoop@covalis.nl", "extra@covalis.nl"]


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/leads/leadsettings/{site.pk}/"


def settings_data(**changes) -> dict:
    fields = {
        "mailchimp_audience_id": "",
        "mailchimp_double_opt_in": "on",
        "retention_months": "24",
        "assignment_enabled": "on",
        "first_contact_hours": "4",
        "absences": inline_formset([]),
        **changes,
    }
    return nested_form_data(fields)


@pytest.fixture
def settings_editor(db):
    """May edit the Leads settings (audience, retention), but is no sales manager."""
    editors = Group.objects.create(name="Settings editors")
    managers = Group.objects.get(name="Sales managers")
    editors.permissions.set(managers.permissions.exclude(codename="change_sales_routing"))
    make_user("stan", "Settings editors")
    return logged_in_client("stan", address="192.0.2.79")


def test_the_site_wide_address_is_hidden_from_and_kept_against_a_settings_editor(settings_editor, course):
    LeadSettings.for_site(Site.objects.get(is_default_site=True))  # created as the site's default
    page = settings_editor.get(settings_url())
    assert page.status_code == 200
    assert 'name="sales_notification_email"' not in page.content.decode()

    data = settings_data(retention_months="12", sales_notification_email=ATTACKER)
    response = settings_editor.post(settings_url(), data)

    assert response.status_code == 302
    saved = LeadSettings.objects.get()
    assert saved.retention_months == 12
    assert saved.sales_notification_email == ""


def test_a_sales_manager_changes_the_site_wide_address_and_it_is_logged(sales_manager, course):
    response = sales_manager.post(settings_url(), settings_data(sales_notification_email="leads@covalis.nl"))

    assert response.status_code == 302
    assert LeadSettings.objects.get().sales_notification_email == "leads@covalis.nl"
    entry = ModelLogEntry.objects.get(action=ROUTING_ACTION)
    assert (entry.user.username, entry.data["new"]) == ("sofie", ["leads@covalis.nl"])


def test_an_administrator_can_give_the_routing_permission_in_the_group_editor(admin_client):
    managers = Group.objects.get(name="Sales managers")

    page = admin_client.get(reverse("wagtailusers_groups:edit", args=[managers.pk])).content.decode()

    assert "Can see and change where sales notifications go" in page
    assert "Can view the lead funnel report" in page
