"""Factories for the leads app: course pages with a brochure, and leads.

``course_site()`` builds the smallest site the funnel needs: the test site's home page
(``tests.home.factories.home_page``), the course overview and one course whose brochure
sits in a private collection.
"""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from leads.mailchimp import lead_queue_mailchimp_sync
from leads.models import BrochureRequest, CourseIndexPage, CoursePage, Lead
from leads.services import email_key
from tests.home.factories import home_page

PDF_BYTES = b"%PDF-1.4\n% Covalis test brochure\n%%EOF\n"


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Trainingen"
    slug = "trainingen"

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Adviesvaardigheden {n}")
    intro = "Overtuigend adviseren als expert."
    thank_you_title = "Bedankt! Uw brochure staat klaar"

    class Meta:
        model = CoursePage


def private_collection(name: str = "Brochures") -> Collection:
    """A collection only logged-in users may see: brochures are only sent through signed links."""
    collection = Collection.objects.filter(name=name).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=name)
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def brochure_document(title: str = "Brochure", filename: str = "brochure.pdf"):
    document = get_document_model()(title=title, collection=private_collection())
    document.file.save(filename, ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def course_index():
    """The course overview under the test site's home page, made once per test."""
    return CourseIndexPage.objects.first() or CourseIndexPageFactory(parent=home_page())


def course_site(**course_fields) -> CoursePage:
    """Home, course overview and one live course with a brochure; returns the course."""
    course_fields.setdefault("brochure", brochure_document())
    return CoursePageFactory(parent=course_index(), **course_fields)


class LeadFactory(factory.django.DjangoModelFactory):
    first_name = "Sanne"
    last_name = "de Vries"
    email = factory.Sequence(lambda n: f"lead{n}@covalis-klant.nl")
    email_key = factory.LazyAttribute(lambda lead: email_key(email=lead.email))
    company = "Gemeente Utrecht"
    role = Lead.Role.BUYER

    class Meta:
        model = Lead


def make_course(*, slug: str = "projectmanagement", tags: str = "", journey: tuple[int, int] | None = None):
    """A live course in the course overview, with the Mailchimp tags and journey it sends leads to."""
    return CoursePageFactory(
        parent=course_index(),
        title=f"Training {slug}",
        slug=slug,
        intro="Een training.",
        mailchimp_tags=tags,
        mailchimp_journey_id=journey[0] if journey else None,
        mailchimp_journey_step_id=journey[1] if journey else None,
    )


def make_lead(
    *,
    email: str = "Anna.de.Vries@covalis-klant.nl",
    consent: bool = True,
    courses=(),
    queue: bool = True,
    ip_address: str = "192.0.2.10",
    **fields,
):
    """A lead with one brochure request per course, queued for Mailchimp like the form does."""
    values = {
        "first_name": "Anna",
        "last_name": "de Vries",
        "company": "Gemeente Utrecht",
        "role": Lead.Role.BUYER,
        "phone": "+31 30 123 4567",
        **fields,
    }
    with transaction.atomic():
        lead = Lead.objects.create(email=email, email_key=email_key(email=email), marketing_consent=consent, **values)
        for course in courses:
            BrochureRequest.objects.create(lead=lead, course=course, course_title=course.title, ip_address=ip_address)
        if queue:
            lead_queue_mailchimp_sync(lead=lead)
    return lead
