"""Blog snippets: authors and categories, reused across articles."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import Author, BlogCategory


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug"]


class BlogSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Blog")
    menu_icon = "doc-full"
    menu_order = 300
    items = (AuthorViewSet, BlogCategoryViewSet)


register_snippet(BlogSnippetGroup)
