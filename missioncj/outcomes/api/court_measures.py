"""Court performance measures over the JSON API: the same figures as the page, for a cohort of
enrolled-between dates, an optional court and team (public ids). Aggregates only; the program's
director, supervisors and evaluators may read it. Bad filters answer 422 with the field."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router

from missioncj.outcomes.access import below_floor, evaluator_floor, program_episodes, report_program
from missioncj.outcomes.court_measures import court_measures, resolve_filters
from missioncj.outcomes.court_types import CourtMeasures, Share, Spread

PREFIX = ""
router = Router(tags=["outcomes"])


def _share(share: Share) -> dict[str, Any]:
    return {"count": share.count, "n": share.n, "percent": share.rate}


def _spread(spread: Spread) -> dict[str, Any]:
    return {"n": spread.n, "median": spread.median, "mean": spread.mean}


def _time_to(report: CourtMeasures, name: str) -> dict[str, Any]:
    found = getattr(report, name)
    return {
        "days": _spread(found.days),
        "within_30_days": _share(found.within_30),
        "not_yet": found.not_yet,
    }


def _sobriety(report: CourtMeasures) -> dict[str, Any]:
    sob = report.sobriety
    return {
        "participants": sob.participants,
        "mean_longest_run_tests": sob.mean_longest_run_tests,
        "mean_longest_run_days": sob.mean_longest_run_days,
        "failed_tests": sob.failed_tests,
        "mean_failed_tests": sob.mean_failed_tests,
        "participant_days": sob.participant_days,
        "failed_per_30_days": sob.failed_per_30_days,
    }


def _services(report: CourtMeasures) -> dict[str, Any]:
    units = report.units
    return {
        "participants": units.participants,
        "contacts": units.contacts,
        "contact_hours": units.contact_hours,
        "by_component": {code: count for code, _, count in units.by_component},
        "groups_attended": units.groups_attended,
    }


def _court(report: CourtMeasures) -> dict[str, Any]:
    test, hear, resp = report.testing, report.hearings, report.responses
    return {
        "responses": {
            "incentives": resp.incentives,
            "sanctions": resp.sanctions,
            "service_adjustments": resp.adjustments,
            "ratio": float(resp.value) if resp.value is not None else None,
        },
        "testing": {
            "counted": test.counted,
            "collected": test.collected,
            "per_participant_week": test.per_participant_week,
            "turnaround_hours": _spread(test.turnaround_hours),
            "positive": _share(test.positive),
            "missed_or_refused": test.missed_or_refused,
        },
        "hearings": {
            "attendance": _share(hear.attendance),
            "failed_to_appear": hear.failed,
            "excused": hear.excused,
            "not_recorded": hear.not_recorded,
        },
        "phases": [
            {
                "court": p.court,
                "number": p.number,
                "name": p.name,
                "days": _spread(p.days),
                "open_stays": p.open_stays,
            }
            for p in report.phases
        ],
    }


def as_json(report: CourtMeasures) -> dict[str, Any]:
    return {
        "program": report.program.public_id,
        "start": report.start,
        "end": report.end,
        "observed_to": report.horizon,
        "court": report.court.public_id if report.court else None,
        "team": report.team.public_id if report.team else None,
        "cohort": report.cohort,
        "retention": {f"{r.months}_months": _share(r.retained) for r in report.retention},
        "sobriety": _sobriety(report),
        "recidivism": {
            w.window: {
                "n": w.n,
                **{row.kind: {**_share(row.participants), "events": row.events} for row in w.rows},
            }
            for w in report.recidivism
        },
        "units_of_service": _services(report),
        "referral_to_enrollment": _time_to(report, "referral_to_enrollment"),
        "enrollment_to_treatment": _time_to(report, "enrollment_to_treatment"),
        "discharges": {
            "n": report.discharges.n,
            "by_reason": {code: _share(s) for code, _, s in report.discharges.by_reason},
        },
        **_court(report),
    }


@router.get(
    "/programs/{program_id}/court-measures",
    response=dict[str, Any],
    summary="Court performance measures for a cohort (aggregates only)",
    url_name="court_measures",
)
def get_court_measures(
    request: HttpRequest,
    program_id: UUID,
    start: dt.date | None = None,
    end: dt.date | None = None,
    court: UUID | None = None,
    team: UUID | None = None,
) -> dict[str, Any]:
    program = report_program(request.user, program_id)
    program_episodes(request.user, program)
    filters = resolve_filters(program, start=start, end=end, court=court, team=team)
    report = court_measures(program, filters)
    notice = below_floor(report.cohort, evaluator_floor(request.user, program))
    if notice:
        return {"program": str(program.public_id), "suppressed": notice}
    return as_json(report)
