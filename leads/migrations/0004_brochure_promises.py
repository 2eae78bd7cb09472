"""Brochure requests get a random public id for signed links, and keep the consent tick and brochure wait;
the brochure field says that publishing needs it and that it stays private.

A unique field on existing rows takes three steps (Django's "migrations that add unique
fields"): add it nullable, give every row its own value, then make it unique.
"""

import uuid

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


def give_each_request_a_public_id(apps, schema_editor):
    BrochureRequest = apps.get_model("leads", "BrochureRequest")
    for request in BrochureRequest.objects.filter(public_id__isnull=True).only("pk").iterator():
        BrochureRequest.objects.filter(pk=request.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_sales_marketing_groups")]

    operations = [
        migrations.AddField(
            model_name="brochurerequest",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(give_each_request_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="brochurerequest",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
        ),
        migrations.AddField(
            model_name="brochurerequest",
            name="marketing_consent",
            field=models.BooleanField(
                default=False,
                help_text="Kept on the request, so that consent held back by quarantine is recorded on release.",
                verbose_name="ticked the consent box",
            ),
        ),
        migrations.AddField(
            model_name="brochurerequest",
            name="waiting_for_brochure",
            field=models.BooleanField(
                default=False,
                help_text="The course had no brochure: it is e-mailed when the course is published with one.",
                verbose_name="waiting for the brochure",
            ),
        ),
        migrations.AlterField(
            model_name="brochurerequest",
            name="spam_reason",
            field=models.CharField(
                blank=True, help_text="Kept after a release from quarantine.", max_length=100, verbose_name="spam reason"
            ),
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="brochure",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The PDF visitors receive. Needed to publish: the form promises it at once and by e-mail. "
                    "Whatever collection it is in, visitors only get it through the form's signed links; "
                    "its public document link is switched off."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtaildocs.document",
                verbose_name="brochure",
            ),
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="thank_you_text",
            field=wagtail.fields.RichTextField(
                blank=True,
                help_text=(
                    "Shown above the download button after a request. The page itself says whether and when the "
                    "link is e-mailed (not for a request held for a check): do not promise the e-mail here."
                ),
                verbose_name="thank-you text",
            ),
        ),
    ]
