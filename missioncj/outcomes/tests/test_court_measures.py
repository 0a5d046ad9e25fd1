"""The court performance measures on a cohort worked by hand (see court_fixture.py for who is
who). Each block states the hand computation in comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from missioncj.outcomes.court_measures import Filters, court_measures
from missioncj.outcomes.court_types import CourtMeasures, Share
from missioncj.outcomes.tests.court_fixture import END, START, TODAY, Cohort, build


@pytest.fixture
def cohort(world) -> Cohort:
    return build(world)


@pytest.fixture
def report(cohort) -> CourtMeasures:
    return court_measures(cohort.program, Filters(START, END), today=TODAY)


def test_cohort_and_horizon(report):
    # A-E enrolled in 2025-01-01..2026-06-30; F (2024) and the world's two (2026-09-05) are not.
    assert report.cohort == 5
    assert report.horizon == END  # the end is before today


def test_retention(report):
    six, twelve = report.retention
    # 6 months: anniversaries A 2025-07-11, B 2025-08-19, C 2025-10-15, D 2026-04-06 are on or
    # before 2026-06-30 (E's 2026-11-21 is not) -> n 4; B was discharged (terminated) 2025-05-01
    # before it -> retained A, C, D = 3/4 = 75.0 %.
    assert (six.months, six.retained, six.retained.rate) == (6, Share(3, 4), 75.0)
    # 12 months: A 2026-01-11 (graduated that day: retained), B 2026-02-19 (gone), C 2026-04-15
    # (still enrolled) -> 2/3 = 66.7 %; D 2026-10-06 and E are not yet due.
    assert (twelve.months, twelve.retained, twelve.retained.rate) == (12, Share(2, 3), 66.7)


def test_sobriety(report):
    s = report.sobriety
    # A: neg 01-13, neg 01-15 | pos 01-20 | neg 01-22, 01-27, 02-03, (excused 02-05 skipped),
    #    02-10 | missed 02-12 -> longest run 4 tests over 19 days (01-22..02-10); failed 2. The
    #    01-05 test is before enrollment and not counted.
    # B: neg 02-20 | pos 02-24 | refused 02-26 | neg 03-02, neg (dilute) 03-04, neg 03-09 ->
    #    longest 3 tests, 7 days (a dilute negative is negative, as on the participant page);
    #    failed 2.
    # C: pos 04-16, invalid (adulterated) 04-18, pending 04-20 -> longest 0, failed 2.
    # D: no tests (not in n). E: neg 2026-05-22 (the 07-02 test is after the horizon) -> 1, 0 days.
    assert s.participants == 4
    assert s.mean_longest_run_tests == 2.0  # (4 + 3 + 0 + 1) / 4
    assert s.mean_longest_run_days == 6.5  # (19 + 7 + 0 + 0) / 4
    assert s.failed_tests == 6  # 2 + 2 + 2 + 0
    assert s.mean_failed_tests == 1.5  # 6 / 4
    # Days in program to discharge or horizon, both ends counted:
    # A 366, B 72, C 442, D 268, E 41 = 1189.
    assert s.participant_days == 1189
    assert s.failed_per_30_days == 0.15  # 6 * 30 / 1189 = 0.151


def test_recidivism(report):
    during, one, two, three = report.recidivism
    rows = {r.kind: r for r in during.rows}
    # In program (n 5): arrests A 2025-06-01, B 2025-03-10 -> 2 people, 2 events (A's 2026-03-01
    # arrest is after discharge, D's 2025-09-01 before enrollment, C's arrest is voided);
    # charges C 2025-08-01 -> 1; convictions A 2025-09-01 -> 1.
    assert during.n == 5
    assert [r.kind for r in during.rows] == ["arrest", "charge", "conviction"]
    assert (rows["arrest"].participants, rows["arrest"].events) == (Share(2, 5), 2)
    assert rows["arrest"].participants.rate == 40.0
    assert (rows["charge"].participants, rows["charge"].events) == (Share(1, 5), 1)
    assert (rows["conviction"].participants, rows["conviction"].events) == (Share(1, 5), 1)
    # 1 year after discharge: only B (discharged 2025-05-01; window to 2026-05-01 is observed).
    # A's window runs to 2027-01-11, past the horizon. B's arrest 2025-07-01 counts; the
    # conviction 2026-06-01 is 13 months out.
    one_rows = {r.kind: r for r in one.rows}
    assert (one.window, one.n) == ("1_year", 1)
    assert one_rows["arrest"].participants == Share(1, 1)
    assert one_rows["conviction"].participants == Share(0, 1)
    # 2 and 3 years: nobody discharged long enough ago -> n 0 and no rate, not a crash.
    assert (two.n, three.n) == (0, 0)
    assert two.rows[0].participants.rate is None


def test_voided_events_are_left_out(cohort, report):
    charge = {r.kind: r for r in report.recidivism[0].rows}["charge"]
    assert charge.participants == Share(1, 5)
    cohort.program.episodes.get(participant__last_name="C").outcome_events.filter(
        kind="arrest"
    ).update(voided_at=None)
    again = court_measures(cohort.program, Filters(START, END), today=TODAY)
    arrests = {r.kind: r for r in again.recidivism[0].rows}["arrest"]
    assert arrests.participants == Share(3, 5)  # C's arrest now counts


def test_units_of_service(report):
    u = report.units
    # Signed contacts to the horizon, outreach attempts out: A CTI 60 min, A DRT 60, C trauma +
    # peer 30, D DRT 90 -> 4 contacts, 240 min = 4.0 h. B's draft and E's July contact are out.
    assert (u.participants, u.contacts, u.contact_hours) == (5, 4, 4.0)
    by = {code: count for code, _, count in u.by_component}
    assert by == {
        "cti": 1,
        "drt": 2,
        "peer": 1,
        "vocational": 0,
        "trauma": 1,
        "legal": 0,
        "linkage": 0,
    }
    # Groups attended: B present (DRT), C present (peer); A absent -> 2.
    assert u.groups_attended == 2
    assert (u.contacts_per_participant, u.groups_per_participant) == (0.8, 0.4)


def test_time_to_enrollment_and_treatment(report):
    r = report.referral_to_enrollment
    # Referral -> enrollment: A 10, B 30, C 45, D 5, E 20 -> median 20, mean 22.0;
    # within 30 days: 4 of 5 (C's 45 is not).
    assert (r.days.n, r.days.median, r.days.mean) == (5, 20.0, 22.0)
    assert r.within_30 == Share(4, 5)
    t = report.enrollment_to_treatment
    # First treatment: A DRT contact 2025-01-20 (9 days; the CTI contact is not treatment);
    # B DRT group 2025-03-10 (19; the draft DRT contact is unsigned); C trauma contact
    # 2025-06-14 (60; the peer group is not treatment); D DRT contact during screening (0);
    # E none before the horizon. -> 0, 9, 19, 60: median 14.0, mean 22.0.
    assert (t.days.n, t.days.median, t.days.mean, t.not_yet) == (4, 14.0, 22.0, 1)
    # Within 30 days, of the five enrolled at least 30 days before the horizon: A, B, D = 3/5.
    assert t.within_30 == Share(3, 5)
    assert t.within_30.rate == 60.0


def test_graduation_and_termination(report):
    d = report.discharges
    # Discharged 2025-01-01..2026-06-30, whenever enrolled: A graduated, B terminated,
    # F withdrew -> 3; each a third.
    assert d.n == 3
    assert (d.graduated, d.graduated.rate) == (Share(1, 3), 33.3)
    assert d.terminated == Share(1, 3)
    assert d.share("withdrew") == Share(1, 3)
    assert d.share("deceased") == Share(0, 3)


def test_incentive_sanction_ratio(report):
    r = report.responses
    # Incentives A 3 + C 2 = 5 (D's is after the horizon); sanctions A 1 + B 2 = 3;
    # one service adjustment. 5 / 3 = 1.66 -> shown 1.6 : 1 (rounded down), under the 4 : 1 target.
    assert (r.incentives, r.sanctions, r.adjustments) == (5, 3, 1)
    assert r.value == Decimal("1.6")
    assert r.under_target


def test_testing(report):
    t = report.testing
    # Counted (not pending or excused): A 8, B 6, C 2, E 1 = 17.
    # Collected: A 7, B 5, C 3 (with the pending one), E 1 = 16 over 1189 participant-days:
    # 16 * 7 / 1189 = 0.094 tests per participant per week.
    assert (t.counted, t.collected, t.per_participant_week) == (17, 16, 0.09)
    # Turnaround (hours), collected tests with a result: E 12; A 7 x 24 and C's invalid 24;
    # B 5 x 48 (the refused one was never collected); C's positive 72; C's pending has none.
    # 15 values: 12, 24 (x8), 48 (x5), 72 -> median the 8th = 24; mean 516 / 15 = 34.4.
    assert t.turnaround_hours.n == 15
    assert t.turnaround_hours.median == 24.0
    assert t.turnaround_hours.mean == 34.4
    # Positive share of negative-or-positive results: positives A 1, B 1, C 1 = 3; negatives
    # A 6, B 4, E 1 = 11 -> 3 / 14 = 21.4 %.
    assert (t.positive, t.positive.rate) == (Share(3, 14), 21.4)
    assert t.missed_or_refused == 2


def test_hearing_attendance(report):
    h = report.hearings
    # Counted: A appeared 03-01, B failed 03-01, D remote 11-01, A excused 11-01, C failed
    # 05-01 (court B), E not recorded 2026-06-01. Left out: the staffing meeting, the cancelled
    # hearing, D's hearing after the horizon. -> appeared 2 of 4 = 50.0 %; FTA 2.
    assert (h.appeared, h.failed, h.excused, h.not_recorded) == (2, 2, 1, 1)
    assert (h.attendance, h.attendance.rate) == (Share(2, 4), 50.0)


def test_days_per_phase(report):
    rows = [
        (p.court, p.number, p.days.n, p.days.median, p.days.mean, p.open_stays)
        for p in report.phases
    ]
    # Court A phase 1: A 01-11..03-12 = 60, B 02-19..discharge 05-01 = 71, D 10-06..12-05 = 60;
    #   D back in phase 1 since 2026-02-03 (open) -> n 3, median 60, mean 63.7, 1 open.
    # Court A phase 2: A 2025-03-12..discharge 2026-01-11 = 305, D 12-05..2026-02-03 = 60 ->
    #   median 182.5, mean 182.5.
    # Court B phase 1: C since 2025-04-15, open; E's move is after the horizon.
    assert rows == [
        ("Treatment Court A", 1, 3, 60.0, 63.7, 1),
        ("Treatment Court A", 2, 2, 182.5, 182.5, 0),
        ("Treatment Court B", 1, 0, None, None, 1),
    ]
