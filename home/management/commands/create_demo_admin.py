"""Create the demo login admin/changeme for local development (refused unless DEBUG)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from leads.sales import SALES_GROUP

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "changeme"  # noqa: S105  (a documented dev-only login)


class Command(BaseCommand):
    help = "Create the dev-only superuser admin/changeme if it does not exist."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin is for development only (DEBUG is off).")
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_USERNAME,
            # A name and a seat in Sales: the demo history gives this login a share of the
            # leads, and the rotation a turn, as a member of the sales team.
            defaults={
                "email": "admin@example.com",
                "first_name": "Robin",
                "last_name": "Visser",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            group = Group.objects.filter(name=SALES_GROUP).first()
            if group:
                user.groups.add(group)
        self.stdout.write(f"Demo admin login: {DEMO_USERNAME} / {DEMO_PASSWORD} (development only)")
