"""Where uploads live: images where visitors may fetch them, documents where they cannot.

Images are public files (``MEDIA_ROOT`` served under ``MEDIA_URL``, or a bucket). Documents
(Wagtail's ``documents/`` upload folder, where the course brochures are) never are: on
disk they live under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``, so neither Django's
``SERVE_MEDIA``/development route nor a proxy that serves ``MEDIA_ROOT`` can reach them;
in a bucket they are uploaded with a private ACL and only ever linked with a short-lived
signed URL. Visitors reach a document only through a view that checks first: Wagtail's
document view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``, which refuses brochures to
visitors) or the brochure form's signed download link.

Both classes are the default storage (``STORAGES["default"]``), so Wagtail's document model
and its migrations stay as they are; the routing is by name, one rule in one place.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join

PRIVATE_PREFIX = "documents/"


def is_private(name: str) -> bool:
    """Whether the file called ``name`` in the default storage must never be public."""
    return (name or "").replace("\\", "/").lstrip("/").startswith(PRIVATE_PREFIX)


class MediaStorage(FileSystemStorage):
    """Local files: images under ``MEDIA_ROOT``, documents under ``PRIVATE_MEDIA_ROOT``."""

    def __init__(self, *args, private_location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._private_location = private_location

    @property
    def private_location(self) -> str:
        return os.path.abspath(self._private_location or settings.PRIVATE_MEDIA_ROOT)

    def path(self, name):
        if is_private(name):
            return safe_join(self.private_location, name)
        return super().path(name)

    def _save(self, name, content):
        if not is_private(name):
            return super()._save(name, content)
        # Saved, named and permissioned relative to the private root, as Django does for its own root.
        private = FileSystemStorage(
            location=self.private_location,
            file_permissions_mode=self.file_permissions_mode,
            directory_permissions_mode=self.directory_permissions_mode,
        )
        return private._save(name, content)

    def url(self, name):
        if is_private(name):
            # What Wagtail's document view expects of a storage without URLs: it serves the file itself.
            raise NotImplementedError("Documents have no public URL: Wagtail's document view or a signed link.")
        return super().url(name)

    def make_private(self, name: str) -> bool:
        """Move a document saved before documents were private out of ``MEDIA_ROOT``."""
        public_path = super().path(name)
        if not is_private(name) or not os.path.exists(public_path):
            return False
        private_path = self.path(name)
        if os.path.exists(private_path):
            os.remove(public_path)  # both copies: the private one is the one in use
            return True
        os.makedirs(os.path.dirname(private_path), exist_ok=True)
        os.replace(public_path, private_path)
        return True


try:
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name
except ImportError:  # django-storages[s3] is in requirements.txt; this keeps the module importable
    S3Storage = None


if S3Storage is not None:

    class MediaS3Storage(S3Storage):
        """A bucket: documents are private objects, linked only with short-lived signed URLs.

        Even with ``AWS_S3_CUSTOM_DOMAIN`` (a CDN, which cannot sign S3 links) a document's
        URL is the bucket's own, signed and valid for ``AWS_PRIVATE_QUERYSTRING_EXPIRE``
        seconds. Keep the bucket private (S3's "Block public access"): a bucket policy that
        makes objects public would override the private ACL.
        """

        private_acl = "private"

        def get_object_parameters(self, name):
            params = super().get_object_parameters(name)
            if is_private(name):
                params["ACL"] = self.private_acl
            return params

        def url(self, name, parameters=None, expire=None, http_method=None):
            if not is_private(name):
                return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
            params = {**(parameters or {}), "Bucket": self.bucket.name, "Key": self._normalize_name(clean_name(name))}
            return self.connection.meta.client.generate_presigned_url(
                "get_object",
                Params=params,
                ExpiresIn=expire or settings.AWS_PRIVATE_QUERYSTRING_EXPIRE,
                HttpMethod=http_method,
            )

        def make_private(self, name: str) -> bool:
            """Give a document uploaded before documents were private the private ACL."""
            if not is_private(name) or not self.exists(name):
                return False
            self.bucket.Object(self._normalize_name(clean_name(name))).Acl().put(ACL=self.private_acl)
            return True
