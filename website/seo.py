"""Structured data (schema.org JSON-LD) and share metadata for any page.

Works on what a page offers (``title``, ``date``, ``price_excl_vat`` ...), so it never
imports an app: articles and courses are recognised by the fields they carry.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from website.links import page_public_url, public_url

SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_root(request) -> str:
    """The site's public address (``https://www.covalis.nl/``), as canonical URLs use it."""
    return public_url(path="/")


def absolute_url(request, url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_root(request) + url.lstrip("/")


def share_image(page, organisation):
    """The page's own share image, else the site default; ``None`` when neither exists."""
    getter = getattr(page, "get_share_image", None)
    image = getter() if getter else None
    return image or getattr(organisation, "default_share_image", None)


def breadcrumb_pages(page) -> list:
    """The page's ancestors below the tree root, then the page itself (one query, cached).

    Routing leaves them on the page it found (``website.routing``): then no query at all.
    """
    cached = getattr(page, "_breadcrumb_pages", None)
    if cached is None:
        cached = [*page.get_ancestors().filter(depth__gt=1), page]
        page._breadcrumb_pages = cached
    return cached


def organisation_data(request, organisation, logo_url: str = "") -> dict[str, Any]:
    root = site_root(request)
    data: dict[str, Any] = {"@type": "Organization", "@id": f"{root}#organisation", "name": organisation.name}
    data["url"] = root
    if logo_url:
        data["logo"] = absolute_url(request, logo_url)
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone:
        data["telephone"] = organisation.phone
    profiles = [url for _label, url in organisation.social_profiles]
    if profiles:
        data["sameAs"] = profiles
    return data


def breadcrumb_data(request, page) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": page_public_url(page=crumb)}
            for position, crumb in enumerate(breadcrumb_pages(page), start=1)
        ],
    }


def article_data(request, page, organisation, image_url: str = "") -> dict[str, Any]:
    org_ref = {"@id": site_root(request) + "#organisation"}
    author = page.author
    data: dict[str, Any] = {
        "@type": "Article",
        "headline": page.title,
        "datePublished": page.date.isoformat(),
        "mainEntityOfPage": page.get_full_url(request),
        "url": page.get_full_url(request),
        "publisher": org_ref,
        "author": {"@type": "Person", "name": author.name} if author else org_ref,
        "inLanguage": "nl",
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    description = page.search_description or page.intro or page.card_summary
    if description:
        data["description"] = description
    if image_url:
        data["image"] = absolute_url(request, image_url)
    return data


def course_data(request, page, organisation, dates=(), image_url: str = "") -> dict[str, Any]:
    provider = {
        "@type": "Organization",
        "@id": site_root(request) + "#organisation",
        "name": organisation.name,
        "url": site_root(request),
    }
    data: dict[str, Any] = {
        "@type": "Course",
        "name": page.title,
        "description": page.search_description or page.intro,
        "url": page.get_full_url(request),
        "provider": provider,
        "inLanguage": "nl",
    }
    if image_url:
        data["image"] = absolute_url(request, image_url)
    if page.price_excl_vat is not None:
        data["offers"] = {
            "@type": "Offer",
            "category": "Paid",
            "price": str(page.price_incl_vat),
            "priceCurrency": "EUR",
            "url": page.get_full_url(request),
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": str(page.price_excl_vat),
                "priceCurrency": "EUR",
                "valueAddedTaxIncluded": False,
            },
        }
    instances = [_course_instance(page, course_date) for course_date in dates]
    if instances:
        data["hasCourseInstance"] = instances
    return data


def _course_instance(page, course_date) -> dict[str, Any]:
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": page.course_mode,
        "startDate": course_date.start_date.isoformat(),
    }
    if course_date.end_date:
        instance["endDate"] = course_date.end_date.isoformat()
    location = course_date.location or page.location
    if location:
        instance["location"] = {"@type": "Place", "name": location, "address": location}
    return instance


def json_ld_script(graph: list[dict[str, Any]]) -> SafeString:
    """A ``<script type="application/ld+json">`` safe to put in HTML (no ``</script>`` break-out)."""
    payload = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, default=_default)
    return mark_safe(f'<script type="application/ld+json">{payload.translate(_JSON_ESCAPES)}</script>')  # noqa: S308


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))
