"""Site navigation: the main menu and the breadcrumb trail."""

from django import template
from wagtail.models import Site

from website.seo import breadcrumb_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list:
    """The live children of the home page marked "show in menus", each with ``is_active``."""
    page = context.get("page")
    if page is not None and getattr(page, "depth", 0) >= 2:
        root = breadcrumb_pages(page)[0]
    else:
        site = Site.find_for_request(context["request"])
        root = site.root_page if site else None
    if root is None:
        return []
    items = list(root.get_children().live().in_menu())
    for item in items:
        item.is_active = page is not None and getattr(page, "path", "").startswith(item.path)
    return items
