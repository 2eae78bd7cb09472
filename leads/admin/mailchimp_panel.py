"""The admin dashboard's warning when Mailchimp is not configured (leads then wait as pending)."""

from typing import Any

from wagtail.admin.ui.components import Component


class MailchimpStatusPanel(Component):
    name = "mailchimp_status"
    order = 20  # above the other panels: it explains why leads stay pending
    template_name = "leads/admin/mailchimp_status_panel.html"

    def __init__(self, *, message: str):
        self.message = message

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        return {"message": self.message}
