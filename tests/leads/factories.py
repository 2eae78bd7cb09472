"""Factories for the leads app: course pages with a brochure, and leads.

``course_site()`` builds the smallest site the funnel needs: the test site's home page
(``tests.home.factories.home_page``), the course overview and one course whose brochure
sits in a private collection.
"""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from leads.mailchimp import lead_queue_mailchimp_sync
from leads.models import BrochureRequest, ConsentRecord, CourseIndexPage, CoursePage, Lead, LeadActivity
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


TRACKED_EMAIL = "Jan.Jansen@Voorbeeld.nl"


def make_tracked_lead(*, email=TRACKED_EMAIL, consent=True, last_activity_at=None, **fields) -> Lead:
    """A lead whose request, consent and notes carry the person in every field a privacy test looks at."""
    lead = Lead.objects.create(
        email=email,
        email_key=email_key(email=email),
        first_name=fields.pop("first_name", "Jan"),
        last_name=fields.pop("last_name", "Jansen"),
        company=fields.pop("company", "Voorbeeld BV"),
        role=Lead.Role.BUYER,
        phone=fields.pop("phone", "+31 6 12345678"),
        marketing_consent=consent,
        last_activity_at=last_activity_at or timezone.now(),
        **fields,
    )
    request = BrochureRequest.objects.create(
        lead=lead,
        course_title="Inkoop van ICT",
        source_url="https://covalis.nl/blog/inkoop/?utm_campaign=najaar&email=jan.jansen%40voorbeeld.nl",
        landing_page="https://covalis.nl/blog/inkoop/?utm_source=linkedin&name=Jan",
        referrer="https://mail.example/inbox?user=jan.jansen@voorbeeld.nl",
        utm_source="linkedin",
        utm_campaign="najaar",
        ip_address="192.0.2.10",
        user_agent="Mozilla/5.0 Jan's laptop",
        submitted_details={"first_name": "Jan", "last_name": "Jansen", "company": "Voorbeeld BV", "phone": "12345678"},
    )
    if consent:
        ConsentRecord.objects.create(
            lead=lead,
            brochure_request=request,
            wording="Ja, stuur mij nieuws.",
            version="2026-11-v1",
            page_url="https://covalis.nl/blog/inkoop/?email=jan.jansen%40voorbeeld.nl",
        )
    LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.REQUEST, message="Inkoop van ICT")
    LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.NOTE, message="Jan belt terug op 06-12345678")
    return lead
