"""The leads app's entries in Wagtail's audit log (Reports → Site history): names and labels.

Every action is named here once, registered from here (``wagtail_hooks``) and written
through :func:`lead_log`, so a view, a service and the admin hook cannot spell one
differently. An entry's label names the lead by id only: the audit log outlives an
erasure, and it is read by people who may not see the person.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

LEAD_VIEW = "leads.view"
LEAD_EXPORT = "leads.export"  # a row of a listing export (CSV, XLSX)
LEAD_DATA_EXPORT = "leads.export_data"  # subject access: everything held about one person
LEAD_ERASE = "leads.erase"
LEAD_CONSENT_WITHDRAW = "leads.consent_withdraw"
# On a course page or the Leads settings: where notifications of new leads go (issue 13.2).
SALES_ROUTING_CHANGE = "leads.sales_routing"

# action: (label of the action, message shown in the log)
LOG_ACTIONS = {
    LEAD_VIEW: (_("View lead"), _("Lead viewed")),
    LEAD_EXPORT: (_("Export leads"), _("Lead exported in a listing export")),
    LEAD_DATA_EXPORT: (_("Export personal data"), _("Personal data exported (subject access)")),
    LEAD_ERASE: (_("Erase personal data"), _("Personal data erased")),
    LEAD_CONSENT_WITHDRAW: (_("Withdraw consent"), _("Marketing consent withdrawn")),
    SALES_ROUTING_CHANGE: (_("Change sales notification addresses"), _("Sales notification addresses changed")),
}


def log_actions_register(actions) -> None:
    """Register every action above with Wagtail's log action registry."""
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


def lead_log_label(*, lead_id: int) -> str:
    """What the audit log calls a lead: its id, never its name or address."""
    return f"Lead {lead_id}"


def lead_log(*, lead, action: str, user=None, data: dict | None = None):
    """Write one audit log entry about ``lead``; ``user`` is None for the site itself (webhook, purge)."""
    return log(instance=lead, action=action, user=user, data=data or {}, title=lead_log_label(lead_id=lead.pk))
