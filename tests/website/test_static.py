"""Static files and media storage as production configures them, checked in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

COLLECT_AND_FETCH = """
import json, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
url = staticfiles_storage.url("css/site.css")
client = Client()
plain = client.get(url)
compressed = client.get(url, headers={"accept-encoding": "gzip"})
print(json.dumps({
    "url": url,
    "status": plain.status_code,
    "cache_control": plain.get("Cache-Control", ""),
    "encoding": compressed.get("Content-Encoding", ""),
}))
"""

STORAGE_BACKEND = """
import json, django
django.setup()
from django.core.files.storage import storages
print(json.dumps({"storage": type(storages["default"]).__name__}))
"""


def run_with_production_settings(code: str, tmp_path: Path, **env) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "static-test-secret",
        "ALLOWED_HOSTS": "testserver",
        "WAGTAILADMIN_BASE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_URL": "",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def served_stylesheet(tmp_path_factory):
    return run_with_production_settings(COLLECT_AND_FETCH, tmp_path_factory.mktemp("static"))


def test_stylesheet_url_carries_a_content_hash(served_stylesheet):
    name = served_stylesheet["url"].rsplit("/", 1)[-1]
    assert name.startswith("site.") and name.endswith(".css")
    assert len(name.split(".")) == 3  # site.<hash>.css


def test_hashed_static_file_may_be_cached_for_a_year(served_stylesheet):
    assert served_stylesheet["status"] == 200
    parts = {part.strip() for part in served_stylesheet["cache_control"].split(",")}
    assert "immutable" in parts and "public" in parts
    max_age = next(int(part.split("=")[1]) for part in parts if part.startswith("max-age="))
    assert max_age >= 60 * 60 * 24 * 365


def test_static_file_is_served_compressed(served_stylesheet):
    assert served_stylesheet["encoding"] in {"gzip", "br"}


def test_media_go_to_object_storage_when_a_bucket_is_configured(tmp_path):
    result = run_with_production_settings(STORAGE_BACKEND, tmp_path, AWS_STORAGE_BUCKET_NAME="covalis-media")
    assert result["storage"] == "MediaS3Storage"  # documents private, see tests/leads/test_brochure_privacy.py


def test_media_stay_on_disk_without_a_bucket(tmp_path):
    result = run_with_production_settings(STORAGE_BACKEND, tmp_path, AWS_STORAGE_BUCKET_NAME="")
    assert result["storage"] == "MediaStorage"
