"""No webhook secret or signed token in the logs of a real gunicorn (issue 13.10).

The access log is off unless ``GUNICORN_ACCESS_LOG`` is set, as the README says; when it is
on, the secret path segment of the Mailchimp webhook and the signed tokens of brochure
links (also in the Referer of the next request) are redacted, and so are Django's own
request warnings on the error log.
"""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from leads.models import BrochureRequest
from leads.services import brochure_link_make, thank_you_token_make

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("gunicorn stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def get(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def gunicorn_logs(tmp_path):
    """Runs gunicorn with gunicorn.conf.py and the access log on; yields the requests' base URL and the logs."""
    port = free_port()
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # no tables: errors get logged too
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(access_log),
    }
    with error_log.open("w") as errors:
        process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "website.wsgi:application", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=errors,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(port, process)
            yield f"http://127.0.0.1:{port}", access_log, error_log
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_the_access_log_holds_no_webhook_secret_or_signed_token(gunicorn_logs):
    base, access_log, error_log = gunicorn_logs
    secret = settings.MAILCHIMP_WEBHOOK_SECRET
    request = BrochureRequest(public_id=uuid.uuid4())  # never saved: the site has no tables here
    thanks = thank_you_token_make(brochure_request=request)
    download = brochure_link_make(brochure_request=request)

    assert get(f"{base}/mailchimp/webhook/{secret}/") == 200
    get(f"{base}/brochure/bedankt/{thanks}/")
    get(f"{base}/brochure/download/{download}/?utm_source=mail", Referer=f"{base}/brochure/bedankt/{thanks}/")
    get(f"{base}/mailchimp/webhook/not-the-secret/")
    time.sleep(0.5)  # the worker writes its log lines after the response

    logged = access_log.read_text()
    assert logged.count("\n") == 4, logged
    assert "/mailchimp/webhook/[redacted]/" in logged
    assert "/brochure/download/[redacted]/?utm_source=mail" in logged
    for text in (logged, error_log.read_text()):
        for value in (secret, thanks, download, "not-the-secret"):
            assert value not in text, value


def test_the_access_log_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["accesslog"] is None
    assert config["logger_class"] == "website.gunicorn_logging.RedactingLogger"
