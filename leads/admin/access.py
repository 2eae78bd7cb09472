"""Refusals on the sales desk are a plain 403.

Wagtail turns a ``PermissionDenied`` inside the admin into a redirect to the dashboard;
leads are personal data, so their URLs answer 403 outright instead.
"""

from django import forms
from django.template.response import TemplateResponse

from leads.models import REPORT_PERMISSION, Lead


def forbidden(request) -> TemplateResponse:
    return TemplateResponse(request, "leads/admin/forbidden.html", status=403)


def user_can(user, action: str) -> bool:
    """``action`` is ``view``, ``change``, ``export`` or ``report``."""
    if action == "report":
        return user.is_active and user.has_perm(REPORT_PERMISSION)
    codename = {"export": "export_lead"}.get(action, f"{action}_lead")
    return user.is_active and user.has_perm(f"{Lead._meta.app_label}.{codename}")


def date_input() -> forms.DateInput:
    """The browser's own date picker: no inline script, which a strict CSP would block."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
