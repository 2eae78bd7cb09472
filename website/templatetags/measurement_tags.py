"""``{% measurement_attrs %}``: the page's id, type and token on ``<body>`` for ``js/measure.js``."""

from django import template
from django.utils.html import format_html

from website.measurement import beacon_url, page_is_measured, page_token_make

register = template.Library()


@register.simple_tag(takes_context=True)
def measurement_attrs(context) -> str:
    """Data attributes for the page's own counter, or nothing (previews, editors, pages that are not Wagtail pages)."""
    page = context.get("page")
    request = context.get("request")
    url = beacon_url()
    if not url or not page_is_measured(request, page):
        return ""
    return format_html(
        ' data-page-id="{}" data-page-type="{}" data-measure="{}" data-measure-url="{}"',
        page.pk,
        page._meta.label_lower,
        page_token_make(page_id=page.pk),
        url,
    )
