"""SEO tags used by ``base.html``: share metadata and JSON-LD for the current page."""

from django import template

from website import seo
from website.models import OrganisationSettings
from website.templatetags.course_tags import upcoming_dates

register = template.Library()

LOGO_FILTER = "height-96"


def _organisation(context) -> OrganisationSettings:
    # Cached on the request, shared with the ``settings`` context processor.
    return OrganisationSettings.for_request(context["request"])


def _share_rendition(page, organisation):
    if not hasattr(page, "_share_rendition"):
        image = seo.share_image(page, organisation)
        page._share_rendition = image.get_rendition(seo.SHARE_IMAGE_FILTER) if image else None
    return page._share_rendition


def _is_article(page) -> bool:
    return hasattr(page, "date") and hasattr(page, "author")


def _is_course(page) -> bool:
    return hasattr(page, "price_excl_vat")


@register.inclusion_tag("components/meta_tags.html", takes_context=True)
def meta_tags(context):
    """Canonical URL, description, Open Graph and Twitter card tags of the current page."""
    request = context["request"]
    page = context.get("page")
    organisation = _organisation(context)
    if page is None:
        return {"organisation": organisation}
    rendition = _share_rendition(page, organisation)
    image_url = seo.absolute_url(request, rendition.url) if rendition else ""
    return {
        "organisation": organisation,
        "canonical_url": page.get_full_url(request),
        "title": page.seo_title or page.title,
        "description": page.search_description or getattr(page, "card_summary", ""),
        "og_type": "article" if _is_article(page) else "website",
        "article_date": page.date if _is_article(page) else None,
        "rendition": rendition,
        "image_url": image_url,
    }


@register.simple_tag(takes_context=True)
def structured_data(context):
    """One JSON-LD script: the organisation, the breadcrumb trail and the article or course."""
    request = context["request"]
    page = context.get("page")
    organisation = _organisation(context)
    logo_url = organisation.logo.get_rendition(LOGO_FILTER).url if organisation.logo else ""
    graph = [seo.organisation_data(request, organisation, logo_url)]
    if page is None:
        return seo.json_ld_script(graph)
    graph.append(seo.breadcrumb_data(request, page))
    rendition = _share_rendition(page, organisation)
    image_url = rendition.url if rendition else ""
    if _is_article(page):
        graph.append(seo.article_data(request, page, organisation, image_url))
    elif _is_course(page):
        dates = upcoming_dates(page) if hasattr(page, "dates") else ()
        graph.append(seo.course_data(request, page, organisation, dates, image_url))
    return seo.json_ld_script(graph)


@register.simple_tag
def breadcrumbs(page):
    """The pages from the home page down to ``page``, for the visible breadcrumb trail."""
    return seo.breadcrumb_pages(page)
