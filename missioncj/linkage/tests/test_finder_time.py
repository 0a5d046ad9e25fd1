"""Meeting times across time zones, midnight and DST (finder_time and the finder search)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from missioncj.linkage.finder import search
from missioncj.linkage.finder_query import parse_query
from missioncj.linkage.finder_time import day_window, occurrence_in, quick_window
from missioncj.linkage.tests.meeting_factories import meeting

NY = zoneinfo.ZoneInfo("America/New_York")
LA = zoneinfo.ZoneInfo("America/Los_Angeles")
# Tuesday 3 Nov 2026, 2 PM in New York.
NOW = dt.datetime(2026, 11, 3, 14, 0, tzinfo=NY).astimezone(dt.UTC)
MON, TUE, WED, SUN = 0, 1, 2, 6


def test_tonight_after_six_in_new_york_takes_each_meeting_in_its_own_zone():
    window = quick_window("tonight", now=NOW, zone=NY)
    assert occurrence_in(TUE, dt.time(18, 30), NY, window) == dt.datetime(
        2026, 11, 3, 23, 30, tzinfo=dt.UTC
    )
    # 15:30 in Los Angeles is 18:30 in New York: tonight.
    assert occurrence_in(TUE, dt.time(15, 30), LA, window) == dt.datetime(
        2026, 11, 3, 23, 30, tzinfo=dt.UTC
    )
    # 14:30 in Los Angeles is 17:30 in New York: before six.
    assert occurrence_in(TUE, dt.time(14, 30), LA, window) is None
    assert occurrence_in(TUE, dt.time(17, 59), NY, window) is None
    # 21:30 in Los Angeles is 00:30 Wednesday in New York: not tonight any more.
    assert occurrence_in(TUE, dt.time(21, 30), LA, window) is None
    assert occurrence_in(WED, dt.time(18, 30), NY, window) is None


def test_a_window_across_midnight_finds_the_next_weekdays_early_meeting():
    window = day_window(TUE, start=dt.time(22, 0), end=dt.time(1, 0), now=NOW, zone=NY)
    assert "(next day)" in window.label
    assert occurrence_in(WED, dt.time(0, 30), NY, window) == dt.datetime(
        2026, 11, 4, 5, 30, tzinfo=dt.UTC
    )
    assert occurrence_in(TUE, dt.time(0, 30), NY, window) is None  # that was this morning
    assert occurrence_in(TUE, dt.time(22, 0), NY, window) is not None
    assert occurrence_in(WED, dt.time(1, 1), NY, window) is None


def test_a_day_window_is_the_next_such_day_today_included():
    window = day_window(MON, start=dt.time(9), end=dt.time(12), now=NOW, zone=NY)
    assert window.starts == dt.datetime(2026, 11, 9, 14, 0, tzinfo=dt.UTC)
    today = day_window(TUE, start=None, end=None, now=NOW, zone=NY)
    assert today.starts.astimezone(NY).date() == dt.date(2026, 11, 3)


def test_spring_forward_0230_is_read_as_0330_daylight_time():
    # 14 Mar 2027: New York clocks go from 02:00 straight to 03:00; 02:30 does not exist.
    before = dt.datetime(2027, 3, 13, 12, 0, tzinfo=NY).astimezone(dt.UTC)
    window = day_window(SUN, start=dt.time(0, 0), end=dt.time(23, 59), now=before, zone=NY)
    found = occurrence_in(SUN, dt.time(2, 30), NY, window)
    assert found == dt.datetime(2027, 3, 14, 7, 30, tzinfo=dt.UTC)
    assert found.astimezone(NY).strftime("%H:%M %Z") == "03:30 EDT"
    # A window of 02:00-02:59 that night is really 03:00-03:59 EDT once converted: no crash.
    narrow = day_window(SUN, start=dt.time(2, 0), end=dt.time(2, 59), now=before, zone=NY)
    assert occurrence_in(SUN, dt.time(2, 30), NY, narrow) == found


def test_fall_back_0130_is_the_first_of_the_two():
    before = dt.datetime(2026, 10, 31, 12, 0, tzinfo=NY).astimezone(dt.UTC)
    window = day_window(SUN, start=None, end=None, now=before, zone=NY)
    found = occurrence_in(SUN, dt.time(1, 30), NY, window)
    assert found == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT


def test_now_is_the_next_two_hours():
    window = quick_window("now", now=NOW, zone=NY)
    assert occurrence_in(TUE, dt.time(15, 45), NY, window) is not None
    assert occurrence_in(TUE, dt.time(16, 1), NY, window) is None


@pytest.mark.django_db
def test_search_tonight_sorts_by_time_then_distance(world):
    from missioncj.linkage.tests.meeting_factories import HARBOR, north_of

    near = meeting(world.drug, name="Near", start_time="18:30")
    far_point = north_of(HARBOR, 3)
    far = meeting(
        world.drug, name="West coast", start_time="15:30", time_zone="America/Los_Angeles",
        latitude=far_point[0], longitude=far_point[1],
    )  # fmt: skip
    later = meeting(world.drug, name="Later", start_time="20:00")
    meeting(world.drug, name="Afternoon", start_time="17:00")
    meeting(world.drug, name="Wednesday", weekday=WED, start_time="19:00")
    query = parse_query(
        {"when": "tonight", "lat": str(HARBOR[0]), "lon": str(HARBOR[1])},
        program=world.drug,
        user=world.user("peer"),
        now=NOW,
    )
    results = search(world.drug, query, NOW)
    assert [r.name for r in results] == [near.name, far.name, later.name]
    assert results[1].own_time == "Tuesday 3:30 PM America/Los_Angeles"
    assert results[1].local(NY) == "Tue 3 Nov, 6:30 PM"
    assert round(results[1].miles or 0, 1) == 3.0


@pytest.mark.django_db
def test_search_midnight_window_through_the_query_string(world):
    meeting(world.drug, name="Late night", weekday=WED, start_time="00:30")
    meeting(world.drug, name="Morning", weekday=WED, start_time="07:00")
    query = parse_query(
        {"day": "1", "from": "22:00", "to": "01:00"},
        program=world.drug,
        user=world.user("peer"),
        now=NOW,
    )
    assert [r.name for r in search(world.drug, query, NOW)] == ["Late night"]
