"""A brochure is served only through the form's signed links, in every way media can be served.

The README's serving modes: Django's media route (``SERVE_MEDIA``, and development with
``DEBUG``), a proxy serving ``MEDIA_ROOT``, and an S3 bucket. Plus Wagtail's own document
view, whatever collection the brochure is in.
"""

import importlib
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.leads import factories
from tests.leads.funnel import SUBMIT_URL, submission

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (2, 2), "teal").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png_bytes()


def root_collection_document(title: str = "Brochure uit de kiezer", filename: str = "brochure-onderhandelen.pdf"):
    """A PDF uploaded from the course editor's document chooser: it lands in the Root collection."""
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file.save(filename, ContentFile(factories.PDF_BYTES), save=False)
    document.save()
    return document


@pytest.fixture
def public_brochure(course):
    course.brochure = root_collection_document()
    course.save_revision().publish()
    return course.brochure


@pytest.fixture
def image():
    image = get_image_model()(title="Foto", file=ImageFile(ContentFile(PNG), name="foto.png"))
    image.save()
    return image


# --- Wagtail's document view ------------------------------------------------------------------------


def test_a_brochure_in_the_root_collection_is_not_served_at_its_document_url(client, public_brochure, course):
    response = client.get(public_brochure.url)

    assert response.status_code == 302
    assert response["Location"] == course.url  # to the form that hands it out
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_brochure_still_arrives_through_the_signed_link(client, public_brochure, course):
    thanks = client.post(SUBMIT_URL, submission(course), follow=True).content.decode()
    download = thanks.split('class="brochure-thanks__download button" href="')[1].split('"')[0]

    response = client.get(download)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


def test_a_brochure_chosen_in_an_unpublished_draft_is_private_too(client, course):
    document = root_collection_document()
    course.brochure = document
    course.save_revision()  # a draft: the live course's row still names the old brochure

    assert client.get(document.url).status_code == 302


def test_people_working_in_the_admin_may_open_a_brochure(client, admin_user, public_brochure):
    client.force_login(admin_user)

    response = client.get(public_brochure.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


def test_a_document_that_is_no_brochure_is_served_as_before(client, course):
    document = root_collection_document(title="Algemene voorwaarden", filename="voorwaarden.pdf")

    response = client.get(document.url)

    assert response.status_code == 200


# --- Django's media route: SERVE_MEDIA, and development (DEBUG) ------------------------------------


@pytest.fixture(params=["SERVE_MEDIA", "DEBUG"])
def media_route(request, settings):
    """The site's URLs as built when Django serves MEDIA_ROOT itself."""
    import website.urls

    setattr(settings, request.param, True)
    importlib.reload(website.urls)
    clear_url_caches()
    yield request.param
    setattr(settings, request.param, False)
    importlib.reload(website.urls)
    clear_url_caches()


def test_django_serving_media_serves_images_but_no_brochure(client, media_route, public_brochure, image):
    assert client.get(django_settings.MEDIA_URL + image.file.name).status_code == 200  # the route works

    response = client.get(django_settings.MEDIA_URL + public_brochure.file.name)

    assert response.status_code == 404
    assert not (Path(django_settings.MEDIA_ROOT) / public_brochure.file.name).exists()
    assert Path(public_brochure.file.path).is_relative_to(Path(django_settings.PRIVATE_MEDIA_ROOT))


# --- A proxy serving MEDIA_ROOT ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy_serving_media_root():
    """A plain static file server on MEDIA_ROOT, as nginx's ``location /media/ { alias ...; }`` is."""
    Path(django_settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            django_settings.MEDIA_ROOT,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_proxy_serving_media_root_serves_images_but_no_brochure(proxy_serving_media_root, public_brochure, image):
    assert status_of(proxy_serving_media_root + image.file.name) == 200

    assert status_of(proxy_serving_media_root + public_brochure.file.name) == 404


def test_documents_uploaded_before_they_were_private_are_moved_out_of_media_root(course):
    from django.core.management import call_command

    document = root_collection_document()
    private_path = Path(document.file.path)
    public_path = Path(django_settings.MEDIA_ROOT) / document.file.name
    public_path.parent.mkdir(parents=True, exist_ok=True)
    private_path.replace(public_path)  # where an older version of the site put it

    call_command("documents_make_private")

    assert not public_path.exists()
    assert private_path.read_bytes() == factories.PDF_BYTES


# --- An S3 bucket -----------------------------------------------------------------------------------


class FakeS3(BaseHTTPRequestHandler):
    """Just enough of S3 for uploads: stores objects and the ACL each upload asked for."""

    objects: dict[str, tuple[bytes, str | None]] = {}

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        key = urlsplit(self.path).path
        self.send_response(200 if key in self.objects else 404)
        self.send_header("Content-Length", str(len(self.objects.get(key, (b"", None))[0])))
        self.end_headers()

    def do_PUT(self):
        key = urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Content-Encoding") == "aws-chunked" or b";chunk-signature=" in body[:200]:
            body = body.split(b"\r\n", 1)[1].rsplit(b"\r\n0;", 1)[0]
        self.objects[key] = (body, self.headers.get("x-amz-acl"))
        self.send_response(200)
        self.send_header("ETag", '"fake"')
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def bucket(settings):
    """The production settings' bucket storage, pointed at a fake S3 on loopback, behind a CDN domain."""
    from django.core.files.storage import storages

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeS3)
    FakeS3.objects = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "website.storage.MediaS3Storage",
            "OPTIONS": {
                "bucket_name": "covalis-media",
                "endpoint_url": f"http://127.0.0.1:{server.server_port}",
                "access_key": "test-key",
                "secret_key": "test-secret",  # noqa: S106
                "region_name": "eu-west-1",
                "custom_domain": "media.covalis.nl",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        },
    }
    settings.AWS_PRIVATE_QUERYSTRING_EXPIRE = 300
    storages._storages.pop("default", None)  # Django re-reads STORAGES on the settings signal
    yield storages["default"]
    server.shutdown()


def test_a_bucket_stores_documents_as_private_objects(bucket):
    name = bucket.save("documents/brochure-onderhandelen.pdf", ContentFile(factories.PDF_BYTES))
    image_name = bucket.save("original_images/foto.png", ContentFile(PNG))

    (key,) = [key for key in FakeS3.objects if key.endswith(name)]
    assert FakeS3.objects[key][1] == "private"
    (image_key,) = [key for key in FakeS3.objects if key.endswith(image_name)]
    assert FakeS3.objects[image_key][1] != "private"  # images keep the bucket's default


def test_a_bucket_links_a_document_only_with_a_short_lived_signed_url(bucket):
    url = urlsplit(bucket.url("documents/brochure-onderhandelen.pdf"))

    query = parse_qs(url.query)
    assert url.netloc != "media.covalis.nl"  # a CDN domain cannot sign; the bucket's own address does
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["300"]
    assert urlsplit(bucket.url("original_images/foto.png")).netloc == "media.covalis.nl"
