"""Articles and their index: the content that brings readers to courses."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from leads.blocks import StoryBlock
from leads.models import CoursePage
from website.models import BasePage, image_field, outside_private_sections
from website.text import query_text


class Author(index.Indexed, models.Model):
    """The writer of an article (a snippet, so one author serves many articles)."""

    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=150, blank=True)
    photo = image_field()

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]
    search_fields = [index.SearchField("name")]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BlogCategory(models.Model):
    """A theme articles are filed under, used for filtering the blog."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The category's part of the blog's filter address, for example /blog/?categorie=inkoop."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogIndexPage(RoutablePageMixin, BasePage):
    """The article overview at /blog/, with filters and an RSS feed at /blog/feed/."""

    cache_query_parameters = ("categorie", "tag", "pagina")

    intro = models.TextField(_("intro"), blank=True, max_length=500)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    subpage_types = ["blog.ArticlePage"]
    max_count = 1
    template = "pages/blog_index_page.html"
    per_page = 12

    class Meta:
        verbose_name = _("blog")

    def articles(self):
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .filter(outside_private_sections())
            .select_related("hero_image", "author")
            .prefetch_related("hero_image__renditions", "categories")
            .order_by("-date", "-pk")
        )

    @path("")
    def index_route(self, request):
        articles = self.articles()
        # Slugs are plain text: a NUL in a crafted link cannot reach PostgreSQL (a 500).
        category = query_text(request, "categorie", max_length=255)
        tag = query_text(request, "tag", max_length=100)
        if category:
            articles = articles.filter(categories__slug=category)
        if tag:
            articles = articles.filter(tags__slug=tag)
        page_obj = Paginator(articles.distinct(), self.per_page).get_page(request.GET.get("pagina"))
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "articles": page_obj.object_list,
                "categories": BlogCategory.objects.all(),
                "active_category": category,
                "active_tag": tag,
                "query_prefix": _filter_query(category=category, tag=tag),
            },
        )

    @path("feed/")
    def feed_route(self, request):
        from blog.feeds import ArticleFeed

        return ArticleFeed(self)(request)


def _filter_query(*, category: str, tag: str) -> str:
    """The active filters as the start of a query string, for the pagination links."""
    params = {key: value for key, value in (("categorie", category), ("tag", tag)) if value}
    return urlencode(params) + "&" if params else ""


class ArticlePage(BasePage):
    """An article: the text, a hero image and the funnel blocks that lead to a course."""

    date = models.DateField(_("publication date"), default=timezone.localdate)
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name=_("author")
    )
    intro = models.TextField(
        _("intro"), blank=True, max_length=600, help_text=_("Optional lead paragraph shown in larger type.")
    )
    hero_image = image_field(_("hero image"))
    hero_caption = models.CharField(_("hero caption"), max_length=250, blank=True)
    hero_credit = models.CharField(
        _("hero credit"), max_length=150, blank=True, help_text=_('Who made the photo, for example "Foto Ouders".')
    )
    body = StreamField(StoryBlock(), verbose_name=_("body"))
    categories = ParentalManyToManyField(BlogCategory, blank=True, verbose_name=_("categories"))
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    related_course = models.ForeignKey(
        "leads.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("related course"),
        help_text=_("Shown as a card below the article."),
    )
    related_articles = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related articles")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("related_course"), FieldPanel("related_articles")],
            heading=_("Related"),
        ),
    ]
    promote_panels = [
        *BasePage.promote_panels,
        MultiFieldPanel([FieldPanel("categories"), FieldPanel("tags")], heading=_("Categories and tags")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []
    template = "pages/article_page.html"
    serve_select_related = ("social_image", "hero_image", "author__photo")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def get_share_image(self):
        return self.social_image or self.hero_image

    def get_context(self, request, *args, **kwargs):
        # Lazy: a page-cache miss whose fragments are still cached runs none of these queries.
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = SimpleLazyObject(self.get_parent)
        context["categories"] = SimpleLazyObject(lambda: list(self.categories.all()))
        context["tags"] = SimpleLazyObject(lambda: list(self.tags.all()))
        context["related_course"] = SimpleLazyObject(self._related_course)
        context["related_articles"] = SimpleLazyObject(
            lambda: list(
                self.related_articles.live()
                .filter(outside_private_sections())
                .select_related("hero_image", "author")
                .prefetch_related("hero_image__renditions", "categories")
                .order_by("-date")
            )
        )
        context["author"] = SimpleLazyObject(self._author)
        return context

    def _author(self):
        """The author with the portrait: loaded with the page when it was routed to, else one query.

        The portrait's renditions come from the renditions cache, as every single image's do.
        """
        if not self.author_id:
            return None
        if "author" in self._state.fields_cache:
            return self.author
        return Author.objects.filter(pk=self.author_id).select_related("photo").first()

    def _related_course(self):
        if not self.related_course_id:
            return None
        return (
            CoursePage.objects.live()
            .filter(outside_private_sections())
            .filter(pk=self.related_course_id)
            .for_cards()
            .first()
        )
