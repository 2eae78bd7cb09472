"""The home page and simple content pages (privacy statement, about, contact)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from blog.models import ArticlePage, BlogIndexPage
from leads.blocks import StoryBlock
from leads.models import CourseIndexPage, CoursePage
from website import routing
from website.cache import site_wide
from website.models import BasePage, image_field, outside_private_sections
from website.text import query_text


class HomePageQuerySet(PageQuerySet):
    def select_for_update(self, *args, **kwargs):
        """Lock the page without its joined images: PostgreSQL cannot lock the nullable side of
        an outer join, and treebeard locks the parent row whenever a page is added under it."""
        return super().select_for_update(*args, **kwargs).select_related(None)


class HomePageManager(PageManager.from_queryset(HomePageQuerySet)):
    """Loads the home page with its hero image, button target and share image, and whether it is private.

    Wagtail fetches a site's root page itself (``site.root_page.specific``), so
    ``serve_select_related`` never applies to it; the home page is a singleton, so loading
    these with it everywhere costs nothing and saves every visitor two queries.
    """

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("hero_image", "hero_cta_page", "social_image")
            .annotate(**{routing.ROOT_RESTRICTED_ATTR: routing.root_page_restriction_flag()})
        )


class HomePage(BasePage):
    """The front door: a hero, featured courses, testimonials, the latest articles and a brochure form."""

    hero_title = models.CharField(_("hero title"), max_length=150)
    hero_intro = models.TextField(_("hero intro"), max_length=500, blank=True)
    hero_image = image_field(_("hero image"))
    hero_cta_text = models.CharField(_("button text"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("button links to"),
    )
    featured_courses = StreamField(
        [("course", blocks.PageChooserBlock(page_type="leads.CoursePage", label=_("Course")))],
        blank=True,
        verbose_name=_("featured courses"),
        help_text=_("Shown right below the hero, in this order. Four fill one row on a wide screen."),
    )
    testimonials = StreamField(
        [("testimonial", SnippetChooserBlock("leads.Testimonial", label=_("Testimonial")))],
        blank=True,
        verbose_name=_("testimonials"),
        help_text=_("Quotes from participants, shown below the featured courses. Three fill one row."),
    )
    latest_articles_heading = models.CharField(
        _("latest articles heading"), max_length=100, default="Laatste artikelen"
    )
    body = StreamField(
        StoryBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("Further content, e.g. a brochure download form for a course."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("featured_courses"),
        FieldPanel("testimonials"),
        FieldPanel("latest_articles_heading"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "leads.CourseIndexPage", "home.ContentPage", "home.SearchPage"]
    max_count = 1
    objects = HomePageManager()
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        # Lazy: a page-cache miss whose fragments are still cached runs none of these queries.
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = SimpleLazyObject(
            lambda: list(
                ArticlePage.objects.live()
                .filter(outside_private_sections())
                .select_related("hero_image", "author")
                .prefetch_related("hero_image__renditions", "categories")
                .order_by("-date", "-pk")[:3]
            )
        )
        context["featured_courses"] = SimpleLazyObject(self.featured_course_pages)
        # A child of the home page: kept with the menu, which changes when it does.
        context["blog_index"] = SimpleLazyObject(
            lambda: site_wide(
                request, "blog_index", lambda: BlogIndexPage.objects.live().descendant_of(self).first(), chrome=True
            )
        )
        return context

    def featured_course_pages(self) -> list[CoursePage]:
        """The chosen live courses in the editor's order, with what their cards show in four queries."""
        ids = [item["value"] for item in self.featured_courses.raw_data if item.get("value")]
        if not ids:
            return []
        courses = CoursePage.objects.live().filter(outside_private_sections()).filter(pk__in=ids).for_cards().in_bulk()
        return [courses[pk] for pk in ids if pk in courses]

    @cached_property
    def course_finder_links(self) -> list[tuple[str, str]]:
        """(label, URL) of the course overview filtered by each format, when the button leads there."""
        target = self.hero_cta_page
        if target is None or target.specific_class is not CourseIndexPage:
            return []
        return [(CoursePage.visitor_format_label(value), f"{target.url}?vorm={value}") for value in CoursePage.Format]

    def get_share_image(self):
        return self.social_image or self.hero_image


class ContentPage(BasePage):
    """A simple page of text: privacy statement, about, contact."""

    intro = models.TextField(_("intro"), max_length=600, blank=True)
    body = StreamField(StoryBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = _("content page")


class SearchPage(BasePage):
    """The site search at /zoeken/ over articles and courses."""

    cache_query_parameters = ("q", "pagina")

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "pages/search_page.html"
    per_page = 10
    kind_labels = {ArticlePage: _("Artikel"), CoursePage: _("Training")}

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Without control characters: PostgreSQL refuses a NUL (a 500) and they match nothing.
        query = query_text(request, "q", max_length=200)
        results = []
        page_obj = None
        # SQLite's full-text search fails on an unbalanced double quote (a 500): drop them.
        terms = query.replace('"', " ").strip()
        if terms:
            found = Page.objects.live().public().type(ArticlePage, CoursePage).search(terms)
            page_obj = Paginator(found, self.per_page).get_page(request.GET.get("pagina"))
            results = self._specific_results(page_obj.object_list)
        context.update(
            {
                "search_query": query,
                # A query of only quotes searches for nothing: 0 results, not a missing count.
                "result_count": page_obj.paginator.count if page_obj else 0,
                "results": results,
                "page_obj": page_obj,
                "query_prefix": urlencode({"q": query}) + "&" if query else "",
            }
        )
        return context

    def get_sitemap_urls(self, request=None):
        # Search results are not content: search engines should not list them.
        return []

    def _specific_results(self, pages) -> list[Page]:
        """The found pages as their own types, in search order, with one query per page type."""
        ids = [page.pk for page in pages]
        specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
        results = [specific[pk] for pk in ids if pk in specific]
        for result in results:
            result.kind_label = self.kind_labels.get(type(result), "")
        return results
