"""The Sales and Marketing groups may see the content performance report (issue 16).

Its permission sits on the daily totals, which hold no personal data, so Marketing can
have it without any right on leads.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Sales", "Marketing"]


def grant(apps, schema_editor):
    # On a fresh database the model permissions are only created after all migrations
    # (post_migrate): create this app's now so the groups can hold them.
    app_config = apps.get_app_config("leads")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="leads", codename="view_content_report")
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="leads", codename="view_content_report").first()
    if permission is not None:
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0006_insight_counts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
