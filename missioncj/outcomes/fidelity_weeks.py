"""Fidelity and dose by week: what each episode received, Monday to Sunday, labelled with its
CTI phase — loaded for many episodes in a constant number of queries (five, whatever the
number of episodes), then counted in Python.

Rules (docs/outcomes-fidelity.md):
- A week runs Monday to Sunday in the program's time zone. An episode's weeks run from the
  week of its enrollment date to the week of its last day: the discharge date, or `through`
  (today) while it is open. Only events from the enrollment date to the last day count.
- A week carries the CTI phase the participant was in on its Monday (on the enrollment date
  for the first week when enrollment fell after the Monday). A week after CTI ended has no
  phase and no CTI target.
- The CTI contact target is met in a week when a signed CTI contact falls within the phase's
  contact interval (N days, `Program.cti_*_contact_days`) ending on the week's last counted
  day: every week for a 7-day target, at least once in each rolling fortnight for 14 days.
- Counts: signed CTI contacts; completed DRT / peer / prosocial group attendances (present
  or make-up, on the program's own curriculum); signed collateral contacts (with a collateral,
  or with participant and collateral); signed contacts with the vocational component;
  linkage referrals made (referral date) and completed (first attended date).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import F

from missioncj.care import cti
from missioncj.care.dose import DEFAULT_TOTALS, moves_by_episode, session_totals
from missioncj.care.models import COMPLETED, Attendance, Component, Contact, WithWhom
from missioncj.linkage.models import Referral
from missioncj.participants.models import Episode

COLLATERAL = (WithWhom.COLLATERAL, WithWhom.BOTH)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Counts:
    cti: int = 0
    drt: int = 0
    peer: int = 0
    prosocial: int = 0
    collateral: int = 0
    vocational: int = 0
    linkage_made: int = 0
    linkage_completed: int = 0

    def add(self, other: Counts) -> None:
        # Spelled out: reports add hundreds of thousands of weeks.
        self.cti += other.cti
        self.drt += other.drt
        self.peer += other.peer
        self.prosocial += other.prosocial
        self.collateral += other.collateral
        self.vocational += other.vocational
        self.linkage_made += other.linkage_made
        self.linkage_completed += other.linkage_completed

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_FIELDS}


COUNT_FIELDS = tuple(f.name for f in fields(Counts))
COUNT_LABELS = {
    "cti": "CTI contacts",
    "drt": "DRT sessions",
    "peer": "Peer sessions",
    "prosocial": "Prosocial sessions",
    "collateral": "Collateral contacts",
    "vocational": "Vocational contacts",
    "linkage_made": "Referrals made",
    "linkage_completed": "Referrals completed",
}


class ContactFact(NamedTuple):  # a tuple: a program's report builds one per contact
    day: dt.date
    author_id: int
    cti: bool
    collateral: bool
    vocational: bool


class SessionFact(NamedTuple):
    day: dt.date
    kind: str
    number: int


@dataclass
class EpisodeFacts:
    """Everything one episode received, as local dates."""

    episode: Episode
    phases: list[cti.Phase]
    totals: dict[str, int]  # curriculum kind → numbered sessions (x/N denominators)
    contacts: list[ContactFact] = field(default_factory=list)
    sessions: list[SessionFact] = field(default_factory=list)
    referred: list[dt.date] = field(default_factory=list)
    attended: list[dt.date] = field(default_factory=list)


@dataclass(frozen=True)
class WeekRow:
    start: dt.date  # the Monday
    end: dt.date  # the last day counted (Sunday, or the episode's last day)
    phase: int | None  # 1 transition, 2 try-out, 3 transfer of care; None after CTI
    every_days: int | None  # the phase's CTI contact interval
    cti_met: bool | None  # None when the week has no CTI target
    counts: Counts


@dataclass
class PhaseTotal:
    phase: int | None
    weeks: int = 0
    target_weeks: int = 0
    met_weeks: int = 0
    counts: Counts = field(default_factory=Counts)

    @property
    def name(self) -> str:
        return phase_name(self.phase)

    @property
    def met_percent(self) -> float | None:
        return percent(self.met_weeks, self.target_weeks)


def phase_name(number: int | None) -> str:
    return cti.PHASE_NAMES.get(number, "After CTI") if number else "After CTI"


def percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def span(episode: Episode, through: dt.date) -> tuple[dt.date, dt.date] | None:
    """(enrollment date, last day counted), or None when there is nothing to count."""
    if episode.enrolled_date is None:
        return None
    last = through
    if episode.closed_date is not None and episode.closed_date < last:
        last = episode.closed_date
    if last < episode.enrolled_date:
        return None
    return episode.enrolled_date, last


# --- loading ------------------------------------------------------------------------------------


def _contacts(zones: dict[int, ZoneInfo], out: dict[int, EpisodeFacts]) -> None:
    rows = (
        Contact.objects.filter(episode_id__in=list(zones), signed_at__isnull=False)
        .order_by("occurred_at", "pk")
        .values_list("episode_id", "author_id", "occurred_at", "components", "with_whom")
    )
    cti_bit, vocational_bit = int(Component.CTI), int(Component.VOCATIONAL)
    for episode_id, author_id, occurred_at, components, with_whom in rows:
        out[episode_id].contacts.append(
            ContactFact(
                cti.local_date(occurred_at, zones[episode_id]),
                author_id,
                bool(components & cti_bit),
                with_whom in COLLATERAL,
                bool(components & vocational_bit),
            )
        )


def _sessions(zones: dict[int, ZoneInfo], out: dict[int, EpisodeFacts]) -> None:
    rows = (
        Attendance.objects.filter(
            episode_id__in=list(zones),
            status__in=COMPLETED,
            group_session__curriculum__program_id=F("episode__program_id"),
        )
        .order_by("group_session__occurred_at", "pk")
        .values_list(
            "episode_id",
            "group_session__occurred_at",
            "group_session__curriculum__kind",
            "group_session__session_number",
        )
    )
    for episode_id, occurred_at, kind, number in rows:
        day = cti.local_date(occurred_at, zones[episode_id])
        out[episode_id].sessions.append(SessionFact(day, kind, number))


def _referrals(out: dict[int, EpisodeFacts]) -> None:
    rows = (
        Referral.objects.filter(episode_id__in=list(out))
        .order_by("referred_on", "pk")
        .values_list("episode_id", "referred_on", "first_attended_on")
    )
    for episode_id, referred_on, attended_on in rows:
        out[episode_id].referred.append(referred_on)
        if attended_on is not None:
            out[episode_id].attended.append(attended_on)


def load_facts(episodes: Sequence[Episode]) -> dict[int, EpisodeFacts]:
    """Facts of each enrolled episode by primary key (five queries). Pass episodes with
    `program` loaded; the caller decides whether the rows may be shown by name."""
    enrolled = [e for e in episodes if e.enrolled_date is not None]
    if not enrolled:
        return {}
    moves = moves_by_episode(e.pk for e in enrolled)
    totals = session_totals({e.program_id for e in enrolled})
    out = {
        e.pk: EpisodeFacts(
            episode=e,
            phases=cti.episode_phases(e, moves.get(e.pk, [])),
            totals={
                str(kind): totals.get((e.program_id, kind), default)
                for kind, default in DEFAULT_TOTALS.items()
            },
        )
        for e in enrolled
    }
    by_program = {e.program_id: e.program.zone for e in enrolled}
    zones: dict[int, ZoneInfo] = {e.pk: by_program[e.program_id] for e in enrolled}
    _contacts(zones, out)
    _sessions(zones, out)
    _referrals(out)
    return out


# --- weeks --------------------------------------------------------------------------------------


def _bucket(days: Iterable[dt.date], first: dt.date, last: dt.date) -> dict[dt.date, list[dt.date]]:
    out: dict[dt.date, list[dt.date]] = defaultdict(list)
    for day in days:
        if first <= day <= last:
            out[monday(day)].append(day)
    return out


def _week_counts(facts: EpisodeFacts, first: dt.date, last: dt.date) -> dict[dt.date, Counts]:
    by_week: dict[dt.date, Counts] = defaultdict(Counts)
    for c in facts.contacts:
        if first <= c.day <= last:
            counts = by_week[monday(c.day)]
            counts.cti += c.cti
            counts.collateral += c.collateral
            counts.vocational += c.vocational
    for s in facts.sessions:
        if first <= s.day <= last:
            counts = by_week[monday(s.day)]
            setattr(counts, s.kind, getattr(counts, s.kind) + 1)
    for week, days in _bucket(facts.referred, first, last).items():
        by_week[week].linkage_made += len(days)
    for week, days in _bucket(facts.attended, first, last).items():
        by_week[week].linkage_completed += len(days)
    return by_week


def weekly_rows(facts: EpisodeFacts, through: dt.date) -> list[WeekRow]:
    """One row per week from enrollment to the last day (discharge or `through`)."""
    bounds = span(facts.episode, through)
    if bounds is None:
        return []
    first, last = bounds
    by_week = _week_counts(facts, first, last)
    cti_days = sorted(c.day for c in facts.contacts if c.cti and first <= c.day <= last)
    rows = []
    week = monday(first)
    while week <= last:
        end = min(week + dt.timedelta(days=6), last)
        phase = cti.phase_on(facts.phases, max(week, first))
        met = None
        if phase is not None:
            since = end - dt.timedelta(days=phase.contact_every_days - 1)
            at = bisect_left(cti_days, since)  # the first CTI day on or after `since`
            met = at < len(cti_days) and cti_days[at] <= end
        rows.append(
            WeekRow(
                start=week,
                end=end,
                phase=phase.number if phase else None,
                every_days=phase.contact_every_days if phase else None,
                cti_met=met,
                counts=by_week.get(week, Counts()),
            )
        )
        week += dt.timedelta(days=7)
    return rows


def phase_totals(rows: Iterable[WeekRow]) -> list[PhaseTotal]:
    """Totals by the phase each week is labelled with, in phase order (after CTI last)."""
    out: dict[int | None, PhaseTotal] = {}
    for row in rows:
        total = out.setdefault(row.phase, PhaseTotal(row.phase))
        total.weeks += 1
        if row.cti_met is not None:
            total.target_weeks += 1
            total.met_weeks += row.cti_met
        total.counts.add(row.counts)
    return [out[key] for key in sorted(out, key=lambda p: p if p is not None else 99)]


def in_range(rows: Iterable[WeekRow], start: dt.date | None, end: dt.date | None) -> list[WeekRow]:
    """Weeks whose Monday falls in the range's weeks (a range day picks its whole week)."""
    low = monday(start) if start else None
    return [r for r in rows if (low is None or r.start >= low) and (end is None or r.start <= end)]
