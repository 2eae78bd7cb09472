"""Retention: erase leads with no activity for the configured period. Safe to run daily."""

from django.core.management.base import BaseCommand

from leads.privacy import leads_purge, retention_months


class Command(BaseCommand):
    help = "Erase leads whose last activity is older than the retention period (Settings → Leads and Mailchimp)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be erased; change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        stale = leads_purge(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        for lead_id, last_activity in stale:
            self.stdout.write(f"{verb} lead {lead_id} (last activity {last_activity:%Y-%m-%d})")
        self.stdout.write(f"{verb} {len(stale)} lead(s); retention {retention_months()} months.")
