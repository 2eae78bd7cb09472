"""The one place where the site relies on private behaviour of Django and Wagtail.

Everything else uses public APIs (``Site.find_for_request``, ``transaction.on_commit``,
``request.get_host()``...). What is left has no public equivalent:

- Wagtail keeps the site and the route it found for a request on the request
  (``_wagtail_site``, ``_wagtail_route_for_request``) and reuses them. The page cache's route
  cache sets them, so that a page-cache miss skips Wagtail's walk down the tree, and the
  site cache sets the site, so that no request asks the database which site it is for.
- Django's CSRF check reports *why* it refused only to its private ``_reject``, and its
  Origin check is the private ``_origin_verified``. The brochure form uses both to show the
  form again with every typed value instead of a bare 403 page.
- Django keeps the callbacks waiting for a commit in ``connection.run_on_commit``; a purge of
  everything looks there to ask the CDN only once per transaction.

``tests/website/test_internals.py`` checks each behaviour relied on here; after a Django or
Wagtail upgrade it fails loudly, naming the function to adapt.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

#: The attributes Wagtail caches its answers on (``Site.find_for_request``, ``Page.route_for_request``).
WAGTAIL_SITE_ATTR = "_wagtail_site"
WAGTAIL_ROUTE_ATTR = "_wagtail_route_for_request"


def wagtail_route_remember(request: HttpRequest, *, site, route) -> None:
    """Tell Wagtail which site and route (a ``RouteResult``) serve this request, so it does not look them up."""
    setattr(request, WAGTAIL_SITE_ATTR, site)
    setattr(request, WAGTAIL_ROUTE_ATTR, route)


def wagtail_site_known(request: HttpRequest) -> bool:
    """Whether Wagtail already knows the site of this request (found it, or was told)."""
    return hasattr(request, WAGTAIL_SITE_ATTR)


def wagtail_site_remember(request: HttpRequest, *, site) -> None:
    """Tell Wagtail which site serves this request, so ``Site.find_for_request`` does not look it up."""
    setattr(request, WAGTAIL_SITE_ATTR, site)


def wagtail_route_found(request: HttpRequest) -> tuple[object, object] | None:
    """The site and ``RouteResult`` Wagtail found for this request, once it has routed it."""
    site = getattr(request, WAGTAIL_SITE_ATTR, None)
    route = getattr(request, WAGTAIL_ROUTE_ATTR, None)
    if site is None or route is None:
        return None
    return site, route


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, answering with the reason instead of the 403 page."""

    def _reject(self, request, reason):
        return reason


def _csrf_protected_view(request):  # what the check runs against: not exempt
    raise NotImplementedError


def csrf_origin_verified(request: HttpRequest) -> bool:
    """Whether the request's ``Origin`` header names this site (or a trusted origin), as Django judges it."""
    return bool(_CsrfCheck(lambda request: HttpResponse())._origin_verified(request))


def csrf_failure_reason(request: HttpRequest) -> str | None:
    """``None`` when Django's CSRF check passes (token, Referer), else its reason."""
    return _CsrfCheck(lambda request: HttpResponse()).process_view(request, _csrf_protected_view, (), {})


def on_commit_pending(func: Callable) -> bool:
    """Whether ``func`` already waits for the current transaction's commit."""
    return any(pending is func for _savepoints, pending, _robust in connection.run_on_commit)
