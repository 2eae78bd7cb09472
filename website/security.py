"""Security plumbing shared by every app: the admin's Content-Security-Policy, the client's IP
and error reports without personal data.

The public site runs under the strict ``CONTENT_SECURITY_POLICY`` of the settings. The
Wagtail admin needs a few allowances on top (``CONTENT_SECURITY_POLICY_ADMIN``), applied
here by path so that no admin view has to be decorated.
"""

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


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: ``REMOTE_ADDR``, or the entry our own proxies added to X-Forwarded-For.

    ``TRUSTED_PROXY_COUNT`` proxies in front each append the address they saw; entries to
    the left of those are written by the client and cannot be trusted.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


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
