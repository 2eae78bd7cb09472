"""What a visitor gets while the database is away: a friendly Dutch 503, quickly.

Django's ``handler500`` (``website/urls.py``) is called for any exception no view or
middleware handled. When that exception is the database being unreachable (a refused or
dropped connection, a failover, a full connection limit), the visitor gets ``503.html``
with ``Retry-After`` instead of the error page: the site is not broken, it is waiting.
Nothing on that page queries the database (``bare_base.html``).

Web processes recover by themselves: ``CONN_HEALTH_CHECKS`` tests a reused connection
before each request and opens a new one when it was dropped, and ``connect_timeout``
(``DATABASE_CONNECT_TIMEOUT``) bounds how long a request waits for a server that does not
answer.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

#: What Django raises when the database cannot be reached or the connection broke.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    """Whether ``error`` (or an exception it was raised from) says the database is unreachable."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The friendly 503 page in Dutch, rendered without the database."""
    html = render_to_string("503.html", {"request_path": request.path})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """``handler500``: a 503 while the database is unreachable, Django's 500 page otherwise."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return defaults.server_error(request, template_name)
