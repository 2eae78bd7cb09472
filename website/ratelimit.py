"""Rate limits that hold under parallel requests and survive any cache outage.

A window per key (an address, for the brochure form) counts requests in the database with
one atomic statement: an insert, or an update of the existing row that either starts a new
window (the old one ran out) or adds one while the count is below the limit. Parallel
requests for one key queue on that row, so exactly ``limit`` get through. Called inside
the transaction that stores the request, the count commits or rolls back with it: a
request that was not stored is not counted.

While the database is down nothing can be stored, so nothing is counted either: the form
is shown again with the visitor's values (leads/views.py).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from website.models import RateLimitWindow

#: Windows that ran out this long ago are deleted now and then (one request in a hundred).
KEEP_WINDOWS = timedelta(days=1)
CLEAN_UP_CHANCE = 0.01


def rate_limit_acquire(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request for ``key``; ``False`` (and nothing counted) when its window is full."""
    now = timezone.now()
    expired = now - timedelta(seconds=window_seconds)
    table = connection.ops.quote_name(RateLimitWindow._meta.db_table)
    # One statement, so that the check and the count cannot be split by a parallel request.
    # SQLite (3.35+) and PostgreSQL both speak this upsert with RETURNING.
    sql = f"""
        INSERT INTO {table} AS rl ("key", "window_started_at", "count") VALUES (%s, %s, 1)
        ON CONFLICT ("key") DO UPDATE SET
            "count" = CASE WHEN rl."window_started_at" <= %s THEN 1 ELSE rl."count" + 1 END,
            "window_started_at" = CASE
                WHEN rl."window_started_at" <= %s THEN excluded."window_started_at"
                ELSE rl."window_started_at"
            END
        WHERE rl."window_started_at" <= %s OR rl."count" < %s
        RETURNING "count"
    """  # noqa: S608  (the table name is ours; values are parameters)
    params = [key, _db_value(now), _db_value(expired), _db_value(expired), _db_value(expired), limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if random.random() < CLEAN_UP_CHANCE:  # noqa: S311  (housekeeping, not security)
        RateLimitWindow.objects.filter(window_started_at__lt=now - KEEP_WINDOWS).delete()
    return row is not None


def _db_value(moment):
    return connection.ops.adapt_datetimefield_value(moment)
