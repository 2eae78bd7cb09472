"""Route a request to its page in two queries, whatever its depth.

Wagtail walks the tree a level at a time: a query for the child with the next slug and
one for its specific row, so an article at /blog/<slug>/ costs four before anything is
rendered, and the breadcrumb trail and the view-restriction check then ask for the same
ancestors again. ``BasePage.route`` on the site's root page asks here first: every page on
the path in one query (by ``url_path``), then the last one's own row. The ancestors found
stay on the page for the breadcrumb trail (``website.seo.breadcrumb_pages``) and its parent
(``get_parent``), and the same query tells which of them carry a view restriction, so
``get_view_restrictions`` has nothing to ask where none does.

Wagtail's own routing still decides whenever a page on the way routes differently: a
routable page whose sub-routes match the rest of the path (the blog's feed), or a page
type with its own ``route``. A path that matches no page falls back to it as well, so a
404 is Wagtail's.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction

#: The attribute the ancestors found while routing are kept on (home page first, the page last).
TRAIL_ATTR = "_breadcrumb_pages"
#: The ids of the pages from the tree's root to the page that carry a view restriction, found while routing.
RESTRICTED_ATTR = "_view_restricted_page_ids"


def _routes_like_a_page(model) -> bool:
    from website.models import BasePage

    return model.route in (Page.route, BasePage.route)


def _passes_through(page: Page, model, remaining: list[str]) -> bool:
    """Whether Wagtail's walk would go on to the child of ``page`` for ``remaining``."""
    if _routes_like_a_page(model):
        return True
    if issubclass(model, RoutablePageMixin) and model.route is RoutablePageMixin.route:
        if not page.live:
            return True
        try:
            model.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Resolver404:
            return True
    return False


def descendant_route(root: Page, request, path_components: list[str]):
    """The ``RouteResult`` for ``path_components`` below ``root``; None to leave it to Wagtail."""
    url_paths = [
        root.url_path + "".join(f"{part}/" for part in path_components[:n]) for n in range(1, len(path_components) + 1)
    ]
    above = [root.path[:end] for end in range(root.steplen, len(root.path) + 1, root.steplen)]
    rows = list(
        Page.objects.filter(
            Q(url_path__in=url_paths, path__startswith=root.path, depth__gt=root.depth) | Q(path__in=above)
        ).annotate(view_restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
    )
    found = {page.url_path: page for page in rows if page.depth > root.depth}
    pages = [found.get(url_path) for url_path in url_paths]
    if any(page is None or page.depth != root.depth + level for level, page in enumerate(pages, start=1)):
        return None
    for level, page in enumerate(pages[:-1], start=1):
        if not _passes_through(
            page, ContentType.objects.get_for_id(page.content_type_id).model_class(), path_components[level:]
        ):
            return None
    model = ContentType.objects.get_for_id(pages[-1].content_type_id).model_class()
    if model is None:
        return None
    target = (
        model._default_manager.select_related(*getattr(model, "serve_select_related", ()))
        .filter(pk=pages[-1].pk)
        .first()
    )
    if target is None:
        return None
    trail = [root, *pages[:-1]]
    target._cached_parent_obj = trail[-1]
    setattr(target, TRAIL_ATTR, [page for page in trail if page.depth > 1] + [target])
    on_path = [page for page in rows if page.depth <= root.depth] + pages
    if len(on_path) == target.depth and not any(page.alias_of_id for page in on_path):
        setattr(target, RESTRICTED_ATTR, [page.pk for page in on_path if page.view_restricted])
    return target.route(request, [])


#: Set by ``root_page_restriction_flag`` on a site's root page: whether it or the tree's root carries a restriction.
ROOT_RESTRICTED_ATTR = "path_view_restricted"


def root_page_restriction_flag() -> Exists:
    """Annotation for a site's root page (depth 2): whether it or the tree's root is restricted.

    Wagtail fetches the root page itself, so this rides on its query (the home page's
    manager) and ``BasePage.route`` then knows there is nothing to check.
    """
    return Exists(PageViewRestriction.objects.filter(Q(page=OuterRef("pk")) | Q(page__depth=1)))
