"""The site as in production, started by a test: gunicorn (and a worker) on a database of its own.

The database is built once per test session (migrations and the demo content) and copied
for each site: an SQLite file, or, when ``DATABASE_URL`` points at PostgreSQL, a new
database made from it as a template on the same server (named after ``DATABASE_URL``'s own
database, so developers sharing a server never meet). ``faults.FaultProxy`` can sit between
the site and PostgreSQL or Redis. Used by the outage tests and ``bench/run.py``.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakes.faults import free_port

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SUBMIT_PATH = "/brochure/aanvragen/"
TOKEN_PATH = "/brochure/formulier-token/"

_IDS_SCRIPT = """
import json
from urllib.parse import urlsplit
from blog.models import ArticlePage, BlogIndexPage
from leads.models import CoursePage
from wagtail.models import Site
Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=80)
article = ArticlePage.objects.live().order_by("pk").first()
course = CoursePage.objects.live().order_by("pk").first()
blog = BlogIndexPage.objects.live().first()
print("IDS " + json.dumps({
    "course_id": course.pk,
    "paths": {"home": "/", "article": urlsplit(article.url).path, "course": urlsplit(course.url).path,
              "blog": urlsplit(blog.url).path},
}))
"""


def _postgres_server() -> tuple[str, str] | None:
    """(server URL without database, database name) when DATABASE_URL is PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="")), parts.path.lstrip("/") or "covalis"


def _admin_connection(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


class _Template:
    """The database every live site starts from, built once per process."""

    lock = threading.Lock()
    built: dict | None = None

    @classmethod
    def get(cls) -> dict:
        with cls.lock:
            if cls.built is None:
                cls.built = cls._build()
                atexit.register(cls._remove, cls.built)
            return cls.built

    @staticmethod
    def _remove(built: dict) -> None:
        if built["postgres"]:
            with contextlib.suppress(Exception), _admin_connection(built["postgres"][0]) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{built["name"]}" WITH (FORCE)')
        shutil.rmtree(built["directory"], ignore_errors=True)

    @classmethod
    def _build(cls) -> dict:
        directory = Path(tempfile.mkdtemp(prefix="covalis-live-"))
        media = directory / "media"
        postgres = _postgres_server()
        if postgres:
            server, own = postgres
            name = f"{own}_live_tpl_{os.getpid()}"
            with _admin_connection(server) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                connection.execute(f'CREATE DATABASE "{name}"')
            database_url = f"{server}/{name}"
        else:
            name = str(directory / "template.sqlite3")
            database_url = f"sqlite:///{name}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        for args in (["migrate", "--noinput", "-v", "0"], ["load_demo_content"]):
            subprocess.run(  # noqa: S603
                [PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True, timeout=600
            )
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", _IDS_SCRIPT],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        ids = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("IDS "))[4:])
        return {"name": name, "postgres": postgres, "media": media, "directory": directory, **ids}


class SiteClient:
    """Requests to a running site as a browser sends them (used by the tests and ``bench/run.py``)."""

    def __init__(self, url: str, *, paths: dict[str, str], course_id: int) -> None:
        self.url = url
        self.paths = paths
        self.course_id = course_id
        self._form_started = ""

    def get(self, path: str, *, headers: dict | None = None, timeout: float = 30) -> Answer:
        return self.request("GET", path, headers=headers, timeout=timeout)

    def request(
        self, method: str, path: str, *, data: dict | None = None, headers: dict | None = None, timeout: float = 30
    ) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})  # noqa: S310
        opener = urllib.request.build_opener(_NoRedirect)
        started = time.monotonic()
        try:
            with opener.open(request, timeout=timeout) as response:
                return Answer(response.status, dict(response.headers), response.read(), time.monotonic() - started)
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read(), time.monotonic() - started)

    def brochure_form(self, *, email: str, **overrides) -> dict:
        data = {
            "course": str(self.course_id),
            "source_page": str(self.course_id),
            "first_name": "Sanne",
            "last_name": "de Boer",
            "email": email,
            "company": "Gemeente Utrecht",
            "role": "inkoper",
            "phone": "",
            "form_started": self.form_started(),
            "website": "",
        }
        data.update(overrides)
        return data

    def post_brochure(self, *, email: str, address: str = "", timeout: float = 30, **overrides) -> Answer:
        """A brochure POST as a browser sends it from our page (``Sec-Fetch-Site: same-origin``)."""
        headers = {"Sec-Fetch-Site": "same-origin", "Referer": self.url + self.paths["course"]}
        if address:
            headers["X-Forwarded-For"] = address
        return self.request(
            "POST", SUBMIT_PATH, data=self.brochure_form(email=email, **overrides), headers=headers, timeout=timeout
        )

    def form_started(self) -> str:
        """A signed form start time, as the page's script fetches it (no database needed)."""
        if not self._form_started:
            answer = self.get(TOKEN_PATH, headers={"Accept": "application/json"})
            self._form_started = json.loads(answer.body)["formStarted"]
        return self._form_started


@dataclass
class LiveSite(SiteClient):
    """One running copy of the site. ``start_web()``/``start_worker()``; ``stop()`` ends everything."""

    extra_env: dict = field(default_factory=dict)
    database_port: int | None = None  # connect through a proxy on this port (PostgreSQL only)

    def __post_init__(self) -> None:
        template = _Template.get()
        self.course_id: int = template["course_id"]
        self.paths: dict[str, str] = template["paths"]
        self.directory = Path(tempfile.mkdtemp(prefix="covalis-site-"))
        self.processes: list[subprocess.Popen] = []
        self.postgres = template["postgres"]
        if self.postgres:
            server, own = self.postgres
            self.database_name = f"{own}_live_{os.getpid()}_{free_port()}"
            with _admin_connection(server) as connection:
                connection.execute(f'CREATE DATABASE "{self.database_name}" TEMPLATE "{template["name"]}"')
            host = urllib.parse.urlsplit(server)
            if self.database_port:
                server = urllib.parse.urlunsplit(
                    host._replace(netloc=f"{host.username or 'postgres'}@127.0.0.1:{self.database_port}")
                )
            self.database_url = f"{server}/{self.database_name}"
        else:
            self.database_name = str(self.directory / "site.sqlite3")
            shutil.copy(template["name"], self.database_name)
            self.database_url = f"sqlite:///{self.database_name}"
        self.port = free_port()
        SiteClient.__init__(self, f"http://127.0.0.1:{self.port}", paths=self.paths, course_id=self.course_id)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": "live-site-test-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "WAGTAILADMIN_BASE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": "",
            "MEDIA_ROOT": str(template["media"]),
            "STATIC_ROOT": str(self.directory / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": "",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "4",
            "BROCHURE_MIN_FILL_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.directory / "mail"),
            **self.extra_env,
        }
        self.env.pop("WHITENOISE_USE_FINDERS", None)

    # Processes

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.directory / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def start_web(self) -> LiveSite:
        if not (self.directory / "static").exists():
            subprocess.run(  # noqa: S603
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=REPO,
                env=self.env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        process = self._start("web", [GUNICORN, "website.wsgi:application", "-c", "gunicorn.conf.py"])
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log('web')}")
            with contextlib.suppress(OSError):
                self.get("/health/live/")  # any answer: it serves
                return self
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log('web')}")

    def start_worker(self) -> subprocess.Popen:
        return self._start("worker", [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"])

    def log(self, name: str) -> str:
        with contextlib.suppress(OSError):
            return (self.directory / f"{name}.log").read_text(errors="replace")[-6000:]
        return ""

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()
        if self.postgres:
            with contextlib.suppress(Exception), _admin_connection(self.postgres[0]) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> LiveSite:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # The database, read from the test

    def stored_emails(self) -> set[str]:
        """The addresses of every lead with a brochure request, read straight from the database."""
        sql = "SELECT l.email FROM leads_lead l JOIN leads_brochurerequest r ON r.lead_id = l.id"  # noqa: S608
        if self.postgres:
            import psycopg

            with psycopg.connect(f"{self.postgres[0]}/{self.database_name}") as connection:
                return {row[0] for row in connection.execute(sql)}
        with contextlib.closing(sqlite3.connect(self.database_name, timeout=20)) as connection:
            return {row[0] for row in connection.execute(sql)}

    def query(self, sql: str) -> list[tuple]:
        if self.postgres:
            import psycopg

            with psycopg.connect(f"{self.postgres[0]}/{self.database_name}") as connection:
                return list(connection.execute(sql))
        with contextlib.closing(sqlite3.connect(self.database_name, timeout=20)) as connection:
            return list(connection.execute(sql))


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Record:
    started: float  # time.monotonic()
    kind: str  # "page" or "post"
    path: str
    status: int  # 0: no answer (connection refused, reset, timeout)
    seconds: float
    email: str = ""
    body: bytes = b""


class Load:
    """A few threads that browse public pages and send brochure forms until stopped, recording every answer.

    Bounded: it stops by itself after ``max_seconds``. Each form carries a unique address, so
    the test can check afterwards that every one was stored or refused with its values kept.
    """

    def __init__(self, site: SiteClient, *, threads: int = 4, post_every: int = 4, max_seconds: float = 120) -> None:
        self.site = site
        self.threads = threads
        self.post_every = post_every
        self.deadline = time.monotonic() + max_seconds
        self.records: list[Record] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.workers: list[threading.Thread] = []
        self.run_id = f"{os.getpid()}-{free_port()}"

    def warm_up(self) -> Load:
        """Visit every page the load visits once, so that the load starts from a warm cache."""
        for path in self.site.paths.values():
            self.site.get(path)
        return self

    def start(self) -> Load:
        for number in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(number,), daemon=True)
            thread.start()
            self.workers.append(thread)
        return self

    def stop(self) -> list[Record]:
        """Stop and return every answer; a request still waiting after a minute counts as no answer."""
        self.stopping.set()
        for thread in self.workers:
            thread.join(timeout=60)
        hung = [Record(time.monotonic(), "hung", "", 0, 60.0) for thread in self.workers if thread.is_alive()]
        return self.records + hung

    def _loop(self, number: int) -> None:
        paths = list(self.site.paths.values())
        count = 0
        while not self.stopping.is_set() and time.monotonic() < self.deadline:
            count += 1
            started = time.monotonic()
            if (count + number) % self.post_every == 1:  # threads take turns: a form from the start
                email = f"load-{self.run_id}-{number}-{count}@covalis-klant.nl"
                record = self._send("post", SUBMIT_PATH, started, email=email)
            else:
                path = paths[count % len(paths)]
                if count % 3 == 0:
                    path += f"?pagina={count % 7}"  # a few query-string variants: misses, then hits
                record = self._send("page", path, started)
            with self.lock:
                self.records.append(record)

    def _send(self, kind: str, path: str, started: float, *, email: str = "") -> Record:
        try:
            if kind == "post":
                answer = self.site.post_brochure(email=email, address="198.51.100.77", timeout=30)
            else:
                answer = self.site.get(path, headers={"Accept-Encoding": "identity"}, timeout=30)
        except Exception as error:  # refused, reset, timed out, cut short: no answer
            return Record(started, kind, path, 0, time.monotonic() - started, email, repr(error).encode())
        return Record(started, kind, path, answer.status, answer.seconds, email, answer.body)
