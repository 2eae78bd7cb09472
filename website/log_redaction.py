"""Secrets that travel in URLs stay out of the logs.

The Mailchimp webhook's only authentication is the secret path segment of
``/mailchimp/webhook/<secret>/``, and brochure links carry signed tokens
(``/brochure/download/<token>/``, ``/brochure/bedankt/<token>/``). Access logs, error logs
and Django's request warnings print paths and Referer headers: anyone who can read a log
could call the webhook or download a brochure. Used by gunicorn's logger
(``website.gunicorn_logging``) and by the ``LOGGING`` handlers of the settings.
"""

import logging
import re

REDACTED = "[redacted]"

_SECRET_PATHS = re.compile(r"(/mailchimp/webhook/|/brochure/(?:download|bedankt)/)[^/?#\s\"']+")
# Any other path segment that looks like a value signed by django.core.signing
# ("payload:timestamp:signature"; compressed ones start with a dot).
_SIGNED_SEGMENT = re.compile(r"(?<=/)\.?[A-Za-z0-9_-]{8,}:[A-Za-z0-9_-]{4,}:[A-Za-z0-9_-]{8,}(?=[/?#\s\"']|$)")


def redact_secrets(text: str) -> str:
    """``text`` (a log line, a URL) with webhook secrets and signed tokens replaced."""
    text = _SECRET_PATHS.sub(lambda match: match.group(1) + REDACTED, text)
    return _SIGNED_SEGMENT.sub(REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """A logging filter that redacts the formatted message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
