"""Subject access: print everything held about one address as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from leads.privacy import lead_export_data, lead_find_by_email


class Command(BaseCommand):
    help = "Print everything held about the person with this e-mail address, as JSON (GDPR subject access)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address.")

    def handle(self, *args, email: str, **options):
        lead = lead_find_by_email(email=email)
        if lead is None:
            raise CommandError("No lead with that e-mail address.")
        self.stdout.write(json.dumps(lead_export_data(lead=lead), indent=2, ensure_ascii=False))
