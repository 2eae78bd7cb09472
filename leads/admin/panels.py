"""The sales panel on the admin dashboard."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from leads.sales import sales_dashboard_leads


class SalesDashboardPanel(Component):
    """The signed-in user's overdue and due-today leads, their follow-ups, and the newest leads."""

    name = "sales_leads"
    template_name = "leads/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        context.update(sales_dashboard_leads(user=request.user))
        context["index_url"] = reverse("leads_admin:index")
        context["today"] = timezone.localdate()
        context["request"] = request
        return context
