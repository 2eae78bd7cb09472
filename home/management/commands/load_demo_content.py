"""Load the Covalis demo site. Idempotent: a second run changes and duplicates nothing.

``--history`` adds the demo sales history (``home/demo_history.py``): months of leads for
the dashboard, listing and reports. ``make run`` loads it; tests load it only when they
test it, so the many tests that need the pages stay quick. The history is refused unless
the settings allow demo data (``DEMO_HISTORY_ALLOWED``: development and tests, never
production).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo, demo_history


class Command(BaseCommand):
    help = "Create (or bring up to date) the Covalis demo pages, images, documents and settings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also load the demo sales history: six months of leads (development only).",
        )

    def handle(self, *args, **options):
        if options["history"] and not getattr(settings, "DEMO_HISTORY_ALLOWED", False):
            raise CommandError(
                "The demo history is for development only: these settings do not allow it (DEMO_HISTORY_ALLOWED)."
            )
        with transaction.atomic():
            report = demo.load()
            if options["history"]:
                report += demo_history.load()
        for line in report:
            self.stdout.write(line)
