"""Queue the Mailchimp sync again for leads that are pending or failed."""

from django.core.management.base import BaseCommand

from leads.mailchimp import leads_requeue_mailchimp, mailchimp_status


class Command(BaseCommand):
    help = (
        "Re-enqueue the Mailchimp sync of consenting, non-spam leads that are pending (with no job at work "
        "and no retry scheduled) or failed. With --lead, those leads are queued whatever their state."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lead", type=int, action="append", dest="lead_ids", help="a lead id (repeatable)")

    def handle(self, *args, lead_ids=None, **options):
        status = mailchimp_status()
        if not status.configured:
            self.stderr.write(self.style.WARNING(str(status.message)))
        queued = leads_requeue_mailchimp(lead_ids=lead_ids)
        self.stdout.write(f"Queued the Mailchimp sync of {len(queued)} lead(s).")
        if lead_ids:
            skipped = sorted(set(lead_ids) - set(queued))
            if skipped:
                self.stderr.write(
                    self.style.WARNING(
                        f"Not queued (unknown, no consent, spam or erased): {', '.join(map(str, skipped))}"
                    )
                )
