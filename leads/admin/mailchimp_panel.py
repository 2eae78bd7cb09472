"""The admin dashboard's notice while Mailchimp is not set up, for those who can act on it.

Shown once (the dashboard, not every lead and listing), only to users who may change
Settings → Leads and Mailchimp, and in their words: what it means for leads and who
fixes it. The developer's wording stays in ``mailchimp_status()`` for commands and logs.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from leads import mailchimp
from leads.models import LeadSettings

NOTICES = {
    mailchimp.MISSING_API_KEY: _(
        "Mailchimp is not connected yet. Leads who agreed to receive course news are kept here and are added "
        "to your Mailchimp audience once it is connected. Your developer or hosting provider connects it by "
        "setting the Mailchimp API key on the server (MAILCHIMP_API_KEY)."
    ),
    mailchimp.MISSING_DATA_CENTRE: _(
        "The Mailchimp API key on the server is incomplete: it lacks the data centre at its end, such as -us21. "
        "Ask your developer or hosting provider to check it. Until then leads are kept here."
    ),
    mailchimp.MISSING_AUDIENCE: _(
        "Choose the Mailchimp audience that receives new contacts. Until then leads who agreed to receive "
        "course news are kept here."
    ),
}


def mailchimp_notice_for(user) -> str:
    """What to tell ``user`` about Mailchimp; empty when it works or when they cannot change it."""
    if not user.has_perm(f"{LeadSettings._meta.app_label}.change_{LeadSettings._meta.model_name}"):
        return ""
    return str(NOTICES.get(mailchimp.mailchimp_missing(), ""))


class MailchimpStatusPanel(Component):
    name = "mailchimp_status"
    order = 20  # above the other panels: it explains why leads stay pending
    template_name = "leads/admin/mailchimp_status_panel.html"

    def __init__(self, *, message: str):
        self.message = message

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        settings_url = ""
        if mailchimp.mailchimp_missing() == mailchimp.MISSING_AUDIENCE:
            settings_url = reverse("wagtailsettings:edit", args=["leads", "leadsettings"])
        return {"message": self.message, "settings_url": settings_url}
