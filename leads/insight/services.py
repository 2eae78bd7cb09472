"""Cookieless measurement of pages and the brochure form: read a beacon, count it, move the counts.

What a beacon may say (JSON, at most ``INSIGHT_MAX_BEACON_BYTES``)::

    {"p": "<page token>", "e": "view", "r": "www.google.com",
     "u": {"utm_source": "nieuwsbrief", "utm_medium": "email", "utm_campaign": "voorjaar"}}
    {"p": "<page token>", "e": "seen"}        the brochure form scrolled into view
    {"p": "<page token>", "e": "start"}       its first field changed
    {"p": "<page token>", "e": "refuse", "f": ["email", "role"]}   refused, by field name

Nothing else is read from the request than what decides whether to count (the user agent,
``Sec-Fetch-Site``/``Origin``, whether a session cookie is present) and the address for the
flood cap, which only ever enters a keyed hash that changes every window. Nothing of these
is stored. Brochure requests are counted from ``BrochureRequest`` by the reports.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from wagtail.models import Page

from leads.insight import store
from leads.models import (
    CountBatch,
    PageDailyCount,
    PageMonthlyCount,
    RefusedFieldDailyCount,
    SourceDailyCount,
    TypeDailyCount,
)
from website.measurement import page_token_read

logger = logging.getLogger(__name__)

VIEW, SEEN, START, REFUSE = "view", "seen", "start", "refuse"
EVENTS = (VIEW, SEEN, START, REFUSE)
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")
MAX_VALUE_LENGTH = 100
MAX_REFUSED_FIELDS = 20
# A host name as URL.hostname gives it (IDNs in punycode), without the port.
DOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?$")
# Known bots, crawlers, link previews, monitors, scripts and automated or headless browsers.
# A real browser's user agent starts with "Mozilla/" and names none of these.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|headless|lighthouse|pagespeed|phantomjs|puppeteer|playwright|selenium|"
    r"webdriver|python|curl|wget|httpclient|okhttp|go-http|java/|node-fetch|axios|facebookexternalhit|"
    r"embedly|preview|pingdom|uptime|monitor|scanner",
    re.IGNORECASE,
)

COUNTED, IGNORED, CAPPED, UNAVAILABLE = "counted", "ignored", "capped", "unavailable"
# An e-mail address anywhere in a value: some newsletter tools put the reader's address in
# the campaign of their links.
EMAIL_ADDRESS_RE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


def campaign_value_shown(*, value: str) -> str:
    """A campaign value as it may be kept and shown in the reports: empty when it holds an e-mail address."""
    return "" if EMAIL_ADDRESS_RE.search(value or "") else value


def _refusable_fields() -> frozenset[str]:
    """The brochure form's visible fields: the only names a refusal may give."""
    from leads.forms import HONEYPOT_FIELD, BrochureForm

    return frozenset(
        name for name, form_field in BrochureForm.base_fields.items() if not form_field.widget.is_hidden
    ) - {HONEYPOT_FIELD}


REFUSABLE_FIELDS = _refusable_fields()


@dataclass(frozen=True)
class Beacon:
    page_id: int
    event: str
    referrer_domain: str = ""
    utm: dict[str, str] = field(default_factory=dict)
    fields: tuple[str, ...] = ()


def _text(value, *, lower: bool = False) -> str | None:
    """A short single-line text a database can store, or ``None`` when it is not one.

    Control characters and lone surrogates (half an emoji, as a script cutting a string may
    leave) are refused: PostgreSQL and SQLite refuse to store them.
    """
    if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
        return None
    value = value.strip()
    if any(ord(char) < 32 or ord(char) == 127 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
        return None
    return value.lower() if lower else value


def domain_clean(*, domain: str) -> str | None:
    """A referring site as counted: lower case, without ``www.``; ``None`` when it is no host name."""
    domain = domain.strip().lower().rstrip(".")
    if domain.startswith("www."):
        domain = domain[4:]
    if not domain:
        return ""
    return domain if DOMAIN_RE.match(domain) else None


def beacon_parse(*, body: bytes) -> Beacon | None:
    """The beacon in a request body; ``None`` when it is malformed, oversized or names an unknown page."""
    if len(body) > settings.INSIGHT_MAX_BEACON_BYTES:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than the reader goes
        return None
    if not isinstance(data, dict) or not set(data) <= {"p", "e", "r", "u", "f"}:
        return None
    event = data.get("e")
    token = data.get("p")
    if event not in EVENTS or not isinstance(token, str) or len(token) > 200:
        return None
    page_id = page_token_read(token=token)
    if page_id is None:
        return None
    if event != VIEW:
        if "r" in data or "u" in data:
            return None
        if event != REFUSE:
            return None if "f" in data else Beacon(page_id=page_id, event=event)
        names = data.get("f")
        if not isinstance(names, list) or not 0 < len(names) <= MAX_REFUSED_FIELDS:
            return None
        if not all(isinstance(name, str) and name in REFUSABLE_FIELDS for name in names):
            return None
        return Beacon(page_id=page_id, event=event, fields=tuple(sorted(set(names))))
    if "f" in data:
        return None
    referrer = _text(data.get("r", ""), lower=True)
    referrer = domain_clean(domain=referrer) if referrer is not None else None
    utm_data = data.get("u", {})
    if referrer is None or not isinstance(utm_data, dict) or not set(utm_data) <= set(UTM_KEYS):
        return None
    utm = {}
    for key, value in utm_data.items():
        cleaned = _text(value)
        if cleaned is None:
            return None
        cleaned = campaign_value_shown(value=cleaned)  # the view counts; an address is never kept
        if cleaned:
            utm[key] = cleaned
    return Beacon(page_id=page_id, event=VIEW, referrer_domain=referrer, utm=utm)


def beacon_is_wanted(
    *, user_agent: str, sec_fetch_site: str, origin: str, own_origins: set[str], has_session: bool
) -> bool:
    """Whether a well-formed beacon counts: a visitor's browser, on one of our own pages.

    Not counted: logged-in editors (a session cookie: visitors have none), bots and headless
    browsers (by user agent), and beacons from other sites (the browser's ``Sec-Fetch-Site``,
    or else its ``Origin``; a request with neither is no browser's beacon).
    """
    if has_session:
        return False
    if not user_agent.startswith("Mozilla/") or BOT_RE.search(user_agent):
        return False
    if sec_fetch_site:
        return sec_fetch_site == "same-origin"
    return bool(origin) and origin in own_origins


def _counter_fields(beacon: Beacon, *, day: datetime.date, own_domains: set[str]) -> list[str]:
    """The store's counter names for a beacon (see ``leads.insight.store``)."""
    iso = day.isoformat()
    if beacon.event == VIEW:
        referrer = "" if beacon.referrer_domain in own_domains else beacon.referrer_domain
        utm = [beacon.utm.get(key, "") for key in UTM_KEYS]
        return [json.dumps([VIEW, iso, beacon.page_id, referrer, *utm], separators=(",", ":"))]
    fields = [json.dumps([beacon.event, iso, beacon.page_id], separators=(",", ":"))]
    for name in beacon.fields:
        fields.append(json.dumps(["field", iso, beacon.page_id, name], separators=(",", ":")))
    return fields


def _flood_key(address: str, window: int) -> str:
    """The address in a keyed hash valid for one window: a counter, never the address itself."""
    message = f"{window}:{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:24]


def beacon_count(*, beacon: Beacon, address: str, own_domains: set[str], now: float | None = None) -> str:
    """Count a wanted beacon. Returns ``counted``, ``capped`` (a flood from this address) or ``unavailable``."""
    window_seconds = settings.INSIGHT_FLOOD_WINDOW_SECONDS
    window = int((now or time.time()) // window_seconds)
    fields = _counter_fields(beacon, day=timezone.localdate(), own_domains=own_domains)
    try:
        counted = store.count(
            fields,
            flood_key=_flood_key(address, window),
            flood_limit=settings.INSIGHT_FLOOD_LIMIT,
            flood_window=window_seconds,
        )
    except store.StoreUnavailable:
        return UNAVAILABLE
    return COUNTED if counted else CAPPED


# --- Moving counts to the daily totals ------------------------------------------------------------


@dataclass
class _Totals:
    pages: dict[tuple, dict[str, int]]
    sources: dict[tuple, int]
    refused: dict[tuple, int]


_PAGE_COLUMN = {VIEW: "views", SEEN: "forms_seen", START: "forms_started", REFUSE: "forms_refused"}


def _counter_read(name: str) -> tuple[str, datetime.date, int, list[str]] | None:
    """The parts of a counter's name, or ``None`` when they could not all be stored.

    Checked again here, not only at the beacon: a counter the database refuses would fail its
    whole batch at every run, and every batch after it.
    """
    try:
        kind, iso, page_id, *rest = json.loads(name)
        day = datetime.date.fromisoformat(iso)
    except (ValueError, TypeError):
        return None
    if kind not in (*_PAGE_COLUMN, "field") or type(page_id) is not int or not 0 < page_id < 2**31:
        return None
    if kind == "field":
        return (kind, day, page_id, rest) if len(rest) == 1 and rest[0] in REFUSABLE_FIELDS else None
    if kind == VIEW:
        if len(rest) != 1 + len(UTM_KEYS) or any(_text(value) != value for value in rest):
            logger.warning("Insight: a view's source cannot be stored; counted without it")
            return kind, day, page_id, [""] * (1 + len(UTM_KEYS))
        return kind, day, page_id, rest
    return (kind, day, page_id, rest) if not rest else None


def _totals(counts: dict[str, int]) -> _Totals:
    pages: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_PAGE_COLUMN.values(), 0))
    sources: dict[tuple, int] = defaultdict(int)
    refused: dict[tuple, int] = defaultdict(int)
    for name, number in counts.items():
        read = _counter_read(name)
        if read is None:
            logger.warning("Insight: skipped a counter whose name cannot be stored")
            continue
        kind, day, page_id, rest = read
        if kind in _PAGE_COLUMN:
            pages[(day, page_id)][_PAGE_COLUMN[kind]] += number
            if kind == VIEW and any(rest):
                sources[(day, page_id, *rest)] += number
        elif kind == "field":
            refused[(day, page_id, rest[0])] += number
    return _Totals(pages=pages, sources=sources, refused=refused)


def _upsert_add(model, key_columns: list[str], count_columns: list[str], rows: list[tuple]) -> None:
    """Insert rows, or add their counts to the rows already there (one statement per 500 rows).

    ``INSERT ... ON CONFLICT DO UPDATE`` is atomic per row on PostgreSQL and SQLite alike, so
    two movers adding to the same day and page both count. Rows go in key order, so two
    movers lock rows in the same order and never deadlock.
    """
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*key_columns, *count_columns]
    quoted = [connection.ops.quote_name(column) for column in columns]
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in quoted[len(key_columns) :])
    rows = sorted(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quoted)}) VALUES {placeholders} "  # noqa: S608 (names from models)
                f"ON CONFLICT ({', '.join(quoted[: len(key_columns)])}) DO UPDATE SET {updates}",
                [value for row in chunk for value in row],
            )


COUNT_FIELDS = list(PageDailyCount.COUNT_FIELDS)


def _rolled_up(pages: dict[tuple, dict[str, int]], key) -> dict[tuple, list[int]]:
    """The page totals added up per ``key(day, page_id)``: per month and page, or per day and page type."""
    rolled: dict[tuple, list[int]] = {}
    for (day, page_id), values in pages.items():
        target = rolled.setdefault(key(day, page_id), [0] * len(COUNT_FIELDS))
        for index, name in enumerate(COUNT_FIELDS):
            target[index] += values[name]
    return rolled


def _apply(counts: dict[str, int]) -> None:
    totals = _totals(counts)
    page_ids = {key[1] for key in totals.pages} | {key[1] for key in totals.refused}
    # Counts for a page deleted since the beacon have nowhere to go.
    types = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id")) if page_ids else {}
    pages = {key: values for key, values in totals.pages.items() if key[1] in types}
    _upsert_add(
        PageDailyCount,
        ["day", "page_id"],
        COUNT_FIELDS,
        [(day, page_id, *(values[name] for name in COUNT_FIELDS)) for (day, page_id), values in pages.items()],
    )
    # The rollups the reports read, added to in the same transaction: always equal to the daily sums.
    monthly = _rolled_up(pages, lambda day, page_id: (day.replace(day=1), page_id))
    _upsert_add(PageMonthlyCount, ["month", "page_id"], COUNT_FIELDS, [(*k, *v) for k, v in monthly.items()])
    per_type = _rolled_up(pages, lambda day, page_id: (day, types[page_id]))
    _upsert_add(TypeDailyCount, ["day", "content_type_id"], COUNT_FIELDS, [(*k, *v) for k, v in per_type.items()])
    _upsert_add(
        SourceDailyCount,
        ["day", "page_id", "referrer_domain", "utm_source", "utm_medium", "utm_campaign"],
        ["views"],
        [(*key, number) for key, number in totals.sources.items() if key[1] in types],
    )
    _upsert_add(
        RefusedFieldDailyCount,
        ["day", "page_id", "field_name"],
        ["refusals"],
        [(*key, number) for key, number in totals.refused.items() if key[1] in types],
    )


def insight_counts_move() -> int:
    """Add the counts waiting in the store to the daily totals, each exactly once; returns the batches moved.

    Safe to run in any number of workers at once (see ``leads.insight.store``). When the store
    is unreachable nothing happens, and the counts wait for the next run.
    """
    try:
        batches = store.batches_take()
    except store.StoreUnavailable as error:
        logger.warning("Insight store unreachable (%s); counts not moved", error)
        return 0
    moved = 0
    failure = None
    for batch in batches:
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        CountBatch.objects.create(batch_id=batch.batch_id)
                except IntegrityError:
                    already_moved = True  # by a mover that stopped before deleting it
                else:
                    already_moved = False
                    _apply(batch.counts)
        except Exception as error:
            # Given back for the next run; the batches after it still move now.
            store.batch_release(batch)
            logger.warning("Insight: batch %s not moved (%s); next run retries", batch.batch_id, type(error).__name__)
            failure = failure or error
            continue
        try:
            store.batch_done(batch)
        except store.StoreUnavailable:
            logger.warning("Insight store unreachable; batch %s is moved and deleted later", batch.batch_id)
        if not already_moved:
            moved += 1
    if moved:
        logger.info("Insight: moved %d batch(es) of counts", moved)
        count_batches_prune()
    if failure is not None:
        raise failure  # the job fails, so the worker's log shows why
    return moved


def _sums_of(row: dict) -> dict[str, int]:
    return {name: row[f"n_{name}"] for name in COUNT_FIELDS}


def rollups_rebuild() -> None:
    """Compute the monthly and per-type rollups again from the daily totals.

    For daily totals written in bulk (the demo, the benchmark, tests); the mover keeps the
    rollups up to date by itself. Run it where nothing moves counts at the same time.
    """
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    sums = {f"n_{name}": Sum(name) for name in COUNT_FIELDS}
    with transaction.atomic():
        PageMonthlyCount.objects.all().delete()
        TypeDailyCount.objects.all().delete()
        months = PageDailyCount.objects.values(month_start=TruncMonth("day"), page_ref=models.F("page_id"))
        PageMonthlyCount.objects.bulk_create(
            [
                PageMonthlyCount(month=row["month_start"], page_id=row["page_ref"], **_sums_of(row))
                for row in months.annotate(**sums).order_by()
            ],
            batch_size=5000,
        )
        days = PageDailyCount.objects.values("day", type_ref=models.F("page__content_type_id"))
        TypeDailyCount.objects.bulk_create(
            [
                TypeDailyCount(day=row["day"], content_type_id=row["type_ref"], **_sums_of(row))
                for row in days.annotate(**sums).order_by()
            ],
            batch_size=5000,
        )


def count_batches_prune(*, days: int = 7) -> int:
    """Forget the ids of batches moved long ago: a batch is retried within minutes, not days."""
    deleted, _ = CountBatch.objects.filter(moved_at__lt=timezone.now() - datetime.timedelta(days=days)).delete()
    return deleted
