"""Check the Mailchimp connection, the audience and its merge fields; --fix creates missing fields."""

from django.core.management.base import BaseCommand, CommandError

from leads.mailchimp import (
    MERGE_FIELDS,
    MailchimpError,
    mailchimp_audience_id,
    mailchimp_call,
    mailchimp_client,
    mailchimp_status,
)


class Command(BaseCommand):
    help = "Ping Mailchimp, check that the audience exists and has the merge fields the sync fills."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="create the missing merge fields")

    def handle(self, *args, fix=False, **options):
        status = mailchimp_status()
        if not status.configured:
            raise CommandError(str(status.message))
        client = mailchimp_client()
        audience_id = mailchimp_audience_id()
        try:
            mailchimp_call(client.ping.get)
            self.stdout.write(self.style.SUCCESS("✓ API reachable, key accepted"))
            audience = mailchimp_call(client.lists.get_list, audience_id)
            self.stdout.write(self.style.SUCCESS(f"✓ Audience {audience_id} exists: {audience.get('name', '')}"))
            answer = mailchimp_call(client.lists.get_list_merge_fields, audience_id, count=1000)
        except MailchimpError as error:
            raise CommandError(f"Mailchimp: {error}") from error
        present = {field["tag"]: field for field in answer.get("merge_fields", [])}
        missing = [tag for tag in MERGE_FIELDS if tag not in present]
        for tag in MERGE_FIELDS:
            if tag in present:
                self.stdout.write(self.style.SUCCESS(f"✓ Merge field {tag} ({present[tag].get('type')})"))
        problems = []
        for tag in missing:
            name, kind = MERGE_FIELDS[tag]
            if not fix:
                self.stdout.write(self.style.ERROR(f"✗ Merge field {tag} is missing (run with --fix to create it)"))
                problems.append(tag)
                continue
            try:
                mailchimp_call(
                    client.lists.add_list_merge_field,
                    audience_id,
                    {"tag": tag, "name": name, "type": kind, "required": False, "public": False},
                )
            except MailchimpError as error:
                self.stdout.write(self.style.ERROR(f"✗ Could not create merge field {tag}: {error}"))
                problems.append(tag)
            else:
                self.stdout.write(self.style.SUCCESS(f"✓ Merge field {tag} created ({kind})"))
        if problems:
            raise CommandError(f"Missing merge fields: {', '.join(problems)}")
        self.stdout.write(self.style.SUCCESS("Mailchimp is ready."))
