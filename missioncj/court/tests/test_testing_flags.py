"""Flags on a test: notice to collection over 8 hours (4 for oral fluid and breath), result over
48 hours after collection; exact boundaries, and real elapsed hours across DST changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from missioncj.court import drug_tests
from missioncj.court.models import DrugTest
from missioncj.court.tests.testing_factories import collected, episode_of, resulted

NY = zoneinfo.ZoneInfo("America/New_York")
NOTICE = dt.datetime(2026, 10, 6, 6, 0, tzinfo=NY)


def drug_test(
    notified: dt.datetime | None,
    collected_at: dt.datetime | None,
    resulted_at: dt.datetime | None = None,
    specimen: str = "urine",
) -> DrugTest:
    return DrugTest(
        notified_at=notified, collected_at=collected_at, resulted_at=resulted_at, specimen=specimen
    )


@pytest.mark.parametrize(
    ("after", "flagged"),
    [
        (dt.timedelta(hours=8), False),
        (dt.timedelta(hours=8, seconds=1), True),
        (dt.timedelta(hours=7, minutes=59), False),
    ],
)
def test_eight_hour_window_boundary(after, flagged):
    flags = drug_tests.flags(drug_test(NOTICE, NOTICE + after))
    assert bool(flags) is flagged
    if flagged:
        assert flags == ["collected 8 h 0 min 1 s after notice — over the 8-hour window"]


def test_the_message_says_how_long():
    flags = drug_tests.flags(drug_test(NOTICE, NOTICE + dt.timedelta(hours=9, minutes=20)))
    assert flags == ["collected 9 h 20 min after notice — over the 8-hour window"]


@pytest.mark.parametrize("specimen", ["oral_fluid", "breath"])
def test_short_window_specimens_have_four_hours(specimen):
    assert (
        drug_tests.flags(drug_test(NOTICE, NOTICE + dt.timedelta(hours=4), specimen=specimen)) == []
    )
    assert drug_tests.flags(
        drug_test(NOTICE, NOTICE + dt.timedelta(hours=4, seconds=1), specimen=specimen)
    ) == ["collected 4 h 0 min 1 s after notice — over the 4-hour window"]
    # the same delay is within the window for urine
    assert drug_tests.flags(drug_test(NOTICE, NOTICE + dt.timedelta(hours=5))) == []


def test_turnaround_boundary():
    collected_at = NOTICE + dt.timedelta(hours=1)
    on_time = drug_test(NOTICE, collected_at, collected_at + dt.timedelta(hours=48))
    late = drug_test(NOTICE, collected_at, collected_at + dt.timedelta(hours=48, seconds=1))
    assert drug_tests.flags(on_time) == []
    assert drug_tests.turnaround(on_time) == dt.timedelta(hours=48)
    assert drug_tests.flags(late) == [
        "result 2 d 0 h after collection — over the 48-hour benchmark"
    ]


def test_across_the_fall_back_change_hours_are_real():
    # 1 Nov 2026: clocks go back at 02:00 EDT. 00:30 EDT to 07:30 EST is 8 real hours
    # (7 on the wall clock); to 07:31 EST it is over.
    notice = dt.datetime(2026, 11, 1, 0, 30, tzinfo=NY)
    assert drug_tests.flags(drug_test(notice, dt.datetime(2026, 11, 1, 7, 30, tzinfo=NY))) == []
    assert drug_tests.flags(drug_test(notice, dt.datetime(2026, 11, 1, 7, 31, tzinfo=NY))) == [
        "collected 8 h 1 min after notice — over the 8-hour window"
    ]


def test_across_the_spring_forward_change_hours_are_real():
    # 14 Mar 2027: clocks go forward at 02:00 EST. 00:00 EST to 09:00 EDT is 8 real hours
    # (9 on the wall clock), so it is within the window.
    notice = dt.datetime(2027, 3, 14, 0, 0, tzinfo=NY)
    assert drug_tests.flags(drug_test(notice, dt.datetime(2027, 3, 14, 9, 0, tzinfo=NY))) == []
    assert drug_tests.flags(drug_test(notice, dt.datetime(2027, 3, 14, 9, 0, 1, tzinfo=NY)))


def test_flags_on_stored_tests_across_dst(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    notice = dt.datetime(2026, 11, 1, 0, 30, tzinfo=NY)
    within = collected(cm, episode, dt.datetime(2026, 11, 1, 7, 30, tzinfo=NY), notified_at=notice)
    over = collected(cm, episode, dt.datetime(2026, 11, 1, 8, 30, tzinfo=NY), notified_at=notice)
    within.refresh_from_db()
    over.refresh_from_db()
    assert drug_tests.flags(within) == []
    assert drug_tests.flags(over) == ["collected 9 h 0 min after notice — over the 8-hour window"]
    assert within.collected_at is not None
    late = resulted(cm, within, within.collected_at + dt.timedelta(days=3))
    assert "over the 48-hour benchmark" in drug_tests.flags(late)[0]


def test_duration_words():
    assert drug_tests.duration_words(dt.timedelta(hours=9, minutes=20)) == "9 h 20 min"
    assert drug_tests.duration_words(dt.timedelta(days=2, hours=3)) == "2 d 3 h"
    assert drug_tests.duration_words(dt.timedelta(days=1, hours=1, minutes=5)) == "1 d 1 h 5 min"
