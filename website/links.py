"""Absolute links to the public site: e-mails, notifications, and what pages tell search engines.

One configured base URL (``WAGTAILADMIN_BASE_URL``) starts every absolute link, so a
link works wherever the site runs: production refuses to start without it, and
``make run`` sets it to what it serves. Wagtail's Site records (hostname and port) play
no part: a demo database says ``localhost``, which is not where anyone reads the mail
or where a search engine should send people. Pages get their full URLs from here too
(``BasePage.get_url_parts``): canonical links, share tags, structured data, the sitemap
and the feed.
"""

from django.conf import settings


def public_root() -> str:
    """The public base URL without a trailing slash (``https://www.covalis.nl``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def public_url(*, path: str) -> str:
    """``path`` (``/brochure/...``) on the public base URL."""
    base = public_root()
    if not path:
        return base + "/"
    return base + "/" + path.lstrip("/")


def page_public_url(*, page) -> str:
    """The public address of a Wagtail page; ``""`` when it has none (not routable)."""
    parts = page.get_url_parts() if page is not None else None
    if not parts:
        return ""
    _site_id, _root_url, page_path = parts
    return public_url(path=page_path)
