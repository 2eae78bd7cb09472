"""Working-hours arithmetic for the first-contact deadline: Monday to Friday, 9:00–17:00 in Amsterdam.

Dutch public holidays come from the maintained ``holidays`` package (never a hand-typed
list), so Koningsdag, Tweede Paasdag or a lustrum Bevrijdingsdag are not working days.

Every day's window is built in Amsterdam wall-clock time and compared in UTC: a lead
that arrives on the Friday before a switch to or from summer time is due at the same
wall-clock hour on Monday as in any other week.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_START = datetime.time(9)
DAY_END = datetime.time(17)
HOURS_PER_DAY = 8
# A guard against a calendar without working days; no real year has this many days off in a row.
MAX_DAYS_SCANNED = 3660


@functools.cache
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def _window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The day's working hours as UTC moments."""
    start = datetime.datetime.combine(day, DAY_START, tzinfo=AMSTERDAM)
    end = datetime.datetime.combine(day, DAY_END, tzinfo=AMSTERDAM)
    return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(AMSTERDAM).date()


def working_time_add(*, start: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
    """The moment ``duration`` of working time after ``start`` (an aware datetime), in UTC.

    Time outside working hours does not count: 4 hours after Friday 15:00 is Monday 11:00.
    """
    if start.tzinfo is None:
        raise ValueError("working_time_add needs an aware datetime")
    moment = start.astimezone(datetime.UTC)
    remaining = duration
    day = local_date(moment)
    for _day in range(MAX_DAYS_SCANNED):
        if is_working_day(day):
            opens, closes = _window(day)
            begin = max(moment, opens)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += datetime.timedelta(days=1)
    raise ValueError("no working days found")


def working_time_between(*, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    """The working time from ``start`` to ``end``; zero when ``end`` is not later."""
    start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    total = datetime.timedelta()
    if end <= start:
        return total
    day, last = local_date(start), local_date(end)
    while day <= last:
        if is_working_day(day):
            opens, closes = _window(day)
            overlap = min(end, closes) - max(start, opens)
            if overlap > datetime.timedelta():
                total += overlap
        day += datetime.timedelta(days=1)
    return total


def working_day_end(*, day: datetime.date) -> datetime.datetime:
    """17:00 in Amsterdam on ``day``, as a UTC moment."""
    return _window(day)[1]


def working_duration_text(duration: datetime.timedelta) -> str:
    """A working-time span for people: "45 min", "3 h 15 min", "2 working days 3 h" (a working day is 8 h).

    Whole minutes, rounded up; beyond a working day the minutes are left out.
    """
    minutes = max(0, -(-int(duration.total_seconds()) // 60))
    hours, minutes = divmod(minutes, 60)
    if hours >= HOURS_PER_DAY:
        days, hours = divmod(hours, HOURS_PER_DAY)
        if not hours:
            return ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}
        return ngettext("%(days)s working day %(hours)s h", "%(days)s working days %(hours)s h", days) % {
            "days": days,
            "hours": hours,
        }
    if not hours:
        return _("%(minutes)s min") % {"minutes": minutes}
    if not minutes:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}


def working_duration_short(duration: datetime.timedelta) -> str:
    """A working-time span for a narrow column: "45 min", "3 h", "2 d" (working days of 8 h).

    Rounded to the nearest unit, so that "3 h" stays three characters wide; the exact span
    is for the lead's page (``working_duration_text``).
    """
    minutes = max(0, round(duration.total_seconds() / 60))
    if minutes < 60:
        return _("%(minutes)s min") % {"minutes": max(minutes, 1)}
    hours = round(minutes / 60)
    if hours < HOURS_PER_DAY:
        return _("%(hours)s h") % {"hours": hours}
    days = round(hours / HOURS_PER_DAY)
    return ngettext("%(days)s d", "%(days)s d", days) % {"days": days}
