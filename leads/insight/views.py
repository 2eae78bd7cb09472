"""The beacon endpoint: the site's own script reports page views and form events here.

It runs no SQL: the page id comes from a signed token, the counts go to Redis. Answers:
204 counted or deliberately not counted (bots, editors, other sites), 400 malformed,
429 a flood from one address, 503 the counter store is unreachable.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from leads.insight import services
from website.security import client_ip

STATUS = {services.COUNTED: 204, services.IGNORED: 204, services.CAPPED: 429, services.UNAVAILABLE: 503}


def _answer(status: int) -> HttpResponse:
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # a beacon changes nothing but a count, and checks its origin itself
@require_POST
def beacon(request: HttpRequest) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _answer(400)
    if length > settings.INSIGHT_MAX_BEACON_BYTES:
        return _answer(400)
    received = services.beacon_parse(body=request.read(settings.INSIGHT_MAX_BEACON_BYTES + 1))
    if received is None:
        return _answer(400)
    host = request.get_host()
    wanted = services.beacon_is_wanted(
        user_agent=request.headers.get("User-Agent", ""),
        sec_fetch_site=request.headers.get("Sec-Fetch-Site", ""),
        origin=request.headers.get("Origin", ""),
        own_origins={f"{request.scheme}://{host}", *getattr(settings, "CSRF_TRUSTED_ORIGINS", [])},
        has_session=settings.SESSION_COOKIE_NAME in request.COOKIES,
    )
    if not wanted:
        return _answer(STATUS[services.IGNORED])
    outcome = services.beacon_count(
        beacon=received,
        address=client_ip(request) or "",
        own_domains={services.domain_clean(domain=host.rpartition(":")[0] or host) or ""},
    )
    return _answer(STATUS[outcome])
