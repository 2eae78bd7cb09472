"""A lead's page in the admin: details, requests, consent, Mailchimp, follow-up form and timeline."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView

from leads import mailchimp, sales, services
from leads.admin.access import date_input, forbidden, user_can
from leads.audit import LEAD_VIEW, lead_log
from leads.models import BrochureRequest, Lead


def mailchimp_notice() -> str:
    """What the admin says when Mailchimp is not configured; empty when it is.

    Asks ``leads.mailchimp.mailchimp_status()``; without it, whether an API key is set.
    """
    default = str(_("Mailchimp is not configured: consenting leads are kept here and not sent to Mailchimp."))
    status_function = getattr(mailchimp, "mailchimp_status", None)
    if status_function is None:
        return "" if settings.MAILCHIMP_API_KEY else default
    status = status_function()
    if getattr(status, "configured", bool(status)):
        return ""
    return str(getattr(status, "message", "") or default)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Lead.Status.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False, empty_label=_("Nobody"))
    next_follow_up = forms.DateField(label=_("Next follow-up"), required=False, widget=date_input())
    next_step = forms.CharField(label=_("Next step"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Goes on the timeline, with the status change if there is one."),
    )

    def __init__(self, *args, lead: Lead, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": lead.status,
                "owner": lead.owner_id,
                "next_follow_up": lead.next_follow_up,
                "next_step": lead.next_step,
            },
        )
        super().__init__(*args, **kwargs)
        owners = sales.sales_owner_choices()
        if lead.owner_id:
            owners = owners.model.objects.filter(Q(pk__in=owners.values("pk")) | Q(pk=lead.owner_id))
        self.fields["owner"].queryset = owners.order_by("first_name", "last_name", "pk")
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class LeadDetailView(InspectView):
    """Everything about one lead. Viewing it is written to the audit log."""

    any_permission_required = ["view"]
    template_name = "leads/admin/lead_detail.html"
    page_title = _("Lead")

    def get_object(self, queryset=None):
        return get_object_or_404(Lead.objects.select_related("owner"), pk=self.pk)

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def can_change(self) -> bool:
        return self.user_has_permission("change")

    def dispatch(self, request, *args, **kwargs):
        if not user_can(request.user, "view"):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        lead_log(lead=self.object, action=LEAD_VIEW, user=request.user)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_change:
            return forbidden(request)
        form = FollowUpForm(request.POST, lead=self.object)
        if form.is_valid():
            sales.lead_follow_up(lead=self.object, user=request.user, **form.cleaned_data)
            messages.success(request, _("Follow-up saved."))
            return redirect(reverse("leads_admin:inspect", args=[self.object.pk]))
        messages.error(request, _("The follow-up could not be saved; check the form."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        context = super().get_context_data(**kwargs)
        lead = self.object
        context.update(
            {
                "lead": lead,
                "requests": BrochureRequest.objects.filter(lead=lead)
                .select_related("source_page", "course")
                .order_by("-created_at", "-pk"),
                "consents": lead.consents.order_by("-created_at", "-pk"),
                "activities": lead.activities.select_related("user").order_by("-created_at", "-pk"),
                "can_change": self.can_change,
                "form": form or (FollowUpForm(lead=lead) if self.can_change else None),
                "mailchimp_notice": mailchimp_notice(),
                "retry_url": reverse("leads_admin:retry_mailchimp", args=[lead.pk]),
                "release_url": reverse("leads_admin:release", args=[lead.pk]),
                "quarantined_requests": BrochureRequest.objects.filter(lead=lead, is_spam=True).count(),
                "reason": lead.spam_reason
                or ", ".join(
                    BrochureRequest.objects.filter(lead=lead, is_spam=True)
                    .order_by()
                    .values_list("spam_reason", flat=True)
                    .distinct()
                ),
            }
        )
        return context


class LeadRetryMailchimpView(View):
    """POST only: queue the lead's Mailchimp sync again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not user_can(request.user, "change"):
            return forbidden(request)
        lead = get_object_or_404(Lead, pk=pk)
        if sales.lead_retry_mailchimp(lead=lead, user=request.user):
            messages.success(request, _("The Mailchimp sync is queued again."))
        else:
            messages.warning(request, _("Not sent to Mailchimp: no consent, marked as spam or erased."))
        return redirect(reverse("leads_admin:inspect", args=[lead.pk]))


class LeadReleaseView(View):
    """POST only: release the lead and its quarantined requests (one click), then back to the lead."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not user_can(request.user, "change"):
            return forbidden(request)
        lead = get_object_or_404(Lead, pk=pk)
        released = services.lead_release_from_spam(lead=lead, user=request.user)
        if released:
            messages.success(
                request,
                ngettext(
                    "Released: the brochure e-mail, the sales notice and the Mailchimp sync of %(count)d request "
                    "are on their way.",
                    "Released: the brochure e-mails, sales notices and the Mailchimp sync of %(count)d requests "
                    "are on their way.",
                    released,
                )
                % {"count": released},
            )
        else:
            messages.info(request, _("Nothing to release: this lead is not in quarantine (any more)."))
        return redirect(reverse("leads_admin:inspect", args=[lead.pk]))
