"""Time arithmetic of the finder: turning a question ("tonight after 6", "now", "Tuesday
22:00-01:00") into a window of UTC instants, and a weekly meeting (weekday, local time, its own
time zone) into the instant it happens inside that window.

Each meeting is placed on the calendar in its own zone and converted to UTC, so a 15:30 meeting
in Los Angeles and an 18:30 one in New York both fall in "tonight after 6" asked in New York,
and a window that crosses midnight finds a 00:30 meeting on the next weekday.

DST: a local time that does not exist (02:30 on the spring-forward night) is read with the
offset before the change, i.e. as 03:30 daylight time — the meeting happens when the clock
says 03:30 that night, never an error; a time that happens twice (01:30 on the fall-back night)
is the first of the two."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

NOW_HOURS = 2
QUICK = {
    "now": "Now (next 2 hours)",
    "tonight": "Tonight after 6",
    "today": "Later today",
    "tomorrow": "Tomorrow",
}


@dataclass(frozen=True)
class Window:
    starts: dt.datetime  # aware, UTC
    ends: dt.datetime  # aware, UTC, inclusive
    label: str


def local_moment(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The UTC instant of a wall-clock time on a day in a zone (see the DST note above)."""
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def _hm(time: dt.time) -> str:
    hour = time.hour % 12 or 12
    return f"{hour}:{time.minute:02d} {'AM' if time.hour < 12 else 'PM'}"


def quick_window(choice: str, *, now: dt.datetime, zone: zoneinfo.ZoneInfo) -> Window:
    today = now.astimezone(zone).date()
    end_of_day = dt.time(23, 59, 59)
    if choice == "now":
        return Window(now, now + dt.timedelta(hours=NOW_HOURS), QUICK["now"])
    if choice == "tonight":
        start = max(now, local_moment(today, dt.time(18, 0), zone))
        return Window(start, local_moment(today, end_of_day, zone), QUICK["tonight"])
    if choice == "today":
        return Window(now, local_moment(today, end_of_day, zone), QUICK["today"])
    if choice == "tomorrow":
        day = today + dt.timedelta(days=1)
        return Window(
            local_moment(day, dt.time(0, 0), zone),
            local_moment(day, end_of_day, zone),
            QUICK["tomorrow"],
        )
    raise ValueError(choice)


def day_window(
    weekday: int,
    *,
    start: dt.time | None,
    end: dt.time | None,
    now: dt.datetime,
    zone: zoneinfo.ZoneInfo,
) -> Window:
    """The next `weekday` (today counts) from `start` to `end`; an end before the start is on the
    next day (22:00-01:00 runs past midnight)."""
    from missioncj.linkage.meeting_fields import WEEKDAYS

    today = now.astimezone(zone).date()
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    first = start or dt.time(0, 0)
    last = end or dt.time(23, 59, 59)
    end_day = day + dt.timedelta(days=1) if last < first else day
    label = f"{WEEKDAYS[weekday]} {day.day} {day:%b}, {_hm(first)} to {_hm(last)}"
    if end_day != day:
        label += " (next day)"
    return Window(local_moment(day, first, zone), local_moment(end_day, last, zone), label)


def occurrence_in(
    weekday: int, time: dt.time, zone: zoneinfo.ZoneInfo, window: Window
) -> dt.datetime | None:
    """The first instant a weekly event (weekday 0 = Monday, local time in its zone) happens
    inside the window, or None."""
    day = window.starts.astimezone(zone).date() - dt.timedelta(days=1)
    last = window.ends.astimezone(zone).date() + dt.timedelta(days=1)
    while day <= last:
        if day.weekday() == weekday:
            moment = local_moment(day, time, zone)
            if window.starts <= moment <= window.ends:
                return moment
        day += dt.timedelta(days=1)
    return None


def open_during(
    weekday: int,
    opens: dt.time,
    closes: dt.time,
    zone: zoneinfo.ZoneInfo,
    window: Window,
) -> dt.datetime | None:
    """For opening hours: the first instant inside the window when the place is open (hours
    past midnight, closes < opens, run into the next day), or None."""
    day = window.starts.astimezone(zone).date() - dt.timedelta(days=1)
    last = window.ends.astimezone(zone).date() + dt.timedelta(days=1)
    while day <= last:
        if day.weekday() == weekday:
            start = local_moment(day, opens, zone)
            close_day = day + dt.timedelta(days=1) if closes <= opens else day
            end = local_moment(close_day, closes, zone)
            if start <= window.ends and end >= window.starts:
                return max(start, window.starts)
        day += dt.timedelta(days=1)
    return None


def next_occurrence(
    weekday: int, time: dt.time, zone: zoneinfo.ZoneInfo, now: dt.datetime
) -> dt.datetime:
    """The next time a weekly event happens from now on (within 8 days, always found)."""
    window = Window(now, now + dt.timedelta(days=8), "")
    found = occurrence_in(weekday, time, zone, window)
    assert found is not None
    return found
