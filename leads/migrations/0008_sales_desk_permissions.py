"""The sales desk's own permissions move off the Lead model (issue 13.1 and 13.2).

Wagtail shows the audit log entries of every model a user holds any permission on, so
Marketing, holding the funnel report permission on ``Lead``, saw every lead's entries in
Reports → Site history. The report permission now belongs to ``SalesDesk``, a model with
no table; the permission row is moved, so every group and user keeps it. The new
permission to see and change where sales notifications go is held by the new group
"Sales managers" (and superusers). Lead log entries are relabelled with the lead id only.
"""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Concat

REPORT = "view_lead_report"
ROUTING = "change_sales_routing"
SALES_MANAGERS = "Sales managers"


def _content_type(apps, model, app_label="leads"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _move_permission(apps, codename, *, source, target, name):
    """Re-point the permission row to ``target``'s content type, keeping every group and user that holds it."""
    Permission = apps.get_model("auth", "Permission")
    old = Permission.objects.filter(content_type=source, codename=codename).first()
    new = Permission.objects.filter(content_type=target, codename=codename).first()
    if old is not None and new is not None:
        for group in old.group_set.all():
            group.permissions.add(new)
        for user in old.user_set.all():
            user.user_permissions.add(new)
        old.delete()
    elif old is not None:
        old.content_type = target
        old.save(update_fields=["content_type"])
    elif new is None:
        Permission.objects.create(content_type=target, codename=codename, name=name)


def forwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    lead = _content_type(apps, "lead")
    desk = _content_type(apps, "salesdesk")

    _move_permission(apps, REPORT, source=lead, target=desk, name="Can view the lead funnel report")
    routing, _ = Permission.objects.get_or_create(
        content_type=desk, codename=ROUTING, defaults={"name": "Can see and change where sales notifications go"}
    )
    managers, _ = Group.objects.get_or_create(name=SALES_MANAGERS)
    managers.permissions.add(routing)
    admin = _content_type(apps, "admin", app_label="wagtailadmin")
    settings = _content_type(apps, "leadsettings")
    for content_type, codename in ((admin, "access_admin"), (settings, "change_leadsettings")):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
        )
        managers.permissions.add(permission)

    # Earlier entries carry the lead's name as their label: the id only, as from now on.
    ModelLogEntry.objects.filter(content_type=lead).update(label=Concat(Value("Lead "), F("object_id")))


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    lead = _content_type(apps, "lead")
    desk = _content_type(apps, "salesdesk")
    _move_permission(apps, REPORT, source=desk, target=lead, name="Can view the lead funnel report")
    # The routing permission and the group stay, emptied: deleting a row of auth cascades
    # through models of apps outside this migration's state, which Django refuses.
    for group in apps.get_model("auth", "Group").objects.filter(name=SALES_MANAGERS):
        group.permissions.clear()
    for permission in Permission.objects.filter(content_type=desk, codename=ROUTING):
        permission.group_set.clear()
        permission.user_set.clear()


class Migration(migrations.Migration):

    dependencies = [
        ("leads", "0007_content_report_permission"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SalesDesk",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "sales desk",
                "verbose_name_plural": "sales desk",
                "permissions": [
                    ("view_lead_report", "Can view the lead funnel report"),
                    ("change_sales_routing", "Can see and change where sales notifications go"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.AlterModelOptions(
            name="lead",
            options={
                "ordering": ["-created_at"],
                "permissions": [("export_lead", "Can export leads"), ("erase_lead", "Can erase leads (GDPR)")],
                "verbose_name": "lead",
                "verbose_name_plural": "leads",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
