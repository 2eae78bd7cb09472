"""A small site built in code for the cache and query-budget tests.

Built without the demo content so these tests do not change when the demo does:
home, blog with articles, course overview with courses, a content page and search.
The home page and the Site come from the one site builder, ``tests.home.factories``.
"""

import io
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.rich_text import RichText

from blog.models import ArticlePage, Author, BlogIndexPage
from home.models import ContentPage, HomePage, SearchPage
from leads.models import CourseIndexPage, CoursePage
from tests.home.factories import home_page


def update_reference_index() -> None:
    """What the task worker does after each save: Wagtail updates its reference index in a task.

    Done directly, not by running ``db_worker``, which closes the database connection
    (and with it the test's transaction on PostgreSQL).
    """
    for page in Page.objects.filter(depth__gt=1).specific():
        ReferenceIndex.create_or_update_for_object(page)
    for author in Author.objects.all():
        ReferenceIndex.create_or_update_for_object(author)


def make_image(title: str, colour: str = "teal", size: tuple[int, int] = (1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def rich_article_body(images: list, course: CoursePage | None = None) -> list:
    """20 blocks: headings, paragraphs, quotes and the five images of a long article."""
    body = []
    for number in range(5):
        body.append(("heading", {"text": f"Tussenkop {number + 1}", "level": "h2"}))
        body.append(("paragraph", RichText(f"<p>Alinea {number + 1} over aanbesteden en <b>ICT</b>.</p>" * 3)))
        body.append(("image", {"image": images[number], "alt_text": f"Illustratie {number + 1}", "caption": ""}))
        if number < 4:
            body.append(("quote", {"text": "Een goede aanbesteding begint bij de vraag.", "attribution": "Jan"}))
        elif course is not None:
            body.append(("course_cta", {"course": course, "text": ""}))
        else:
            body.append(("paragraph", RichText("<p>Slot.</p>")))
    return body


@dataclass
class SiteTree:
    home: HomePage
    blog: BlogIndexPage
    courses: CourseIndexPage
    course: CoursePage
    article: ArticlePage
    content: ContentPage
    search: SearchPage
    author: Author
    images: list = field(default_factory=list)


def build_site(*, articles: int = 1) -> SiteTree:
    home = home_page(hero_title="Trainingen voor experts")
    images = [make_image(f"Beeld {number}") for number in range(5)]
    author = Author.objects.create(name="Ans de Vries", role="Trainer", photo=images[0])
    courses = publish(home, CourseIndexPage(title="Trainingen", slug="trainingen"))
    course = publish(
        courses,
        CoursePage(
            title="Aanbesteden voor ICT'ers",
            slug="aanbesteden",
            intro="Leer aanbesteden in drie dagen.",
            hero_image=images[1],
            duration="3 dagen",
        ),
    )
    blog = publish(home, BlogIndexPage(title="Blog", slug="blog"))
    article = None
    for number in range(articles):
        article = publish(
            blog,
            ArticlePage(
                title=f"Zo schrijft u een goed bestek {number}" if number else "Zo schrijft u een goed bestek",
                slug=f"bestek-{number}" if number else "bestek",
                intro="Een bestek dat leveranciers begrijpen.",
                author=author,
                hero_image=images[2],
                related_course=course,
                body=rich_article_body(images, course),
            ),
        )
    content = publish(home, ContentPage(title="Over ons", slug="over-ons", intro="Wie wij zijn."))
    search = publish(home, SearchPage(title="Zoeken", slug="zoeken"))
    update_reference_index()
    return SiteTree(
        home=home,
        blog=blog,
        courses=courses,
        course=course,
        article=article,
        content=content,
        search=search,
        author=author,
        images=images,
    )
