"""Retention: erase leads with no activity for the configured period. Safe to run daily."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leads.privacy import leads_purge, retention_months


class Command(BaseCommand):
    help = "Erase leads whose last activity is older than the retention period (Settings → Leads and Mailchimp)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be erased; change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        stale = leads_purge(dry_run=dry_run)
        line = (
            _("Would erase lead %(id)s (last activity %(date)s)")
            if dry_run
            else _("Erased lead %(id)s (last activity %(date)s)")
        )
        for lead_id, last_activity in stale:
            self.stdout.write(line % {"id": lead_id, "date": f"{last_activity:%Y-%m-%d}"})
        count, months = len(stale), retention_months()
        if dry_run:
            total = ngettext("Would erase %(count)d lead", "Would erase %(count)d leads", count)
        else:
            total = ngettext("Erased %(count)d lead", "Erased %(count)d leads", count)
        retention = ngettext("retention %(months)d month.", "retention %(months)d months.", months)
        self.stdout.write(f"{total % {'count': count}}; {retention % {'months': months}}")
