"""CTI phase arithmetic: property tests on the pure functions, plus the program's local date."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import zoneinfo
from dataclasses import dataclass

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from missioncj.care import cti
from missioncj.care.dose import dose
from missioncj.care.tests.cti_factories import episode_of


@dataclass
class Settings:
    cti_transition_months: int = 2
    cti_tryout_months: int = 2
    cti_transfer_months: int = 2
    cti_transition_contact_days: int = 7
    cti_tryout_contact_days: int = 14
    cti_transfer_contact_days: int = 30


days = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2060, 12, 31))
months = st.integers(min_value=1, max_value=12)
every = st.integers(min_value=1, max_value=60)
programs = st.builds(
    Settings,
    cti_transition_months=months,
    cti_tryout_months=months,
    cti_transfer_months=months,
    cti_transition_contact_days=every,
    cti_tryout_contact_days=every,
    cti_transfer_contact_days=every,
)


# --- calendar months ------------------------------------------------------------------------


def test_month_end_examples():
    assert cti.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert cti.add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)  # leap year
    assert cti.add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert cti.add_months(dt.date(2026, 8, 31), 1) == dt.date(2026, 9, 30)
    assert cti.add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)


@given(day=days, n=st.integers(min_value=0, max_value=60))
def test_add_months_is_calendar_months_clamped(day, n):
    later = cti.add_months(day, n)
    assert (later.year - day.year) * 12 + later.month - day.month == n
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last)


def test_defaults_six_and_twelve_month_programs():
    six = cti.phases(dt.date(2026, 1, 31), Settings())
    assert [(p.start, p.end) for p in six] == [
        (dt.date(2026, 1, 31), dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 31), dt.date(2026, 5, 31)),
        (dt.date(2026, 5, 31), dt.date(2026, 7, 31)),
    ]
    assert [p.contact_every_days for p in six] == [7, 14, 30]
    assert [p.name for p in six] == ["Transition", "Try-out", "Transfer of care"]
    twelve = cti.phases(dt.date(2027, 10, 31), Settings(4, 4, 4))
    # 31 Oct + 4 months clamps to 29 Feb 2028 (leap year); later boundaries count from
    # enrollment again, so the clamp does not carry over.
    assert [p.end for p in twelve] == [
        dt.date(2028, 2, 29),
        dt.date(2028, 6, 30),
        dt.date(2028, 10, 31),
    ]


# --- phases ---------------------------------------------------------------------------------


@given(enrolled=days, program=programs)
def test_phases_are_contiguous_and_follow_months(enrolled, program):
    phase_list = cti.phases(enrolled, program)
    assert [p.number for p in phase_list] == [1, 2, 3]
    assert phase_list[0].start == enrolled
    for before, after in itertools.pairwise(phase_list):
        assert after.start == before.end
    for phase in phase_list:
        assert phase.length_days >= 28
        assert phase.last_day == phase.end - dt.timedelta(days=1)
    one, two, three = cti.phase_months(program)
    assert phase_list[0].end == cti.add_months(enrolled, one)
    assert phase_list[1].end == cti.add_months(enrolled, one + two)
    assert phase_list[2].end == cti.add_months(enrolled, one + two + three)
    assert [p.contact_every_days for p in phase_list] == list(cti.contact_days(program))


@given(enrolled=days, program=programs, offset=st.integers(min_value=-400, max_value=1200))
def test_every_day_falls_in_exactly_one_phase(enrolled, program, offset):
    phase_list = cti.phases(enrolled, program)
    day = enrolled + dt.timedelta(days=offset)
    holding = [p for p in phase_list if p.contains(day)]
    in_cti = enrolled <= day < phase_list[-1].end
    assert len(holding) == (1 if in_cti else 0)
    assert cti.phase_on(phase_list, day) == (holding[0] if holding else None)
    if holding:
        left = cti.days_left(holding[0], day)
        assert 1 <= left <= holding[0].length_days
        assert day + dt.timedelta(days=left) == holding[0].end


@st.composite
def valid_moves(draw):
    enrolled = draw(days)
    program = draw(programs)
    computed = cti.computed_boundaries(enrolled, program)
    chosen = draw(st.sets(st.sampled_from([1, 2, 3]), min_size=1))
    moved = {b: computed[b] + dt.timedelta(days=draw(st.integers(-90, 90))) for b in chosen}
    dates = {**computed, **moved}
    assume(cti.order_problem(enrolled, dates) == "")
    return enrolled, program, moved


@given(case=valid_moves())
def test_moved_boundaries_are_respected_and_shift_only_themselves(case):
    enrolled, program, moved = case
    computed = cti.computed_boundaries(enrolled, program)
    result = cti.boundaries(enrolled, program, moved)
    for number in (1, 2, 3):
        assert result[number] == moved.get(number, computed[number])
    phase_list = cti.phases(enrolled, program, moved)
    assert [p.end for p in phase_list] == [result[1], result[2], result[3]]
    assert phase_list[1].start == result[1] and phase_list[2].start == result[2]


@given(
    enrolled=days,
    b1=st.integers(-30, 400),
    b2=st.integers(-30, 400),
    b3=st.integers(-30, 400),
)
def test_order_problem_exactly_when_out_of_order(enrolled, b1, b2, b3):
    dates = {n: enrolled + dt.timedelta(days=d) for n, d in ((1, b1), (2, b2), (3, b3))}
    in_order = 0 < b1 < b2 < b3
    assert (cti.order_problem(enrolled, dates) == "") == in_order


@given(enrolled=days, program=programs, bad=st.dictionaries(st.sampled_from([1, 2, 3]), days))
def test_phases_stay_contiguous_even_with_stale_moves(enrolled, program, bad):
    # A stored move can fall out of order if the program's lengths change later; the phases
    # still cover one unbroken span, each at least a day long.
    phase_list = cti.phases(enrolled, program, bad)
    assert phase_list[0].start == enrolled
    for before, after in itertools.pairwise(phase_list):
        assert after.start == before.end
    assert all(p.length_days >= 1 for p in phase_list)


# --- contact targets ------------------------------------------------------------------------


@given(enrolled=days, program=programs, offset=st.integers(0, 1000))
def test_expected_is_ceil_of_elapsed_over_target(enrolled, program, offset):
    today = enrolled + dt.timedelta(days=offset)
    for phase in cti.phases(enrolled, program):
        expected = cti.expected_contacts(phase, today)
        if today < phase.start:
            assert expected == 0
        else:
            elapsed = min((today - phase.start).days + 1, phase.length_days)
            assert expected == math.ceil(elapsed / phase.contact_every_days)


@given(
    enrolled=days,
    program=programs,
    offset=st.integers(0, 500),
    contact_offsets=st.lists(st.integers(-20, 520), max_size=30),
)
def test_period_is_the_block_holding_today(enrolled, program, offset, contact_offsets):
    phase_list = cti.phases(enrolled, program)
    today = enrolled + dt.timedelta(days=offset)
    phase = cti.phase_on(phase_list, today)
    assume(phase is not None)
    assert phase is not None
    contacts = [enrolled + dt.timedelta(days=d) for d in contact_offsets]
    current = cti.period(phase, today, contacts)
    assert current.start <= today < current.end
    assert (current.start - phase.start).days % phase.contact_every_days == 0
    assert (current.end - current.start).days <= phase.contact_every_days
    assert current.end <= phase.end
    assert current.made == sum(1 for c in contacts if current.start <= c < current.end)
    assert current.target == 1
    tallies = cti.tallies(phase_list, today, contacts)
    for tally in tallies:
        assert tally.made == sum(
            1 for c in contacts if tally.phase.start <= c < tally.phase.end and c <= today
        )


def test_period_words():
    phase = cti.Phase(1, "Transition", dt.date(2026, 3, 2), dt.date(2026, 5, 2), 7)
    on_track = cti.period(phase, dt.date(2026, 3, 10), [dt.date(2026, 3, 9)])
    assert cti.period_summary(phase, on_track) == "1 of 1 this week — on track"
    due = cti.period(phase, dt.date(2026, 3, 10), [dt.date(2026, 3, 8)])
    assert cti.period_summary(phase, due) == "0 of 1 this week — due by 15 Mar"
    fortnight = cti.Phase(2, "Try-out", dt.date(2026, 5, 2), dt.date(2026, 7, 2), 14)
    assert "this fortnight" in cti.period_summary(
        fortnight, cti.period(fortnight, dt.date(2026, 5, 3), [])
    )


# --- the program's local date (DST, midnight UTC) -------------------------------------------

ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu"]
# Days around the 2026 US DST changes, when the UTC offset shifts by an hour.
DST_DAYS = [dt.date(2026, 3, 7), dt.date(2026, 3, 8), dt.date(2026, 3, 9)]
DST_DAYS += [dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 11, 2)]


@settings(max_examples=300)
@given(
    zone_name=st.sampled_from(ZONES),
    day=st.sampled_from(DST_DAYS),
    minutes=st.integers(min_value=-12 * 60, max_value=12 * 60),
)
def test_today_near_midnight_utc_is_the_local_date(zone_name, day, minutes):
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    local = cti.local_date(moment, zone_name)
    # US zones are 4 to 10 hours behind UTC: the local date is the date of the UTC wall time
    # shifted by the offset that zone had at that instant.
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    assert dt.timedelta(hours=-10) <= offset <= dt.timedelta(hours=-4)
    assert local == (moment + offset).date()
    assert local <= moment.date()
    # A phase boundary on the UTC date has not been reached yet in the evening before it.
    program = Settings()
    enrolled = day - dt.timedelta(days=30)
    moved = {1: moment.date()}
    phase_list = cti.phases(enrolled, program, moved)
    phase = cti.phase_on(phase_list, local)
    assert phase is not None
    assert phase.number == (2 if local >= moment.date() else 1)


def test_new_york_evening_before_dst_end_is_previous_day():
    # 1 Nov 2026 03:30 UTC is 31 Oct 23:30 EDT; 05:30 UTC is 1 Nov 00:30 EST.
    assert cti.local_date(dt.datetime(2026, 11, 1, 3, 30, tzinfo=dt.UTC), "America/New_York") == (
        dt.date(2026, 10, 31)
    )
    assert cti.local_date(dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC), "America/New_York") == (
        dt.date(2026, 11, 1)
    )


@pytest.mark.django_db
def test_episode_today_uses_the_program_zone(world):
    # North was enrolled 5 Sep 2026 in a 6-month New York program: try-out starts 5 Nov.
    episode = episode_of(world.north_person)
    evening = dt.datetime(2026, 11, 5, 3, 30, tzinfo=dt.UTC)  # 4 Nov, 22:30 EST
    before = dose(episode, now=evening)
    assert before.today == dt.date(2026, 11, 4)
    assert before.current is not None and before.current.number == 1
    assert before.days_left == 1
    morning = dt.datetime(2026, 11, 5, 5, 30, tzinfo=dt.UTC)  # 5 Nov, 00:30 EST
    after = dose(episode, now=morning)
    assert after.current is not None and after.current.number == 2
    assert after.current.contact_every_days == 14


@pytest.mark.django_db
def test_no_current_phase_unless_enrolled(world):
    from missioncj.participants import services as people
    from missioncj.participants.models import EpisodeStatus

    episode = episode_of(world.north_person)
    moment = dt.datetime(2026, 10, 1, 16, 0, tzinfo=dt.UTC)
    assert dose(episode, now=moment).current is not None
    people.change_status(
        actor=world.user("casemanager"),
        episode=episode,
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 9, 20),
        reason="graduated",
    )
    episode = episode_of(world.north_person)
    item = dose(episode, now=moment)
    assert item.current is None and item.period is None and item.days_left is None
    assert len(item.phases) == 3  # the phases are still known, for dose reporting
    # A referral that was never enrolled has no phases at all.
    referral = people.open_episode(
        actor=world.user("casemanager"),
        participant=world.north_person,
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 10, 1),
    )
    referral = type(referral).objects.select_related("program").get(pk=referral.pk)
    assert dose(referral, now=moment).phases == []
    assert dose(referral, now=moment).current is None
