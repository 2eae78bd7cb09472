"""Permissions of the sales desk that concern no single lead.

Wagtail lists the audit log entries (Reports → Site history, its search and exports) of
every model a user holds any permission on. A permission on ``Lead`` would therefore show
the leads' log entries to everyone who may open a report, such as Marketing. These
permissions live on a model of their own, which holds no rows and no personal data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

REPORT_PERMISSION = "leads.view_lead_report"
SALES_ROUTING_PERMISSION = "leads.change_sales_routing"


class SalesRoutingAuditMixin:
    """For models with a "notify sales" field (``sales_routing_field``): every change goes to the audit log.

    In ``save()``, so that every way of saving (the edit form, publishing a revision,
    scheduled publishing, a revert, code) is covered; the acting admin user comes from
    Wagtail's log context.
    """

    sales_routing_field = ""

    def save(self, *args, **kwargs):
        from leads.sales import sales_routing_change, sales_routing_log

        change = sales_routing_change(
            instance=self, field_name=self.sales_routing_field, update_fields=kwargs.get("update_fields")
        )
        result = super().save(*args, **kwargs)
        if change:
            sales_routing_log(instance=self, change=change)
        return result


class SalesDesk(models.Model):
    """No table and no rows: the content type that the sales desk's own permissions belong to."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("sales desk")
        verbose_name_plural = _("sales desk")
        permissions = [
            ("view_lead_report", _("Can view the lead funnel report")),
            ("change_sales_routing", _("Can see and change where sales notifications go")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
