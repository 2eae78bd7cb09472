"""Absolute links to the public site, for e-mails and notifications.

One configured base URL (``WAGTAILADMIN_BASE_URL``) starts every absolute link, so a
link works wherever the site runs: production refuses to start without it, and
``make run`` sets it to what it serves. Wagtail's Site records (hostname and port) play
no part: a demo database says ``localhost``, which is not where anyone reads the mail.
"""

from django.conf import settings


def public_url(*, path: str) -> str:
    """``path`` (``/brochure/...``) on the public base URL."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
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
