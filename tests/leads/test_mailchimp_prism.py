"""A second opinion on our requests: Stoplight Prism's validating proxy, in front of the fake Mailchimp.

Prism checks every request against ``marketing-api.json`` (``--errors``: a bad request gets a
422 and is not forwarded). Skipped unless Prism is available: ``PRISM_BIN``, ``prism`` on the
PATH, or a cached ``npm i -E @stoplight/prism-cli@5.14.2`` (tried once, needs npm and the
registry). The spec declares only Bearer auth, so the client uses an access token here.
"""

import fcntl
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from leads import mailchimp
from leads.models import Lead
from tests.fakes.fixtures import AUDIENCE_ID, closed_port, run_jobs
from tests.fakes.mailchimp_server import DEFAULT_API_KEY, SPEC_PATH
from tests.leads.factories import make_course, make_lead

pytestmark = pytest.mark.django_db

PRISM_VERSION = "5.14.2"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / f"covalis-prism-{PRISM_VERSION}"


def prism_bin() -> str | None:
    found = os.environ.get("PRISM_BIN") or shutil.which("prism")
    if found:
        return found
    cached = CACHE / "node_modules" / ".bin" / "prism"
    if not shutil.which("npm"):
        return str(cached) if cached.exists() else None
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # test runs in parallel install once
        if not cached.exists() and not (CACHE / "failed").exists():
            try:
                subprocess.run(
                    ["npm", "i", "-E", "--no-audit", "--no-fund", f"@stoplight/prism-cli@{PRISM_VERSION}"],
                    cwd=CACHE,
                    capture_output=True,
                    timeout=180,
                    check=True,
                )
            except (subprocess.SubprocessError, OSError):
                (CACHE / "failed").touch()  # offline: do not try again on every run
    return str(cached) if cached.exists() else None


@pytest.fixture(scope="module")
def prism_proxy_command():
    binary = prism_bin()
    if binary is None:
        pytest.skip("Prism is not available (PRISM_BIN, prism on PATH or npm)")
    return binary


@pytest.fixture
def prism(prism_proxy_command, mailchimp_configured, settings, monkeypatch):
    """Prism's validating proxy on a free port, forwarding to the fake; the client pointed at it."""
    port = closed_port()
    process = subprocess.Popen(
        [prism_proxy_command, "proxy", "--errors", "-h", "127.0.0.1", "-p", str(port)]
        + [str(SPEC_PATH), f"http://127.0.0.1:{mailchimp_configured.port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("Prism did not start")
                time.sleep(0.2)
        settings.MAILCHIMP_API_URL = f"http://127.0.0.1:{port}/3.0"
        settings.MAILCHIMP_TIMEOUT = 10
        real_client = mailchimp.mailchimp_client

        def bearer_client():
            client = real_client()
            client.set_config({"access_token": DEFAULT_API_KEY, "server": "us21", "timeout": 10})
            return client

        monkeypatch.setattr(mailchimp, "mailchimp_client", bearer_client)
        yield mailchimp_configured
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_prism_finds_every_sync_request_valid(prism):
    lead = make_lead(courses=[make_course(slug="agile", journey=(11, 22))])

    run_jobs()

    lead.refresh_from_db()
    assert lead.mailchimp_state == Lead.MailchimpState.SYNCED, lead.mailchimp_error
    assert prism.member(AUDIENCE_ID, lead.email)["status"] == "pending"
    assert prism.member_tags(AUDIENCE_ID, lead.email) == {"agile": "active"}
    assert len(prism.triggers) == 1


def test_prism_rejects_status_and_status_if_new_together(prism):
    client = mailchimp.mailchimp_client()
    email = "iemand@covalis-klant.nl"

    with pytest.raises(mailchimp.MailchimpError) as error:
        mailchimp.mailchimp_call(
            client.lists.set_list_member,
            AUDIENCE_ID,
            mailchimp.subscriber_hash(email),
            {"email_address": email, "status_if_new": "pending", "status": "subscribed"},
        )

    assert error.value.status == 422
    assert prism.state.requests == []  # not forwarded
