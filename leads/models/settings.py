"""Site settings for the funnel: Mailchimp audience, sales notifications, assignment, deadline and retention."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from leads.models.permissions import SALES_ROUTING_PERMISSION, SalesRoutingAuditMixin

SALES_GROUP = "Sales"  # the group migration 0003 creates


def sales_members() -> Q:
    """Who may be picked as a sales owner on a form: active members of the Sales group."""
    return Q(is_active=True, groups__name=SALES_GROUP)


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class LeadSettingsForm(WagtailAdminModelForm):
    """People by their full names in the rotation and the absences, not by username."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rotation_members"].label_from_instance = _person
        # Every absence row, and the empty row "Add" copies, is built from the formset's form class.
        self.formsets["absences"].form.base_fields["user"].label_from_instance = _person


@register_setting(icon="mail")
class LeadSettings(SalesRoutingAuditMixin, ClusterableModel, BaseSiteSetting):
    """Editable in the admin under Settings → Leads and Mailchimp."""

    base_form_class = LeadSettingsForm

    mailchimp_audience_id = models.CharField(
        _("Mailchimp audience id"),
        max_length=50,
        blank=True,
        help_text=_("The audience (list) id from Mailchimp. Empty: the MAILCHIMP_AUDIENCE_ID environment variable."),
    )
    mailchimp_double_opt_in = models.BooleanField(
        _("double opt-in"),
        default=True,
        help_text=_("New contacts confirm their address by e-mail before Mailchimp mails them (recommended)."),
    )
    sales_notification_email = models.CharField(
        _("notify sales"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated addresses told about every new lead (course pages may name their own)."),
    )
    retention_months = models.PositiveIntegerField(
        _("keep leads for (months)"),
        default=24,
        help_text=_("Leads with no activity for this long are erased by the daily purge."),
    )

    sales_routing_field = "sales_notification_email"

    assignment_enabled = models.BooleanField(
        _("assign new leads automatically"),
        default=True,
        help_text=_(
            "A new lead goes to its course's sales owner, otherwise to the next person in the rotation. "
            "Off: new leads wait without an owner."
        ),
    )
    rotation_members = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        limit_choices_to=sales_members,
        verbose_name=_("in the rotation"),
        help_text=_("Who takes turns. None ticked: every active member of the Sales group."),
    )
    first_contact_hours = models.PositiveSmallIntegerField(
        _("first contact within (working hours)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
        help_text=_(
            "Working hours are Monday to Friday, 9:00 to 17:00, Dutch public holidays excluded. "
            "Each new request on a lead nobody has contacted yet is due this long after it arrives."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("mailchimp_audience_id"), FieldPanel("mailchimp_double_opt_in")], heading=_("Mailchimp")
        ),
        FieldPanel("sales_notification_email", permission=SALES_ROUTING_PERMISSION),
        MultiFieldPanel(
            [
                FieldPanel("assignment_enabled"),
                FieldPanel("rotation_members", widget=forms.CheckboxSelectMultiple),
                InlinePanel("absences", label=_("Away"), heading=_("Away")),
                FieldPanel("first_contact_hours"),
            ],
            heading=_("Assignment and first contact"),
        ),
        FieldPanel("retention_months"),
    ]

    class Meta:
        verbose_name = _("leads and Mailchimp")

    @property
    def audience_id(self) -> str:
        return self.mailchimp_audience_id or settings.MAILCHIMP_AUDIENCE_ID


class SalesAbsence(Orderable):
    """Someone skipped in the rotation (and as course owner) until they are back."""

    lead_settings = ParentalKey(LeadSettings, on_delete=models.CASCADE, related_name="absences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=sales_members,
        verbose_name=_("who"),
    )
    back_on = models.DateField(_("back on"), help_text=_("Gets new leads again from this day."))

    panels = [FieldPanel("user"), FieldPanel("back_on")]

    class Meta(Orderable.Meta):
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
