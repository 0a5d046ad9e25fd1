"""Daylight saving: court times stay local; a time in the spring gap is refused, one in the fall
fold needs a choice, and a series keeps 09:00 local while its UTC instant moves."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from missioncj.court.hearing_times import (
    LocalTimeError,
    problem_at,
    series_dates,
    series_until,
    to_utc,
)
from missioncj.court.models import Hearing, HearingKind
from missioncj.court.services import hearings as services
from missioncj.court.tests.hearings_helpers import counts, hearing

NY = zoneinfo.ZoneInfo("America/New_York")
UTC = dt.UTC


def test_round_trip_finds_the_gap_and_the_fold():
    gap = problem_at(dt.date(2026, 3, 8), dt.time(2, 30), NY)
    assert gap is not None and (gap.kind, gap.earlier, gap.later) == ("gap", "EST", "EDT")
    fold = problem_at(dt.date(2026, 11, 1), dt.time(1, 30), NY)
    assert fold is not None and (fold.kind, fold.earlier, fold.later) == ("fold", "EDT", "EST")
    assert problem_at(dt.date(2026, 3, 8), dt.time(3, 0), NY) is None
    assert problem_at(dt.date(2026, 11, 1), dt.time(2, 0), NY) is None
    assert problem_at(dt.date(2026, 11, 1), dt.time(0, 59), NY) is None


def test_fold_is_resolved_only_when_told_which():
    with pytest.raises(LocalTimeError):
        to_utc(dt.date(2026, 11, 1), dt.time(1, 30), NY)
    first = to_utc(dt.date(2026, 11, 1), dt.time(1, 30), NY, fold=0)
    second = to_utc(dt.date(2026, 11, 1), dt.time(1, 30), NY, fold=1)
    assert first == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert second == dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    with pytest.raises(LocalTimeError):  # a gap stays refused whatever fold says
        to_utc(dt.date(2026, 3, 8), dt.time(2, 30), NY, fold=1)


@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    minutes=st.integers(min_value=0, max_value=24 * 60 - 1),
)
def test_every_accepted_local_time_comes_back_unchanged(day, minutes):
    time = dt.time(minutes // 60, minutes % 60)
    problem = problem_at(day, time, NY)
    if problem is None:
        back = to_utc(day, time, NY).astimezone(NY)
        assert (back.date(), back.time()) == (day, time)
    else:
        for fold in (0, 1):
            if problem.kind == "fold":
                back = to_utc(day, time, NY, fold=fold).astimezone(NY)
                assert (back.date(), back.time().replace(fold=0)) == (day, time)


def test_series_dates_and_horizon():
    days = series_dates(3, 2, dt.date(2026, 11, 2), dt.date(2026, 12, 10))
    assert days == [dt.date(2026, 11, 5), dt.date(2026, 11, 19), dt.date(2026, 12, 3)]
    assert series_until(dt.date(2026, 1, 1), None, dt.date(2026, 6, 1)) == dt.date(2026, 11, 30)
    assert series_until(dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 6, 1)) == dt.date(
        2026, 2, 1
    )


def test_spring_gap_is_refused_and_nothing_saved(world, court):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        hearing(court, world.user("supervisor"), dt.date(2026, 3, 8), dt.time(2, 30))
    message = caught.value.message_dict["local_time"][0]
    assert "02:30 on 8 Mar 2026 does not exist in America/New_York" in message
    assert counts() == before


def test_fall_fold_needs_a_choice(world, court):
    supervisor = world.user("supervisor")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        hearing(court, supervisor, dt.date(2026, 11, 1), dt.time(1, 30))
    message = caught.value.message_dict["fold"][0]
    assert "happens twice" in message and "earlier (EDT)" in message and "later (EST)" in message
    assert counts() == before
    first = hearing(court, supervisor, dt.date(2026, 11, 1), dt.time(1, 30), fold=0)
    second = hearing(
        court, supervisor, dt.date(2026, 11, 1), dt.time(1, 30), kind=HearingKind.OTHER, fold=1
    )
    assert first.starts_at == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert second.starts_at == dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert first.local_time == second.local_time == dt.time(1, 30)


def _series(court, actor, weekday, time, starts_on, ends_on):
    return services.create_series(
        actor=actor,
        court=court,
        kind=HearingKind.STATUS,
        weekday=weekday,
        local_time=time,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_series_across_the_march_change_keeps_nine_local(world, court):
    series = _series(
        court, world.user("supervisor"), 3, dt.time(9), dt.date(2026, 2, 26), dt.date(2026, 3, 19)
    )
    rows = list(series.hearings.order_by("local_date").values_list("local_date", "starts_at"))
    assert rows == [
        (dt.date(2026, 2, 26), dt.datetime(2026, 2, 26, 14, 0, tzinfo=UTC)),
        (dt.date(2026, 3, 5), dt.datetime(2026, 3, 5, 14, 0, tzinfo=UTC)),
        (dt.date(2026, 3, 12), dt.datetime(2026, 3, 12, 13, 0, tzinfo=UTC)),
        (dt.date(2026, 3, 19), dt.datetime(2026, 3, 19, 13, 0, tzinfo=UTC)),
    ]
    assert set(series.hearings.values_list("local_time", flat=True)) == {dt.time(9)}


def test_series_across_the_november_change_keeps_nine_local(world, court):
    series = _series(
        court, world.user("supervisor"), 3, dt.time(9), dt.date(2026, 10, 22), dt.date(2026, 11, 12)
    )
    starts = list(series.hearings.order_by("local_date").values_list("starts_at", flat=True))
    assert [s.hour for s in starts] == [13, 13, 14, 14]
    for row in series.hearings.all():
        local = row.starts_at.astimezone(NY)
        assert (local.date(), local.time()) == (row.local_date, dt.time(9))


@pytest.mark.parametrize(
    ("time", "starts_on", "ends_on", "named", "words"),
    [
        (dt.time(2, 30), dt.date(2026, 3, 1), dt.date(2026, 3, 15), "8 Mar 2026", "does not exist"),
        (dt.time(1, 30), dt.date(2026, 10, 25), dt.date(2026, 11, 8), "1 Nov 2026", "twice"),
    ],
)
def test_series_with_a_bad_date_is_refused_whole(
    world, court, time, starts_on, ends_on, named, words
):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        _series(court, world.user("supervisor"), 6, time, starts_on, ends_on)
    message = caught.value.message_dict["local_time"][0]
    assert named in message and words in message and "Nothing was created" in message
    assert counts() == before


def test_reschedule_into_the_gap_is_refused(world, court):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, dt.date(2026, 3, 7), dt.time(2, 30))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.reschedule_hearing(
            actor=supervisor, hearing=row, local_date=dt.date(2026, 3, 8), local_time=dt.time(2, 30)
        )
    assert "does not exist" in caught.value.message_dict["local_time"][0]
    assert counts() == before
    row.refresh_from_db()
    assert row.local_date == dt.date(2026, 3, 7)


def test_extend_series_checks_new_dates_and_lays_them_out(world, court):
    supervisor = world.user("supervisor")
    series = services.create_series(
        actor=supervisor,
        court=court,
        kind=HearingKind.STAFFING,
        weekday=6,
        local_time=dt.time(1, 30),
        starts_on=dt.date(2026, 10, 4),
        ends_on=dt.date(2026, 10, 25),
    )
    assert series.hearings.count() == 4
    series.ends_on = None
    series.save()
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.extend_series(actor=supervisor, series=series, until=dt.date(2026, 11, 15))
    assert "1 Nov 2026" in caught.value.message_dict["local_time"][0]
    assert counts() == before
    added = services.extend_series(actor=supervisor, series=series, until=dt.date(2026, 10, 31))
    assert added == []
    series.local_time = dt.time(10)  # a series moved to a safe time lays out further
    series.save()
    added = services.extend_series(actor=supervisor, series=series, until=dt.date(2026, 11, 15))
    assert [h.local_date for h in added] == [
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 8),
        dt.date(2026, 11, 15),
    ]
    assert Hearing.objects.filter(series=series).count() == 7
