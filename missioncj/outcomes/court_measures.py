"""Court performance measures for one program over a cohort: the four national measures
(retention, sobriety, recidivism, units of service) and the common ones (time to enrollment and
to treatment, discharges by reason, incentives to sanctions, testing, hearing attendance, days
per phase). Every figure is defined in docs/outcomes-court.md.

The cohort is the program's episodes enrolled between `start` and `end` (inclusive), narrowed to
one court (episodes with a case on it) and one team. Everything is observed up to the horizon:
the end of the period, or the program's today if that is earlier. The whole report costs a fixed
number of queries (one per source, see `QUERIES`), whatever the size of the cohort: counts are
aggregated in SQL, and the rows that need an order (test runs, phase stays) or a date window
(recidivism) are read once as compact tuples."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from missioncj.care.cti import add_months
from missioncj.core.routers import reads_replica
from missioncj.court.models import Court, CourtCase
from missioncj.outcomes import court_sources as sources
from missioncj.outcomes.court_types import (
    CourtMeasures,
    Discharges,
    Retention,
    Share,
    Spread,
    TimeTo,
)
from missioncj.participants.models import DischargeReason, Episode, EpisodeStatus
from missioncj.participants.services import local_today
from missioncj.programs.models import Program, Team

RETENTION_MONTHS = (6, 12)
WITHIN_DAYS = 30
QUERIES = 11  # the report's query count, checked by the tests


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    court: Court | None = None
    team: Team | None = None
    episode_ids: frozenset[int] | None = None  # one group of an equity breakdown


def default_period(program: Program) -> tuple[dt.date, dt.date]:
    """Three years to today: long enough to show 12-month retention and 1-year recidivism."""
    today = local_today(program)
    return add_months(today, -36), today


def resolve_filters(
    program: Program,
    *,
    start: dt.date | None,
    end: dt.date | None,
    court: UUID | str | None = None,
    team: UUID | str | None = None,
) -> Filters:
    """Check the filters against the program; ValidationError names the field at fault."""
    default_start, default_end = default_period(program)
    start, end = start or default_start, end or default_end
    errors: dict[str, str] = {}
    if end < start:
        errors["end"] = "The end of the period cannot be before its start."
    found_court = found_team = None
    if court:
        found_court = _by_public_id(Court.objects.filter(program=program), court)
        if found_court is None:
            errors["court"] = "No such court in this program."
    if team:
        found_team = _by_public_id(Team.objects.filter(program=program), team)
        if found_team is None:
            errors["team"] = "No such team in this program."
    if errors:
        raise ValidationError(errors)
    return Filters(start, end, found_court, found_team)


def _by_public_id(rows: QuerySet[Any], value: UUID | str) -> Any:
    try:
        key = value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None
    return rows.filter(public_id=key).first()


def cohort_queryset(program: Program, filters: Filters) -> QuerySet[Episode]:
    """The cohort, for aggregates only (never to list names)."""
    rows = Episode.objects.filter(
        program=program, enrolled_date__gte=filters.start, enrolled_date__lte=filters.end
    )
    return _narrow(rows, filters)


def _narrow(rows: QuerySet[Episode], filters: Filters) -> QuerySet[Episode]:
    if filters.episode_ids is not None:
        rows = rows.filter(pk__in=sorted(filters.episode_ids))
    if filters.team is not None:
        rows = rows.filter(team=filters.team)
    if filters.court is not None:
        cases = CourtCase.objects.filter(court=filters.court).values("episode_id")
        rows = rows.filter(pk__in=cases)
    return rows


@reads_replica
def court_measures(
    program: Program, filters: Filters, *, today: dt.date | None = None
) -> CourtMeasures:
    """Every measure for the cohort, in `QUERIES` queries."""
    today = today or local_today(program)
    horizon = min(filters.end, today)
    cohort = cohort_queryset(program, filters)
    stays = sources.stays(cohort, horizon)
    ids = cohort.values("pk")
    first_treatment = sources.first_treatment(ids, program, horizon)
    tests = sources.test_rows(ids, horizon)
    return CourtMeasures(
        program=program,
        start=filters.start,
        end=filters.end,
        horizon=horizon,
        court=filters.court,
        team=filters.team,
        cohort=len(stays),
        retention=[retention(stays, months, horizon) for months in RETENTION_MONTHS],
        sobriety=sources.sobriety(tests, stays),
        recidivism=sources.recidivism(cohort, stays, horizon),
        units=sources.units(ids, len(stays), program, horizon),
        referral_to_enrollment=referral_to_enrollment(stays),
        enrollment_to_treatment=enrollment_to_treatment(stays, first_treatment, horizon),
        discharges=discharges(program, filters),
        responses=sources.responses(ids, horizon),
        testing=sources.testing(tests, stays),
        hearings=sources.hearings(ids, horizon),
        phases=sources.phases(ids, stays, horizon),
    )


def retention(stays: list[sources.Stay], months: int, horizon: dt.date) -> Retention:
    """Of those whose `months` anniversary of enrollment is on or before the horizon, how many
    were still enrolled on that day (not discharged before it) or had graduated."""
    eligible = retained = 0
    for stay in stays:
        anniversary = add_months(stay.enrolled, months)
        if anniversary > horizon:
            continue
        eligible += 1
        if stay.closed is None or stay.closed >= anniversary or stay.graduated:
            retained += 1
    return Retention(months, Share(retained, eligible))


def referral_to_enrollment(stays: list[sources.Stay]) -> TimeTo:
    days = [(stay.enrolled - stay.referred).days for stay in stays]
    return TimeTo(Spread.of(days), Share(sum(1 for d in days if d <= WITHIN_DAYS), len(days)))


def enrollment_to_treatment(
    stays: list[sources.Stay], first: dict[int, dt.date], horizon: dt.date
) -> TimeTo:
    """Days from enrollment to the first treatment day (0 when treatment began before
    enrollment). The 30-day share is over those enrolled at least 30 days before the horizon."""
    days: list[int] = []
    within = observed = 0
    for stay in stays:
        day = first.get(stay.pk)
        gap = max(0, (day - stay.enrolled).days) if day else None
        if gap is not None:
            days.append(gap)
        if (horizon - stay.enrolled).days >= WITHIN_DAYS:
            observed += 1
            within += gap is not None and gap <= WITHIN_DAYS
    return TimeTo(Spread.of(days), Share(within, observed), not_yet=len(stays) - len(days))


def discharges(program: Program, filters: Filters) -> Discharges:
    """Enrolled episodes (of the court and team) discharged between start and end, by
    reason; whenever they were enrolled."""
    rows = _narrow(
        Episode.objects.filter(
            program=program,
            enrolled_date__isnull=False,
            status=EpisodeStatus.DISCHARGED,
            closed_date__gte=filters.start,
            closed_date__lte=filters.end,
        ),
        filters,
    )
    grouped = rows.order_by().values("discharge_reason").annotate(n=Count("pk"))
    counts = dict(grouped.values_list("discharge_reason", "n"))
    n = sum(counts.values())
    return Discharges(
        n,
        [
            (reason.value, str(reason.label), Share(counts.get(reason.value, 0), n))
            for reason in DischargeReason
        ],
    )
