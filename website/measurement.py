"""Which page a visitor's browser is on, for the site's own cookieless page counts.

Pages carry their id, type and a signed token as ``data-`` attributes on ``<body>``, so the
count works for pages served from the full-page cache or a CDN: the browser's script sends
the token, and the beacon endpoint (``leads.insight``) learns the page id without a database
query, from the signature alone. A made-up page id has no valid signature and is not counted.

Editors (logged in) and previews get no attributes, so their visits send nothing.
"""

from __future__ import annotations

from django.core import signing
from django.urls import NoReverseMatch, reverse

PAGE_TOKEN_SALT = "website.measurement.page"  # noqa: S105 (a salt, not a secret)
#: The URL name of the beacon endpoint (``website/urls.py``).
BEACON_URL_NAME = "measurement_beacon"


def page_token_make(*, page_id: int) -> str:
    """``<id>:<signature>``: proof that this site rendered the page with this id."""
    return signing.Signer(salt=PAGE_TOKEN_SALT).sign(str(page_id))


def page_token_read(*, token: str) -> int | None:
    """The page id in a token; ``None`` when it is not one this site signed."""
    try:
        value = signing.Signer(salt=PAGE_TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    # isdecimal, not isdigit ("²" is a digit int() refuses); ten digits fit any database's id.
    if not value.isdecimal() or len(value) > 10:
        return None
    return int(value)


def page_is_measured(request, page) -> bool:
    """Whether the page's own script should count this visit: not for previews or editors."""
    if page is None or not getattr(page, "pk", None) or request is None:
        return False
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def beacon_url() -> str:
    try:
        return reverse(BEACON_URL_NAME)
    except NoReverseMatch:
        return ""
