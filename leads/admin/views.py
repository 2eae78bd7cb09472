"""A lead's page in the admin: details, requests, consent, Mailchimp, follow-up form and timeline."""

from django import forms
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView

from leads import sales, services
from leads.admin.access import date_input, forbidden, user_can
from leads.admin.labels import first_contact_summary, spam_reason_label, timeline_entries, user_display_name
from leads.audit import LEAD_VIEW, lead_log
from leads.models import BrochureRequest, Lead, LeadActivity


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


class LogContactForm(forms.Form):
    """A call, e-mail or meeting with its outcome: the first one is the lead's first contact."""

    channel = forms.ChoiceField(
        label=_("Contact"),
        choices=LeadActivity.Channel.choices,
        initial=LeadActivity.Channel.CALL,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=pgettext_lazy("result of a contact", "Outcome"),
        choices=[("", "---------"), *LeadActivity.Outcome.choices],
    )
    contact_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LeadDetailView(InspectView):
    """Everything about one lead. Viewing it is written to the audit log."""

    any_permission_required = ["view"]
    template_name = "leads/admin/lead_detail.html"
    page_title = _("Lead")

    def get_object(self, queryset=None):
        return get_object_or_404(Lead.objects.select_related("owner"), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.display_name

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

    @cached_property
    def can_own(self) -> bool:
        return self.can_change and sales.sales_owner_choices().filter(pk=self.request.user.pk).exists()

    def post(self, request, *args, **kwargs):
        if not self.can_change:
            return forbidden(request)
        lead_url = reverse("leads_admin:inspect", args=[self.object.pk])
        action = request.POST.get("action", "follow_up")
        if action == "assign_to_me":
            if not self.can_own:
                return forbidden(request)
            sales.lead_assign_owner(lead=self.object, owner=request.user, user=request.user)
            messages.success(request, _("This lead is yours now."))
            return redirect(lead_url)
        if action == "contact":
            contact_form = LogContactForm(request.POST)
            if contact_form.is_valid():
                data = contact_form.cleaned_data
                sales.lead_log_contact(
                    lead=self.object,
                    user=request.user,
                    channel=data["channel"],
                    outcome=data["outcome"],
                    note=data["contact_note"],
                )
                messages.success(request, _("Contact logged."))
                return redirect(lead_url)
            messages.error(request, _("The contact could not be logged; check the form."))
            return self.render_to_response(self.get_context_data(contact_form=contact_form))
        form = FollowUpForm(request.POST, lead=self.object)
        if form.is_valid():
            sales.lead_follow_up(lead=self.object, user=request.user, **form.cleaned_data)
            messages.success(request, _("Follow-up saved."))
            return redirect(lead_url)
        messages.error(request, _("The follow-up could not be saved; check the form."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        contact_form = kwargs.pop("contact_form", None)
        context = super().get_context_data(**kwargs)
        lead = self.object
        user = self.request.user
        can_change = self.can_change and lead.erased_at is None
        context.update(
            {
                "lead": lead,
                # Through the lead, so each request knows it (what was typed is compared with it).
                "requests": lead.requests.select_related("source_page", "course").order_by("-created_at", "-pk"),
                "consents": lead.consents.order_by("-created_at", "-pk"),
                "timeline": timeline_entries(lead.activities.select_related("user").order_by("-created_at", "-pk")),
                "can_change": self.can_change,
                "can_assign_to_me": can_change and self.can_own and lead.owner_id != user.pk,
                "form": form or (FollowUpForm(lead=lead) if self.can_change else None),
                "contact_form": contact_form or (LogContactForm() if can_change else None),
                "email_draft_url": sales.lead_email_draft_url(lead=lead, user=user) if can_change else "",
                "first_contact": first_contact_summary(lead, now=timezone.now()),
                "owner_name": user_display_name(lead.owner) if lead.owner_id else "",
                "spam_reason": spam_reason_label(lead.spam_reason) if lead.spam_reason else "",
                "retry_url": reverse("leads_admin:retry_mailchimp", args=[lead.pk]),
                "release_url": reverse("leads_admin:release", args=[lead.pk]),
                "quarantined_requests": BrochureRequest.objects.filter(lead=lead, is_spam=True).count(),
                "reason": spam_reason_label(
                    lead.spam_reason
                    or "+".join(
                        BrochureRequest.objects.filter(lead=lead, is_spam=True)
                        .order_by()
                        .values_list("spam_reason", flat=True)
                        .distinct()
                    )
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
        release = services.lead_release_from_spam(lead=lead, user=request.user)
        if release.requests:
            messages.success(
                request,
                ngettext(
                    "Released: the brochure e-mail, the sales notice and the Mailchimp sync of %(count)d request "
                    "are on their way.",
                    "Released: the brochure e-mails, sales notices and the Mailchimp sync of %(count)d requests "
                    "are on their way.",
                    release.requests,
                )
                % {"count": release.requests},
            )
        elif release.released:
            messages.success(request, _("Released: this lead is no longer marked as spam."))
        else:
            messages.info(request, _("Nothing to release: this lead is not in quarantine (any more)."))
        return redirect(reverse("leads_admin:inspect", args=[lead.pk]))
