"""Test settings: fast hashing, plain static storage, local-memory cache and mail."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-pages",
    },
}
# Off by default so a test that changes content without publishing sees its change;
# tests/website/test_page_cache.py (and any test using the `page_cache` fixture) turn it on.
PAGE_CACHE_ENABLED = False
# Counts wait in this process's memory; tests that need Redis start their own server.
INSIGHT_REDIS_URL = ""
# Two weeks of demo page counts instead of six months: the demo_site fixture stays fast.
INSIGHT_DEMO_DAYS = 14
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-output" / "media" / str(os.getpid())  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-output" / "private-media" / str(os.getpid())  # noqa: F405
MAILCHIMP_API_KEY = ""
MAILCHIMP_AUDIENCE_ID = ""
MAILCHIMP_WEBHOOK_SECRET = "test-webhook-secret"  # noqa: S105
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DEMO_HISTORY_ALLOWED = True  # made-up demo leads (load_demo_content --history)
