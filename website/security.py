"""Security plumbing shared by every app: the admin's Content-Security-Policy, the client's IP
and error reports without personal data.

The public site runs under the strict ``CONTENT_SECURITY_POLICY`` of the settings. The
Wagtail admin needs a few allowances on top (``CONTENT_SECURITY_POLICY_ADMIN``), applied
here by path so that no admin view has to be decorated.
"""

import functools
import ipaddress

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's allowances under ``WAGTAIL_ADMIN_PATH`` and in previews."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_dummy", False):
            # A preview: Wagtail renders the public page through this middleware for a
            # request of its own, shown in a frame of the admin.
            extra = getattr(settings, "CONTENT_SECURITY_POLICY_PREVIEW", None)
        elif request.path_info.startswith(settings.WAGTAIL_ADMIN_PATH):
            extra = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        else:
            extra = None
        if extra:
            parts.replace = {**extra, **(parts.replace or {})}
        return parts


# What a request that names no usable address counts as: one shared address, so that a
# rate limit or a lockout still applies to it (fail closed, never "no address").
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104  (a value, not a bind address)


def _ip(value: str) -> str | None:
    """``value`` as a normalised IP address, or ``None``; a port some proxies add is dropped."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:8080"
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@functools.lru_cache(maxsize=16)
def _proxy_networks(entries: tuple[str, ...]) -> tuple[bool, tuple]:
    """``FORWARDED_ALLOW_IPS`` as gunicorn reads it: addresses, CIDR networks or ``*`` (any).

    An entry that is neither is ignored: it trusts nobody.
    """
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return "*" in entries, tuple(networks)


def is_trusted_proxy(address: str | None) -> bool:
    """Whether a request from ``address`` came through one of our proxies (``TRUSTED_PROXIES``).

    Like gunicorn, a peer that is no IP address (a Unix socket) can only be a local proxy.
    """
    any_peer, networks = _proxy_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if address is None or any_peer:
        return True
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the peer's (``REMOTE_ADDR``), or the one our own proxy saw.

    ``X-Forwarded-For`` is believed only when the request came from one of our proxies
    (``TRUSTED_PROXIES``, read from ``FORWARDED_ALLOW_IPS`` like gunicorn does): anyone
    who reaches the server directly could write anything in it. ``TRUSTED_PROXY_COUNT``
    proxies each append the address they saw; entries to the left of those were written
    by the client. Always an address, never ``None``: an entry that is not one counts as
    the proxy's own address, so the brochure rate limit and the login lockout
    (django-axes, ``AXES_CLIENT_IP_CALLABLE``) still hold.
    """
    peer = _ip(request.META.get("REMOTE_ADDR") or "")
    fallback = peer or UNKNOWN_ADDRESS
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0 or not is_trusted_proxy(peer):
        return fallback
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return fallback
    return _ip(forwarded[-count]) or fallback


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports without personal data: no submitted values, no local variables.

    Forms on this site take names, addresses and phone numbers, and those travel through
    many frames (form cleaning, services) as plain strings. An error report keeps the
    traceback (files, lines, code) and the request's path, not the values. With DEBUG on
    (development only) the debug page shows everything, as Django's own filter does.
    """

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if not self.is_active(request):
            return meta
        for key in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_REFERER", "HTTP_USER_AGENT", "QUERY_STRING"):
            if key in meta:
                meta[key] = self.cleansed_substitute
        return meta
