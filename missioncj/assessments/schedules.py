"""Schedules and windows: which timepoints each enrolled episode owes, when, in what state, and
the follow-up rate (completed in window ÷ due).

A timepoint's dates are calendar months plus days from its anchor (enrollment, the completed
baseline, or discharge): `add_months` clamps to the month end, so a window from 31 August opens
on 28 or 29 February, and a leap day plus 12 months is 28 February. A repeating timepoint (an
annual) adds `repeat_months` per occurrence to the anchor, never to the previous date, so it
never drifts.

An occurrence is **completed** when, for every instrument of the timepoint, a completed
(effective, i.e. not corrected) administration in the same episode falls inside the window and
carries the timepoint's preset answers (e.g. interview type 2). Each administration counts for
one occurrence per schedule, the earliest window first. Otherwise, on a given day it is:

- `upcoming`  more than `lead_days` before the window opens;
- `due_soon`  the window opens within `lead_days` (time to find the person);
- `open`      the window is open and the due date not passed;
- `overdue`   past the due date, window still open;
- `missed`    the window closed without it;
- `waiting`   the anchor is not known yet (no baseline, not discharged).

Occurrences whose window would open after the episode closed are not owed when the timepoint
`ends_at_discharge`, and never when the person died.

Everything is computed in a constant number of queries for any number of episodes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from missioncj.assessments.models import (
    Administration,
    AdministrationStatus,
    Anchor,
    Instrument,
    Schedule,
    Timepoint,
)
from missioncj.care.cti import add_months, local_date
from missioncj.participants.models import DischargeReason, Episode, EpisodeStatus

STATE_LABELS = {
    "upcoming": "Upcoming",
    "due_soon": "Due soon",
    "open": "Open",
    "overdue": "Overdue",
    "missed": "Missed",
    "completed": "Completed",
    "waiting": "Waiting",
}
ON_QUEUE = ("due_soon", "open", "overdue", "missed")
MISSED_SHOWN_DAYS = 14  # a missed window stays on the work queue this long after it closes
MAX_REPEATS = 60


@dataclass(frozen=True)
class Window:
    opens: dt.date
    due: dt.date
    closes: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.opens <= day <= self.closes


def offset(anchor: dt.date, months: int, days: int) -> dt.date:
    return add_months(anchor, months) + dt.timedelta(days=days)


def window_for(timepoint: Timepoint, anchor: dt.date, number: int = 1) -> Window:
    extra = (timepoint.repeat_months or 0) * (number - 1)
    return Window(
        offset(anchor, timepoint.opens_months + extra, timepoint.opens_days),
        offset(anchor, timepoint.due_months + extra, timepoint.due_days),
        offset(anchor, timepoint.closes_months + extra, timepoint.closes_days),
    )


def window_problems(timepoint: Timepoint) -> list[str]:
    """A window must open on or before its due date and close on or after it, whatever the
    anchor (checked on anchors at month ends and around a leap day)."""
    for anchor in (dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2023, 3, 1)):
        window = window_for(timepoint, anchor)
        if window.opens > window.due:
            return ["The window must open on or before the due date."]
        if window.closes < window.due:
            return ["The window must close on or after the due date."]
    return []


def state_on(window: Window, completed_on: dt.date | None, today: dt.date, lead_days: int) -> str:
    if completed_on is not None:
        return "completed"
    if today > window.closes:
        return "missed"
    if today > window.due:
        return "overdue"
    if today >= window.opens:
        return "open"
    if today >= window.opens - dt.timedelta(days=lead_days):
        return "due_soon"
    return "upcoming"


@dataclass(frozen=True)
class Given:
    """The part of a completed administration a schedule needs. The answers come as JSON text
    and are parsed only when a timepoint's preset asks about them (most never do)."""

    pk: int
    public_id: Any
    instrument_id: int
    on: dt.date
    answers: str | None = field(default=None, repr=False)

    @cached_property
    def responses(self) -> dict[str, Any]:
        return json.loads(self.answers) if self.answers else {}


@dataclass
class Occurrence:
    episode: Episode
    schedule: Schedule
    timepoint: Timepoint
    number: int
    window: Window | None
    state: str
    today: dt.date
    done: dict[int, Given] = field(default_factory=dict)  # instrument pk → administration

    @property
    def label(self) -> str:
        if self.timepoint.repeat_months and self.number > 1:
            return f"{self.timepoint.label} ({self.number})"
        return self.timepoint.label

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def instruments(self) -> list[Instrument]:
        return list(self.timepoint.instruments.all())

    @property
    def missing(self) -> list[Instrument]:
        return [i for i in self.instruments if i.pk not in self.done]

    @property
    def completed_on(self) -> dt.date | None:
        if self.state != "completed":
            return None
        return max(g.on for g in self.done.values())

    @property
    def counts_for_rate(self) -> bool:
        """In the follow-up rate's denominator: a follow-up completed, or whose window closed."""
        return (
            self.timepoint.follow_up
            and self.window is not None
            and (self.state == "completed" or self.today > self.window.closes)
        )

    @property
    def on_queue(self) -> bool:
        if self.state not in ON_QUEUE or self.window is None:
            return False
        if self.state == "missed":
            return (self.today - self.window.closes).days <= MISSED_SHOWN_DAYS
        return True


def _matches(given: Given, preset: dict[str, Any], item_ids: set[str]) -> bool:
    # With no preset, all() sees no items and the answers are never parsed.
    return all(given.responses.get(k) == v for k, v in preset.items() if k in item_ids)


def _anchor_date(
    anchor: str, episode: Episode, baseline_done: dt.date | None, has_baseline: bool
) -> dt.date | None:
    if anchor == Anchor.DISCHARGE:
        closed = episode.status == EpisodeStatus.DISCHARGED and episode.closed_date
        return episode.closed_date if closed else None
    if anchor == Anchor.BASELINE and has_baseline:
        return baseline_done
    return episode.enrolled_date


def _owed(timepoint: Timepoint, window: Window, episode: Episode) -> bool:
    if episode.closed_date is None or timepoint.anchor == Anchor.DISCHARGE:
        return True
    if window.opens <= episode.closed_date:
        return True
    return not (timepoint.ends_at_discharge or episode.discharge_reason == DischargeReason.DECEASED)


@dataclass(frozen=True)
class Plan:
    """A schedule's timepoints in the order occurrences are worked out (the ones anchored on
    the baseline after the baseline, discharge last), each with its instruments; built once
    per schedule, not once per episode."""

    schedule: Schedule
    steps: list[tuple[Timepoint, list[Instrument]]]
    has_baseline: bool

    @classmethod
    def of(cls, schedule: Schedule) -> Plan:
        timepoints = list(schedule.timepoints.all())
        rank: dict[str, int] = {Anchor.ENROLLMENT: 0, Anchor.BASELINE: 1, Anchor.DISCHARGE: 2}
        ordered = sorted(timepoints, key=lambda t: (rank.get(t.anchor, 0), t.order, t.pk))
        return cls(
            schedule,
            [(t, list(t.instruments.all())) for t in ordered],
            any(t.code == "baseline" for t in timepoints),
        )


def occurrences_for(
    episode: Episode,
    plan: Plan,
    given: Sequence[Given],
    today: dt.date,
    item_ids: dict[int, set[str]],
) -> list[Occurrence]:
    """The plan's schedule's occurrences for one enrolled episode (timepoints in order; the
    ones anchored on the baseline after the baseline, discharge last)."""
    schedule = plan.schedule
    has_baseline = plan.has_baseline
    used: set[int] = set()
    baseline_done: dt.date | None = None
    out: list[Occurrence] = []
    by_instrument: dict[int, list[Given]] = defaultdict(list)
    for g in sorted(given, key=lambda g: (g.on, g.pk)):
        by_instrument[g.instrument_id].append(g)
    for timepoint, instruments in plan.steps:
        if not instruments:
            continue
        anchor = _anchor_date(timepoint.anchor, episode, baseline_done, has_baseline)
        if anchor is None:
            out.append(Occurrence(episode, schedule, timepoint, 1, None, "waiting", today))
            continue
        for number in range(1, MAX_REPEATS + 1):
            window = window_for(timepoint, anchor, number)
            if not _owed(timepoint, window, episode):
                break
            done: dict[int, Given] = {}
            for instrument in instruments:
                for g in by_instrument.get(instrument.pk, []):
                    if g.pk in used or g.on not in window or g.on > today:
                        continue
                    if _matches(g, timepoint.preset, item_ids.get(instrument.pk, set())):
                        done[instrument.pk] = g
                        break
            complete = len(done) == len(instruments)
            if complete:
                used.update(g.pk for g in done.values())
            completed_on = max(g.on for g in done.values()) if complete else None
            state = state_on(window, completed_on, today, schedule.lead_days)
            out.append(Occurrence(episode, schedule, timepoint, number, window, state, today, done))
            if timepoint.code == "baseline" and number == 1:
                baseline_done = completed_on
            if not timepoint.repeat_months or state == "upcoming":
                break
    return out


def _schedules_by_program(program_ids: Iterable[int]) -> dict[int, list[Schedule]]:
    timepoints = Timepoint.objects.order_by("order", "pk").prefetch_related(
        Prefetch("instruments", queryset=Instrument.objects.order_by("order", "code"))
    )
    rows = (
        Schedule.objects.filter(program_id__in=set(program_ids), active=True)
        .order_by("name", "pk")
        .prefetch_related(Prefetch("timepoints", queryset=timepoints))
    )
    out: dict[int, list[Schedule]] = defaultdict(list)
    for schedule in rows:
        out[schedule.program_id].append(schedule)
    return out


def _given_by_episode(episode_ids: list[int], instrument_ids: set[int]) -> dict[int, list[Given]]:
    rows = list(
        Administration.objects.filter(
            episode_id__in=episode_ids,
            status=AdministrationStatus.COMPLETED,
            instrument_version__instrument_id__in=instrument_ids,
        )
        .order_by()
        .annotate(answers=Cast("responses", output_field=TextField()))
        .values_list(
            "pk",
            "public_id",
            "episode_id",
            "instrument_version__instrument_id",
            "administered_on",
            "answers",
            "corrects_id",
        )
    )
    replaced = {r[6] for r in rows if r[6]}
    out: dict[int, list[Given]] = defaultdict(list)
    for pk, public_id, episode_id, instrument_id, on, answers, _ in rows:
        if pk not in replaced:
            out[episode_id].append(Given(pk, public_id, instrument_id, on, answers))
    return out


def _item_ids(schedules: Iterable[Schedule]) -> dict[int, set[str]]:
    """Instrument pk → item ids of its current version (presets only bind items it has)."""
    from missioncj.assessments.models import InstrumentVersion

    ids = {i.pk for s in schedules for t in s.timepoints.all() for i in t.instruments.all()}
    out: dict[int, set[str]] = {}
    # The definition comes as text and is parsed only the first time its digest is seen: the
    # same definition always has the same items (and the query count stays the same).
    for instrument_id, digest, text in (
        InstrumentVersion.objects.filter(instrument_id__in=ids, is_current=True)
        .annotate(text=Cast("definition", output_field=TextField()))
        .values_list("instrument_id", "digest", "text")
    ):
        items = _ITEMS_BY_DIGEST.get(digest)
        if items is None:
            definition = json.loads(text)
            items = frozenset(item["id"] for item in definition.get("items", []))
            _ITEMS_BY_DIGEST[digest] = items
        out[instrument_id] = set(items)
    return out


_ITEMS_BY_DIGEST: dict[str, frozenset[str]] = {}


def occurrences(
    episodes: Sequence[Episode], now: dt.datetime | None = None
) -> dict[int, list[Occurrence]]:
    """Episode pk → its occurrences across the program's active schedules, for enrolled (or
    discharged after enrollment) episodes; `program` must be loaded on each episode."""
    now = now or timezone.now()
    enrolled = [e for e in episodes if e.enrolled_date is not None]
    if not enrolled:
        return {}
    schedules = _schedules_by_program(e.program_id for e in enrolled)
    all_schedules = [s for rows in schedules.values() for s in rows]
    if not all_schedules:
        return {}
    instrument_ids = {
        i.pk for s in all_schedules for t in s.timepoints.all() for i in t.instruments.all()
    }
    item_ids = _item_ids(all_schedules)
    given = _given_by_episode([e.pk for e in enrolled], instrument_ids)
    plans = {program: [Plan.of(s) for s in rows] for program, rows in schedules.items()}
    todays = {e.program_id: local_date(now, e.program.zone) for e in enrolled}
    out: dict[int, list[Occurrence]] = {}
    for episode in enrolled:
        today = todays[episode.program_id]
        out[episode.pk] = [
            occurrence
            for plan in plans.get(episode.program_id, [])
            for occurrence in occurrences_for(episode, plan, given[episode.pk], today, item_ids)
        ]
    return out


@dataclass(frozen=True)
class Rate:
    """Follow-up rate: follow-ups completed in window ÷ follow-ups due (completed, or window
    closed), against the funder's target."""

    label: str
    due: int
    completed: int
    target: Decimal

    @property
    def rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(self.completed) / Decimal(self.due)).quantize(Decimal("0.001"))

    @property
    def percent(self) -> str:
        rate = self.rate
        return "n/a" if rate is None else f"{rate * 100:.1f}%"

    @property
    def met(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= self.target


def follow_up_rates(schedule: Schedule, rows: Iterable[Occurrence]) -> tuple[Rate, list[Rate]]:
    """The schedule's overall rate and one per follow-up timepoint (in the schedule's order)."""
    counted = [o for o in rows if o.schedule.pk == schedule.pk and o.counts_for_rate]
    target = Decimal(schedule.target_rate)
    per: list[Rate] = []
    for timepoint in schedule.timepoints.all():
        if not timepoint.follow_up:
            continue
        mine = [o for o in counted if o.timepoint.pk == timepoint.pk]
        done = sum(1 for o in mine if o.state == "completed")
        per.append(Rate(timepoint.label, len(mine), done, target))
    overall = Rate(
        schedule.name, len(counted), sum(1 for o in counted if o.state == "completed"), target
    )
    return overall, per


@dataclass(frozen=True)
class FollowUpReport:
    rates: list[tuple[Schedule, Rate, list[Rate]]]  # (schedule, overall, per timepoint)
    coming: list[Occurrence]  # due soon, open or overdue, for open episodes; soonest close first
    missed: list[Occurrence]  # missed follow-ups, most recent first


def follow_up_report(program: Any, now: dt.datetime | None = None, *, user: Any) -> FollowUpReport:
    """Every enrolled (or discharged after enrollment) episode of the program that `user` may
    see (the read choke point: a restricted record is neither listed nor counted for those
    off its team), all the program's active schedules: rates, who is coming due, what was
    missed."""
    episodes = list(
        Episode.objects.visible_to(user)
        .filter(program=program, enrolled_date__isnull=False)
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    rows = [o for found in occurrences(episodes, now).values() for o in found]
    active = list(
        Schedule.objects.filter(program=program, active=True)
        .order_by("name")
        .prefetch_related(Prefetch("timepoints", queryset=Timepoint.objects.order_by("order")))
    )
    rates = [(s, *follow_up_rates(s, rows)) for s in active]
    coming = sorted(
        (o for o in rows if o.state in ("due_soon", "open", "overdue") and o.episode.is_open),
        key=lambda o: (o.window.closes if o.window else o.today, o.episode.participant.last_name),
    )
    missed = sorted(
        (o for o in rows if o.state == "missed" and o.timepoint.follow_up and o.window),
        key=lambda o: o.window.closes if o.window else o.today,
        reverse=True,
    )
    return FollowUpReport(rates, coming, missed)
