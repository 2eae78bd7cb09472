"""The demo content: Covalis' home page, courses, articles, authors and pages.

Every object is looked up by a stable key (slug, title, name) and created only when
missing, so loading twice changes nothing. Pictures, portraits and brochures are drawn
by code (``demo_media``), once per object. The sales history is separate
(``demo_history``, ``load_demo_content --history``): tests that only need pages stay fast.
"""

import datetime
import io
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape, strip_tags
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, Revision, Site
from wagtail.search import index as search_index

from blog.models import ArticlePage, Author, BlogCategory, BlogIndexPage
from home import demo_article as article_text
from home import demo_articles, demo_courses, demo_media, demo_text
from home.models import ContentPage, HomePage, SearchPage
from leads.models import CourseDate, CourseIndexPage, CoursePage, Testimonial
from website.models import OrganisationSettings
from website.templatetags.format_tags import euro


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
    """The published child of ``parent`` at ``slug``, created with ``fields`` when missing.

    Created live with one revision, as publishing would leave it, but without Wagtail's
    publish action and full validation: the action's signals purge caches and queue jobs a
    fresh demo has no use for, and validating every block of every page on every load
    doubled the time tests spend loading the demo. Wagtail saves a page that is not live
    with only its title and slug checked; the page goes live right after. The demo's pages
    are validated once, by a test (``tests/home/test_demo_content.py``).
    """
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    relations = {key: fields.pop(key) for key in ("categories", "tags", "related_articles") if key in fields}
    dates = fields.pop("dates", None)
    now = timezone.now()
    page = model(slug=slug, live=False, first_published_at=now, last_published_at=now, **fields)
    for key in ("categories", "related_articles"):
        if key in relations:
            setattr(page, key, relations[key])
    if dates is not None:
        page.dates = dates
    if "tags" in relations:
        page.tags.add(*relations["tags"])  # kept with the unsaved page, saved with it
    parent.add_child(instance=page)
    page.live = True
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
    )
    Page.objects.filter(pk=page.pk).update(
        live=True,
        latest_revision=revision,
        live_revision=revision,
        latest_revision_created_at=revision.created_at,
        has_unpublished_changes=False,
    )
    return page, True


_DRAWN: dict[tuple, bytes] = {}


def _drawn(key: tuple, draw: Callable[[], bytes]) -> Callable[[], bytes]:
    """``draw``, remembered for this process: tests load the demo again and again."""

    def cached() -> bytes:
        if key not in _DRAWN:
            _DRAWN[key] = draw()
        return _DRAWN[key]

    return cached


def _image(title: str, filename: str, draw: Callable[[], bytes]):
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        data = _drawn((filename,), draw)()
        with PILImage.open(io.BytesIO(data)) as drawn:  # reads the header only
            width, height = drawn.size
        # With the size given, Wagtail need not open the file again to measure it.
        image = image_model(title=title, file=ImageFile(ContentFile(data), name=filename), width=width, height=height)
        image.save()
    return image


def _picture(title: str, slug: str, seed: int):
    return _image(title, f"{slug}.jpg", partial(demo_media.picture_jpeg, width=1200, height=675, seed=seed))


def _brochure_collection() -> Collection:
    """The private "Brochures" collection: Wagtail never serves its documents to visitors."""
    collection = Collection.objects.filter(name="Brochures").first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name="Brochures")
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.LOGIN}
    )
    return collection


def _brochure(title: str, filename: str, draw: Callable[[], bytes]):
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    if document is None:
        pdf = _drawn((filename, timezone.localdate()), draw)()  # dates are weeks from today
        document = document_model(title=title, file=ContentFile(pdf, name=filename), collection=_brochure_collection())
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


def _testimonials(items: list[dict[str, str]]) -> list[Testimonial]:
    return [Testimonial.objects.get_or_create(name=item["name"], defaults=item)[0] for item in items]


def _text_lines(html: str) -> list[str]:
    """Rich text as brochure paragraphs: one per paragraph, list items as "- " lines."""
    html = re.sub(r"<li>", "\n- ", html)
    html = re.sub(r"</(p|li|ul|ol)>", "\n", html)
    return [line.strip() for line in strip_tags(html).split("\n") if line.strip()]


def _start(today: datetime.date, weeks: int) -> datetime.date:
    """A Tuesday ``weeks`` from ``today``: demo courses start on Tuesdays."""
    day = today + datetime.timedelta(weeks=weeks)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def _course_dates(spec: dict[str, Any], today: datetime.date) -> list[CourseDate]:
    dates = []
    for weeks, length, location, availability, note in spec["dates"]:
        start = _start(today, weeks)
        dates.append(
            CourseDate(
                start_date=start,
                end_date=start + datetime.timedelta(days=length) if length else None,
                location=location,
                availability=availability,
                note=note,
            )
        )
    return dates


def _first_course(parent: CourseIndexPage, image) -> tuple[CoursePage, bool]:
    """The original demo course, whose words the tests pin (``demo_text``)."""
    course = CoursePage.objects.child_of(parent).filter(slug=demo_text.COURSE_SLUG).first()
    if course:
        return course, False
    fields = dict(demo_text.COURSE)
    facts = [
        ("Vorm", CoursePage.visitor_format_label(fields["course_format"])),
        ("Duur", fields["duration"]),
        ("Locatie", fields["location"]),
        ("Investering", f"{euro(fields['price_excl_vat'])} excl. btw per deelnemer"),
    ]
    brochure = _brochure(
        demo_text.BROCHURE_TITLE,
        "brochure-adviesvaardigheden-voor-experts.pdf",
        partial(
            demo_media.brochure_pdf,
            title=demo_text.COURSE_TITLE,
            subtitle=fields["subtitle"],
            facts=facts,
            sections=demo_text.BROCHURE_SECTIONS,
        ),
    )
    dates = [
        CourseDate(
            start_date=start,
            end_date=end,
            location=location,
            note=note,
            availability=CourseDate.Availability.ALMOST_FULL if note else CourseDate.Availability.OPEN,
        )
        for start, end, location, note in demo_text.COURSE_DATES
    ]
    return _child(
        parent,
        CoursePage,
        demo_text.COURSE_SLUG,
        title=demo_text.COURSE_TITLE,
        hero_image=image,
        brochure=brochure,
        show_in_menus=False,
        **{key: value for key, value in fields.items() if key != "learning_outcomes"},
        learning_outcomes=_stream(("outcome", outcome) for outcome in fields["learning_outcomes"]),
        body=_stream(demo_text.COURSE_BODY),
        testimonials=_stream(("testimonial", item.pk) for item in _testimonials(demo_text.TESTIMONIALS)),
        faq=_stream(("item", {"question": q, "answer": a}) for q, a in demo_text.COURSE_FAQ),
        dates=dates,
    )


def _course_brochure_pdf(spec: dict[str, Any], dates: list[CourseDate]) -> bytes:
    """Cover, "Over de training", "Het programma" and "Praktische informatie"."""
    price = (
        f"{euro(spec['price_excl_vat'])} excl. btw per deelnemer"
        if spec["price_excl_vat"] is not None
        else "Op aanvraag, na een intakegesprek"
    )
    where = spec["location"] or "Bij u op locatie of in een zaal naar keuze"
    facts = [
        ("Vorm", CoursePage.visitor_format_label(spec["course_format"])),
        ("Duur", spec["duration"]),
        ("Locatie", where),
        ("Investering", price),
    ]
    date_lines = [
        f"- {date.start_date:%d-%m-%Y}, {date.location}" + (f" ({date.note})" if date.note else "") for date in dates
    ] or ["- In overleg: we plannen de data samen met u."]
    sections = [
        (
            "Over de training",
            [
                spec["intro"],
                "## Voor wie",
                *_text_lines(spec["audience"]),
                "## Wat u leert",
                *(f"- {outcome}" for outcome in spec["learning_outcomes"]),
            ],
        ),
        (
            "Het programma",
            [
                *(line for title, text in spec["programme"] for line in (f"## {title}", text)),
                "",
                f"\u201c{spec['quote'][0]}\u201d - {spec['quote'][1]}",
            ],
        ),
        (
            "Praktische informatie",
            [
                "## Vorm en duur",
                f"{facts[0][1]}, {spec['duration']}. Locatie: {where}.",
                "## Startdata",
                *date_lines,
                "## Investering",
                price
                + (". Inclusief lesmateriaal en, bij klassikale dagen, lunch." if spec["price_excl_vat"] else "."),
                "## Aanmelden en vragen",
                "Meld u aan via covalis.nl of neem contact op: info@covalis.nl, 030 123 45 67. Wij helpen u graag.",
            ],
        ),
    ]
    return demo_media.brochure_pdf(title=spec["title"], subtitle=spec["subtitle"], facts=facts, sections=sections)


def _course(parent: CourseIndexPage, spec: dict[str, Any], today: datetime.date) -> tuple[CoursePage, bool]:
    existing = CoursePage.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    dates = _course_dates(spec, today)
    programme = "".join(f"<li><b>{escape(title)}.</b> {escape(text)}</li>" for title, text in spec["programme"])
    quote, attribution = spec["quote"]
    return _child(
        parent,
        CoursePage,
        spec["slug"],
        title=spec["title"],
        subtitle=spec["subtitle"],
        intro=spec["intro"],
        search_description=spec["search_description"],
        audience=spec["audience"],
        learning_outcomes=_stream(("outcome", outcome) for outcome in spec["learning_outcomes"]),
        course_format=spec["course_format"],
        duration=spec["duration"],
        location=spec["location"],
        price_excl_vat=spec["price_excl_vat"],
        mailchimp_tags=spec["mailchimp_tags"],
        hero_image=_picture(spec["title"], spec["slug"], spec["picture"]),
        brochure=_brochure(
            f"Brochure {spec['title']}", f"brochure-{spec['slug']}.pdf", partial(_course_brochure_pdf, spec, dates)
        ),
        body=_stream(
            [
                ("heading", "Het programma"),
                ("paragraph", f"<ol>{programme}</ol>"),
                ("quote", {"text": quote, "attribution": attribution}),
            ]
        ),
        testimonials=_stream(("testimonial", item.pk) for item in _testimonials(spec["testimonials"])),
        faq=_stream(("item", {"question": q, "answer": a}) for q, a in spec["faq"]),
        form_heading=demo_text.COURSE["form_heading"],
        form_intro=demo_text.COURSE["form_intro"],
        thank_you_title=demo_text.COURSE["thank_you_title"],
        thank_you_text=demo_text.COURSE["thank_you_text"],
        dates=dates,
        show_in_menus=False,
    )


def _funnel_blocks(course: CoursePage, text: str = "") -> list[dict[str, Any]]:
    """The end of every demo article: a call-to-action to its course and the brochure form."""
    return [
        {"type": "course_cta", "value": {"course": course.pk, "text": text}},
        {"type": "brochure_form", "value": {"course": course.pk, "heading": "", "intro": ""}},
    ]


def _authors() -> dict[str, Author]:
    """The seed's author "Covalis" (the logo as picture) and the three trainers with portraits."""
    authors = {}
    logo = _image("Logo Covalis", "covalis-logo.png", demo_media.logo_png)
    author, created = Author.objects.get_or_create(
        name=article_text.AUTHOR, defaults={"role": "Redactie", "photo": logo}
    )
    authors[author.name] = author
    for name, role, style in demo_articles.AUTHORS:
        author = Author.objects.filter(name=name).first()
        if author is None:
            portrait = _image(
                f"Portret {name}",
                f"portret-{name.lower().replace(' ', '-')}.jpg",
                partial(demo_media.portrait_jpeg, style=style),
            )
            author = Author.objects.create(name=name, role=role, photo=portrait)
        authors[name] = author
    return authors


def _categories() -> dict[str, BlogCategory]:
    return {
        slug: BlogCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in demo_articles.CATEGORIES
    }


def _seed_article(blog: BlogIndexPage, course: CoursePage, image, author, category) -> tuple[ArticlePage, bool]:
    body = [
        *_stream((kind, text if kind == "heading" else f"<p>{escape(text)}</p>") for kind, text in article_text.BODY),
        *_funnel_blocks(course, article_text.COURSE_CTA),
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


def _articles(blog, *, courses, authors, categories) -> list[tuple[ArticlePage, bool]]:
    """The twelve articles, oldest first: each relates to up to two older ones of its category."""
    results = []
    by_category: dict[str, list[ArticlePage]] = {}
    for spec in sorted(demo_articles.ARTICLES, key=lambda item: item["date"]):
        course = courses[spec["course"]]
        related = list(dict.fromkeys(a for slug in spec["categories"] for a in by_category.get(slug, [])))[-2:]
        article, created = _child(
            blog,
            ArticlePage,
            spec["slug"],
            title=spec["title"],
            date=spec["date"],
            author=authors[spec["author"]],
            intro=spec["intro"],
            hero_image=_picture(spec["title"], spec["slug"], spec["picture"]),
            search_description=spec["search_description"],
            body=[*_stream(spec["body"]), *_funnel_blocks(course)],
            related_course=course,
            categories=[categories[slug] for slug in spec["categories"]],
            tags=spec["tags"],
            related_articles=related,
        )
        for slug in spec["categories"]:
            by_category.setdefault(slug, []).append(article)
        results.append((article, created))
    return results


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


def _fill_home(home: HomePage, *, courses: dict[str, CoursePage], index: CourseIndexPage, image) -> bool:
    """Dress the home page once; a home page that already has a hero image is left alone."""
    home = home.specific
    if home.hero_image_id:
        return False
    for key, value in demo_text.HOME.items():
        setattr(home, key, value)
    home.hero_image = image
    home.hero_cta_page = index
    home.featured_courses = [{"type": "course", "value": courses[slug].pk} for slug in demo_courses.FEATURED]
    testimonials = {item.name: item for item in Testimonial.objects.filter(name__in=demo_courses.HOME_TESTIMONIALS)}
    home.testimonials = [
        {"type": "testimonial", "value": testimonials[name].pk} for name in demo_courses.HOME_TESTIMONIALS
    ]
    main_course = courses[demo_text.COURSE_SLUG]
    home.body = [{"type": "brochure_form", "value": {"course": main_course.pk, "heading": "", "intro": ""}}]
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
    today = timezone.localdate()
    home, created = _ensure_home()
    report.append(f"Home page: {'created' if created else 'up to date'}")
    site = Site.objects.get(root_page=home)

    picture = demo_media.picture_jpeg
    hero = _image("Ouders en puber", "ouderlijk-advies.jpg", partial(picture, width=1200, height=675, seed=1))
    course_image = _image("Adviesgesprek", "adviesgesprek.jpg", partial(picture, width=1200, height=675, seed=2))
    home_image = _image("Training in Utrecht", "training.jpg", partial(picture, width=1600, height=900, seed=3))
    share_image = _image("Covalis", "covalis-delen.jpg", partial(picture, width=1200, height=630, seed=4))
    logo = _image("Logo Covalis", "covalis-logo.png", demo_media.logo_png)

    index, _created = _child(
        home,
        CourseIndexPage,
        "trainingen",
        title=demo_text.COURSE_INDEX["title"],
        intro=demo_text.COURSE_INDEX["intro"],
        search_description=demo_text.COURSE_INDEX["search_description"],
        show_in_menus=True,
    )
    course, created = _first_course(index, course_image)
    courses = {course.slug: course}
    created_pages = [course] if created else []
    for spec in demo_courses.COURSES:
        other, created = _course(index, spec, today)
        courses[other.slug] = other
        created_pages += [other] if created else []
    new_courses = len(created_pages)
    report.append(f"Courses: {new_courses} created, {len(courses) - new_courses} up to date")

    blog, _created = _child(
        home,
        BlogIndexPage,
        "blog",
        title=demo_text.BLOG["title"],
        intro=demo_text.BLOG["intro"],
        search_description=demo_text.BLOG["search_description"],
        show_in_menus=True,
    )
    authors = _authors()
    categories = _categories()
    seed, created = _seed_article(
        blog, course, hero, authors[article_text.AUTHOR], categories[demo_text.CATEGORY["slug"]]
    )
    articles = [(seed, created), *_articles(blog, courses=courses, authors=authors, categories=categories)]
    new_articles = sum(created for _article, created in articles)
    report.append(f"Articles: {new_articles} created, {len(articles) - new_articles} up to date")

    about, created_about = _content_page(home, demo_text.ABOUT, in_menu=True)
    contact, created_contact = _content_page(home, demo_text.CONTACT, in_menu=True)
    _child(home, SearchPage, "zoeken", title="Zoeken", show_in_menus=True)
    privacy, created_privacy = _content_page(home, demo_text.PRIVACY, in_menu=False)

    # The search index is normally brought up to date by the task worker; the demo
    # must be searchable as soon as it is loaded, worker or not.
    created_pages += [page for page, created in articles if created]
    for page, created in ((about, created_about), (contact, created_contact), (privacy, created_privacy)):
        if created:
            created_pages.append(page)
    for page in created_pages:
        search_index.insert_or_update_object(page.specific)

    if _fill_home(home, courses=courses, index=index, image=home_image):
        report.append("Home page: filled in")
    if _fill_settings(site, privacy=privacy, about=about, contact=contact, logo=logo, share_image=share_image):
        report.append("Organisation settings: filled in")
    return report
