"""gunicorn's logger with secrets taken out of URLs (``logger_class`` in gunicorn.conf.py).

The access log is off by default (``GUNICORN_ACCESS_LOG``); when it is on, its request
line, path, query and Referer, and the error log's messages, go through
``website.log_redaction``.
"""

from gunicorn.glogging import Logger

from website.log_redaction import RedactSecretsFilter


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, RedactSecretsFilter) for existing in log.filters):
                log.addFilter(RedactSecretsFilter())
