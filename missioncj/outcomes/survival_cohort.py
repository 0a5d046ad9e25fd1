"""The survival cohort from the record: who is in it, when each person's time starts, and
whether it ends in a re-arrest or is censored.

- **Who**: every episode of the chosen programs enrolled between two days (inclusive), read
  through `outcomes.access.program_episodes` (aggregates only).
- **Start**: the enrollment day (`enrollment`); or the release day (`release`): the end of the
  person's first non-voided incarceration that began before enrollment and ended on or after
  it. `release` falls back to the enrollment day when there is no such incarceration;
  `release_only` leaves those episodes out instead.
- **Event**: the first non-voided arrest after the start day, on or before the censoring day.
- **Censoring**: the earlier of the person's death (first non-voided death event) and the
  data cut-off day. Episodes whose start is after the cut-off or after the death are left out.

Outcome events belong to the person, not the episode, so an arrest recorded under another
episode counts too. Three queries, however many episodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from missioncj.core.routers import reads_replica
from missioncj.outcomes.access import program_episodes, report_programs
from missioncj.outcomes.fidelity import classify_episodes
from missioncj.outcomes.models import OutcomeEvent, OutcomeKind
from missioncj.outcomes.survival import Subject
from missioncj.participants.models import Episode
from missioncj.programs.models import Program

START_KINDS = {
    "enrollment": "Enrollment day",
    "release": "Release day (enrollment day when no release)",
    "release_only": "Release day (only people released into the program)",
}
AGE_BANDS = ((18, 25), (26, 35), (36, 45), (46, 55))


def age_band(age: int) -> str:
    if age < 18:
        return "Under 18"
    for low, high in AGE_BANDS:
        if age <= high:
            return f"{low}\u2013{high}"
    return "56+"


def years_between(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def discharge_status(episode: Episode) -> str:
    if episode.discharge_reason:
        return episode.get_discharge_reason_display()
    return "Not discharged"


@dataclass(frozen=True)
class Grouping:
    key: str
    label: str
    value: Callable[[Episode, dt.date], str]


GROUPINGS: dict[str, Grouping] = {
    g.key: g
    for g in [
        Grouping("program", "Program", lambda e, on: e.program.name),
        Grouping("court_type", "Court type", lambda e, on: e.program.get_court_type_display()),
        Grouping("team", "Team", lambda e, on: e.team.name if e.team else "No team"),
        Grouping("sex", "Sex", lambda e, on: e.participant.get_sex_display()),
        Grouping("race", "Race", lambda e, on: e.participant.get_race_display()),
        Grouping("ethnicity", "Ethnicity", lambda e, on: e.participant.get_ethnicity_display()),
        Grouping(
            "veteran", "Veteran status", lambda e, on: e.participant.get_veteran_status_display()
        ),
        Grouping(
            "age_band",
            "Age band at start",
            lambda e, on: age_band(years_between(e.participant.date_of_birth, on)),
        ),
        Grouping("discharge", "Discharge status", lambda e, on: discharge_status(e)),
    ]
}
FIDELITY = "fidelity"
NUMERIC_COVARIATES = {"age": "Age at start (years, per year)"}


def grouping_choices() -> list[tuple[str, str]]:
    return [*((g.key, g.label) for g in GROUPINGS.values()), (FIDELITY, "Fidelity (high / low)")]


def covariate_choices() -> list[tuple[str, str]]:
    return [*NUMERIC_COVARIATES.items(), *grouping_choices()]


@dataclass(frozen=True)
class CohortSpec:
    programs: Sequence[Program]
    enrolled_from: dt.date | None
    enrolled_to: dt.date | None
    start_kind: str
    cutoff: dt.date


def chosen_programs(user: Any, program: Program, also: Iterable[Any]) -> list[Program]:
    """The page's program plus any other programs (public ids) whose reports the user reads."""
    wanted = {str(pid) for pid in also} - {str(program.public_id)}
    found = [p for p in report_programs(user) if str(p.public_id) in wanted]
    if len(found) != len(wanted):
        raise ValidationError({"programs": "Choose programs whose reports you may read."})
    return [program, *found]


def _episodes(user: Any, spec: CohortSpec) -> list[Episode]:
    qs = Episode.objects.none()
    for program in spec.programs:
        qs = qs | program_episodes(user, program)
    qs = qs.filter(enrolled_date__isnull=False)
    if spec.enrolled_from:
        qs = qs.filter(enrolled_date__gte=spec.enrolled_from)
    if spec.enrolled_to:
        qs = qs.filter(enrolled_date__lte=spec.enrolled_to)
    rows = qs.select_related("participant", "program", "team").order_by("enrolled_date", "pk")
    # One subject per person: events belong to the person, so a second episode would count
    # the same re-arrest twice and break the independence the estimates assume. The first
    # episode in the range is kept.
    first: dict[int, Episode] = {}
    for episode in rows:
        first.setdefault(episode.participant_id, episode)
    return list(first.values())


def _events(episodes: Sequence[Episode]) -> dict[int, list[OutcomeEvent]]:
    kinds = (OutcomeKind.ARREST, OutcomeKind.DEATH, OutcomeKind.INCARCERATION)
    found: dict[int, list[OutcomeEvent]] = {}
    for event in OutcomeEvent.objects.filter(
        participant_id__in={e.participant_id for e in episodes},
        kind__in=kinds,
        voided_at__isnull=True,
    ).order_by("occurred_on", "pk"):
        found.setdefault(event.participant_id, []).append(event)
    return found


def start_day(episode: Episode, events: Sequence[OutcomeEvent], kind: str) -> dt.date | None:
    enrolled = episode.enrolled_date
    assert enrolled is not None
    if kind == "enrollment":
        return enrolled
    for event in events:
        if (
            event.kind == OutcomeKind.INCARCERATION
            and event.occurred_on < enrolled
            and event.ended_on is not None
            and event.ended_on >= enrolled
        ):
            return event.ended_on
    return enrolled if kind == "release" else None


def time_at_risk(
    start: dt.date, events: Sequence[OutcomeEvent], cutoff: dt.date
) -> tuple[int, bool] | None:
    """(days, re-arrested) from the start, or None when the person is not at risk then."""
    deaths = [e.occurred_on for e in events if e.kind == OutcomeKind.DEATH]
    censor = min([cutoff, *deaths[:1]])
    if censor < start:
        return None
    arrests = [
        e.occurred_on
        for e in events
        if e.kind == OutcomeKind.ARREST and start < e.occurred_on <= censor
    ]
    if arrests:
        return (arrests[0] - start).days, True
    return (censor - start).days, False


@reads_replica
def build_cohort(user: Any, spec: CohortSpec, *, fidelity: bool = False) -> list[Subject]:
    if spec.start_kind not in START_KINDS:
        raise ValidationError({"start_kind": "Choose when each person's time starts."})
    if spec.enrolled_from and spec.enrolled_to and spec.enrolled_from > spec.enrolled_to:
        raise ValidationError({"enrolled_to": "The end of the range is before its start."})
    episodes = _episodes(user, spec)
    events = _events(episodes)
    classes = _fidelity_classes(spec, episodes) if fidelity else {}
    subjects: list[Subject] = []
    for episode in episodes:
        own = events.get(episode.participant_id, [])
        start = start_day(episode, own, spec.start_kind)
        timed = time_at_risk(start, own, spec.cutoff) if start else None
        if start is None or timed is None:
            continue
        attributes: dict[str, Any] = {k: g.value(episode, start) for k, g in GROUPINGS.items()}
        attributes["age"] = years_between(episode.participant.date_of_birth, start)
        if fidelity:
            attributes[FIDELITY] = classes.get(episode.pk, "Not classified")
        subjects.append(Subject(str(episode.public_id), timed[0], timed[1], attributes))
    return subjects


def _fidelity_classes(spec: CohortSpec, episodes: Sequence[Episode]) -> dict[int, str]:
    """High or low fidelity by the cut-off day, by the program's own criteria."""
    found: dict[int, str] = {}
    for program in spec.programs:
        own = [e for e in episodes if e.program_id == program.pk]
        for pk, label in classify_episodes(program, own, through=spec.cutoff).items():
            found[pk] = "High fidelity" if label == "high" else "Low fidelity"
    return found
