"""Site settings for the funnel: Mailchimp audience, sales notifications and retention."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from leads.models.permissions import SALES_ROUTING_PERMISSION, SalesRoutingAuditMixin


@register_setting(icon="mail")
class LeadSettings(SalesRoutingAuditMixin, BaseSiteSetting):
    """Editable in the admin under Settings → Leads and Mailchimp."""

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

    panels = [
        MultiFieldPanel(
            [FieldPanel("mailchimp_audience_id"), FieldPanel("mailchimp_double_opt_in")], heading=_("Mailchimp")
        ),
        FieldPanel("sales_notification_email", permission=SALES_ROUTING_PERMISSION),
        FieldPanel("retention_months"),
    ]

    class Meta:
        verbose_name = _("leads and Mailchimp")

    @property
    def audience_id(self) -> str:
        return self.mailchimp_audience_id or settings.MAILCHIMP_AUDIENCE_ID
