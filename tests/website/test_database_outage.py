"""While PostgreSQL is unreachable visitors get a friendly Dutch 503 at once, and the brochure form keeps their values.

A real outage, not a mock: a fresh process whose ``DATABASE_URL`` points at a port nobody
listens on (refused), or at a proxy that accepts connections and never answers (a server
that hangs); ``DATABASE_CONNECT_TIMEOUT`` bounds the wait.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.faults import free_port

REPO = Path(__file__).resolve().parents[2]

VISIT = """
import django, json
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
results = {}
page = client.get("/")
results["page"] = [page.status_code, page.get("Retry-After"), page.content.decode()]
form = {"course": "7", "first_name": "Sanne", "last_name": "de Boer", "email": "sanne@gemeente-utrecht.nl",
        "company": "Gemeente Utrecht", "role": "inkoper", "marketing_consent": "on"}
post = client.post("/brochure/aanvragen/", form, headers={"Sec-Fetch-Site": "same-origin"})
results["post"] = [post.status_code, post.get("Retry-After"), post.content.decode()]
headers = {"Sec-Fetch-Site": "same-origin", "Accept": "application/json"}
script = client.post("/brochure/aanvragen/", form, headers=headers)
results["json"] = [script.status_code, script.get("Retry-After"), script.content.decode()]
print("RESULTS " + json.dumps(results))
"""


def visit_with_database_at(port: int) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/nowhere",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", VISIT], env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULTS ")), None)
    assert line, result.stderr[-3000:]
    return json.loads(line.removeprefix("RESULTS "))


@pytest.fixture(scope="module")
def refused() -> dict:
    return visit_with_database_at(free_port())


def test_a_page_answers_a_friendly_dutch_503(refused):
    status, retry_after, html = refused["page"]
    assert (status, retry_after) == (503, "30")
    assert "Even geduld" in html
    assert "Probeer het over een minuut opnieuw" in html


def test_the_brochure_form_comes_back_with_the_typed_values(refused):
    status, retry_after, html = refused["post"]
    assert (status, retry_after) == (503, "30")
    assert "Uw aanvraag is nog niet verstuurd" in html
    for value in ("Sanne", "de Boer", "sanne@gemeente-utrecht.nl", "Gemeente Utrecht"):
        assert f'value="{value}"' in html
    assert 'value="inkoper" selected' in html
    assert "checked" in html  # the marketing box stays ticked
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_form_script_gets_a_message_to_try_again(refused):
    status, _retry_after, body = refused["json"]
    assert status == 503
    answer = json.loads(body)
    assert answer["ok"] is False
    assert "probeer het over een minuut opnieuw" in answer["message"]


def test_a_database_that_does_not_answer_costs_a_request_its_connect_timeout_not_a_hung_worker():
    with socket_that_never_answers() as port:
        results = visit_with_database_at(port)  # subprocess timeout: 120 s for three requests
    assert results["page"][0] == 503
    assert results["post"][0] == 503


class socket_that_never_answers:  # noqa: N801  (a context manager read as a phrase)
    """A TCP server that accepts connections and never says anything (a hung server)."""

    def __enter__(self) -> int:
        import socket

        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        return self.listener.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self.listener.close()
