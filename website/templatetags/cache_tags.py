"""``{% pagefragment %}``: keep the costly parts of a page rendered between page-cache misses.

    {% load cache_tags %}
    {% pagefragment "head" %}<title>...</title>{% meta_tags %}{% endpagefragment %}
    {% pagefragment "card" course.pk %}...{% endpagefragment %}   (more values in the key)
    {% sitefragment "footer" %}...{% endsitefragment %}   (the same on every page of the site)

The fragment is stored in the page cache under the generations of the request's
page (``website.cache.fragment_key``), so any purge that makes the page stale
makes its fragments stale too, and requests that may not use the page cache
(editors, previews, forms sent back) render it afresh. Pages whose HTML depends
on query parameters (``cache_query_parameters`` on the page class) key their
fragments on those parameters as well.

``{% sitefragment %}`` keeps what every page shows alike (the header and the footer, with
the settings, menu and links they read) for editors as well, until anything they show
could have changed (``website.cache.site_fragment_key``).
"""

import logging

from django import template
from django.conf import settings

from website.cache import fragment_key, page_cache, site_fragment_key

logger = logging.getLogger(__name__)
register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, *, site_wide=False):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.site_wide = site_wide

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        key = None
        # Only Wagtail pages: a 404 for every made-up URL would fill the cache with fragments.
        if request is not None and getattr(page, "pk", None) is not None:
            name, parts = self.name.resolve(context), [part.resolve(context) for part in self.parts]
            if self.site_wide:
                key = site_fragment_key(request, name, parts)
            else:
                key = fragment_key(request, name, parts, query_parameters=getattr(page, "cache_query_parameters", ()))
        if key is None:
            return self.nodelist.render(context)
        cache = page_cache()
        try:
            html = cache.get(key)
        except Exception:  # Redis away: CacheUnavailable, logged once per outage by the backend
            return self.nodelist.render(context)
        if html is None:
            html, holds_token = _render_noting_csrf_token(self.nodelist, context, request)
            if holds_token:
                return html  # holds a CSRF token: for this visitor only
            try:
                cache.set(key, html, getattr(settings, "PAGE_CACHE_TIMEOUT", 3600))
            except Exception:  # Redis away: the page is served all the same
                logger.debug("Page cache unreachable; fragment not stored")
        return html


def _fragment_tag(parser, token, *, site_wide: bool):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return PageFragmentNode(nodelist, parser.compile_filter(bits[1]), parts, site_wide=site_wide)


CSRF_COOKIE_FLAG = "CSRF_COOKIE_NEEDS_UPDATE"  # what Django's get_token() sets when a template asks for a token


def _render_noting_csrf_token(nodelist, context, request) -> tuple[str, bool]:
    """The rendered HTML, and whether it asked for a CSRF token (it must not be shared).

    Only this render counts: an editor's user bar asks for one before the header renders,
    and the header holds none. The request keeps the flag for the cookie all the same.
    """
    before = request.META.pop(CSRF_COOKIE_FLAG, None)
    try:
        html = nodelist.render(context)
    finally:
        used = bool(request.META.get(CSRF_COOKIE_FLAG))
        if before:
            request.META[CSRF_COOKIE_FLAG] = before
    return html, used


@register.tag("pagefragment")
def do_pagefragment(parser, token):
    return _fragment_tag(parser, token, site_wide=False)


@register.tag("sitefragment")
def do_sitefragment(parser, token):
    return _fragment_tag(parser, token, site_wide=True)
