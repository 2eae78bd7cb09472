"""Working-hours arithmetic for the first-contact deadline (issue 17): Monday to Friday 9–17 in Amsterdam,
Dutch public holidays excluded, correct across the switches to and from summer time."""

import datetime

import pytest
from django.utils import translation

from leads.working_hours import (
    AMSTERDAM,
    is_working_day,
    working_duration_text,
    working_time_add,
    working_time_between,
)

FOUR_HOURS = datetime.timedelta(hours=4)


def ams(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def due(start: datetime.datetime, hours: float = 4) -> datetime.datetime:
    return working_time_add(start=start, duration=datetime.timedelta(hours=hours)).astimezone(AMSTERDAM)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (ams(2026, 11, 23, 10), ams(2026, 11, 23, 14)),  # Monday morning: the same afternoon
        (ams(2026, 11, 23, 13), ams(2026, 11, 23, 17)),  # exactly at closing time
        (ams(2026, 11, 23, 15), ams(2026, 11, 24, 11)),  # two hours today, two tomorrow
        (ams(2026, 11, 23, 20, 30), ams(2026, 11, 24, 13)),  # an evening request: from 9:00 the next day
        (ams(2026, 11, 24, 7), ams(2026, 11, 24, 13)),  # before opening
        (ams(2026, 11, 27, 15), ams(2026, 11, 30, 11)),  # Friday afternoon: Monday
        (ams(2026, 11, 28, 12), ams(2026, 11, 30, 13)),  # Saturday: Monday
        (ams(2026, 11, 29, 23, 59), ams(2026, 11, 30, 13)),  # Sunday night
    ],
)
def test_four_working_hours_skip_evenings_and_weekends(start, expected):
    assert due(start) == expected


def test_koningsdag_is_not_a_working_day():
    # 27 April 2026 is a Monday and King's Day.
    assert not is_working_day(datetime.date(2026, 4, 27))
    assert due(ams(2026, 4, 24, 15)) == ams(2026, 4, 28, 11)


def test_easter_weekend_with_tweede_paasdag_is_skipped():
    # Good Friday 3 April and Easter Monday (Tweede Paasdag) 6 April 2026 are public holidays in the library.
    assert not is_working_day(datetime.date(2026, 4, 6))
    assert due(ams(2026, 4, 2, 15)) == ams(2026, 4, 7, 11)


def test_christmas_and_new_year():
    assert due(ams(2026, 12, 24, 16)) == ams(2026, 12, 28, 12)  # 25 and 26 Dec, then a weekend
    assert due(ams(2026, 12, 31, 16)) == ams(2027, 1, 4, 12)  # New Year's Day, then a weekend


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(datetime.date(2026, 11, 25))
    assert not is_working_day(datetime.date(2026, 11, 28))  # Saturday


def test_switch_to_summer_time_keeps_the_wall_clock_hour():
    # Summer time starts on Sunday 29 March 2026 (02:00 → 03:00). Friday 15:00 CET + 4 h is Monday 11:00 CEST.
    result = due(ams(2026, 3, 27, 15))
    assert result == ams(2026, 3, 30, 11)
    assert result.utcoffset() == datetime.timedelta(hours=2)
    assert result.astimezone(datetime.UTC).hour == 9


def test_switch_from_summer_time_keeps_the_wall_clock_hour():
    # Summer time ends on Sunday 25 October 2026 (03:00 → 02:00). Friday 15:00 CEST + 4 h is Monday 11:00 CET.
    result = due(ams(2026, 10, 23, 15))
    assert result == ams(2026, 10, 26, 11)
    assert result.utcoffset() == datetime.timedelta(hours=1)
    assert result.astimezone(datetime.UTC).hour == 10


def test_a_deadline_of_several_days():
    assert due(ams(2026, 11, 23, 9), hours=20) == ams(2026, 11, 25, 13)


def test_working_time_between_counts_only_working_hours():
    assert working_time_between(start=ams(2026, 11, 27, 16), end=ams(2026, 11, 30, 10)) == datetime.timedelta(hours=2)
    assert working_time_between(start=ams(2026, 11, 23, 20), end=ams(2026, 11, 24, 8)) == datetime.timedelta()
    assert working_time_between(start=ams(2026, 11, 24, 10), end=ams(2026, 11, 23, 10)) == datetime.timedelta()


def test_working_time_between_across_a_holiday_and_the_time_switch():
    # Thursday 2 April 16:00 to Tuesday 7 April 10:00 2026: 1 h + (Good Friday, weekend, Easter Monday) + 1 h.
    assert working_time_between(start=ams(2026, 4, 2, 16), end=ams(2026, 4, 7, 10)) == datetime.timedelta(hours=2)
    # Across the switch to summer time: Friday 16:00 to Monday 10:00 is still 2 working hours.
    assert working_time_between(start=ams(2026, 3, 27, 16), end=ams(2026, 3, 30, 10)) == datetime.timedelta(hours=2)


def test_adding_and_measuring_agree():
    start = ams(2026, 10, 22, 14, 37)
    for hours in (1, 4, 7.5, 16, 33):
        end = working_time_add(start=start, duration=datetime.timedelta(hours=hours))
        assert working_time_between(start=start, end=end) == datetime.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (datetime.timedelta(minutes=45), "45 min"),
        (datetime.timedelta(minutes=44, seconds=1), "45 min"),
        (datetime.timedelta(hours=3, minutes=15), "3 h 15 min"),
        (datetime.timedelta(hours=2), "2 h"),
        (datetime.timedelta(hours=8), "1 working day"),
        (datetime.timedelta(hours=19, minutes=10), "2 working days 3 h"),
    ],
)
def test_working_time_is_written_for_people(duration, text):
    with translation.override("en"):  # the admin user's language; the English source here
        assert working_duration_text(duration) == text


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        working_time_add(start=datetime.datetime(2026, 11, 23, 10), duration=FOUR_HOURS)
