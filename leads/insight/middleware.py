"""Answer counting beacons before the rest of the middleware: they need no session, CSRF check,
locale, CSP header or URL routing, and arrive with every page view.

Placed right after Django's SecurityMiddleware (``MIDDLEWARE``). Without it the same view
answers through the URL configuration, only slower.
"""

from functools import cached_property

from django.urls import reverse

from leads.insight.views import beacon
from website.measurement import BEACON_URL_NAME


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def path(self) -> str:
        return reverse(BEACON_URL_NAME)

    def __call__(self, request):
        if request.path_info == self.path:
            return beacon(request)
        return self.get_response(request)
