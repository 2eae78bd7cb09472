"""Bulk actions on the lead listing (Wagtail's bulk action framework): owner, status, spam, Mailchimp."""

from django import forms
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from leads import sales
from leads.admin.access import forbidden, user_can
from leads.admin.filters import LeadFilterSet, lead_search
from leads.models import Lead


class LeadBulkAction(BulkAction):
    template_name = "leads/admin/bulk_actions/confirm.html"
    confirm_label = _("Yes, go ahead")
    done_message = ""

    @classproperty
    def models(cls):
        return [Lead]

    def dispatch(self, request, *args, **kwargs):
        if not user_can(request.user, "change"):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def object_context(self, obj):
        return {"item": obj}

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" sends the listing's own query string along: the same
        # filters and search, so an action never reaches leads the user did not see.
        leads = LeadFilterSet(self.request.GET, queryset=Lead.objects.all(), request=self.request).qs
        return lead_search(leads, self.request.GET.get("q", "")).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "header_icon": "group",
            "action_title": self.display_name,
            "action_button_text": self.confirm_label,
            "no_action_button_text": _("Cancel"),
        }

    def get_execution_context(self):
        return {"user": self.request.user, **(self.cleaned_form.cleaned_data if self.cleaned_form else {})}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d lead updated.", "%(count)d leads updated.", num_parent_objects) % {
            "count": num_parent_objects
        }


class AssignOwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = sales.sales_owner_choices()
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class AssignOwnerBulkAction(LeadBulkAction):
    display_name = _("Assign owner")
    action_type = "assign_owner"
    aria_label = _("Assign an owner to the selected leads")
    action_priority = 10
    form_class = AssignOwnerForm
    confirm_label = _("Assign")

    @classmethod
    def execute_action(cls, objects, *, user, owner=None, **kwargs):
        for lead in objects:
            sales.lead_assign_owner(lead=lead, owner=owner, user=user)
        return len(objects), 0


class AssignToMeBulkAction(LeadBulkAction):
    display_name = _("Assign to me")
    action_type = "assign_to_me"
    aria_label = _("Make me the owner of the selected leads")
    action_priority = 5
    confirm_label = _("Yes, assign to me")

    def dispatch(self, request, *args, **kwargs):
        if not sales.sales_owner_choices().filter(pk=request.user.pk).exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def execute_action(cls, objects, *, user, **kwargs):
        for lead in objects:
            sales.lead_assign_owner(lead=lead, owner=user, user=user)
        return len(objects), 0


class ChangeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Lead.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ChangeStatusBulkAction(LeadBulkAction):
    display_name = _("Change status")
    action_type = "change_status"
    aria_label = _("Change the status of the selected leads")
    action_priority = 20
    form_class = ChangeStatusForm
    confirm_label = _("Change status")

    @classmethod
    def execute_action(cls, objects, *, user, status, note="", **kwargs):
        for lead in objects:
            sales.lead_change_status(lead=lead, status=status, user=user, note=note)
        return len(objects), 0


class SpamFlagBulkAction(LeadBulkAction):
    """Sets the spam flag of the selected leads to ``is_spam``."""

    is_spam: bool

    @classmethod
    def execute_action(cls, objects, *, user, **kwargs):
        for lead in objects:
            sales.lead_mark_spam(lead=lead, is_spam=cls.is_spam, user=user)
        return len(objects), 0


class MarkSpamBulkAction(SpamFlagBulkAction):
    display_name = _("Mark as spam")
    action_type = "mark_spam"
    aria_label = _("Mark the selected leads as spam")
    action_priority = 30
    confirm_label = _("Yes, mark as spam")
    classes = {"serious"}
    is_spam = True


class ClearSpamBulkAction(SpamFlagBulkAction):
    display_name = _("Not spam")
    action_type = "clear_spam"
    aria_label = _("Clear the spam flag of the selected leads")
    action_priority = 40
    confirm_label = _("Yes, not spam")
    is_spam = False


class RetryMailchimpBulkAction(LeadBulkAction):
    display_name = _("Retry Mailchimp sync")
    action_type = "retry_mailchimp"
    aria_label = _("Queue the Mailchimp sync of the selected leads again")
    action_priority = 50
    confirm_label = _("Yes, retry")

    @classmethod
    def execute_action(cls, objects, *, user, **kwargs):
        queued = sum(1 for lead in objects if sales.lead_retry_mailchimp(lead=lead, user=user))
        return queued, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d lead queued for Mailchimp.", "%(count)d leads queued for Mailchimp.", num_parent_objects
        ) % {"count": num_parent_objects}


LEAD_BULK_ACTIONS = [
    AssignToMeBulkAction,
    AssignOwnerBulkAction,
    ChangeStatusBulkAction,
    MarkSpamBulkAction,
    ClearSpamBulkAction,
    RetryMailchimpBulkAction,
]
