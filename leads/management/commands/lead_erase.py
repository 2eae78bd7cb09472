"""Erasure: anonymise one person's lead and remove them from Mailchimp."""

from django.core.management.base import BaseCommand, CommandError

from leads.privacy import lead_erase, lead_find_by_email


class Command(BaseCommand):
    help = "Erase the personal data of the person with this e-mail address (GDPR), here and in Mailchimp."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask.")
        parser.add_argument(
            "--reason", default="erasure request", help="Why, without personal data (kept in the audit log)."
        )

    def handle(self, *args, email: str, interactive: bool, reason: str, **options):
        lead = lead_find_by_email(email=email)
        if lead is None:
            raise CommandError("No lead with that e-mail address.")
        if lead.erased_at:
            self.stdout.write(f"Lead {lead.pk} was already erased.")
            return
        if interactive:
            answer = input(
                f"Erase lead {lead.pk} ({lead.requests.count()} brochure requests)? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                self.stdout.write("Nothing erased.")
                return
        lead_erase(lead=lead, reason=reason)
        self.stdout.write(self.style.SUCCESS(f"Lead {lead.pk} erased."))
