"""Privacy actions on one lead in the Wagtail admin: subject access export, erasure, withdrawal.

The URLs are registered by ``register_admin_urls`` in ``leads/wagtail_hooks.py``, so the
admin's login and access checks apply; each view checks its own permission on top.
"""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from leads.admin.access import forbidden
from leads.audit import LEAD_DATA_EXPORT, lead_log
from leads.models import ConsentRecord, Lead
from leads.privacy import consent_withdraw, lead_erase, lead_export_data


def lead_detail_url(lead: Lead) -> str:
    """The sales desk's page for the lead, or the listing when it is not there."""
    for name, args in (("leads_admin:inspect", [lead.pk]), ("leads_admin:index", []), ("wagtailadmin_home", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return "/admin/"


class LeadPermissionMixin:
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        # A plain 403, as on the rest of the sales desk (Wagtail would redirect to the dashboard).
        if not (request.user.is_active and request.user.has_perm(self.permission)):
            return forbidden(request)
        self.lead = get_object_or_404(Lead, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class LeadExportDataView(LeadPermissionMixin, View):
    """Download everything held about the lead as JSON (subject access request)."""

    permission = "leads.view_lead"

    def get(self, request, pk):
        data = lead_export_data(lead=self.lead)
        lead_log(lead=self.lead, action=LEAD_DATA_EXPORT, user=request.user)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="lead-{self.lead.pk}-{timezone.localdate()}.json"'
        response["Cache-Control"] = "no-store"
        return response


class LeadConfirmView(LeadPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "leads/admin/privacy_confirm.html"
    header_icon = "warning"
    confirm_label = ""
    explanation = ""

    def get_page_subtitle(self):
        return self.lead.display_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            lead=self.lead,
            explanation=self.explanation,
            confirm_label=self.confirm_label,
            cancel_url=lead_detail_url(self.lead),
        )
        return context


class LeadEraseView(LeadConfirmView):
    """Erase the lead's personal data here and in Mailchimp, after a confirmation page."""

    permission = "leads.erase_lead"
    page_title = _("Erase personal data")
    confirm_label = _("Yes, erase this person's data")
    explanation = _(
        "This removes the name, e-mail address, company, phone, IP address, browser and notes of this lead, "
        "and deletes the address permanently from Mailchimp. Course, source, campaign, dates and status stay "
        "for the statistics; consent records stay as proof without the person. This cannot be undone."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["already_erased"] = self.lead.erased_at is not None
        return context

    def post(self, request, pk):
        reason = f"erased from the admin by user {request.user.pk}"
        lead = lead_erase(lead=self.lead, user=request.user, reason=reason)
        messages.success(request, _("Lead %(id)s erased.") % {"id": lead.pk})
        return redirect(lead_detail_url(lead))


class LeadConsentWithdrawView(LeadConfirmView):
    """Record that the person asked sales to stop marketing mail."""

    permission = "leads.change_lead"
    page_title = _("Withdraw marketing consent")
    confirm_label = _("Yes, withdraw consent")
    explanation = _(
        "Use this when the person asks us to stop sending course news. The withdrawal is recorded next to "
        "the consent they gave, and they are no longer mailed."
    )

    def post(self, request, pk):
        if consent_withdraw(lead=self.lead, source=ConsentRecord.Source.SALES, user=request.user) is None:
            messages.info(request, _("Marketing consent was already withdrawn."))
        else:
            messages.success(request, _("Marketing consent withdrawn."))
        return redirect(lead_detail_url(self.lead))


def privacy_admin_urls():
    return [
        path("leads/<int:pk>/privacy/export/", LeadExportDataView.as_view(), name="leads_privacy_export"),
        path("leads/<int:pk>/privacy/erase/", LeadEraseView.as_view(), name="leads_privacy_erase"),
        path("leads/<int:pk>/privacy/withdraw/", LeadConsentWithdrawView.as_view(), name="leads_privacy_withdraw"),
    ]
