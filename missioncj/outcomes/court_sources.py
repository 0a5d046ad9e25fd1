"""The sources of the court performance measures, one query each: the cohort's stays, drug
tests, recidivism events, contacts and group attendance, court responses, docket entries and
phase moves. `ids` is always the cohort as a subquery (`cohort.values("pk")`), so the size of
the cohort never changes the number or the shape of the queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, NamedTuple

from django.db.models import Count, F, Min, Q, QuerySet, Sum

from missioncj.care.cti import add_months
from missioncj.care.dose import has_component
from missioncj.care.models import (
    COMPLETED,
    COMPONENT_CODES,
    COMPONENT_LABELS,
    Attendance,
    Component,
    Contact,
    CurriculumKind,
    Modality,
)
from missioncj.court.models import (
    Appearance,
    CourtResponse,
    DocketEntry,
    DrugTest,
    HearingKind,
    HearingStatus,
    PhaseMove,
    ResponseKind,
)
from missioncj.court.response_stats import Ratio
from missioncj.court.sobriety import NEUTRAL, NOT_CLEAN
from missioncj.outcomes.court_types import (
    Hearings,
    PhaseRow,
    Recidivism,
    RecidivismRow,
    Share,
    Sobriety,
    Spread,
    Testing,
    Units,
    per,
)
from missioncj.outcomes.models import RECIDIVISM_KINDS, OutcomeEvent
from missioncj.participants.models import DischargeReason, Episode
from missioncj.programs.models import Program

# Contacts with one of these components are treatment (Dual Recovery Therapy, trauma-informed
# care); so is an attended session of one of these curricula.
TREATMENT_COMPONENTS = Component.DRT | Component.TRAUMA
TREATMENT_CURRICULA = (CurriculumKind.DRT, CurriculumKind.PROSOCIAL)
POST_YEARS = (1, 2, 3)


class Stay(NamedTuple):
    """One cohort episode as the measures see it at the horizon."""

    pk: int
    participant_id: int
    referred: dt.date
    enrolled: dt.date
    closed: dt.date | None  # discharge day, if on or before the horizon
    graduated: bool
    last_day: dt.date  # the discharge day or the horizon

    @property
    def days(self) -> int:
        """Days in program, counting the first and last day."""
        return max(0, (self.last_day - self.enrolled).days + 1)


def stays(cohort: QuerySet[Episode], horizon: dt.date) -> list[Stay]:
    rows = cohort.order_by("pk").values_list(
        "pk", "participant_id", "referral_date", "enrolled_date", "closed_date", "discharge_reason"
    )
    out = []
    for pk, person, referred, enrolled, closed, reason in rows:
        if enrolled is None:  # the cohort is filtered on enrollment; this only narrows the type
            continue
        closed = closed if closed is not None and closed <= horizon else None
        graduated = closed is not None and reason == DischargeReason.GRADUATED
        out.append(Stay(pk, person, referred, enrolled, closed, graduated, closed or horizon))
    return out


def _cutoff(program: Program, horizon: dt.date) -> dt.datetime:
    """The first instant after the horizon, in the program's zone."""
    return dt.datetime.combine(horizon + dt.timedelta(days=1), dt.time.min, tzinfo=program.zone)


# --- drug tests: sobriety and testing -------------------------------------------------------


class TestRow(NamedTuple):
    episode_id: int
    day: dt.date
    outcome: str
    collected_at: dt.datetime | None
    resulted_at: dt.datetime | None


def test_rows(ids: QuerySet[Any], horizon: dt.date) -> list[TestRow]:
    """Tests from the enrollment day to the horizon, in order for each episode."""
    rows = (
        DrugTest.objects.filter(
            episode_id__in=ids,
            local_date__lte=horizon,
            local_date__gte=F("episode__enrolled_date"),
        )
        .order_by("episode_id", "local_date", "collected_at", "pk")
        .values_list("episode_id", "local_date", "outcome", "collected_at", "resulted_at")
    )
    return [TestRow(*row) for row in rows]


def longest_run(tests: list[TestRow]) -> tuple[int, int, int]:
    """(tests in the longest negative run, days from its first to its last test, failed
    tests). Pending and excused tests neither extend nor break a run."""
    best = (0, 0)
    run = failed = 0
    first: dt.date | None = None
    for test in tests:
        if test.outcome in NEUTRAL:
            continue
        if test.outcome in NOT_CLEAN:
            failed += 1
            run, first = 0, None
            continue
        run += 1
        first = first or test.day
        best = max(best, (run, (test.day - first).days))
    return best[0], best[1], failed


def sobriety(tests: list[TestRow], stays: list[Stay]) -> Sobriety:
    by_episode: dict[int, list[TestRow]] = defaultdict(list)
    for test in tests:
        if test.outcome not in NEUTRAL:
            by_episode[test.episode_id].append(test)
    runs = [longest_run(rows) for rows in by_episode.values()]
    failed = sum(r[2] for r in runs)
    days = sum(stay.days for stay in stays)
    return Sobriety(
        participants=len(runs),
        mean_longest_run_tests=Spread.of(r[0] for r in runs).mean,
        mean_longest_run_days=Spread.of(r[1] for r in runs).mean,
        failed_tests=failed,
        mean_failed_tests=Spread.of(r[2] for r in runs).mean,
        participant_days=days,
        failed_per_30_days=per(failed, days, 30),
    )


def testing(tests: list[TestRow], stays: list[Stay]) -> Testing:
    collected = [t for t in tests if t.collected_at is not None]
    hours = [
        (t.resulted_at - t.collected_at).total_seconds() / 3600
        for t in tests
        if t.collected_at is not None and t.resulted_at is not None and t.outcome != "pending"
    ]
    positive = sum(1 for t in tests if t.outcome == "positive")
    negative = sum(1 for t in tests if t.outcome == "negative")
    return Testing(
        counted=sum(1 for t in tests if t.outcome not in NEUTRAL),
        collected=len(collected),
        per_participant_week=per(len(collected), sum(stay.days for stay in stays), 7),
        turnaround_hours=Spread.of(hours),
        positive=Share(positive, positive + negative),
        missed_or_refused=sum(1 for t in tests if t.outcome in ("missed", "refused")),
    )


# --- recidivism -----------------------------------------------------------------------------


def recidivism(cohort: QuerySet[Episode], stays: list[Stay], horizon: dt.date) -> list[Recidivism]:
    """In program (enrollment to discharge or horizon) and 1, 2, 3 years after discharge, for
    those discharged long enough before the horizon to observe the whole window."""
    events: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    rows = OutcomeEvent.objects.filter(
        participant_id__in=cohort.values("participant_id"),
        kind__in=RECIDIVISM_KINDS,
        voided_at__isnull=True,
        occurred_on__lte=horizon,
    ).values_list("participant_id", "kind", "occurred_on")
    for person, kind, day in rows:
        events[person].append((kind, day))
    windows = [("in_program", "During the program", [(s, s.enrolled, s.last_day) for s in stays])]
    for years in POST_YEARS:
        observed = []
        for stay in stays:
            if stay.closed is None:
                continue
            until = add_months(stay.closed, 12 * years)
            if until <= horizon:
                observed.append((stay, stay.closed + dt.timedelta(days=1), until))
        label = f"{years} year{'s' if years > 1 else ''} after discharge"
        windows.append((f"{years}_year{'s' if years > 1 else ''}", label, observed))
    return [_window(code, label, spans, events) for code, label, spans in windows]


def _window(
    code: str,
    label: str,
    spans: list[tuple[Stay, dt.date, dt.date]],
    events: dict[int, list[tuple[str, dt.date]]],
) -> Recidivism:
    rows = []
    for kind in RECIDIVISM_KINDS:
        who = total = 0
        for stay, first, last in spans:
            found = sum(
                1 for k, day in events[stay.participant_id] if k == kind and first <= day <= last
            )
            who += found > 0
            total += found
        rows.append(RecidivismRow(kind.value, str(kind.label), Share(who, len(spans)), total))
    return Recidivism(code, label, len(spans), rows)


# --- units of service and first treatment ---------------------------------------------------


def _signed_contacts(ids: QuerySet[Any], program: Program, horizon: dt.date) -> QuerySet[Contact]:
    """Signed contacts up to the horizon; an outreach attempt that did not reach anyone is no
    service."""
    return Contact.objects.filter(
        episode_id__in=ids, signed_at__isnull=False, occurred_at__lt=_cutoff(program, horizon)
    ).exclude(modality=Modality.OUTREACH_ATTEMPT)


def _attended(ids: QuerySet[Any], program: Program, horizon: dt.date) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        episode_id__in=ids,
        status__in=COMPLETED,
        group_session__occurred_at__lt=_cutoff(program, horizon),
    )


def units(ids: QuerySet[Any], participants: int, program: Program, horizon: dt.date) -> Units:
    counts: dict[str, Any] = {
        f"c{int(flag)}": Count("pk", filter=has_component(flag)) for flag in COMPONENT_LABELS
    }
    row = _signed_contacts(ids, program, horizon).aggregate(
        total=Count("pk"), minutes=Sum("duration_minutes"), **counts
    )
    return Units(
        participants=participants,
        contacts=row["total"],
        contact_hours=round((row["minutes"] or 0) / 60, 1),
        by_component=[
            (COMPONENT_CODES[flag], label, row[f"c{int(flag)}"])
            for flag, label in COMPONENT_LABELS.items()
        ],
        groups_attended=_attended(ids, program, horizon).count(),
    )


def first_treatment(ids: QuerySet[Any], program: Program, horizon: dt.date) -> dict[int, dt.date]:
    """episode pk → the local day of its first signed treatment contact or attended
    treatment group session, whichever came first."""
    contacts = (
        _signed_contacts(ids, program, horizon)
        .filter(has_component(TREATMENT_COMPONENTS))
        .order_by()
        .values("episode_id")
        .annotate(first=Min("occurred_at"))
        .values_list("episode_id", "first")
    )
    groups = (
        _attended(ids, program, horizon)
        .filter(group_session__curriculum__kind__in=TREATMENT_CURRICULA)
        .order_by()
        .values("episode_id")
        .annotate(first=Min("group_session__occurred_at"))
        .values_list("episode_id", "first")
    )
    out: dict[int, dt.date] = {}
    for episode_id, first in [*contacts, *groups]:
        day = first.astimezone(program.zone).date()
        out[episode_id] = min(day, out.get(episode_id, day))
    return out


# --- court responses, hearings, phases ------------------------------------------------------


def responses(ids: QuerySet[Any], horizon: dt.date) -> Ratio:
    row = CourtResponse.objects.filter(episode_id__in=ids, decided_on__lte=horizon).aggregate(
        incentives=Count("pk", filter=Q(kind=ResponseKind.INCENTIVE)),
        sanctions=Count("pk", filter=Q(kind=ResponseKind.SANCTION)),
        adjustments=Count("pk", filter=Q(kind=ResponseKind.SERVICE_ADJUSTMENT)),
    )
    return Ratio(row["incentives"], row["sanctions"], row["adjustments"])


def hearings(ids: QuerySet[Any], horizon: dt.date) -> Hearings:
    """Docket entries of hearings held or scheduled up to the horizon; staffing meetings (the
    team, not the participant) and cancelled hearings are left out."""
    row = (
        DocketEntry.objects.filter(episode_id__in=ids, hearing__local_date__lte=horizon)
        .exclude(hearing__status=HearingStatus.CANCELLED)
        .exclude(hearing__kind=HearingKind.STAFFING)
        .aggregate(
            appeared=Count("pk", filter=Q(appearance__in=(Appearance.APPEARED, Appearance.REMOTE))),
            failed=Count("pk", filter=Q(appearance=Appearance.FAILED)),
            excused=Count("pk", filter=Q(appearance=Appearance.EXCUSED)),
            not_recorded=Count("pk", filter=Q(appearance=Appearance.PENDING)),
        )
    )
    return Hearings(row["appeared"], row["failed"], row["excused"], row["not_recorded"])


def phases(ids: QuerySet[Any], stays: list[Stay], horizon: dt.date) -> list[PhaseRow]:
    """A stay in a phase runs from a move into it to the next move, or to discharge; one still
    going at the horizon is open and not in the days."""
    rows = (
        PhaseMove.objects.filter(episode_id__in=ids, on__lte=horizon)
        .order_by("episode_id", "on", "pk")
        .values_list(
            "episode_id", "on", "phase_id", "phase__court__name", "phase__number", "phase__name"
        )
    )
    closed = {stay.pk: stay.closed for stay in stays}
    moves: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        moves[row[0]].append(row)
    days: dict[int, list[int]] = defaultdict(list)
    still: dict[int, int] = defaultdict(int)
    info: dict[int, tuple[str, int, str]] = {}
    for episode_id, episode_moves in moves.items():
        ends = [m[1] for m in episode_moves[1:]] + [closed.get(episode_id)]
        for (_, on, phase_id, court, number, name), end in zip(episode_moves, ends, strict=True):
            info[phase_id] = (court, number, name)
            if end is None:
                still[phase_id] += 1
            else:
                days[phase_id].append(max(0, (end - on).days))
    order = sorted(info, key=lambda pk: (info[pk][0], info[pk][1]))
    return [PhaseRow(*info[pk], Spread.of(days[pk]), still[pk]) for pk in order]
