"""The Redis cache backend: Redis makes the site faster, never a condition for it to answer.

Every cache alias in production uses ``ResilientRedisCache`` (django-redis underneath). It
adds three things a plain Redis backend lacks:

- **Short timeouts.** Connecting and every reply are bounded (``REDIS_TIMEOUT``, half a
  second): a Redis that stalls costs a request at most that, never a hung worker.
- **A circuit breaker per Redis server and process.** After one failure the process stops
  calling that server for ``REDIS_RETRY_SECONDS`` (2 s) and answers at once as below; then one
  call tries again. An outage is logged once when it starts and once when it ends, not per
  request.
- **A decided answer when Redis fails** (``OPTIONS["ON_FAILURE"]``):

  ``"degrade"`` (the ``default`` and ``renditions`` aliases, used by Django and Wagtail):
      reads miss (``get`` returns the default, ``get_many`` ``{}``), writes are dropped
      (``set``/``add`` return ``False``). Code that only caches keeps working, slower.
  ``"raise"`` (the ``pages`` alias, and any alias our own code adds for state it must not
      lose silently): every call raises ``CacheUnavailable`` at once. The caller decides what
      an outage means: the page cache serves uncached and remembers purges it could not make.

  Operations other than get/get_many/set/set_many/add/delete/delete_many/touch/has_key/
  clear (``incr``, ``ttl``, ``lock`` ...) raise ``CacheUnavailable`` in both modes.

``OPTIONS["RECOVERY_CHECK"]`` names a function called with the cache before the first call
after an outage; while it raises or returns ``False`` the breaker stays open. The page cache
uses it to apply purges that failed while Redis was away before serving anything from it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: What a Redis that is down, restarting, full or slow raises through django-redis.
REDIS_ERRORS = (ConnectionInterrupted, RedisError, OSError)


class CacheUnavailable(Exception):
    """Redis did not answer: down, restarting, refusing writes (full), or slower than the timeout."""


class _Breaker:
    """The health of one Redis server as one process sees it (shared by its threads and aliases)."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        #: How many outages this process has seen: a recovery check runs once after each.
        self.outages = 0

    def is_open(self) -> bool:
        return self.down_since is not None and time.monotonic() < self.retry_at

    def trip(self, error: BaseException | None, *, retry_after: float) -> None:
        with self.lock:
            now = time.monotonic()
            if self.down_since is None:
                self.down_since = now
                self.outages += 1
                logger.warning(
                    "Redis unreachable (%s); the site runs without it and tries again every %s s",
                    type(error).__name__ if error else "recovery check failed",
                    retry_after,
                )
            self.retry_at = now + retry_after

    def close(self) -> None:
        with self.lock:
            if self.down_since is not None:
                logger.warning("Redis answers again after %.1f s", time.monotonic() - self.down_since)
            self.down_since = None


_breakers: dict[str, _Breaker] = {}
# (server, recovery check) -> the last outage after which that check succeeded.
_checked_outages: dict[tuple[str, str], int] = {}
_breakers_lock = threading.Lock()
_in_check = threading.local()


def _breaker_for(server: str) -> _Breaker:
    with _breakers_lock:
        return _breakers.setdefault(server, _Breaker(server))


def breakers_reset() -> None:
    """Forget every outage this process saw (tests that start and stop their own Redis)."""
    with _breakers_lock:
        _breakers.clear()
        _checked_outages.clear()


_DEGRADED: dict[str, Callable[..., Any]] = {
    "get_many": lambda *args, **kwargs: {},
    "set": lambda *args, **kwargs: False,
    "add": lambda *args, **kwargs: False,
    "set_many": lambda data=None, *args, **kwargs: list(data or ()),
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "has_key": lambda *args, **kwargs: False,
    "clear": lambda *args, **kwargs: None,
}
_GUARDED = ("incr", "decr", "ttl", "expire", "persist", "lock", "keys", "iter_keys", "delete_pattern", "incr_version")


class ResilientRedisCache(RedisCache):
    """django-redis with bounded timeouts, a circuit breaker and a decided answer on failure (module docstring)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.on_failure = options.pop("ON_FAILURE", "degrade")
        if self.on_failure not in ("degrade", "raise"):
            raise ValueError(f"ON_FAILURE must be 'degrade' or 'raise', not {self.on_failure!r}")
        self.retry_after = float(options.pop("RETRY_AFTER", 2.0))
        check = options.pop("RECOVERY_CHECK", None)
        self.recovery_check: Callable[[ResilientRedisCache], bool] | None = import_string(check) if check else None
        options["IGNORE_EXCEPTIONS"] = False  # our breaker decides, not django-redis
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = _breaker_for(server)
        self._check_key = (server, check or "")
        _checked_outages.setdefault(self._check_key, self.breaker.outages)

    def is_available(self) -> bool:
        """Whether this process currently calls Redis (the breaker is closed or due to try again)."""
        return not self.breaker.is_open()

    def _call(self, name: str, *args, **kwargs):
        breaker = self.breaker
        if breaker.is_open():
            return self._failed(name, None, args, kwargs)
        if (
            self.recovery_check is not None
            and _checked_outages.get(self._check_key) != breaker.outages
            and not getattr(_in_check, "active", False)
        ):
            # First call of this alias after an outage: the check runs first (its own calls go
            # through: the breaker is due to try again); if it fails, the breaker stays open.
            outages = breaker.outages
            _in_check.active = True
            try:
                recovered = self.recovery_check(self)
            except Exception as error:  # Redis still away, or the database too
                logger.warning("Redis recovery check failed: %s", type(error).__name__)
                recovered = False
            finally:
                _in_check.active = False
            if not recovered:
                breaker.trip(None, retry_after=self.retry_after)
                return self._failed(name, None, args, kwargs)
            _checked_outages[self._check_key] = outages
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except REDIS_ERRORS as error:
            breaker.trip(error, retry_after=self.retry_after)
            return self._failed(name, error, args, kwargs)
        if breaker.down_since is not None:
            breaker.close()
        return result

    def _failed(self, name: str, error: BaseException | None, args, kwargs):
        if self.on_failure == "degrade" and name in _DEGRADED:
            return _DEGRADED[name](*args, **kwargs)
        raise CacheUnavailable(f"Redis {name} failed") from error

    def get(self, key, default=None, version=None, client=None):
        if self.on_failure == "degrade" and self.breaker.is_open():
            return default
        try:
            return self._call("get", key, default=default, version=version, client=client)
        except CacheUnavailable:
            if self.on_failure == "degrade":
                return default
            raise


def _guarded_method(name: str):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"``{name}`` through the circuit breaker."
    return method


for _name in (*_DEGRADED, *_GUARDED):
    setattr(ResilientRedisCache, _name, _guarded_method(_name))
