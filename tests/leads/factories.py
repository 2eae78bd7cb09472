"""Factories for the leads app: course pages with a brochure, and leads.

``course_site()`` builds the smallest site the funnel needs: a home page at the site
root, the course overview and one course whose brochure sits in a private collection.
"""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, Site

from home.models import ContentPage, HomePage
from leads.models import CourseIndexPage, CoursePage, Lead

PDF_BYTES = b"%PDF-1.4\n% Covalis test brochure\n%%EOF\n"


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Covalis"
    slug = "home"
    hero_title = "Trainingen die experts overtuigend maken"

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Artikelpagina {n}")

    class Meta:
        model = ContentPage


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


def home_page() -> HomePage:
    """The home page at the default site's root (replacing Wagtail's welcome page)."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    for default in Page.objects.filter(depth=2, content_type__model="page"):
        default.delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Covalis", "root_page": home},
    )
    return home


def course_site(**course_fields) -> CoursePage:
    """Home, course overview and one live course with a brochure; returns the course."""
    home = home_page()
    index = CourseIndexPage.objects.first() or CourseIndexPageFactory(parent=home)
    course_fields.setdefault("brochure", brochure_document())
    return CoursePageFactory(parent=index, **course_fields)


class LeadFactory(factory.django.DjangoModelFactory):
    first_name = "Sanne"
    last_name = "de Vries"
    email = factory.Sequence(lambda n: f"lead{n}@covalis-klant.nl")
    email_key = factory.LazyAttribute(lambda lead: lead.email.lower())
    company = "Gemeente Utrecht"
    role = Lead.Role.BUYER

    class Meta:
        model = Lead
