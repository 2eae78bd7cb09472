"""Site-wide views that belong to no app: the load balancer's health check, and page serving."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from website.cache import route_from_cache, store_route

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request):
    """200 when the database and the cache answer; 503 naming what failed otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    try:
        cache.set("health-check", "ok", 5)
        checks["cache"] = "ok" if cache.get("health-check") == "ok" else "error"
    except Exception:
        logger.exception("Health check: cache unreachable")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def serve_page(request, path):
    """Wagtail's page view, with its routing cached next to the page cache (``route_from_cache``)."""
    if not route_from_cache(request):
        response = wagtail_serve(request, path)
        store_route(request)
        return response
    return wagtail_serve(request, path)
