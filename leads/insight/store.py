"""Where beacon counts wait for the mover: Redis in production, this process's memory without it.

The only module of the measurement that talks to Redis. Every Redis error is caught here and
raised as ``StoreUnavailable``, so a Redis outage costs the counts of that moment and never a
visitor's request (the beacon answers 503) or a job (the mover tries again next time).

Counts are integers in one hash, ``<prefix>:live``, whose field names are JSON lists such as
``["v", "2026-03-02", 12, "google.com", "", "", ""]`` (see ``leads.insight.services``). Moving
is exactly once:

1. the live hash is renamed to ``<prefix>:batch:<id>`` and the id added to the set
   ``<prefix>:batches``, in one atomic script (new beacons start a new hash);
2. every batch in that set, including one left behind by a mover that died, is claimed with
   a key that expires (``SET NX EX``), so two movers do not both work on it;
3. the caller adds the batch to the database in one transaction together with its id
   (``CountBatch``, unique), then ``batch_done`` deletes it. A batch whose id is already in
   the database was moved before, by a mover that died before deleting it: it is deleted.

A flood from one address is capped with a second, short-lived counter per address and minute
(``<prefix>:flood:<keyed hash>``), kept apart from the counts and never holding the address.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.conf import settings

logger = logging.getLogger(__name__)

#: Seconds a mover may hold a batch before another mover may take it over.
CLAIM_SECONDS = 300


class StoreUnavailable(Exception):
    """Redis did not answer: nothing was counted or taken."""


@dataclass(frozen=True)
class Batch:
    batch_id: str
    counts: dict[str, int]


def _prefix() -> str:
    return getattr(settings, "INSIGHT_KEY_PREFIX", "insight")


def _redis_url() -> str:
    return getattr(settings, "INSIGHT_REDIS_URL", "")


# One atomic round trip per beacon: count the address's beacons this minute, and only while
# it is under the limit add the counts. Returns 1 when counted, 0 when capped.
_COUNT_SCRIPT = """
local sent = redis.call('INCR', KEYS[1])
if sent == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if sent > tonumber(ARGV[2]) then return 0 end
for i = 3, #ARGV do redis.call('HINCRBY', KEYS[2], ARGV[i], 1) end
return 1
"""

# Turn the live hash into a batch (when there is one) and list every batch waiting to be moved.
_TAKE_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[1])
end
return redis.call('SMEMBERS', KEYS[3])
"""


class RedisStore:
    def __init__(self, url: str, prefix: str) -> None:
        import redis

        # Every Redis error, also an answer such as "out of memory" or "read-only replica".
        self.errors = (redis.exceptions.RedisError, OSError)
        # Short timeouts: a beacon waits for Redis at most a quarter of a second.
        self.client = redis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25, health_check_interval=30
        )
        self.script = self.client.register_script(_COUNT_SCRIPT)
        self.take_script = self.client.register_script(_TAKE_SCRIPT)
        self.live = f"{prefix}:live"
        self.batches = f"{prefix}:batches"
        self.prefix = prefix

    def count(self, fields: list[str], *, flood_key: str, flood_limit: int, flood_window: int) -> bool:
        try:
            counted = self.script(
                keys=[f"{self.prefix}:flood:{flood_key}", self.live], args=[flood_window, flood_limit, *fields]
            )
        except self.errors as error:
            raise StoreUnavailable(type(error).__name__) from None
        return bool(counted)

    def batches_take(self) -> list[Batch]:
        batch_id = f"{int(time.time())}-{uuid.uuid4().hex}"
        try:
            waiting = self.take_script(
                keys=[self.live, f"{self.prefix}:batch:{batch_id}", self.batches], args=[batch_id]
            )
            taken = []
            for found_id in sorted(member.decode() for member in waiting):
                if not self.client.set(f"{self.prefix}:claim:{found_id}", "1", nx=True, ex=CLAIM_SECONDS):
                    continue  # another mover has it
                key = f"{self.prefix}:batch:{found_id}"
                counts = {field.decode(): int(value) for field, value in self.client.hgetall(key).items()}
                if not counts and not self.client.exists(key):
                    self.batch_done(Batch(batch_id=found_id, counts={}))  # moved meanwhile by another mover
                    continue
                taken.append(Batch(batch_id=found_id, counts=counts))
            return taken
        except self.errors as error:
            raise StoreUnavailable(type(error).__name__) from None

    def batch_done(self, batch: Batch) -> None:
        try:
            pipeline = self.client.pipeline(transaction=True)
            pipeline.delete(f"{self.prefix}:batch:{batch.batch_id}", f"{self.prefix}:claim:{batch.batch_id}")
            pipeline.srem(self.batches, batch.batch_id)
            pipeline.execute()
        except self.errors as error:
            raise StoreUnavailable(type(error).__name__) from None

    def batch_release(self, batch: Batch) -> None:
        try:
            self.client.delete(f"{self.prefix}:claim:{batch.batch_id}")
        except self.errors:
            logger.warning("Insight store unreachable; batch %s is released when its claim expires", batch.batch_id)


class MemoryStore:
    """The same in this process's memory, for development and tests without Redis.

    Counts made by one process can only be moved by that process: ``make run``'s web server
    moves them when a report is opened (the reports move pending counts first).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: Counter[str] = Counter()
        self.batches: dict[str, Counter[str]] = {}
        self.claimed: set[str] = set()
        self.flood: dict[str, tuple[float, int]] = {}

    def count(self, fields: list[str], *, flood_key: str, flood_limit: int, flood_window: int) -> bool:
        now = time.monotonic()
        with self.lock:
            if len(self.flood) > 10_000:
                self.flood = {key: value for key, value in self.flood.items() if value[0] > now}
            expires, sent = self.flood.get(flood_key, (now + flood_window, 0))
            if expires <= now:
                expires, sent = now + flood_window, 0
            self.flood[flood_key] = (expires, sent + 1)
            if sent + 1 > flood_limit:
                return False
            self.live.update(fields)
            return True

    def batches_take(self) -> list[Batch]:
        with self.lock:
            if self.live:
                self.batches[f"{int(time.time())}-{uuid.uuid4().hex}"] = self.live
                self.live = Counter()
            taken = [batch_id for batch_id in sorted(self.batches) if batch_id not in self.claimed]
            self.claimed.update(taken)
            return [Batch(batch_id=batch_id, counts=dict(self.batches[batch_id])) for batch_id in taken]

    def batch_done(self, batch: Batch) -> None:
        with self.lock:
            self.batches.pop(batch.batch_id, None)
            self.claimed.discard(batch.batch_id)

    def batch_release(self, batch: Batch) -> None:
        with self.lock:
            self.claimed.discard(batch.batch_id)


@cache
def _store(url: str, prefix: str) -> RedisStore | MemoryStore:
    return RedisStore(url, prefix) if url else MemoryStore()


def store() -> RedisStore | MemoryStore:
    """The store for the current settings (``INSIGHT_REDIS_URL``, ``INSIGHT_KEY_PREFIX``)."""
    return _store(_redis_url(), _prefix())


def count(fields: list[str], *, flood_key: str, flood_limit: int, flood_window: int) -> bool:
    """Add one to each field, unless ``flood_key`` sent more than ``flood_limit`` beacons in its window."""
    return store().count(fields, flood_key=flood_key, flood_limit=flood_limit, flood_window=flood_window)


def batches_take() -> list[Batch]:
    """The counts waiting to be moved, each batch claimed for this caller."""
    return store().batches_take()


def batch_done(batch: Batch) -> None:
    """Forget a batch that is in the database now."""
    store().batch_done(batch)


def batch_release(batch: Batch) -> None:
    """Give a batch back (moving it failed): the next move takes it again."""
    store().batch_release(batch)
