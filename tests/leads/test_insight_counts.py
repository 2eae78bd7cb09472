"""Moving counts from Redis to the daily totals: nothing lost, nothing counted twice."""

import json
import threading

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection
from django.utils import timezone

from leads.insight import services, store
from leads.models import CountBatch, PageDailyCount, SourceDailyCount
from tests.leads.insight_helpers import (
    beacon,
    page_counts,
    send_beacon,
)


def _views(page) -> int:
    return sum(PageDailyCount.objects.filter(page=page).values_list("views", flat=True))


@pytest.mark.django_db
def test_counts_moved_in_several_batches_add_up(course, insight_store):
    for _ in range(3):
        send_beacon(None, beacon(course))
        services.insight_counts_move()

    assert _views(course) == 3
    assert PageDailyCount.objects.filter(page=course).count() == 1
    assert services.insight_counts_move() == 0  # nothing waits: nothing moves


@pytest.mark.django_db
def test_a_mover_that_dies_before_its_commit_loses_nothing(course, redis_insight_store, monkeypatch):
    send_beacon(None, beacon(course))
    real_apply = services._apply

    def die(counts):
        real_apply(counts)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_apply", die)
    with pytest.raises(RuntimeError):
        services.insight_counts_move()
    monkeypatch.setattr(services, "_apply", real_apply)

    assert _views(course) == 0  # rolled back
    assert services.insight_counts_move() == 1
    assert _views(course) == 1


@pytest.mark.django_db
def test_a_mover_that_dies_after_its_commit_counts_nothing_twice(course, redis_insight_store, monkeypatch):
    send_beacon(None, beacon(course))
    monkeypatch.setattr(store, "CLAIM_SECONDS", 1)

    def unreachable(batch):
        raise store.StoreUnavailable("ConnectionError")

    monkeypatch.setattr(type(redis_insight_store), "batch_done", lambda self, batch: unreachable(batch))
    assert services.insight_counts_move() == 1  # committed; the batch stays in Redis
    monkeypatch.undo()

    import time

    time.sleep(1.1)  # the dead mover's claim runs out; the next mover finds its batch
    assert services.insight_counts_move() == 0
    assert _views(course) == 1
    assert not list(redis_insight_store.client.scan_iter(match=f"{redis_insight_store.prefix}:batch:*"))
    assert not redis_insight_store.client.smembers(redis_insight_store.batches)


@pytest.mark.django_db
def test_a_second_mover_does_not_take_a_batch_another_mover_holds(course, redis_insight_store, monkeypatch):
    """Two movers interleaved: the second runs while the first holds a batch it has not committed yet."""
    send_beacon(None, beacon(course))
    real_apply = services._apply
    second = []

    def apply_with_a_second_mover(counts):
        if not second:  # the first mover, holding its batch: the other worker runs now
            second.append(None)
            send_beacon(None, beacon(course))  # a beacon in between: lands in a new live hash
            second[0] = services.insight_counts_move()  # moves only that new hash
        real_apply(counts)

    monkeypatch.setattr(services, "_apply", apply_with_a_second_mover)
    assert services.insight_counts_move() == 1
    monkeypatch.setattr(services, "_apply", real_apply)

    assert second == [1]
    assert _views(course) == 2
    assert CountBatch.objects.count() == 2


@pytest.mark.django_db
def test_a_counter_no_database_can_store_is_dropped_and_its_batch_still_moves(course, redis_insight_store):
    """A campaign value with half an emoji, accepted by an earlier version, must not block every count behind it."""
    day = timezone.localdate().isoformat()
    poisoned = json.dumps(["view", day, course.pk, "", "voorjaar-\ud83d", "", ""])
    redis_insight_store.count([poisoned], flood_key="test", flood_limit=100, flood_window=60)
    send_beacon(None, beacon(course, u={"utm_source": "nieuwsbrief"}))

    assert services.insight_counts_move() == 1
    assert services.insight_counts_move() == 0  # nothing left behind to fail again

    assert _views(course) == 2  # the view counts; only the value that cannot be stored is gone
    assert list(SourceDailyCount.objects.values_list("utm_source", "views")) == [("nieuwsbrief", 1)]
    assert not redis_insight_store.client.smembers(redis_insight_store.batches)


@pytest.mark.django_db
def test_a_batch_that_fails_does_not_hold_up_the_batches_after_it(course, insight_store, monkeypatch):
    send_beacon(None, beacon(course))
    insight_store.batch_release(insight_store.batches_take()[0])  # left waiting, as by a mover that failed
    send_beacon(None, beacon(course, "seen"))  # a second batch behind it
    real_apply = services._apply
    calls = []

    def database_hiccup_once(counts):
        calls.append(counts)
        if len(calls) == 1:
            raise DatabaseError("the database dropped the connection")
        real_apply(counts)

    monkeypatch.setattr(services, "_apply", database_hiccup_once)
    with pytest.raises(DatabaseError):  # the job still fails, so the worker's log shows it
        services.insight_counts_move()
    monkeypatch.setattr(services, "_apply", real_apply)

    assert len(calls) == 2  # the second batch was tried after the first failed
    assert sum(page_counts(course).values()) == 2  # and the failed one moves at the next run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="parallel writers from threads need PostgreSQL (SQLite's in-memory test database locks them out)",
)
def test_two_workers_moving_while_visitors_count_lose_and_double_nothing(course, redis_insight_store):
    sent = 400
    done = threading.Event()
    errors = []

    def visitor():
        for number in range(sent):
            event = "view" if number % 2 else "seen"
            response = send_beacon(None, beacon(course, event), address=f"192.0.2.{number % 200}")
            if response.status_code != 204:
                errors.append(response.status_code)
        done.set()

    def worker():
        try:
            while not done.is_set():
                services.insight_counts_move()
            services.insight_counts_move()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor), threading.Thread(target=worker), threading.Thread(target=worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    services.insight_counts_move()

    assert errors == []
    assert page_counts(course) == {"views": sent // 2, "seen": sent // 2, "started": 0, "refused": 0}
    assert CountBatch.objects.count() > 1  # the workers really did move in several batches


def _rollups():
    from leads.models import PageMonthlyCount, TypeDailyCount

    monthly = sorted(PageMonthlyCount.objects.values_list("month", "page_id", "views", "forms_seen"))
    per_type = sorted(TypeDailyCount.objects.values_list("day", "content_type_id", "views", "forms_started"))
    return monthly, per_type


@pytest.mark.django_db
def test_moving_keeps_the_monthly_and_per_type_rollups_equal_to_the_daily_totals(course, insight_store):
    import json

    from leads.models import PageMonthlyCount

    index = course.get_parent()
    counts = {
        json.dumps(["view", "2026-01-31", course.pk, "", "", "", ""]): 5,
        json.dumps(["view", "2026-02-01", course.pk, "google.com", "", "", ""]): 3,
        json.dumps(["seen", "2026-02-01", course.pk]): 2,
        json.dumps(["view", "2026-02-01", index.pk, "", "", "", ""]): 7,
        json.dumps(["start", "2026-02-14", index.pk]): 1,
    }
    services._apply(counts)
    services._apply(counts)  # a second batch adds to the same rows
    moved = _rollups()
    services.rollups_rebuild()

    assert moved == _rollups()
    assert PageMonthlyCount.objects.get(page=course, month="2026-02-01").views == 6
