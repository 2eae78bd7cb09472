"""Compressed HTML for every browser that asks: brotli or gzip, cached or not.

The page cache stores a page with its gzip and brotli copies and serves the one the browser
accepts, on a hit and on the miss that stored it. Everything else the site renders (pages
for editors and visitors with a session, the brochure form shown again, 404s, JSON) is
compressed on the way out by ``CompressionMiddleware``.

BREACH (guessing a secret in a compressed page from its size, by reflecting guesses in the
same page) is closed like this:

- Django masks the CSRF token with a new random value in every response, so it never
  compresses the same way twice; pages from the page cache carry no token at all.
- Pages that show personal data and reflect what a user typed (the admin: lead listings,
  search) are never compressed: ``COMPRESSION_EXCLUDED_PATHS``.
- gzip from this middleware adds 0-100 random bytes to the gzip header (Django's "Heal the
  BREACH" padding, as in ``GZipMiddleware``), so sizes vary between identical responses.
- Signed links (the brochure download) appear only on pages that reflect no input.
"""

from __future__ import annotations

import gzip
import re

import brotli
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

#: Responses smaller than this are sent as they are: compression would gain nothing.
MIN_SIZE = 512
#: Brotli quality for pages compressed while the visitor waits (11 is the maximum and ~10x slower).
BROTLI_QUALITY = 5
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml", "image/svg+xml")
_TOKEN = re.compile(r"\s*([A-Za-z0-9*_-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def preferred_encoding(request: HttpRequest, *, available: tuple[str, ...] = ("br", "gzip")) -> str | None:
    """The encoding the browser accepts that we prefer (brotli, then gzip), or ``None``.

    ``Accept-Encoding: gzip;q=0`` refuses gzip; ``*`` accepts any encoding not named.
    """
    accepted: dict[str, float] = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        match = _TOKEN.fullmatch(part)
        if not match:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) is not None else 1.0
        except ValueError:
            continue
        accepted[match.group(1).lower()] = quality
    for encoding in available:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


def compressed_copies(content: bytes) -> dict[str, bytes | None]:
    """The gzip and brotli copies of a page to store with it (``None`` for small pages)."""
    if len(content) < MIN_SIZE:
        return {"gzip": None, "br": None}
    return {
        "gzip": gzip.compress(content, compresslevel=6, mtime=0),
        "br": brotli.compress(content, quality=BROTLI_QUALITY),
    }


def _compressible(request: HttpRequest, response: HttpResponse) -> bool:
    if response.streaming or response.has_header("Content-Encoding") or len(response.content) < MIN_SIZE:
        return False
    if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
        return False
    excluded = getattr(settings, "COMPRESSION_EXCLUDED_PATHS", ())
    return not any(request.path.startswith(prefix) for prefix in excluded)


class CompressionMiddleware:
    """Compress what the page cache did not (it encodes its own hits and misses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _compressible(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding = preferred_encoding(request)
        if encoding == "br":
            content = brotli.compress(response.content, quality=BROTLI_QUALITY)
        elif encoding == "gzip":
            content = compress_string(response.content, max_random_bytes=100)
        else:
            return response
        if len(content) >= len(response.content):
            return response
        response.content = content
        response["Content-Length"] = str(len(content))
        response["Content-Encoding"] = encoding
        if response.has_header("ETag"):  # a weak ETag still matches the uncompressed body
            etag = response["ETag"]
            response["ETag"] = etag if etag.startswith("W/") else f"W/{etag}"
        return response
