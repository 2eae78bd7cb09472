"""Queue the Mailchimp sync again for leads that are pending or failed, or send them now."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leads.mailchimp import leads_requeue_mailchimp, leads_sync_mailchimp_now, mailchimp_status


class Command(BaseCommand):
    help = (
        "Re-enqueue the Mailchimp sync of consenting, non-spam leads that are pending (with no job at work "
        "and no retry scheduled) or failed. With --lead, those leads are queued whatever their state. "
        "With --now, every pending or failed consenting lead (also those waiting on a retry) is sent now, "
        "by this command, and the outcome printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lead", type=int, action="append", dest="lead_ids", help="a lead id (repeatable)")
        parser.add_argument(
            "--now",
            action="store_true",
            help="send now in this process, without waiting for a worker or a retry backoff (after an outage)",
        )

    def handle(self, *args, lead_ids=None, now=False, **options):
        status = mailchimp_status()
        if not status.configured:
            self.stderr.write(self.style.WARNING(str(status.message)))
            if now:
                return
        if now:
            self._send_now(lead_ids)
            return
        queued = leads_requeue_mailchimp(lead_ids=lead_ids)
        self.stdout.write(
            ngettext(
                "Queued the Mailchimp sync of %(count)d lead.",
                "Queued the Mailchimp sync of %(count)d leads.",
                len(queued),
            )
            % {"count": len(queued)}
        )
        self._report_skipped(lead_ids, queued, verb="queued")

    def _send_now(self, lead_ids):
        outcomes = leads_sync_mailchimp_now(lead_ids=lead_ids)
        sent = sorted(pk for ids in outcomes.values() for pk in ids)
        self.stdout.write(
            ngettext(
                "Sent the Mailchimp sync of %(count)d lead now.",
                "Sent the Mailchimp sync of %(count)d leads now.",
                len(sent),
            )
            % {"count": len(sent)}
        )
        for outcome, ids in sorted(outcomes.items()):
            leads = ngettext("lead %(ids)s", "leads %(ids)s", len(ids)) % {"ids": ", ".join(map(str, ids))}
            self.stdout.write(f"  {outcome}: {len(ids)} ({leads})")
        self._report_skipped(lead_ids, sent, verb="sent")

    def _report_skipped(self, lead_ids, handled, *, verb: str):
        if not lead_ids:
            return
        skipped = sorted(set(lead_ids) - set(handled))
        if skipped:
            self.stderr.write(
                self.style.WARNING(
                    (
                        _("Not queued (unknown, no consent, spam or erased): %(ids)s")
                        if verb == "queued"
                        else _("Not sent (unknown, no consent, spam or erased): %(ids)s")
                    )
                    % {"ids": ", ".join(map(str, skipped))}
                )
            )
