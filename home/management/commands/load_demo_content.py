"""Load the Covalis demo site. Idempotent: a second run changes and duplicates nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo


class Command(BaseCommand):
    help = "Create (or bring up to date) the Covalis demo pages, images, documents and settings."

    def handle(self, *args, **options):
        with transaction.atomic():
            report = demo.load()
        for line in report:
            self.stdout.write(line)
