"""Schedules and windows: month-end and leap-year arithmetic, states on every boundary, matching
administrations to timepoints, the follow-up rate, the work queue, and constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missioncj.assessments import schedule_services
from missioncj.assessments.models import Schedule, Timepoint
from missioncj.assessments.schedules import (
    Window,
    follow_up_report,
    occurrences,
    offset,
    state_on,
    window_for,
    window_problems,
)
from missioncj.assessments.tests.factories import give, phq9
from missioncj.care.alerts import alerts_for_user
from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.participants import services as people
from missioncj.participants.models import DischargeReason, EpisodeStatus

D = dt.date
ENROLLED = D(2026, 9, 5)  # every world participant's enrollment date


def at(day: dt.date) -> dt.datetime:
    """Noon in New York on that day (the drug court's zone)."""
    return dt.datetime(day.year, day.month, day.day, 17, 0, tzinfo=dt.UTC)


def tp(**fields):
    base = {
        "code": "m6",
        "label": "6 months",
        "due_months": 6,
        "opens_months": 5,
        "closes_months": 8,
    }
    return Timepoint(**{**base, **fields})


# --- window arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "days", "expected"),
    [
        (D(2024, 1, 31), 1, 0, D(2024, 2, 29)),  # leap February
        (D(2023, 1, 31), 1, 0, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, 0, D(2025, 2, 28)),  # leap day + a year
        (D(2024, 2, 29), 48, 0, D(2028, 2, 29)),  # back on a leap day
        (D(2026, 8, 31), 6, 0, D(2027, 2, 28)),
        (D(2026, 12, 15), 2, 0, D(2027, 2, 15)),  # across a year end
        (D(2024, 1, 1), 0, 180, D(2024, 6, 29)),  # 180 days in a leap year
        (D(2023, 1, 1), 0, 180, D(2023, 6, 30)),
        (D(2024, 3, 31), 12, -30, D(2025, 3, 1)),  # months first, then days
        (D(2024, 3, 31), -1, 0, D(2024, 2, 29)),
    ],
)
def test_offset_clamps_to_month_end_and_counts_leap_days(anchor, months, days, expected):
    assert offset(anchor, months, days) == expected


def test_gpra_six_month_window_from_a_month_end():
    window = window_for(tp(), D(2026, 8, 31))
    assert window == Window(D(2027, 1, 31), D(2027, 2, 28), D(2027, 4, 30))
    assert D(2027, 1, 31) in window and D(2027, 4, 30) in window
    assert D(2027, 1, 30) not in window and D(2027, 5, 1) not in window


def test_repeating_windows_count_from_the_anchor_and_never_drift():
    annual = tp(code="annual", due_months=12, opens_months=12, opens_days=-30, closes_months=12)
    annual.closes_days = 30
    annual.repeat_months = 12
    dues = [window_for(annual, D(2024, 2, 29), n).due for n in (1, 2, 3, 4)]
    # a chained date would stay on the 28th after the first year; from the anchor it returns
    assert dues == [D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]


def test_window_must_surround_the_due_date():
    assert window_problems(tp()) == []
    assert window_problems(tp(opens_months=7)) == [
        "The window must open on or before the due date."
    ]
    assert window_problems(tp(closes_months=5)) == [
        "The window must close on or after the due date."
    ]
    # 30 days is more than a month in February: days against months are checked at month ends
    assert window_problems(tp(due_months=1, opens_days=30, opens_months=0)) == [
        "The window must open on or before the due date."
    ]


def test_state_on_every_boundary():
    window = Window(D(2027, 2, 5), D(2027, 3, 5), D(2027, 5, 5))
    lead = 30
    cases = [
        (D(2027, 1, 5), "upcoming"),  # 31 days before opening
        (D(2027, 1, 6), "due_soon"),  # exactly 30 days before
        (D(2027, 2, 4), "due_soon"),
        (D(2027, 2, 5), "open"),
        (D(2027, 3, 5), "open"),  # the due date itself
        (D(2027, 3, 6), "overdue"),
        (D(2027, 5, 5), "overdue"),  # last day of the window
        (D(2027, 5, 6), "missed"),
    ]
    for today, expected in cases:
        assert state_on(window, None, today, lead) == expected, today
    assert state_on(window, D(2027, 2, 10), D(2027, 9, 1), lead) == "completed"


# --- matching administrations to timepoints ------------------------------------------------------


@pytest.fixture
def mission(world):
    """The drug court adopts the MISSION-CJ outcome profile."""
    return schedule_services.adopt_profile(
        actor=world.user("director"), program=world.drug, profile="mission"
    )


def _simple(world, *, preset=None, ends_at_discharge=True, lead_days=30, follow_up=True):
    """A schedule with one PHQ-9 follow-up: window 1 to 2 months after enrollment, due at 1
    month and 15 days: 5 Oct, 20 Oct and 5 Nov 2026 for the world's participants (every date
    these tests give on is in the past, as the services require)."""
    schedule = Schedule.objects.create(program=world.drug, name="PHQ-9 check", lead_days=lead_days)
    timepoint = Timepoint.objects.create(
        schedule=schedule,
        code="m1",
        label="1 month",
        due_months=1,
        due_days=15,
        opens_months=1,
        closes_months=2,
        preset=preset or {},
        ends_at_discharge=ends_at_discharge,
        follow_up=follow_up,
    )
    from missioncj.assessments.models import Instrument

    timepoint.instruments.set([Instrument.objects.get(code="phq9")])
    return schedule


def _occ(world, person, now):
    episode = person.episodes.select_related("program", "participant").get()
    return occurrences([episode], now).get(episode.pk, [])


def test_adopted_profile_lists_every_timepoint_with_its_window(world, mission):
    rows = _occ(world, world.north_person, at(D(2026, 9, 20)))
    by_code = {o.timepoint.code: o for o in rows}
    assert by_code["baseline"].window == Window(ENROLLED, D(2026, 9, 19), D(2026, 10, 5))
    assert by_code["m3"].window == Window(D(2026, 11, 5), D(2026, 12, 5), D(2027, 1, 5))
    assert by_code["m6"].window == Window(D(2027, 2, 5), D(2027, 3, 5), D(2027, 5, 5))
    assert by_code["m12"].window == Window(D(2027, 8, 5), D(2027, 9, 5), D(2027, 11, 5))
    assert by_code["discharge"].window is None
    assert [o.state for o in rows] == ["overdue", "upcoming", "upcoming", "upcoming", "waiting"]


def test_a_completed_administration_in_the_window_completes_the_timepoint(world):
    _simple(world)
    person, cm = world.north_person, world.user("casemanager")
    give(cm, person, on=D(2026, 10, 4))  # before the window (opens 5 Oct): does not count
    assert _occ(world, person, at(D(2026, 10, 20)))[0].state == "open"
    done = give(cm, person, on=D(2026, 10, 20))
    [row] = _occ(world, person, at(D(2026, 10, 20)))
    assert (row.state, row.completed_on) == ("completed", D(2026, 10, 20))
    assert [g.public_id for g in row.done.values()] == [done.public_id]


def test_a_later_dated_administration_does_not_count_before_its_day(world):
    _simple(world)
    give(world.user("casemanager"), world.north_person, on=D(2026, 11, 1))
    assert _occ(world, world.north_person, at(D(2026, 10, 20)))[0].state == "open"


def test_a_corrected_administration_is_replaced_by_its_correction(world):
    from missioncj.assessments import services

    _simple(world, preset={"q9": 0})
    cm, person = world.user("casemanager"), world.north_person
    wrong = give(cm, person, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1), on=D(2026, 10, 10))
    assert _occ(world, person, at(D(2026, 10, 20)))[0].state == "open"  # q9=1: not the preset
    draft = services.start_correction(actor=cm, administration=wrong)
    services.complete(actor=cm, administration=draft, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert _occ(world, person, at(D(2026, 10, 20)))[0].state == "completed"


def test_one_administration_counts_for_one_occurrence(world):
    schedule = _simple(world)
    from missioncj.assessments.models import Instrument

    twin = Timepoint.objects.create(
        schedule=schedule,
        code="m1b",
        label="Also 1 month",
        due_months=1,
        opens_months=1,
        closes_months=2,
        order=1,
    )
    twin.instruments.set([Instrument.objects.get(code="phq9")])
    give(world.user("casemanager"), world.north_person, on=D(2026, 10, 10))
    states = [o.state for o in _occ(world, world.north_person, at(D(2026, 10, 20)))]
    assert states == ["completed", "overdue"]  # the twin was due 5 Oct


def test_discharge_before_the_window_ends_the_schedule_unless_owed_after(world):
    _simple(world)
    episode = world.north_person.episodes.get()
    people.change_status(
        actor=world.user("casemanager"),
        episode=episode,
        status=EpisodeStatus.DISCHARGED,
        on=D(2026, 10, 1),
        reason=DischargeReason.WITHDREW,
    )
    assert _occ(world, world.north_person, at(D(2026, 11, 20))) == []
    Timepoint.objects.update(ends_at_discharge=False)  # e.g. a GPRA follow-up
    [row] = _occ(world, world.north_person, at(D(2026, 11, 20)))
    assert row.state == "missed"


def test_anchor_on_baseline_waits_for_the_baseline(world):
    schedule = _simple(world)
    from missioncj.assessments.models import Instrument

    base = Timepoint.objects.create(
        schedule=schedule,
        code="baseline",
        label="Baseline",
        due_days=30,
        closes_days=30,
        follow_up=False,
    )
    base.instruments.set([Instrument.objects.get(code="gad7")])
    Timepoint.objects.filter(code="m1").update(anchor="baseline")
    rows = _occ(world, world.north_person, at(D(2026, 9, 20)))
    assert [(o.timepoint.code, o.state) for o in rows] == [("baseline", "open"), ("m1", "waiting")]
    give(
        world.user("casemanager"),
        world.north_person,
        "gad7",
        {f"q{n}": 0 for n in range(1, 8)},
        on=D(2026, 9, 30),
    )
    rows = _occ(world, world.north_person, at(D(2026, 10, 1)))
    assert rows[1].window == Window(D(2026, 10, 30), D(2026, 11, 14), D(2026, 11, 30))


# --- the follow-up rate --------------------------------------------------------------------------


def test_follow_up_rate_counts_completed_in_window_over_due(world):
    _simple(world)
    director, cm = world.user("director"), world.user("casemanager")
    team = world.north
    # enrolled 5 Sep 2026: window 5 Oct to 5 Nov 2026. Report as of 20 Nov 2026 (closed).
    people_made = [world.north_person] + [
        make_participant(cm, world.drug, team, f"Rate{n}") for n in range(5)
    ]
    on_time, on_time_2, late, never, early = people_made[:5]
    extra = people_made[5]
    give(cm, on_time, on=D(2026, 10, 5))  # first day of the window
    give(cm, on_time_2, on=D(2026, 11, 5))  # last day
    give(cm, late, on=D(2026, 11, 6))  # one day late: does not count
    give(cm, early, on=D(2026, 10, 4))  # one day early: does not count
    # `never` and `extra` have nothing
    report = follow_up_report(world.drug, at(D(2026, 11, 20)), user=world.user("supervisor"))
    [(_schedule, overall, [m1])] = report.rates
    # seven enrolled in the drug court (the world's south participant too): 2 of 7
    assert (overall.due, overall.completed) == (7, 2)
    assert overall.rate == Decimal("0.286")
    assert overall.percent == "28.6%"
    assert overall.met is False
    assert m1.label == "1 month" and (m1.due, m1.completed) == (7, 2)
    missed = {o.episode.participant for o in report.missed}
    assert missed == {late, never, early, extra, world.south_person}
    del director


def test_open_windows_count_only_once_completed(world):
    _simple(world)
    cm = world.user("casemanager")
    other = make_participant(cm, world.drug, world.north, "Other")
    give(cm, world.north_person, on=D(2026, 10, 10))
    report = follow_up_report(
        world.drug, at(D(2026, 10, 20)), user=world.user("supervisor")
    )  # window still open
    [(_, overall, _)] = report.rates
    # completed-while-open is due and done; the other is not yet due
    assert (overall.due, overall.completed, overall.met) == (1, 1, True)
    assert {o.episode.participant for o in report.coming} == {other, world.south_person}


def test_baseline_is_not_in_the_rate_and_target_is_the_schedules(world):
    _simple(world, follow_up=False)
    Schedule.objects.update(target_rate=Decimal("0.50"))
    report = follow_up_report(world.drug, at(D(2026, 11, 20)), user=world.user("supervisor"))
    [(_, overall, per)] = report.rates
    assert (overall.due, overall.completed, overall.rate, overall.met) == (0, 0, None, None)
    assert per == []
    assert overall.target == Decimal("0.50")


def test_no_schedule_no_occurrences(world):
    assert (
        follow_up_report(world.drug, at(D(2027, 2, 1)), user=world.user("supervisor")).rates == []
    )
    assert _occ(world, world.north_person, at(D(2027, 2, 1))) == []


# --- the work queue ------------------------------------------------------------------------------


def test_work_queue_shows_due_soon_open_overdue_and_recently_missed(world, mission):
    from missioncj.care.alerts import alerts_for_episodes, visible_open

    cm = world.user("casemanager")

    def due(day):
        alerts = alerts_for_episodes(list(visible_open(cm)), at(day))
        return [a.message for a in alerts if a.kind == "assessment_due"]

    # 20 Sep: baseline open (due 19 Sep: overdue), 3-month window opens 5 Nov (46 days): upcoming
    messages = due(D(2026, 9, 20))
    assert len(messages) == 1 and "Baseline" in messages[0] and "overdue" in messages[0]
    # 10 Oct: baseline missed (closed 5 Oct), 3-month due soon (opens in 26 days)
    messages = due(D(2026, 10, 10))
    assert any("Baseline" in m and "missed" in m for m in messages)
    assert any("3 months" in m and "window opens 5 Nov 2026" in m for m in messages)
    # 20 Oct: the missed baseline has left the queue (15 days after closing)
    assert not any("Baseline" in m for m in due(D(2026, 10, 20)))
    # the south person is not on the case manager's queue
    assert all("South" not in m for m in due(D(2026, 10, 10)))


def test_work_queue_item_links_to_the_form_with_the_preset(world):
    from missioncj.care.alerts import alerts_for_episodes, visible_open

    _simple(world, preset={"q9": 0})
    alerts = alerts_for_episodes(list(visible_open(world.user("casemanager"))), at(D(2026, 10, 6)))
    [item] = [a for a in alerts if a.kind == "assessment_due"]
    assert item.url.endswith("/assessments/new/?instrument=phq9&q9=0")
    assert item.action == "Start"


def test_queue_for_the_real_clock_includes_schedule_items(world, mission):
    # world enrollment is 5 Sep 2026; whatever today is, the call works end to end
    assert isinstance(alerts_for_user(world.user("casemanager")), list)


# --- constant queries ----------------------------------------------------------------------------


def test_occurrences_take_constant_queries(world, mission):
    from missioncj.participants.models import Episode

    cm = world.user("casemanager")

    def count() -> int:
        episodes = list(
            Episode.objects.filter(program=world.drug).select_related("program", "participant")
        )
        with CaptureQueriesContext(connection) as ctx:
            occurrences(episodes, at(D(2027, 2, 1)))
        return len(ctx.captured_queries)

    before = count()
    for n in range(4):
        person = make_participant(cm, world.drug, world.north, f"Extra{n}")
        give(cm, person, on=D(2026, 10, 10))
    assert count() == before


# --- services: adopt and edit --------------------------------------------------------------------


def test_adopt_profile_copies_timepoints_and_is_audited(world, mission):
    assert [t.code for t in mission.timepoints.all()] == [
        "baseline",
        "m3",
        "m6",
        "m12",
        "discharge",
    ]
    assert mission.target_rate == Decimal("0.80")
    assert AuditEvent.objects.filter(action="schedule.adopt").count() == 1
    with pytest.raises(ValidationError, match="already has"):
        schedule_services.adopt_profile(
            actor=world.user("director"), program=world.drug, profile="mission"
        )
    assert Schedule.objects.count() == 1


def test_only_directors_and_supervisors_change_schedules(world):
    before = (Schedule.objects.count(), AuditEvent.objects.count())
    for name in ("casemanager", "peer", "outsider"):
        with pytest.raises(ValidationError, match="director or supervisor"):
            schedule_services.adopt_profile(
                actor=world.user(name), program=world.drug, profile="mission"
            )
    assert (Schedule.objects.count(), AuditEvent.objects.count()) == before


def test_bad_timepoint_changes_nothing(world, mission):
    m6 = mission.timepoints.get(code="m6")
    director = world.user("director")
    before = (m6.opens_months, AuditEvent.objects.count())
    fields: dict[str, Any] = {
        "code": "m6",
        "label": "6 months",
        "anchor": "enrollment",
        "due_months": 6,
        "due_days": 0,
        "opens_months": 7,  # after the due date
        "opens_days": 0,
        "closes_months": 8,
        "closes_days": 0,
    }
    with pytest.raises(ValidationError, match="open on or before"):
        schedule_services.save_timepoint(
            actor=director, schedule=mission, timepoint=m6, instruments=["phq9"], **fields
        )
    with pytest.raises(ValidationError, match="Unknown instrument: nope"):
        schedule_services.save_timepoint(
            actor=director,
            schedule=mission,
            timepoint=m6,
            instruments=["nope"],
            **{**fields, "opens_months": 5},
        )
    with pytest.raises(ValidationError, match="has the item zz"):
        schedule_services.save_timepoint(
            actor=director,
            schedule=mission,
            timepoint=m6,
            instruments=["phq9"],
            **{**fields, "opens_months": 5, "preset": {"zz": 1}},
        )
    with pytest.raises(ValidationError, match="already has a timepoint"):
        schedule_services.save_timepoint(
            actor=director, schedule=mission, instruments=["phq9"], **{**fields, "opens_months": 5}
        )
    m6.refresh_from_db()
    assert (m6.opens_months, AuditEvent.objects.count()) == before
    assert sorted(i.code for i in m6.instruments.all()) == ["bam", "barc10", "gad7", "pcl5", "phq9"]


def test_save_timepoint_changes_window_and_instruments(world, mission):
    m6 = mission.timepoints.get(code="m6")
    schedule_services.save_timepoint(
        actor=world.user("supervisor"),
        schedule=mission,
        timepoint=m6,
        instruments=["phq9"],
        code="m6",
        label="6 months",
        anchor="enrollment",
        due_months=6,
        due_days=0,
        opens_months=0,
        opens_days=150,
        closes_months=0,
        closes_days=240,
    )
    m6.refresh_from_db()
    assert (m6.opens_days, m6.closes_days, [i.code for i in m6.instruments.all()]) == (
        150,
        240,
        ["phq9"],
    )
    event = AuditEvent.objects.filter(action="schedule.timepoint.update").get()
    assert event.before and event.after
    assert event.before["opens_months"] == 5 and event.after["opens_days"] == 150
    assert event.after["instruments"] == ["phq9"]


# --- funder profiles ----------------------------------------------------------------------------


def _enrolled_early(world, last: str):
    """A drug-court participant enrolled on 15 Jan 2025, so that GPRA's windows are past."""
    cm = world.user("casemanager")
    person = people.create_participant(
        actor=cm,
        program=world.drug,
        team=world.north,
        referral_date=D(2025, 1, 10),
        first_name="Early",
        last_name=last,
        date_of_birth=D(1985, 3, 3),
    )
    episode = person.episodes.get()
    people.change_status(
        actor=cm, episode=episode, status=EpisodeStatus.SCREENING, on=D(2025, 1, 12)
    )
    people.change_status(
        actor=cm, episode=episode, status=EpisodeStatus.ENROLLED, on=D(2025, 1, 15)
    )
    return person


def test_gpra_follow_up_counts_only_a_six_month_interview_in_its_window(world):
    from missioncj.assessments.tests.factories import full_set

    schedule_services.adopt_profile(
        actor=world.user("director"), program=world.drug, profile="gpra"
    )
    cm = world.user("casemanager")
    person = _enrolled_early(world, "Gpra")
    give(cm, person, "gpra", full_set("gpra", interview_type=1), on=D(2025, 1, 20))  # intake
    # an intake-type interview inside the 6-month window does not count as the follow-up
    give(cm, person, "gpra", full_set("gpra", interview_type=1), on=D(2025, 7, 1))
    rows = {o.timepoint.code: o for o in _occ(world, person, at(D(2025, 7, 2)))}
    assert rows["baseline"].state == "completed"
    # anchored on the intake interview (20 Jan), not on enrollment (15 Jan)
    assert rows["m6"].window == Window(D(2025, 6, 20), D(2025, 7, 20), D(2025, 9, 20))
    assert rows["m6"].state == "open"
    assert rows["discharge"].state == "waiting"
    give(cm, person, "gpra", full_set("gpra", interview_type=2), on=D(2025, 7, 2))
    rows = {o.timepoint.code: o for o in _occ(world, person, at(D(2025, 7, 2)))}
    assert rows["m6"].state == "completed"


def test_suprt_annual_repeats_from_the_baseline_until_close_out(world):
    from missioncj.assessments.tests.factories import full_set

    schedule_services.adopt_profile(
        actor=world.user("director"), program=world.drug, profile="suprt"
    )
    cm = world.user("casemanager")
    person = _enrolled_early(world, "Suprt")
    give(cm, person, "suprt_a", full_set("suprt_a", interview_type=1), on=D(2025, 2, 1))
    rows = _occ(world, person, at(D(2026, 11, 20)))
    by = [(o.timepoint.code, o.number, o.state) for o in rows]
    assert by == [
        ("baseline", 1, "completed"),
        ("reassessment", 1, "missed"),
        ("annual", 1, "missed"),  # 1 Feb 2026 ± 30 days
        ("annual", 2, "upcoming"),  # 1 Feb 2027 ± 30 days: opens 2 Jan, notice from 3 Dec
        ("closeout", 1, "waiting"),
    ]
    reassessment = rows[1]
    assert reassessment.window == Window(D(2025, 7, 1), D(2025, 7, 31), D(2025, 8, 30))
    episode = person.episodes.get()
    people.change_status(
        actor=cm,
        episode=episode,
        status=EpisodeStatus.DISCHARGED,
        on=D(2025, 6, 1),
        reason=DischargeReason.GRADUATED,
    )
    rows = _occ(world, person, at(D(2026, 11, 20)))
    # the close-out came before the reassessment window: nothing more is owed
    assert [(o.timepoint.code, o.state) for o in rows] == [
        ("baseline", "completed"),
        ("closeout", "missed"),
    ]
