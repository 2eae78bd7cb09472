"""Fixtures for the website tests: a Redis of the test's own, behind a proxy that fails on command."""

import pytest

from tests.fakes.faults import FaultProxy, RedisServer
from website import redis_cache
from website.settings.base import redis_caches

RETRY_AFTER = 0.3  # seconds the breaker waits before trying Redis again (2 s in production)


def point_caches_at(settings, url: str) -> None:
    aliases = redis_caches(url)
    for alias in aliases.values():
        alias["OPTIONS"]["RETRY_AFTER"] = RETRY_AFTER
    settings.CACHES = aliases
    redis_cache.breakers_reset()


@pytest.fixture
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture
def proxy(redis_server):
    with FaultProxy(redis_server.port) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def on_redis(settings, proxy):
    """The page cache on, every alias on our own Redis through the proxy."""
    settings.PAGE_CACHE_ENABLED = True
    point_caches_at(settings, f"redis://127.0.0.1:{proxy.port}/0")
    yield proxy
    redis_cache.breakers_reset()
