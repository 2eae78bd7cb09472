"""Site-wide views that belong to no app: health checks (liveness, readiness), and page serving."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from website.cache import route_from_cache, store_route

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health_live(request):
    """Liveness: the process answers. Checks no dependency, so an outage elsewhere restarts nothing."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def health(request):
    """Readiness (the load balancer's check): 200 while the database answers, whatever Redis does.

    ``status`` is ``ok``, or ``degraded`` when Redis is away (pages are rendered from the
    database, slower: alert on it, but keep the process in rotation). 503 only when the
    database does not answer: then this process cannot store a brochure request.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.warning("Health check: database unreachable")
        checks["database"] = "error"
    try:
        cache = caches[settings.PAGE_CACHE_ALIAS]
        cache.set("health-check", "ok", 5)
        checks["cache"] = "ok" if cache.get("health-check") == "ok" else "error"
    except Exception:  # CacheUnavailable: the backend logged the outage
        checks["cache"] = "error"
    if checks["database"] != "ok":
        status, code = "error", 503
    else:
        status, code = ("ok" if checks["cache"] == "ok" else "degraded"), 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def serve_page(request, path):
    """Wagtail's page view, with its routing cached next to the page cache (``route_from_cache``)."""
    if not route_from_cache(request):
        response = wagtail_serve(request, path)
        store_route(request)
        return response
    return wagtail_serve(request, path)
