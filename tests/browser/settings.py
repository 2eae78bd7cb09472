"""Settings of the site the browser tests start: the dev settings, with mail written to files.

The live-site fixture (``tests/browser/conftest.py``) sets the environment variables read here.
DEBUG stays on because the development server then serves uploaded media (demo images).
"""

import os

from website.settings.dev import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BROWSER_SITE_MAIL_DIR"]
MEDIA_ROOT = os.environ["BROWSER_SITE_MEDIA_ROOT"]
PRIVATE_MEDIA_ROOT = os.path.join(os.environ["BROWSER_SITE_MEDIA_ROOT"], "..", "private-media")
WHITENOISE_AUTOREFRESH = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
