"""Settings for worker subprocesses started by tests: the test settings, Mailchimp from the environment.

``website.settings.test`` blanks the Mailchimp variables; a worker process started by a
test (``DJANGO_SETTINGS_MODULE=tests.fakes.worker_settings``) reads them again, so it can
talk to a fake Mailchimp process. ``DATABASE_URL`` names the test database.
"""

import os

from website.settings.test import *  # noqa: F403

MAILCHIMP_API_KEY = os.environ.get("MAILCHIMP_API_KEY", "")
MAILCHIMP_API_URL = os.environ.get("MAILCHIMP_API_URL", "")
MAILCHIMP_AUDIENCE_ID = os.environ.get("MAILCHIMP_AUDIENCE_ID", "")
MAILCHIMP_TIMEOUT = float(os.environ.get("MAILCHIMP_TIMEOUT", "10"))
