"""A fake Mailchimp Marketing API: a real HTTP server on loopback, driven by the real client.

It keeps what it received (members by list id and subscriber hash, tags, journey
triggers, a log of every request), checks request bodies against the operations in
``marketing-api.json`` (a verbatim extract of Mailchimp's OpenAPI document, see
``marketing-api.SOURCE.txt``) and answers like the live API: Basic auth required,
errors as ``application/problem+json``. Paths the extract lacks (lists, merge fields)
follow Mailchimp's documentation.

Faults are injected per test with :meth:`FakeMailchimp.add_fault`: an error status with
a problem body, a 429 with an empty body, a delay longer than the client's timeout, or a
hold until the test releases the request (``hold=threading.Event()``).
A refused connection is a stopped server (or a closed port).

In a test::

    with FakeMailchimp() as fake:
        client.api_client.host = fake.base_url      # http://127.0.0.1:PORT/3.0

As a process (browser tests, benchmarks)::

    python -m tests.fakes.mailchimp_server --port 4010 [--delay 5] [--fail 503] [--times N] [--list ID]

(as a process, audiences hold the site's merge fields unless ``--bare-lists``; in-process,
they start with Mailchimp's defaults, FNAME LNAME PHONE, unless ``merge_fields=`` says otherwise).

``GET /_fake/state`` (no auth) answers the members, tags, triggers and request counts.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

SPEC_PATH = Path(__file__).with_name("marketing-api.json")
API_PREFIX = "/3.0"
DEFAULT_API_KEY = "fake-key-us21"
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
RESERVED_SUFFIXES = (".test", ".example", ".invalid", ".localhost")
# A new Mailchimp audience's own merge fields (ADDRESS and BIRTHDAY left out).
DEFAULT_MERGE_FIELDS = [("FNAME", "First Name", "text"), ("LNAME", "Last Name", "text"), ("PHONE", "Phone", "phone")]
# What ``manage.py mailchimp_check --fix`` leaves: the fields the site fills.
SITE_MERGE_FIELDS = [
    *DEFAULT_MERGE_FIELDS[:2],
    ("COMPANY", "Company", "text"),
    ("ROLE", "Role", "text"),
    DEFAULT_MERGE_FIELDS[2],
]
MAX_BODY = 1024 * 1024


def subscriber_hash(email: str) -> str:
    return hashlib.md5(email.strip().lower().encode()).hexdigest()  # noqa: S324  (Mailchimp's id, not security)


# --- a small JSON Schema checker: the keywords marketing-api.json uses -----------------------------

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _type_ok(value: Any, expected: str) -> bool:
    return {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "null": value is None,
    }.get(expected, True)


class SchemaChecker:
    """Checks a value against a schema of the spec; returns a list of ``(field, message)``."""

    def __init__(self, spec: dict):
        self.spec = spec

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            target: Any = self.spec
            for part in schema["$ref"].lstrip("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def errors(self, schema: dict, value: Any, where: str = "") -> list[tuple[str, str]]:  # noqa: C901
        schema = self.resolve(schema)
        name = where or "body"
        found: list[tuple[str, str]] = []
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_type_ok(value, t) for t in types):
                return [(name, f"Schema describes {' or '.join(types)}, {type(value).__name__} found instead")]
        if "enum" in schema and value not in schema["enum"]:
            found.append((name, f"Value is not one of {', '.join(map(str, schema['enum']))}"))
        if isinstance(value, str):
            if "pattern" in schema and not re.search(schema["pattern"], value):
                found.append((name, "Value does not match the expected pattern"))
            if schema.get("format") == "date-time" and not _DATE_TIME.match(value):
                found.append((name, "Value is not a date-time"))
        if isinstance(value, dict):
            for key in schema.get("required", []):
                if key not in value:
                    found.append((key if not where else f"{where}.{key}", "Required field is missing"))
            properties = schema.get("properties", {})
            for key, item in value.items():
                child = f"{where}.{key}" if where else key
                if key in properties:
                    found += self.errors(properties[key], item, child)
                elif isinstance(schema.get("additionalProperties"), dict):
                    found += self.errors(schema["additionalProperties"], item, child)
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                found += self.errors(schema["items"], item, f"{name}[{index}]")
        if "oneOf" in schema:
            matches = sum(1 for option in schema["oneOf"] if not self.errors(option, value, where))
            if matches != 1:
                titles = [self.resolve(o).get("title", "?") for o in schema["oneOf"]]
                found.append((name, f"Must match exactly one of: {'; '.join(titles)} (matched {matches})"))
        if "anyOf" in schema and not any(not self.errors(option, value, where) for option in schema["anyOf"]):
            found.append((name, "Value matches none of the allowed forms"))
        return found


@dataclass
class Operation:
    method: str
    template: str
    regex: re.Pattern
    spec: dict


def load_operations(spec: dict) -> list[Operation]:
    operations = []
    for template, methods in spec["paths"].items():
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        for method, operation in methods.items():
            operations.append(Operation(method.upper(), template, re.compile(f"^{pattern}$"), operation))
    return operations


# --- faults and state -----------------------------------------------------------------------------


@dataclass
class Fault:
    """One injected misbehaviour, matched on method and a substring of the path."""

    method: str | None = None
    path_contains: str | None = None
    status: int | None = None
    title: str = ""
    detail: str = ""
    empty_body: bool = False
    delay: float = 0.0
    # Hold the request, already received and logged, until the test sets this event: the
    # client waits for Mailchimp's answer while the test changes the database.
    hold: threading.Event | None = None
    times: int | None = 1  # None: every matching request
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method and self.method != method:
            return False
        return not (self.path_contains and self.path_contains not in path)


class ProblemError(Exception):
    def __init__(self, status: int, title: str, detail: str, errors: list[dict] | None = None):
        super().__init__(title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors


@dataclass
class FakeState:
    lists: dict[str, dict] = field(default_factory=dict)
    members: dict[tuple[str, str], dict] = field(default_factory=dict)
    tags: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    triggers: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)


class FakeMailchimp:
    """The fake API; a context manager that serves it on 127.0.0.1 in a background thread."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = DEFAULT_API_KEY,
        lists: list[str] | None = ("aud123",),
        reject_reserved_domains: bool = True,
        merge_fields=DEFAULT_MERGE_FIELDS,
    ):
        self.host, self.port = host, port
        self.api_key = api_key  # None: any credentials are accepted
        self.any_list = lists is None  # None: every list id exists
        self.reject_reserved_domains = reject_reserved_domains
        self.merge_fields = merge_fields  # of every audience created
        self.spec = json.loads(SPEC_PATH.read_text())
        self.checker = SchemaChecker(self.spec)
        self.operations = load_operations(self.spec)
        self.lock = threading.RLock()
        self.state = FakeState()
        self.faults: list[Fault] = []
        self.compliance: set[str] = set()  # addresses Mailchimp will not subscribe (unsubscribed, bounced)
        self.stopping = threading.Event()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        for list_id in lists or []:
            self.add_list(list_id)

    # -- running

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}{API_PREFIX}"

    def start(self) -> FakeMailchimp:
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer((self.host, self.port), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.stopping.clear()
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-mailchimp", daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: from now on connections to the port are refused."""
        self.stopping.set()
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> FakeMailchimp:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- setting up a test

    def add_list(self, list_id: str, *, merge_fields=None) -> dict:
        merge_fields = self.merge_fields if merge_fields is None else merge_fields
        with self.lock:
            audience = {"id": list_id, "name": f"Audience {list_id}", "merge_fields": []}
            self.state.lists[list_id] = audience
            for tag, name, kind in merge_fields:
                self._add_merge_field(audience, {"tag": tag, "name": name, "type": kind})
            return audience

    def add_fault(self, **kwargs) -> Fault:
        """Misbehave on matching requests, e.g. ``add_fault(method="PUT", status=503)``."""
        fault = Fault(**kwargs)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    # -- what the tests read

    def member(self, list_id: str, email: str) -> dict | None:
        return self.state.members.get((list_id, subscriber_hash(email)))

    def member_tags(self, list_id: str, email: str) -> dict[str, str]:
        return dict(self.state.tags.get((list_id, subscriber_hash(email)), {}))

    def requests_to(self, method: str, path_contains: str = "") -> list[dict]:
        with self.lock:
            return [r for r in self.state.requests if r["method"] == method and path_contains in r["path"]]

    @property
    def triggers(self) -> list[dict]:
        return list(self.state.triggers)

    @property
    def violations(self) -> list[dict]:
        """Requests whose body or parameters broke the spec."""
        return [r for r in self.state.requests if r.get("violations")]

    def snapshot(self) -> dict:
        with self.lock:
            puts: dict[str, int] = {}
            for r in self.state.requests:
                if r["method"] == "PUT" and "/members/" in r["path"]:
                    puts[r["path"].rsplit("/", 1)[-1]] = puts.get(r["path"].rsplit("/", 1)[-1], 0) + 1
            return {
                "members": [{"list_id": k[0], **v} for k, v in self.state.members.items()],
                "tags": {f"{k[0]}/{k[1]}": v for k, v in self.state.tags.items()},
                "triggers": self.state.triggers,
                "puts_per_member": puts,
                "request_count": len(self.state.requests),
                "violations": len(self.violations),
            }

    # -- the API

    def handle(self, method: str, path: str, query: dict, headers, raw: bytes, entry: dict) -> tuple[int, Any]:
        """Answer one request: ``(status, body)``; body None means no content."""
        if not path.startswith(API_PREFIX + "/"):
            raise ProblemError(404, "Resource Not Found", "The requested resource could not be found.")
        self._check_auth(headers.get("Authorization", ""))
        body = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError as exc:
                raise ProblemError(400, "JSON Parse Exception", "We encountered an unspecified JSON error.") from exc
        violations = self._check_against_spec(method, path, query, body)
        if violations:
            entry["violations"] = violations
            raise ProblemError(
                400,
                "Invalid Resource",
                "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
                [{"field": f, "message": m} for f, m in violations],
            )
        route = path[len(API_PREFIX) :]
        with self.lock:
            return self._route(method, route, query, body)

    def _check_auth(self, header: str) -> None:
        scheme, _, credentials = header.partition(" ")
        secret = ""
        if scheme == "Basic":
            try:
                secret = base64.b64decode(credentials).decode().partition(":")[2]
            except ValueError:
                secret = ""
        elif scheme == "Bearer":
            secret = credentials
        if not secret:
            raise ProblemError(401, "API Key Missing", "Your request did not include an API key.")
        if self.api_key is not None and secret != self.api_key:
            raise ProblemError(
                401,
                "API Key Invalid",
                "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
            )

    def _check_against_spec(self, method: str, path: str, query: dict, body: Any) -> list[tuple[str, str]]:
        for operation in self.operations:
            match = operation.regex.match(path)
            if operation.method != method or not match:
                continue
            found: list[tuple[str, str]] = []
            for parameter in operation.spec.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter["in"] == "path":
                    value = match.group(parameter["name"])
                    if schema.get("type") == "integer" and not re.fullmatch(r"\d+", value):
                        found.append((parameter["name"], "Path parameter must be an integer"))
                elif parameter["in"] == "query" and parameter["name"] in query:
                    value = query[parameter["name"]]
                    if schema.get("type") == "boolean" and value not in ("true", "false"):
                        found.append((parameter["name"], "Query parameter must be true or false"))
            request_body = operation.spec.get("requestBody")
            if request_body:
                if body is None:
                    if request_body.get("required"):
                        found.append(("body", "A request body is required"))
                else:
                    schema = request_body["content"].get("application/json", {}).get("schema", {})
                    found += self.checker.errors(schema, body)
            return found
        return []

    def _route(self, method: str, route: str, query: dict, body: Any) -> tuple[int, Any]:  # noqa: C901
        parts = route.strip("/").split("/")
        if parts == ["ping"] and method == "GET":
            return 200, {"health_status": "Everything's Chimpy!"}
        if parts[:2] == ["customer-journeys", "journeys"] and len(parts) == 7 and method == "POST":
            return self._trigger(parts[2], parts[4], body)
        if parts[0] == "lists" and len(parts) >= 2:
            audience = self._list(parts[1])
            rest = parts[2:]
            if not rest and method == "GET":
                return 200, {
                    "id": audience["id"],
                    "name": audience["name"],
                    "stats": {"member_count": sum(1 for k in self.state.members if k[0] == audience["id"])},
                }
            if rest == ["merge-fields"] and method == "GET":
                fields = audience["merge_fields"]
                return 200, {"merge_fields": fields, "list_id": audience["id"], "total_items": len(fields)}
            if rest == ["merge-fields"] and method == "POST":
                return 200, self._create_merge_field(audience, body)
            if len(rest) >= 2 and rest[0] == "members":
                return self._member_route(method, audience, rest[1], rest[2:], query, body)
        raise ProblemError(404, "Resource Not Found", "The requested resource could not be found.")

    def _list(self, list_id: str) -> dict:
        if list_id not in self.state.lists:
            if not self.any_list:
                raise ProblemError(404, "Resource Not Found", "The requested resource could not be found.")
            self.add_list(list_id)
        return self.state.lists[list_id]

    def _add_merge_field(self, audience: dict, body: dict) -> dict:
        merge = {
            "merge_id": len(audience["merge_fields"]) + 1,
            "tag": body.get("tag") or body["name"].upper().replace(" ", "")[:10],
            "name": body["name"],
            "type": body["type"],
            "required": bool(body.get("required", False)),
            "public": bool(body.get("public", False)),
            "list_id": audience["id"],
        }
        audience["merge_fields"].append(merge)
        return merge

    def _create_merge_field(self, audience: dict, body: Any) -> dict:
        if not isinstance(body, dict) or not body.get("name") or not body.get("type"):
            raise ProblemError(
                400,
                "Invalid Resource",
                "The resource submitted could not be validated.",
                [{"field": "name", "message": "This value should not be blank."}],
            )
        if any(m["tag"] == body.get("tag") for m in audience["merge_fields"]):
            raise ProblemError(
                400, "Invalid Resource", f'A Merge Field with the tag "{body["tag"]}" already exists for this list.'
            )
        return self._add_merge_field(audience, body)

    def _member_route(self, method, audience, member_id, rest, query, body) -> tuple[int, Any]:
        key = (audience["id"], member_id.lower() if "@" not in member_id else subscriber_hash(member_id))
        if not rest and method == "PUT":
            return 200, self._upsert(audience, key, body)
        member = self.state.members.get(key)
        if member is None:
            raise ProblemError(404, "Resource Not Found", "The requested resource could not be found.")
        if not rest and method == "GET":
            return 200, member
        if rest == ["tags"] and method == "POST":
            tags = self.state.tags.setdefault(key, {})
            for tag in body["tags"]:
                tags[tag["name"]] = tag["status"]
            return 204, None
        if rest == ["tags"] and method == "GET":
            active = [{"name": n} for n, s in self.state.tags.get(key, {}).items() if s == "active"]
            return 200, {"tags": active, "total_items": len(active)}
        if rest == ["actions", "delete-permanent"] and method == "POST":
            del self.state.members[key]
            self.state.tags.pop(key, None)
            return 204, None
        raise ProblemError(404, "Resource Not Found", "The requested resource could not be found.")

    def _upsert(self, audience: dict, key: tuple[str, str], body: dict) -> dict:
        email = body["email_address"].strip()
        if subscriber_hash(email) != key[1]:
            raise ProblemError(400, "Invalid Resource", "The email address does not match the subscriber hash.")
        domain = email.rpartition("@")[2].lower()
        if "@" not in email or (
            self.reject_reserved_domains and (domain in RESERVED_DOMAINS or domain.endswith(RESERVED_SUFFIXES))
        ):
            raise ProblemError(
                400, "Invalid Resource", f"{email} looks fake or invalid, please enter a real email address."
            )
        existing = self.state.members.get(key)
        if email.lower() in self.compliance or (
            existing and existing["status"] in ("unsubscribed", "cleaned") and body.get("status") == "subscribed"
        ):
            raise ProblemError(
                400,
                "Member In Compliance State",
                f"{email} is already a list member in compliance state "
                "due to unsubscribe, bounce, or compliance review.",
            )
        known = {m["tag"] for m in audience["merge_fields"]}
        merge_fields = body.get("merge_fields") or {}
        unknown = [tag for tag in merge_fields if tag not in known]
        if unknown:
            raise ProblemError(
                400,
                "Invalid Resource",
                "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
                [{"field": tag, "message": "Merge field does not exist"} for tag in unknown],
            )
        member = dict(existing or {"id": key[1], "status": body.get("status_if_new") or body.get("status")})
        if existing and body.get("status"):
            member["status"] = body["status"]
        member.update({k: v for k, v in body.items() if k not in ("status", "status_if_new", "merge_fields")})
        member["merge_fields"] = {**member.get("merge_fields", {}), **merge_fields}
        member["email_address"] = email
        self.state.members[key] = member
        return {**member, "list_id": audience["id"]}

    def _trigger(self, journey_id: str, step_id: str, body: dict) -> tuple[int, Any]:
        email = body["email_address"]
        if not any(k[1] == subscriber_hash(email) for k in self.state.members):
            raise ProblemError(400, "Bad Request", "The contact is not in the audience of this journey.")
        self.state.triggers.append({"journey_id": int(journey_id), "step_id": int(step_id), "email_address": email})
        return 204, None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMailchimp
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002  (quiet: the fake keeps its own log)
        pass

    def do_GET(self):
        self._serve("GET")

    def do_PUT(self):
        self._serve("PUT")

    def do_POST(self):
        self._serve("POST")

    def do_PATCH(self):
        self._serve("PATCH")

    def do_DELETE(self):
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.fake
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        raw = self.rfile.read(length) if length else b""
        if url.path == "/_fake/state" and method == "GET":
            self._send(200, fake.snapshot(), "application/json")
            return
        try:
            parsed_body = json.loads(raw) if raw.strip() else None
        except ValueError:
            parsed_body = raw.decode(errors="replace")
        entry = {"method": method, "path": url.path, "query": query, "body": parsed_body}
        with fake.lock:
            fake.state.requests.append(entry)
            fault = next((f for f in fake.faults if f.matches(method, url.path)), None)
            if fault:
                fault.hits += 1
        if fault and fault.delay:
            fake.stopping.wait(fault.delay)
        if fault and fault.hold is not None:
            while not fault.hold.wait(0.05) and not fake.stopping.is_set():
                pass
        if fault and (fault.status or fault.empty_body):
            entry["status"] = fault.status
            if fault.empty_body:
                self._send(fault.status or 429, None, None)
            else:
                self._problem(
                    fault.status, fault.title or "Internal Server Error", fault.detail or "An error occurred."
                )
            return
        try:
            status, body = fake.handle(method, url.path, query, self.headers, raw, entry)
        except ProblemError as error:
            entry["status"] = error.status
            self._problem(error.status, error.title, error.detail, error.errors)
            return
        except (KeyError, TypeError, AttributeError):
            entry["status"] = 400
            self._problem(400, "Invalid Resource", "The resource submitted could not be validated.")
            return
        entry["status"] = status
        self._send(status, body, "application/json" if body is not None else None)

    def _problem(self, status: int, title: str, detail: str, errors: list[dict] | None = None) -> None:
        body = {
            "type": "https://mailchimp.com/developer/marketing/docs/errors/",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": str(uuid.uuid4()),
        }
        if errors:
            body["errors"] = errors
        self._send(status, body, "application/problem+json; charset=utf-8")

    def _send(self, status: int, body: Any, content_type: str | None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout): the work above was still done, as on the live API


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake Mailchimp Marketing API on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4010)
    parser.add_argument("--api-key", default=None, help="the only key accepted (default: any)")
    parser.add_argument("--list", action="append", dest="lists", help="audience ids that exist (default: any)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before every answer")
    parser.add_argument("--fail", type=int, default=None, help="answer every API request with this status")
    parser.add_argument("--times", type=int, default=None, help="delay/fail only the first N requests")
    parser.add_argument("--accept-reserved", action="store_true", help="accept example.com and .test addresses")
    parser.add_argument(
        "--bare-lists", action="store_true", help="audiences start with Mailchimp's merge fields, not the site's"
    )
    args = parser.parse_args(argv)
    fake = FakeMailchimp(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        lists=args.lists,
        reject_reserved_domains=not args.accept_reserved,
        merge_fields=DEFAULT_MERGE_FIELDS if args.bare_lists else SITE_MERGE_FIELDS,
    )
    if args.delay or args.fail:
        fake.add_fault(path_contains=API_PREFIX + "/", status=args.fail, delay=args.delay, times=args.times)
    fake.start()
    print(f"Fake Mailchimp on {fake.base_url}", flush=True)  # noqa: T201
    try:
        fake.thread.join()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
