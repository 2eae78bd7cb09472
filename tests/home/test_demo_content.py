import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site


def _snapshot():
    return (
        list(Page.objects.order_by("path").values_list("path", "slug", "title", "live")),
        Revision.objects.count(),
    )


@pytest.mark.django_db
def test_loading_demo_content_twice_changes_nothing(capsys):
    call_command("load_demo_content")
    first = _snapshot()
    call_command("load_demo_content")
    assert _snapshot() == first


@pytest.mark.django_db
def test_demo_home_page_is_served_at_root(client):
    call_command("load_demo_content")
    response = client.get("/")
    assert response.status_code == 200
    assert "Covalis" in response.content.decode()


@pytest.mark.django_db
def test_loading_demo_content_twice_adds_no_images_documents_or_snippets():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from blog.models import Author, BlogCategory
    from leads.models import Testimonial

    models = [get_image_model(), get_document_model(), Author, BlogCategory, Testimonial]
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = [model.objects.count() for model in models]
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in models] == first
    # 5 site images, one per course and article, 3 portraits; one brochure per course.
    assert first[:2] == [5 + 6 + 12 + 3, 7]


@pytest.mark.django_db
def test_demo_brochure_pdf_has_several_pages_of_dutch_text():
    from leads.models import CoursePage

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    brochure = CoursePage.objects.get(slug="adviesvaardigheden-voor-experts").brochure
    with brochure.file.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page(?!s)", pdf)) >= 2


@pytest.mark.django_db
def test_demo_settings_link_the_privacy_statement(client):
    from website.models import OrganisationSettings

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    assert organisation.privacy_page.url == "/privacy/"
    assert organisation.logo and organisation.default_share_image and organisation.email


@pytest.fixture
def demo(demo_site):
    from blog.models import ArticlePage
    from leads.models import CoursePage

    return {
        "courses": list(CoursePage.objects.live().select_related("brochure__collection").prefetch_related("dates")),
        "articles": list(ArticlePage.objects.live().select_related("author__photo").prefetch_related("categories")),
    }


def test_demo_has_courses_in_every_format_with_prices_places_and_dates(demo):
    courses = demo["courses"]
    assert len(courses) >= 6
    assert {course.course_format for course in courses} == {"klassikaal", "online", "hybride", "incompany"}
    assert len({course.price_excl_vat for course in courses}) >= 5
    assert len({date.location for course in courses for date in course.dates.all()}) >= 4
    availability = [date.availability for course in courses for date in course.dates.all()]
    assert "full" in availability and "almost_full" in availability
    for course in courses:
        assert course.learning_outcomes and course.faq and len(course.testimonials) >= 2, course.slug


def test_every_demo_course_has_its_own_private_brochure_of_several_pages(demo):
    brochures = [course.brochure for course in demo["courses"]]
    assert len({brochure.pk for brochure in brochures}) == len(brochures)
    for brochure in brochures:
        assert brochure.collection.name == "Brochures"
        with brochure.file.open("rb") as handle:
            pdf = handle.read()
        # A cover, the programme and the practical information, at least.
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page(?!s)", pdf)) >= 3, brochure.title


def test_demo_articles_cover_categories_and_authors_with_portraits(demo):
    articles = demo["articles"]
    assert len(articles) >= 12
    assert len({category.slug for article in articles for category in article.categories.all()}) >= 4
    authors = {article.author for article in articles}
    assert len(authors) >= 3 and all(author.photo for author in authors)


def test_every_demo_article_leads_to_a_course_with_its_call_to_action_and_brochure_form(demo):
    for article in demo["articles"]:
        kinds = [block.block_type for block in article.body]
        assert "course_cta" in kinds and "brochure_form" in kinds, article.slug
        assert article.related_course_id, article.slug


def test_demo_home_page_features_courses_and_testimonials(demo_site):
    home = demo_site.root_page.specific
    assert len(home.featured_courses) >= 3
    assert len(home.testimonials) >= 3


def test_demo_blog_has_more_than_one_page_of_articles(client, demo_site):
    from bs4 import BeautifulSoup

    first = BeautifulSoup(client.get("/blog/").content, "html.parser")
    assert first.find("a", rel="next")["href"] == "?pagina=2"
    second = BeautifulSoup(client.get("/blog/?pagina=2").content, "html.parser")
    assert second.select(".card") and not set(second.select(".card__link")) & set(first.select(".card__link"))


@pytest.mark.django_db
def test_demo_content_loads_no_sales_history():
    from leads.models import Lead, PageDailyCount

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Lead.objects.exists() and not PageDailyCount.objects.exists()


def test_every_demo_page_is_valid_as_an_editor_would_have_to_save_it(demo_site):
    """The loader skips Wagtail's validation to load quickly; the content must pass it anyway."""
    from wagtail.models import Page

    pages = Page.objects.live().descendant_of(demo_site.root_page, inclusive=True).specific()
    assert len(pages) >= 25
    for page in pages:
        page.full_clean()
        assert page.live_revision_id and not page.has_unpublished_changes, page.url_path
