"""Dose per episode: curriculum sessions completed, CTI contacts against target per phase,
collateral and vocational contacts — for one episode or a whole page of them, in a constant
number of queries (five, whatever the number of episodes).

Rules:
- A curriculum session counts once when the member has an attendance of a completed status
  (present or make-up) on a group session of the program's curriculum of that kind; make-ups
  count toward the same session number, so distinct session numbers are counted.
- The denominator is the number of numbered sessions of the program's curriculum; a program
  without one (or with an empty one) uses the MISSION-CJ defaults 13 DRT, 11 peer, 0 prosocial.
- Contacts count when signed (drafts are not yet part of the record). CTI contacts are those
  with the CTI component, dated by the local date in the program's zone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from missioncj.care import cti
from missioncj.care.models import (
    COMPLETED,
    Attendance,
    Component,
    Contact,
    CtiBoundaryMove,
    Curriculum,
    CurriculumKind,
    WithWhom,
)
from missioncj.participants.models import Episode
from missioncj.participants.panels import shared

DEFAULT_TOTALS = {CurriculumKind.DRT: 13, CurriculumKind.PEER: 11, CurriculumKind.PROSOCIAL: 0}
SHORT_LABELS = {
    CurriculumKind.DRT: "DRT",
    CurriculumKind.PEER: "Peer",
    CurriculumKind.PROSOCIAL: "Prosocial",
}


@dataclass(frozen=True)
class SessionDose:
    kind: str
    completed: int
    total: int

    @property
    def label(self) -> str:
        return SHORT_LABELS[CurriculumKind(self.kind)]

    @property
    def text(self) -> str:
        return f"{self.completed}/{self.total}" if self.total else f"{self.completed}/—"


class SessionsByKind:
    """The three curricula of a dose by name (`sessions` maps each kind to its dose)."""

    sessions: dict[Any, SessionDose]

    @property
    def drt(self) -> SessionDose:
        return self.sessions[CurriculumKind.DRT]

    @property
    def peer(self) -> SessionDose:
        return self.sessions[CurriculumKind.PEER]

    @property
    def prosocial(self) -> SessionDose:
        return self.sessions[CurriculumKind.PROSOCIAL]


@dataclass
class EpisodeDose(SessionsByKind):
    """Everything the panel, caseload and API show about CTI and dose for one episode."""

    episode: Episode
    today: dt.date
    phases: list[cti.Phase]
    moved: dict[int, dt.date]
    cti_days: list[dt.date]  # local dates of signed CTI contacts, oldest first
    sessions: dict[Any, SessionDose]
    collateral: int = 0
    vocational: int = 0
    tallies: list[cti.PhaseTally] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tallies = cti.tallies(self.phases, self.today, self.cti_days)

    @property
    def current(self) -> cti.Phase | None:
        return cti.current_phase(self.episode, self.phases, self.today)

    @property
    def days_left(self) -> int | None:
        phase = self.current
        return cti.days_left(phase, self.today) if phase else None

    @property
    def period(self) -> cti.Period | None:
        phase = self.current
        return cti.period(phase, self.today, self.cti_days) if phase else None

    @property
    def period_summary(self) -> str:
        phase, current = self.current, self.period
        return cti.period_summary(phase, current) if phase and current else ""

    @property
    def last_cti_day(self) -> dt.date | None:
        past = [day for day in self.cti_days if day <= self.today]
        return past[-1] if past else None

    @property
    def session_list(self) -> list[SessionDose]:
        return [self.drt, self.peer, self.prosocial]


def moves_by_episode(episode_ids: Iterable[int]) -> dict[int, list[CtiBoundaryMove]]:
    """Every boundary move of these episodes, oldest first (one query)."""
    out: dict[int, list[CtiBoundaryMove]] = defaultdict(list)
    rows = CtiBoundaryMove.objects.filter(episode_id__in=list(episode_ids)).order_by(
        "created_at", "pk"
    )
    for move in rows:
        out[move.episode_id].append(move)
    return out


def page_moves(episodes: list[Episode], ids: list[int]) -> dict[int, list[CtiBoundaryMove]]:
    """`moves_by_episode(ids)` for some of `episodes` (a superset may come back: look episodes
    up with `.get`). On the participant page, whose panels share rows, the moves of all its
    episodes are read once for every panel that shows a CTI phase."""
    if not ids:
        return {}
    if getattr(episodes, "shared", None) is None:
        return moves_by_episode(ids)
    return shared(episodes, "care.cti_moves", lambda: moves_by_episode([e.pk for e in episodes]))


def has_component(flag: Component) -> GreaterThan:
    """A SQL condition: the contact served this component (bit set)."""
    return GreaterThan(F("components").bitand(int(flag)), 0)


def session_totals(program_ids: set[int]) -> dict[tuple[int, str], int]:
    rows = (
        Curriculum.objects.filter(program_id__in=program_ids)
        .annotate(n=Count("sessions"))
        .values_list("program_id", "kind", "n")
    )
    return {(program_id, kind): n for program_id, kind, n in rows if n}


def _sessions_completed(episode_ids: list[int]) -> dict[tuple[int, str], int]:
    rows = (
        Attendance.objects.filter(
            episode_id__in=episode_ids,
            status__in=COMPLETED,
            group_session__curriculum__program_id=F("episode__program_id"),
        )
        .order_by()
        .values("episode_id", "group_session__curriculum__kind")
        .annotate(n=Count("group_session__session_number", distinct=True))
        .values_list("episode_id", "group_session__curriculum__kind", "n")
    )
    return {(episode_id, kind): n for episode_id, kind, n in rows}


def _cti_days(episodes: Sequence[Episode]) -> dict[int, list[dt.date]]:
    zones = {e.pk: e.program.zone for e in episodes}
    rows = (
        Contact.objects.filter(episode_id__in=list(zones), signed_at__isnull=False)
        .filter(has_component(Component.CTI))
        .order_by("occurred_at", "pk")
        .values_list("episode_id", "occurred_at")
    )
    out: dict[int, list[dt.date]] = defaultdict(list)
    for episode_id, occurred_at in rows:
        out[episode_id].append(cti.local_date(occurred_at, zones[episode_id]))
    return out


def _contact_counts(episode_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = (
        Contact.objects.filter(episode_id__in=episode_ids, signed_at__isnull=False)
        .order_by()
        .values("episode_id")
        .annotate(
            collateral=Count("pk", filter=Q(with_whom__in=[WithWhom.COLLATERAL, WithWhom.BOTH])),
            vocational=Count("pk", filter=has_component(Component.VOCATIONAL)),
        )
        .values_list("episode_id", "collateral", "vocational")
    )
    return {episode_id: (collateral, vocational) for episode_id, collateral, vocational in rows}


def doses(
    episodes: Sequence[Episode],
    now: dt.datetime | None = None,
    moves: dict[int, list[CtiBoundaryMove]] | None = None,
) -> dict[int, EpisodeDose]:
    """Dose of each episode by primary key. Pass episodes with `program` already loaded
    (select_related); every episode must already be one the caller may see. `moves`, when the
    caller has them (`page_moves`), are the episodes' boundary moves."""
    if not episodes:
        return {}
    now = now or timezone.now()
    ids = [e.pk for e in episodes]
    moves = moves if moves is not None else moves_by_episode(ids)
    totals = session_totals({e.program_id for e in episodes})
    completed = _sessions_completed(ids)
    cti_days = _cti_days(episodes)
    counts = _contact_counts(ids)
    out: dict[int, EpisodeDose] = {}
    for episode in episodes:
        moved = cti.newest_moves(moves.get(episode.pk, []))
        sessions = _sessions(episode, totals, completed)
        collateral, vocational = counts.get(episode.pk, (0, 0))
        out[episode.pk] = EpisodeDose(
            episode=episode,
            today=cti.local_date(now, episode.program.zone),
            phases=cti.episode_phases(episode, moves.get(episode.pk, [])),
            moved=moved,
            cti_days=cti_days.get(episode.pk, []),
            sessions=sessions,
            collateral=collateral,
            vocational=vocational,
        )
    return out


def _sessions(
    episode: Episode, totals: dict[tuple[int, str], int], completed: dict[tuple[int, str], int]
) -> dict[Any, SessionDose]:
    return {
        kind: SessionDose(
            kind,
            completed.get((episode.pk, kind), 0),
            totals.get((episode.program_id, kind), default),
        )
        for kind, default in DEFAULT_TOTALS.items()
    }


@dataclass(frozen=True)
class PhaseAndSessions(SessionsByKind):
    """The part of an episode's dose a list shows (the caseload): the current CTI phase and
    the curriculum sessions, without the contact history the CTI tallies need."""

    current: cti.Phase | None
    days_left: int | None
    sessions: dict[Any, SessionDose]


def phases_and_sessions(
    episodes: Sequence[Episode], now: dt.datetime | None = None
) -> dict[int, PhaseAndSessions]:
    """`PhaseAndSessions` of each episode by primary key, as `doses` computes them, in three
    queries that do not read the episodes' contacts."""
    if not episodes:
        return {}
    now = now or timezone.now()
    ids = [e.pk for e in episodes]
    moves = moves_by_episode(ids)
    totals = session_totals({e.program_id for e in episodes})
    completed = _sessions_completed(ids)
    out: dict[int, PhaseAndSessions] = {}
    for episode in episodes:
        today = cti.local_date(now, episode.program.zone)
        phases = cti.episode_phases(episode, moves.get(episode.pk, []))
        current = cti.current_phase(episode, phases, today)
        out[episode.pk] = PhaseAndSessions(
            current=current,
            days_left=cti.days_left(current, today) if current else None,
            sessions=_sessions(episode, totals, completed),
        )
    return out


def dose(episode: Episode, now: dt.datetime | None = None) -> EpisodeDose:
    """One episode's dose (the same five queries)."""
    return doses([episode], now)[episode.pk]


def as_json(item: EpisodeDose) -> dict[str, Any]:
    return {
        "episode": item.episode.public_id,
        "program": item.episode.program.name,
        "status": item.episode.status,
        **{s.kind: {"completed": s.completed, "total": s.total} for s in item.session_list},
        "cti": [
            {
                "phase": t.phase.number,
                "name": t.phase.name,
                "made": t.made,
                "expected": t.expected,
            }
            for t in item.tallies
        ],
        "collateral": item.collateral,
        "vocational": item.vocational,
    }
