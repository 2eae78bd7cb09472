"""Production: everything host-specific comes from the environment.

The process refuses to start without SECRET_KEY, ALLOWED_HOSTS and a valid
WAGTAILADMIN_BASE_URL, so a misconfigured deploy fails loudly instead of running
insecurely or sending e-mails with dead links.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_addresses, env_bool, env_list, public_base_url_problem

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Who gets a mail with the traceback (no form values or variables) when a request fails
# with a server error: DJANGO_ADMINS="Ops <ops@covalis.nl>, dev@covalis.nl". Empty: nobody.
ADMINS = env_addresses("DJANGO_ADMINS")

# Keep database connections open between requests (PostgreSQL).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# HTTPS everywhere; a proxy in front terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# That proxy appends the visitor's address to X-Forwarded-For (login lockout, rate limits);
# believed only from FORWARDED_ALLOW_IPS (base.py, website/security.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Links in e-mails start with this; the Sites setting plays no part in them.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/")
_base_url_problem = public_base_url_problem(
    WAGTAILADMIN_BASE_URL, allowed_hosts=ALLOWED_HOSTS, https_only=SECURE_SSL_REDIRECT
)
if _base_url_problem:
    raise ImproperlyConfigured(f"WAGTAILADMIN_BASE_URL {_base_url_problem}.")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"  # the admin's preview views allow same-origin framing themselves
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# S3-compatible object storage for media and documents when a bucket is configured.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "website.storage.MediaS3Storage"}  # noqa: F405
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_SIGNATURE_VERSION = "s3v4"  # signed links say how long they last (X-Amz-Expires)
    # Any S3-compatible service (MinIO, Scaleway, Hetzner...); credentials come from
    # boto3's own AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables.
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # Documents are private objects; their signed links last this long (seconds).
    AWS_PRIVATE_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_PRIVATE_QUERYSTRING_EXPIRE", "300"))

if not os.environ.get("EMAIL_HOST"):
    # No mail server configured: fail visibly in the logs, never on a visitor.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
