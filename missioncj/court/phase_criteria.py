"""Is a participant ready to leave their court phase? Each of the phase's criteria is met, not
met, or not a criterion (its threshold is 0 or it lists no tasks), with the figures in words.

Rules (the same on every page, the API and the work queue):
- Time in phase: days since entering the current phase (the day of entry is day 0), counted
  from the latest move, so a demotion starts the count again.
- Clean time: consecutive clean days from `court.sobriety` over the episode's tests, counted
  from enrollment; a positive, missed, refused or invalid test restarts it. With no test result
  on record, clean time is unknown and the criterion is not met.
- Group attendance: sessions attended (present or make-up) ÷ sessions recorded (attended or
  absent; excused left out) since entering the phase. No sessions recorded: not met.
- No sanctions: days since the last sanction decided, or since enrollment if there was none.
- Tasks: every task the phase lists is recorded as done for this phase.

`evaluate` is the pure arithmetic; `phase_statuses` loads everything for any number of episodes
in a constant number of queries (six)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from missioncj.care.attendance import attendance_between
from missioncj.court.models import CourtPhase, CourtResponse, DrugTest, PhaseMove, PhaseTask
from missioncj.court.sobriety import sobriety
from missioncj.participants.models import Episode

MET = "met"
NOT_MET = "not_met"
NOT_A_CRITERION = "not_a_criterion"
STATUS_WORDS = {MET: "Met", NOT_MET: "Not met", NOT_A_CRITERION: "Not a criterion"}


@dataclass(frozen=True)
class Criterion:
    key: str  # days, clean, attendance, sanctions, tasks
    label: str
    status: str
    figures: str

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def counts(self) -> bool:
        return self.status != NOT_A_CRITERION

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def sentence(self) -> str:
        return f"{self.label}: {self.figures}"


@dataclass(frozen=True)
class PhaseStatus:
    phase: Any  # a CourtPhase (or anything with its criteria fields)
    entered_on: dt.date
    today: dt.date
    criteria: list[Criterion]
    next_number: int | None = None  # None: the last phase
    move: Any = None  # the move that entered the phase
    phases: list[Any] = field(default_factory=list)  # the court's phases, in order

    @property
    def days_in_phase(self) -> int:
        return (self.today - self.entered_on).days

    @property
    def ready(self) -> bool:
        return all(c.met for c in self.criteria if c.counts)

    @property
    def unmet(self) -> list[Criterion]:
        return [c for c in self.criteria if c.counts and not c.met]

    @property
    def is_last(self) -> bool:
        return self.next_number is None


@dataclass(frozen=True)
class ResultRow:
    local_date: dt.date
    outcome: str


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _days(days: int, needed: int, what: str) -> Criterion:
    label = {"days": "Time in phase", "clean": "Clean time", "sanctions": "No sanctions"}[what]
    noun = {"days": "days in the phase", "clean": "clean days"}.get(what, "days without a sanction")
    if needed <= 0:
        return Criterion(what, label, NOT_A_CRITERION, f"{days} {noun}")
    if days >= needed:
        return Criterion(what, label, MET, f"{days} {noun} ({needed} needed)")
    return Criterion(what, label, NOT_MET, f"{days} of {needed} {noun}")


def _clean(phase: Any, tests: list[Any], enrolled_on: dt.date, today: dt.date) -> Criterion:
    needed = phase.negative_days
    result = sobriety(tests, enrolled_on, today)
    if result.tests == 0:
        status = NOT_MET if needed > 0 else NOT_A_CRITERION
        need = f" ({needed} clean days needed)" if needed > 0 else ""
        return Criterion("clean", "Clean time", status, f"no test results yet{need}")
    item = _days(result.clean_days, needed, "clean")
    if result.last_positive is not None:
        since = f"; last positive, missed or refused test {_fmt(result.last_positive)}"
        return Criterion(item.key, item.label, item.status, item.figures + since)
    return item


def _attendance(phase: Any, attended: int, recorded: int) -> Criterion:
    needed = phase.attendance_percent
    label = "Group attendance"
    if recorded == 0:
        status = NOT_MET if needed > 0 else NOT_A_CRITERION
        need = f" ({needed}% needed)" if needed > 0 else ""
        figures = f"no group sessions recorded in the phase{need}"
        return Criterion("attendance", label, status, figures)
    percent = attended * 100 // recorded
    share = f"{percent}% of group sessions attended ({attended} of {recorded}"
    if needed <= 0:
        return Criterion("attendance", label, NOT_A_CRITERION, share + ")")
    status = MET if attended * 100 >= needed * recorded else NOT_MET
    return Criterion("attendance", label, status, f"{share}; {needed}% needed)")


def _sanctions(
    phase: Any, last_sanction: dt.date | None, enrolled_on: dt.date, today: dt.date
) -> Criterion:
    since = last_sanction if last_sanction is not None else enrolled_on
    item = _days((today - since).days, phase.no_sanctions_days, "sanctions")
    where = (
        f"; last sanction {_fmt(last_sanction)}"
        if last_sanction is not None
        else "; none since enrollment"
    )
    return Criterion(item.key, item.label, item.status, item.figures + where)


def _tasks(phase: Any, done: Iterable[str]) -> Criterion:
    listed = list(phase.tasks or [])
    if not listed:
        return Criterion("tasks", "Tasks", NOT_A_CRITERION, "no tasks listed for this phase")
    finished = {t.casefold() for t in done}
    missing = [t for t in listed if t.casefold() not in finished]
    figures = f"{len(listed) - len(missing)} of {len(listed)} tasks done"
    if missing:
        return Criterion("tasks", "Tasks", NOT_MET, f"{figures}; still to do: {', '.join(missing)}")
    return Criterion("tasks", "Tasks", MET, figures)


def evaluate(
    *,
    phase: Any,
    entered_on: dt.date,
    enrolled_on: dt.date,
    today: dt.date,
    tests: Iterable[Any] = (),
    attended: int = 0,
    recorded: int = 0,
    last_sanction: dt.date | None = None,
    tasks_done: Iterable[str] = (),
    next_number: int | None = None,
    move: Any = None,
    phases: Sequence[Any] = (),
) -> PhaseStatus:
    """The criteria of `phase` on `today` (pure: every figure is passed in)."""
    criteria = [
        _days((today - entered_on).days, phase.min_days, "days"),
        _clean(phase, [t for t in tests if t.local_date <= today], enrolled_on, today),
        _attendance(phase, attended, recorded),
        _sanctions(
            phase,
            last_sanction if last_sanction is not None and last_sanction <= today else None,
            enrolled_on,
            today,
        ),
        _tasks(phase, tasks_done),
    ]
    return PhaseStatus(phase, entered_on, today, criteria, next_number, move, list(phases))


# --- loading -------------------------------------------------------------------------------------


def latest_moves(episode_ids: Iterable[int]) -> dict[int, PhaseMove]:
    """episode pk → the move that put it in its current phase (one query, reading only each
    episode's newest move rather than its whole history)."""
    newest = (
        PhaseMove.objects.filter(episode_id=OuterRef("episode_id"))
        .order_by("-on", "-pk")
        .values("pk")[:1]
    )
    rows = (
        PhaseMove.objects.filter(episode_id__in=list(episode_ids), pk=Subquery(newest))
        .select_related("phase__court")
        .order_by()
    )
    return {move.episode_id: move for move in rows}


def phase_statuses(
    episodes: Sequence[Episode], now: dt.datetime | None = None, on: dt.date | None = None
) -> dict[int, PhaseStatus]:
    """Status of every episode that has entered a court phase, by episode pk. Pass episodes
    with `program` loaded; `on` evaluates every episode on that local date instead of today."""
    moves = latest_moves(e.pk for e in episodes)
    started = [e for e in episodes if e.pk in moves and e.enrolled_date is not None]
    if not started:
        return {}
    now = now or timezone.now()
    days = {e.pk: on or now.astimezone(e.program.zone).date() for e in started}
    ids = list(days)
    courts = {moves[pk].phase.court_id for pk in ids}
    by_court: dict[int, list[CourtPhase]] = defaultdict(list)
    for item in CourtPhase.objects.filter(court_id__in=courts).order_by("number"):
        by_court[item.court_id].append(item)
    tests: dict[int, list[ResultRow]] = defaultdict(list)
    for episode_id, local_date, outcome in DrugTest.objects.filter(episode_id__in=ids).values_list(
        "episode_id", "local_date", "outcome"
    ):
        tests[episode_id].append(ResultRow(local_date, outcome))
    windows = {pk: (moves[pk].on, days[pk]) for pk in ids}
    tallies = attendance_between(windows, {e.pk: e.program.zone for e in started})
    sanctions: dict[int, list[dt.date]] = defaultdict(list)
    for episode_id, decided_on in CourtResponse.objects.filter(
        episode_id__in=ids, kind="sanction"
    ).values_list("episode_id", "decided_on"):
        sanctions[episode_id].append(decided_on)
    done: dict[tuple[int, int], list[str]] = defaultdict(list)
    for episode_id, phase_id, task, done_on in PhaseTask.objects.filter(
        episode_id__in=ids
    ).values_list("episode_id", "phase_id", "task", "done_on"):
        if done_on <= days[episode_id]:
            done[(episode_id, phase_id)].append(task)
    out: dict[int, PhaseStatus] = {}
    for episode in started:
        move, today = moves[episode.pk], days[episode.pk]
        court_phases = by_court[move.phase.court_id]
        later = [p.number for p in court_phases if p.number > move.phase.number]
        past = [d for d in sanctions[episode.pk] if d <= today]
        tally = tallies[episode.pk]
        assert episode.enrolled_date is not None
        out[episode.pk] = evaluate(
            phase=move.phase,
            entered_on=move.on,
            enrolled_on=episode.enrolled_date,
            today=today,
            tests=tests[episode.pk],
            attended=tally.attended,
            recorded=tally.recorded,
            last_sanction=max(past) if past else None,
            tasks_done=done[(episode.pk, move.phase_id)],
            next_number=min(later) if later else None,
            move=move,
            phases=court_phases,
        )
    return out


def phase_status(
    episode: Episode, now: dt.datetime | None = None, on: dt.date | None = None
) -> PhaseStatus | None:
    return phase_statuses([episode], now, on).get(episode.pk)
