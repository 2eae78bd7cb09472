"""Make documents uploaded before documents were private unreachable from public paths.

Moves their files from ``MEDIA_ROOT`` to ``PRIVATE_MEDIA_ROOT`` (local storage), or gives
them the private ACL (bucket). Safe to run again: it changes only what is still public.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext
from wagtail.documents import get_document_model


class Command(BaseCommand):
    help = "Move document files out of the public media folder (or make them private in the bucket)."

    def handle(self, *args, **options):
        make_private = getattr(default_storage, "make_private", None)
        if make_private is None:
            self.stderr.write("The default storage is not website.storage's: nothing to do.")
            return
        names = get_document_model().objects.exclude(file="").values_list("file", flat=True)
        moved = sum(1 for name in names.iterator() if make_private(name))
        self.stdout.write(
            ngettext("%(count)d document file made private.", "%(count)d document files made private.", moved)
            % {"count": moved}
        )
