"""Factories for the blog: the blog index under the test site's home page, and published articles."""

import datetime

import factory
import wagtail_factories

from blog.models import ArticlePage, BlogIndexPage
from tests.home.factories import home_page


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


def blog_index() -> BlogIndexPage:
    """The blog under the test site's home page (``tests.home.factories``), made once per test."""
    return BlogIndexPage.objects.first() or BlogIndexPageFactory(parent=home_page())


class ArticlePageFactory(wagtail_factories.PageFactory):
    """An article with one paragraph; pass ``parent=`` (the blog) and any field to override."""

    title = factory.Sequence(lambda n: f"Artikel {n}")
    date = factory.LazyFunction(lambda: datetime.date(2024, 1, 1))
    body = factory.LazyAttribute(lambda article: [{"type": "paragraph", "value": f"<p>Tekst van {article.title}.</p>"}])

    class Meta:
        model = ArticlePage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        article = super()._create(model_class, *args, **kwargs)
        article.save_revision().publish()
        return article
