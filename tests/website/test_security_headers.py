"""Security headers, the Content-Security-Policy and the production deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from website.security import client_ip

REPO = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "example.com",
        "WAGTAILADMIN_BASE_URL": "https://example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def production_manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "example.com",
        "WAGTAILADMIN_BASE_URL": "https://example.com",
        **variables,
    }
    env.pop("EMAIL_HOST", None)  # the console backend: the mail shows on stdout
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SERVER_ERROR = (
    "import logging; "
    "logging.getLogger('django.request').error('Internal Server Error: /kapot/', extra={'status_code': 500})"
)


def test_a_server_error_is_mailed_to_the_admins_named_in_the_environment():
    result = production_manage(
        "shell", "-c", SERVER_ERROR, DJANGO_ADMINS="Ops Covalis <ops@covalis.nl>, dev@covalis.nl"
    )

    assert result.returncode == 0, result.stderr
    assert "To: ops@covalis.nl, dev@covalis.nl" in result.stdout
    assert "Internal Server Error: /kapot/" in result.stdout


def test_a_misspelt_admin_address_stops_the_start():
    result = production_manage("check", DJANGO_ADMINS="Ops Covalis ops.covalis.nl")

    assert result.returncode != 0
    assert "DJANGO_ADMINS" in result.stderr and "is not an e-mail address" in result.stderr


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy(client):
    policy = directives(client.get("/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "style-src-attr" not in policy


@pytest.mark.django_db
def test_public_pages_forbid_sniffing_framing_and_leaky_referrers(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}


@pytest.mark.django_db
def test_the_admin_allows_its_inline_widget_scripts_and_nothing_from_elsewhere(admin_client):
    policy = directives(admin_client.get("/admin/"))

    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    # No inline style, not even in the admin (the SEO listing's score is styled by class).
    assert policy["style-src"] == ["'self'"] and "style-src-attr" not in policy
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_the_login_page_has_the_admin_policy(client):
    policy = directives(client.get("/admin/login/"))

    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_client_address_is_remote_addr_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_ip(request) == "192.0.2.1"


def test_behind_one_proxy_a_forged_forwarded_for_entry_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"
