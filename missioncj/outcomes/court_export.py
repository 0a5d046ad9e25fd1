"""The court performance measures as one table for CSV/XLSX: one row per figure, in the
page's order — section, measure, n (what it is out of), value. Aggregates only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from missioncj.core.exports import Table, columns
from missioncj.outcomes.court_types import CourtMeasures, Share, Spread, TimeTo

COLUMNS = columns(("section", "Section"), ("measure", "Measure"), ("n", "n"), ("value", "Value"))


def _share(section: str, measure: str, share: Share) -> tuple[Any, ...]:
    return (section, measure, share.n, share.rate)


def _spread(section: str, measure: str, spread: Spread) -> Iterator[tuple[Any, ...]]:
    yield (section, f"{measure}, median", spread.n, spread.median)
    yield (section, f"{measure}, mean", spread.n, spread.mean)


def _time_to(section: str, t: TimeTo) -> Iterator[tuple[Any, ...]]:
    yield from _spread(section, "Days", t.days)
    yield _share(section, "Within 30 days (%)", t.within_30)
    yield (section, "Not yet", None, t.not_yet)


def rows(r: CourtMeasures) -> Iterator[tuple[Any, ...]]:
    yield ("Cohort", "Participants enrolled in the period", None, r.cohort)
    for ret in r.retention:
        yield _share("Retention", f"Retained at {ret.months} months (%)", ret.retained)
    s = r.sobriety
    yield ("Sobriety", "Participants with a counted test", None, s.participants)
    yield (
        "Sobriety",
        "Mean longest negative run (tests)",
        s.participants,
        s.mean_longest_run_tests,
    )
    yield ("Sobriety", "Mean longest negative run (days)", s.participants, s.mean_longest_run_days)
    yield ("Sobriety", "Failed tests", None, s.failed_tests)
    yield (
        "Sobriety",
        "Failed tests per 30 days in program",
        s.participant_days,
        s.failed_per_30_days,
    )
    for window in r.recidivism:
        for row in window.rows:
            yield _share(
                f"Recidivism, {window.label}", f"{row.label}: participants (%)", row.participants
            )
            yield (f"Recidivism, {window.label}", f"{row.label}: events", window.n, row.events)
    u = r.units
    yield ("Units of service", "Signed contacts", u.participants, u.contacts)
    yield ("Units of service", "Contact hours", u.participants, u.contact_hours)
    yield ("Units of service", "Group sessions attended", u.participants, u.groups_attended)
    for _, label, count in u.by_component:
        yield ("Units of service", f"Contacts: {label}", u.participants, count)
    yield from _time_to("Referral to enrollment", r.referral_to_enrollment)
    yield from _time_to("Enrollment to first treatment", r.enrollment_to_treatment)
    for _, label, share in r.discharges.by_reason:
        yield _share("Discharges in the period", f"{label} (%)", share)
    ratio = r.responses
    yield ("Incentives and sanctions", "Incentives", None, ratio.incentives)
    yield ("Incentives and sanctions", "Sanctions", None, ratio.sanctions)
    yield ("Incentives and sanctions", "Incentive:sanction ratio", None, ratio.value)
    t = r.testing
    yield ("Testing", "Tests collected", None, t.collected)
    yield ("Testing", "Tests per participant-week", None, t.per_participant_week)
    yield from _spread("Testing", "Turnaround hours", t.turnaround_hours)
    yield _share("Testing", "Positive (%)", t.positive)
    yield ("Testing", "Missed or refused", None, t.missed_or_refused)
    h = r.hearings
    yield _share("Hearings", "Attendance (%)", h.attendance)
    yield ("Hearings", "Failures to appear", None, h.failed)
    for phase in r.phases:
        yield from _spread(
            "Days per phase", f"{phase.court}, phase {phase.number} {phase.name}", phase.days
        )


def court_table(r: CourtMeasures) -> Table:
    return Table("court-measures", COLUMNS, rows(r))
