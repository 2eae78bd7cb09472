"""The live site and the browser for the end-to-end tests and the quality gates.

One site per test session, started on loopback by the tests themselves: a fresh database
(an SQLite file, or a new PostgreSQL database when DATABASE_URL points at PostgreSQL) with
the demo content, a superuser and a Sales user, the development server, a task worker and
the fake Mailchimp. Everything is stopped at the end of the session.

Chromium is Debian's (`/usr/bin/chromium`); Playwright never downloads a browser. Without
chromium (or node_modules, or Java) the browser tests are skipped locally and fail in CI.
"""

import contextlib
import ctypes
import email
import email.message
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
# One folder per test session (logs, database, mail, saved pages): sessions may run side by side.
RUNS = OUTPUT / "browser"
RUN_DIR = RUNS / f"run-{os.getpid()}"
SCREENSHOTS = OUTPUT / "screenshots"
# The README's pictures (``make screenshots`` refreshes them): committed, so kept small.
README_PICTURES = REPO / "docs" / "screenshots"
README_PICTURE_WIDTH = 1100
README_PICTURE_QUALITY = 72
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

SUPERUSER = ("marketer", "marketer-password")
SALES_USER = ("sales", "sales-password")
AUDIENCE_ID = "browseraudience"
MIN_FILL_SECONDS = 1

ARTICLE_PATH = "/blog/ouderlijk-advies/"
COURSE_PATH = "/trainingen/adviesvaardigheden-voor-experts/"
COURSE_SLUG = "adviesvaardigheden-voor-experts"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip when a browser-test tool is missing on a developer machine; fail in CI."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run here)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_url(url: str, *, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited ({process.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{tail(log)}")


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class LiveSite:
    """The running site and what the tests can inspect of it."""

    url: str
    mail_dir: Path
    mailchimp_url: str | None
    run_dir: Path
    ids: dict[str, int | None] = field(default_factory=dict)  # page ids the admin journeys need

    def __call__(self, path: str) -> str:
        return self.url + path

    def mails_to(self, address: str, *, timeout: float = 20) -> list[email.message.Message]:
        """The e-mails sent to ``address`` (the file backend's), waiting for the worker to send one."""
        deadline = time.monotonic() + timeout
        while True:
            found = []
            for path in sorted(self.mail_dir.glob("*.log")):
                # One file per connection; messages are separated by a line of dashes.
                for raw in re.split(r"\n-{79}\n", path.read_text(errors="replace")):
                    message = email.message_from_string(raw.strip())
                    if address.lower() in (message.get("To") or "").lower():
                        found.append(message)
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.25)


SETUP = """
import json
from django.apps import apps
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo_content")
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site
from wagtail.users.models import UserProfile
User = get_user_model()
admin = User.objects.create_superuser({superuser!r}, "marketer@covalis-test.nl", {superuser_password!r},
                                      first_name="Mia", last_name="Marketing")
sales = User.objects.create_user({sales!r}, "sales@covalis-test.nl", {sales_password!r},
                                 first_name="Sam", last_name="Sales", is_staff=True)
group = Group.objects.filter(name="Sales").first()
if group:
    sales.groups.add(group)
else:
    print("WARNING: no group 'Sales' yet; the Sales user has no lead permissions")
for user in (admin, sales):  # the admin follows each user's language; the journeys read English
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port={port})
{history}
blog_index = apps.get_model("blog.BlogIndexPage").objects.order_by("path").first()
course_page = apps.get_model("leads.CoursePage").objects.filter(slug={course_slug!r}).first()
with open({ids_file!r}, "w") as handle:
    json.dump({{"blog_index": blog_index.pk if blog_index else None, "course": course_page and course_page.pk}}, handle)
"""

# What ``make run`` adds: the demo admin, then months of sales history (some of it the admin's).
HISTORY = """
call_command("create_demo_admin")
call_command("load_demo_content", "--history")
demo_admin = User.objects.get(username={demo_admin!r})
profile = UserProfile.get_for_user(demo_admin)
profile.preferred_language = "en"
profile.save()
"""
DEMO_ADMIN = ("admin", "changeme")  # create_demo_admin's login


def die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the test process dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class SiteProcesses:
    """The site's processes, each in its own process group, stopped together."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen] = []
        self.logs: list[object] = []

    def start(self, args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
        handle = log.open("w")
        self.logs.append(handle)
        process = subprocess.Popen(  # noqa: S603
            args,
            cwd=REPO,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for handle in self.logs:
            handle.close()


def manage(*args: str, env: dict, log: Path) -> None:
    with log.open("a") as handle:
        handle.write(f"$ manage.py {' '.join(args)}\n")
        handle.flush()
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{tail(log)}")


def postgres_database(url: str) -> tuple[str, object]:
    """Create a fresh PostgreSQL database next to DATABASE_URL's; return its URL and a dropper."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"browser_{os.getpid()}_{int(time.time())}"
    connect = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**connect) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**connect) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(urlsplit(url)._replace(path="/" + name)), drop


def remove_finished_runs() -> None:
    """Delete the folders of earlier sessions whose process has ended."""
    for folder in RUNS.glob("run-*"):
        try:
            os.kill(int(folder.name.removeprefix("run-")), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # another user's live process


@pytest.fixture(scope="session")
def live_site() -> LiveSite:
    """The whole site running on loopback with demo content, a worker and the fake Mailchimp."""
    yield from running_site(RUN_DIR)


@pytest.fixture(scope="session")
def demo_desk_site() -> LiveSite:
    """A second site as ``make run`` leaves it: the demo admin and the sales history loaded too.

    For the pictures of a desk at work; the journeys keep their site without history, so
    their counts and listings hold only what they do themselves.
    """
    yield from running_site(RUN_DIR / "demo-desk", history=True)


def running_site(run_dir: Path, *, history: bool = False):
    remove_finished_runs()
    run_dir.mkdir(parents=True, exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mail_dir = run_dir / "mail"
    mail_dir.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "MAILCHIMP_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.browser.settings",
        BROWSER_SITE_MAIL_DIR=str(mail_dir),
        BROWSER_SITE_MEDIA_ROOT=str(run_dir / "media"),
        WAGTAILADMIN_BASE_URL=url,
        PYTHONUNBUFFERED="1",
        # Every journey submits the brochure form from 127.0.0.1; a person is not that fast.
        BROCHURE_RATE_LIMIT="1000",
        BROCHURE_MIN_FILL_SECONDS=str(MIN_FILL_SECONDS),
    )
    drop_database = None
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"], drop_database = postgres_database(database_url)
    else:
        env["DATABASE_URL"] = f"sqlite:///{run_dir / 'site.sqlite3'}"

    processes = SiteProcesses()
    mailchimp_url = None
    try:
        setup_log = run_dir / "setup.log"
        if (REPO / "tests" / "fakes" / "mailchimp_server.py").exists():
            mailchimp_port = free_port()
            mailchimp = processes.start(
                [sys.executable, "-m", "tests.fakes.mailchimp_server", "--port", str(mailchimp_port)],
                env=env,
                log=run_dir / "mailchimp.log",
            )
            mailchimp_url = f"http://127.0.0.1:{mailchimp_port}"
            wait_for_url(mailchimp_url + "/_fake/state", process=mailchimp, log=run_dir / "mailchimp.log")
            env.update(
                MAILCHIMP_API_KEY="test-us21",
                MAILCHIMP_API_URL=f"{mailchimp_url}/3.0",
                MAILCHIMP_AUDIENCE_ID=AUDIENCE_ID,
            )
        # Migrations, demo content, users: one process (each Django start-up costs seconds).
        script = SETUP.format(
            superuser=SUPERUSER[0],
            superuser_password=SUPERUSER[1],
            sales=SALES_USER[0],
            sales_password=SALES_USER[1],
            port=port,
            ids_file=str(run_dir / "ids.json"),
            course_slug=COURSE_SLUG,
            history=HISTORY.format(demo_admin=DEMO_ADMIN[0]) if history else "",
        )
        manage("shell", "-c", script, env=env, log=setup_log)

        web_log = run_dir / "web.log"
        web = processes.start(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            env=env,
            log=web_log,
        )
        processes.start(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
            env=env,
            log=run_dir / "worker.log",
        )
        wait_for_url(url + "/health/", process=web, log=web_log)
        yield LiveSite(
            url=url,
            mail_dir=mail_dir,
            mailchimp_url=mailchimp_url,
            run_dir=run_dir,
            ids=json.loads((run_dir / "ids.json").read_text()),
        )
    finally:
        processes.stop()
        if drop_database:
            drop_database()


@pytest.fixture(scope="session")
def browser():
    require(os.path.exists(CHROMIUM), f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_context(browser, **options):
    options.setdefault("locale", "nl-NL")
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context(browser, live_site):
    """A fresh desktop browser (its own cookies) for one test."""
    context = new_context(browser, base_url=live_site.url)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def readme_pictures_wanted() -> bool:
    """``README_SCREENSHOTS=1`` (``make screenshots``): the chosen steps refresh the README's pictures."""
    return os.environ.get("README_SCREENSHOTS", "").strip().lower() in {"1", "true", "yes"}


def readme_picture_save(png: bytes, path: Path) -> Path:
    """A screenshot as a small lossy WebP: the README's pictures stay under 1 MB all together."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > README_PICTURE_WIDTH:
        height = round(image.height * README_PICTURE_WIDTH / image.width)
        image = image.resize((README_PICTURE_WIDTH, height), Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "WEBP", quality=README_PICTURE_QUALITY, method=6)
    return path


class Screenshots:
    """Numbered full-page screenshots of a journey's steps, in test-output/screenshots/<journey>/.

    A step given ``readme="<journey>-<step>"`` is also one of the README's pictures: with
    ``README_SCREENSHOTS=1`` what the screen shows (not the whole page) is written to
    docs/screenshots/<journey>-<step>.webp; otherwise nothing committed is touched.
    """

    def __init__(self, name: str) -> None:
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, page, step: str, *, readme: str = "") -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}_{step}.png"
        if readme and readme_pictures_wanted():
            # First: the full-page screenshot below scrolls the page.
            readme_picture_save(page.screenshot(), README_PICTURES / f"{readme}.webp")
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def screenshot(request):
    name = request.node.name.replace("[", "_").replace("]", "").replace("/", "_")
    return Screenshots(name)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    require(AXE_JS.exists(), f"{AXE_JS.relative_to(REPO)} is missing: run `npm ci` (make test does)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    require(VNU_JAR.exists(), f"{VNU_JAR.relative_to(REPO)} is missing: run `npm ci` (make test does)")
    require(shutil.which("java") is not None, "Java is not installed (the Nu HTML checker needs it)")
    return ["java", "-Xss1024k", "-jar", str(VNU_JAR)]
