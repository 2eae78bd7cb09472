"""The demo content: Covalis' home page, its article and its course.

Every object is looked up by a stable key (slug, title) and created only when
missing, so loading twice changes nothing.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, Site
from wagtail.search import index as search_index

from blog.models import ArticlePage, Author, BlogCategory, BlogIndexPage
from home import demo_article as article_text
from home import demo_media, demo_text
from home.models import ContentPage, HomePage, SearchPage
from leads.insight.demo import demo_counts_load
from leads.models import CourseDate, CourseIndexPage, CoursePage, Testimonial
from website.models import OrganisationSettings


def _ensure_home() -> tuple[HomePage, bool]:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home:
        return home, False
    home = HomePage(title="Covalis", slug="home", hero_title=demo_text.HOME["hero_title"])
    # Wagtail's installer leaves a "Welcome" page at the site root; replace it.
    for default in Page.objects.filter(depth=2, content_type__model="page"):
        default.delete()
    root.refresh_from_db()
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Covalis", "root_page": home},
    )
    return home, True


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> tuple[Page, bool]:
    """The published child of ``parent`` at ``slug``, created with ``fields`` when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    relations = {key: fields.pop(key) for key in ("categories", "tags") if key in fields}
    page = model(slug=slug, **fields)
    if "categories" in relations:
        page.categories = relations["categories"]
    parent.add_child(instance=page)
    if "tags" in relations:
        page.tags.add(*relations["tags"])
    page.save_revision().publish()
    return page, True


def _image(title: str, filename: str, draw: Callable[[], bytes]):
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        image = image_model(title=title, file=ImageFile(ContentFile(draw()), name=filename))
        image.save()
    return image


def _brochure_collection() -> Collection:
    """The private "Brochures" collection: Wagtail never serves its documents to visitors."""
    collection = Collection.objects.filter(name="Brochures").first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name="Brochures")
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.LOGIN}
    )
    return collection


def _brochure():
    document_model = get_document_model()
    document = document_model.objects.filter(title=demo_text.BROCHURE_TITLE).first()
    if document is None:
        pdf = demo_media.brochure_pdf(title=demo_text.COURSE_TITLE, sections=demo_text.BROCHURE_SECTIONS)
        document = document_model(
            title=demo_text.BROCHURE_TITLE,
            file=ContentFile(pdf, name="brochure-adviesvaardigheden-voor-experts.pdf"),
            collection=_brochure_collection(),
        )
        document.save()
    return document


def _stream(items) -> list[dict[str, Any]]:
    """StreamField data from ``(block type, value)`` pairs; a heading may be given as its text."""
    stream = []
    for kind, value in items:
        if kind == "heading" and isinstance(value, str):
            value = {"text": value, "level": "h2"}
        stream.append({"type": kind, "value": value})
    return stream


def _course(parent: CourseIndexPage, image) -> tuple[CoursePage, bool]:
    course = CoursePage.objects.child_of(parent).filter(slug=demo_text.COURSE_SLUG).first()
    if course:
        return course, False
    testimonials = [
        Testimonial.objects.get_or_create(name=item["name"], defaults=item)[0] for item in demo_text.TESTIMONIALS
    ]
    fields = dict(demo_text.COURSE)
    course = CoursePage(
        title=demo_text.COURSE_TITLE,
        slug=demo_text.COURSE_SLUG,
        hero_image=image,
        brochure=_brochure(),
        show_in_menus=False,
        **{key: value for key, value in fields.items() if key != "learning_outcomes"},
        learning_outcomes=_stream(("outcome", outcome) for outcome in fields["learning_outcomes"]),
        body=_stream(demo_text.COURSE_BODY),
        testimonials=_stream(("testimonial", item.pk) for item in testimonials),
        faq=_stream(("item", {"question": question, "answer": answer}) for question, answer in demo_text.COURSE_FAQ),
    )
    course.dates = [
        CourseDate(start_date=start, end_date=end, location=location, note=note)
        for start, end, location, note in demo_text.COURSE_DATES
    ]
    parent.add_child(instance=course)
    course.save_revision().publish()
    return course, True


def _article(blog: BlogIndexPage, course: CoursePage, image) -> tuple[ArticlePage, bool]:
    author, _created = Author.objects.get_or_create(name=article_text.AUTHOR, defaults={"role": "Redactie"})
    category, _created = BlogCategory.objects.get_or_create(
        slug=demo_text.CATEGORY["slug"], defaults={"name": demo_text.CATEGORY["name"]}
    )
    body = [
        *_stream((kind, text if kind == "heading" else f"<p>{escape(text)}</p>") for kind, text in article_text.BODY),
        {"type": "course_cta", "value": {"course": course.pk, "text": article_text.COURSE_CTA}},
        {"type": "brochure_form", "value": {"course": course.pk, "heading": "", "intro": ""}},
    ]
    return _child(
        blog,
        ArticlePage,
        article_text.SLUG,
        title=article_text.TITLE,
        date=article_text.DATE,
        author=author,
        hero_image=image,
        hero_caption=article_text.HERO_CAPTION,
        hero_credit=article_text.HERO_CREDIT,
        search_description=article_text.SEARCH_DESCRIPTION,
        body=body,
        related_course=course,
        categories=[category],
        tags=demo_text.ARTICLE_TAGS,
    )


def _content_page(home: HomePage, spec: dict[str, Any], *, in_menu: bool) -> tuple[Page, bool]:
    return _child(
        home,
        ContentPage,
        spec["slug"],
        title=spec["title"],
        intro=spec["intro"],
        body=_stream(spec["body"]),
        show_in_menus=in_menu,
    )


def _fill_home(home: HomePage, *, course: CoursePage, image) -> bool:
    """Dress the home page once; a home page that already has a hero image is left alone."""
    home = home.specific
    if home.hero_image_id:
        return False
    for key, value in demo_text.HOME.items():
        setattr(home, key, value)
    home.hero_image = image
    home.hero_cta_page = course.get_parent()
    home.featured_courses = [{"type": "course", "value": course.pk}]
    home.body = [{"type": "brochure_form", "value": {"course": course.pk, "heading": "", "intro": ""}}]
    home.save_revision().publish()
    return True


def _fill_settings(site: Site, *, privacy: Page, about: Page, contact: Page, logo, share_image) -> bool:
    """Fill the organisation settings once (when no e-mail address is set yet)."""
    organisation = OrganisationSettings.for_site(site)
    if organisation.email:
        return False
    for key, value in demo_text.ORGANISATION.items():
        setattr(organisation, key, value)
    organisation.logo = logo
    organisation.default_share_image = share_image
    organisation.privacy_page = privacy
    organisation.footer_links = [
        {"type": "link", "value": {"text": "", "page": page.pk, "external_url": ""}} for page in (about, contact)
    ]
    organisation.save()
    return True


def load() -> list[str]:
    report = []
    home, created = _ensure_home()
    report.append(f"Home page: {'created' if created else 'up to date'}")
    site = Site.objects.get(root_page=home)

    picture = demo_media.picture_jpeg
    hero = _image("Ouders en puber", "ouderlijk-advies.jpg", partial(picture, width=1200, height=675, seed=1))
    course_image = _image("Adviesgesprek", "adviesgesprek.jpg", partial(picture, width=1200, height=675, seed=2))
    home_image = _image("Training in Utrecht", "training.jpg", partial(picture, width=1600, height=900, seed=3))
    share_image = _image("Covalis", "covalis-delen.jpg", partial(picture, width=1200, height=630, seed=4))
    logo = _image("Logo Covalis", "covalis-logo.png", demo_media.logo_png)

    index, created = _child(
        home,
        CourseIndexPage,
        "trainingen",
        title=demo_text.COURSE_INDEX["title"],
        intro=demo_text.COURSE_INDEX["intro"],
        show_in_menus=True,
    )
    course, created = _course(index, course_image)
    report.append(f"Course: {'created' if created else 'up to date'}")
    blog, _created = _child(
        home, BlogIndexPage, "blog", title=demo_text.BLOG["title"], intro=demo_text.BLOG["intro"], show_in_menus=True
    )
    article, created = _article(blog, course, hero)
    report.append(f"Article: {'created' if created else 'up to date'}")
    about, _created = _content_page(home, demo_text.ABOUT, in_menu=True)
    contact, _created = _content_page(home, demo_text.CONTACT, in_menu=True)
    _child(home, SearchPage, "zoeken", title="Zoeken", show_in_menus=True)
    privacy, _created = _content_page(home, demo_text.PRIVACY, in_menu=False)

    # The search index is normally brought up to date by the task worker; the demo
    # must be searchable as soon as it is loaded, worker or not.
    for page in (article, course, about, contact, privacy):
        search_index.insert_or_update_object(page.specific)

    if _fill_home(home, course=course, image=home_image):
        report.append("Home page: filled in")
    if _fill_settings(site, privacy=privacy, about=about, contact=contact, logo=logo, share_image=share_image):
        report.append("Organisation settings: filled in")
    # Months of page counts for the content performance report (leads.insight.demo), after
    # every page exists; added once.
    report.append(demo_counts_load())
    return report
