"""Outcomes at timepoints: baseline, 6 months, 12 months and discharge on the measures the
published MISSION-CJ studies used, with the paired change from baseline (timepoint_stats).

Where each measure lives is data (MEASURES): a list of sources tried in order, the first one
giving a value at *both* ends of a pair is used, so a pair never mixes sources. Correct the
table, not the code.

Which administration is a participant's value at a timepoint (per instrument, per episode):
1. the administration that satisfied a **schedule occurrence** (assessments.schedules) whose
   due date is at that timepoint: due 0-45 days after enrollment is baseline, 135-225 days is
   6 months, 300-430 days is 12 months; a timepoint anchored on discharge is discharge;
2. otherwise the completed administration (not replaced by a correction, not used by another
   schedule occurrence) **nearest** to enrollment + 0 / 6 / 12 months within WINDOWS (from one
   month before to one month after enrollment for baseline; from one month before to two
   months after the 6- and 12-month anniversaries), the earlier one on a tie;
3. discharge (for a discharged episode): the latest one on or after the discharge day.

Values derived from outcome events (nights incarcerated, arrests, when no interview gives
them) count the 30 days before the timepoint's day: the enrollment day for baseline, the day
of the earliest administration placed at 6 or 12 months (none: no value), the discharge day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from missioncj.assessments.models import Administration, AdministrationStatus, Anchor
from missioncj.assessments.schedules import occurrences
from missioncj.care.cti import add_months
from missioncj.core.routers import reads_replica
from missioncj.outcomes.models import OutcomeEvent, OutcomeKind
from missioncj.outcomes.services import settings_for
from missioncj.outcomes.timepoint_stats import Paired, paired_mean, paired_share
from missioncj.participants.models import Episode, EpisodeStatus

SLOTS = ("baseline", "m6", "m12", "discharge")
FOLLOW_UPS = ("m6", "m12", "discharge")
SLOT_LABELS = {
    "baseline": "Baseline",
    "m6": "6 months",
    "m12": "12 months",
    "discharge": "Discharge",
}
NOMINAL_MONTHS = {"baseline": 0, "m6": 6, "m12": 12}
WINDOWS = {"baseline": (-1, 1), "m6": (-1, 2), "m12": (-1, 2)}  # months around the nominal day
SCHEDULE_DUE_DAYS = {"baseline": (0, 45), "m6": (135, 225), "m12": (300, 430)}
EVENT_DAYS = 30  # events in the 30 days before the timepoint's day


@dataclass(frozen=True)
class Source:
    instrument: str  # instrument code, or "events"
    part: str  # "total", "subscale", "item" or (events) "nights" / "arrests"
    key: str = ""  # subscale code or item id
    yes: tuple[int, ...] = ()  # item values that mean yes (yes/no measures)

    @property
    def label(self) -> str:
        if self.instrument == "events":
            return f"outcome events ({self.part}, {EVENT_DAYS} days before)"
        return f"{self.instrument} {self.key or self.part}"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    sources: tuple[Source, ...]
    yes_no: bool = False
    lower_is_better: bool = True


def _interviews(item: str, *, events: str = "", yes: tuple[int, ...] = ()) -> tuple[Source, ...]:
    found = (Source("gpra", "item", item, yes), Source("suprt_c", "item", item, yes))
    return (*found, Source("events", events)) if events else found


EMPLOYED = (1, 2)  # employed full or part time
HOUSED = (1, 2)  # own or rented home, or someone else's home
MEASURES: tuple[Measure, ...] = (
    Measure("nights_incarcerated", "Nights incarcerated (past 30 days)",
            _interviews("jail_nights", events="nights")),
    Measure("arrests", "Arrests (past 30 days)", _interviews("arrests", events="arrests")),
    Measure("alcohol_days", "Days of alcohol use (past 30 days)", _interviews("alcohol_days")),
    Measure("drug_days", "Days of illegal drug use (past 30 days)", _interviews("drug_days")),
    Measure("opioid_days", "Days of opioid use (past 30 days)", _interviews("opioid_days")),
    Measure("employed", "Employed (full or part time)",
            _interviews("employment", yes=EMPLOYED), yes_no=True, lower_is_better=False),
    Measure("stably_housed", "Stably housed (own, rented or someone else's home)",
            (Source("gpra", "item", "housing", HOUSED),
             Source("suprt_c", "item", "housing_type", HOUSED)),
            yes_no=True, lower_is_better=False),
    Measure("phq9", "PHQ-9 total (depression, 0-27)", (Source("phq9", "total"),)),
    Measure("gad7", "GAD-7 total (anxiety, 0-21)", (Source("gad7", "total"),)),
    Measure("pcl5", "PCL-5 total (PTSD symptoms, 0-80)", (Source("pcl5", "total"),)),
    Measure("bam_use", "BAM use (0-12)", (Source("bam", "subscale", "use"),)),
    Measure("bam_risk", "BAM risk factors (0-24)", (Source("bam", "subscale", "risk"),)),
    Measure("bam_protective", "BAM protective factors (0-24)",
            (Source("bam", "subscale", "protective"),), lower_is_better=False),
    Measure("barc10", "BARC-10 total (recovery capital, 10-60)", (Source("barc10", "total"),),
            lower_is_better=False),
)  # fmt: skip
INSTRUMENTS = sorted({s.instrument for m in MEASURES for s in m.sources} - {"events"})


@dataclass(frozen=True)
class Given:
    pk: int
    code: str
    on: dt.date
    responses: dict[str, Any]
    scores: dict[str, Any]


@dataclass
class EpisodePoints:
    """What one episode has at each timepoint: an administration per instrument, and the day
    events are counted back from."""

    episode: Episode
    placed: dict[str, dict[str, Given]] = field(default_factory=lambda: defaultdict(dict))
    days: dict[str, dt.date] = field(default_factory=dict)


def slot_of_due(anchor: str, due: dt.date | None, enrolled: dt.date) -> str | None:
    """The timepoint a schedule occurrence stands for (None: not one reported here)."""
    if anchor == Anchor.DISCHARGE:
        return "discharge"
    if due is None:
        return None
    days = (due - enrolled).days
    for slot, (low, high) in SCHEDULE_DUE_DAYS.items():
        if low <= days <= high:
            return slot
    return None


def window(slot: str, enrolled: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(opens, nominal day, closes) of a timepoint for the nearest-administration rule."""
    months = NOMINAL_MONTHS[slot]
    low, high = WINDOWS[slot]
    return (
        add_months(enrolled, months + low),
        add_months(enrolled, months),
        add_months(enrolled, months + high),
    )


def nearest(given: Iterable[Given], slot: str, enrolled: dt.date) -> Given | None:
    opens, nominal, closes = window(slot, enrolled)
    inside = [g for g in given if opens <= g.on <= closes]
    if not inside:
        return None
    return min(inside, key=lambda g: (abs((g.on - nominal).days), g.on, g.pk))


def _given_by_episode(episode_ids: list[int]) -> dict[int, list[Given]]:
    """Effective completed administrations of the outcome instruments (a corrected one is
    replaced by its correction)."""
    rows = list(
        Administration.objects.filter(
            episode_id__in=episode_ids,
            status=AdministrationStatus.COMPLETED,
            instrument_version__instrument__code__in=INSTRUMENTS,
        )
        .order_by()
        .values_list(
            "pk",
            "episode_id",
            "instrument_version__instrument__code",
            "administered_on",
            "responses",
            "scores",
            "corrects_id",
        )
    )
    replaced = {r[6] for r in rows if r[6]}
    out: dict[int, list[Given]] = defaultdict(list)
    for pk, episode_id, code, on, responses, scores, _ in rows:
        if pk not in replaced:
            out[episode_id].append(Given(pk, code, on, responses or {}, scores or {}))
    return out


def place(episode: Episode, given: list[Given], found: list[Any]) -> EpisodePoints:
    """Every timepoint's administration per instrument for one episode (rules at the top)."""
    enrolled = episode.enrolled_date
    assert enrolled is not None
    points = EpisodePoints(episode)
    by_pk = {g.pk: g for g in given}
    used: set[int] = set()
    for occurrence in found:
        if occurrence.state != "completed":
            continue
        used.update(g.pk for g in occurrence.done.values())
        due = occurrence.window.due if occurrence.window else None
        slot = slot_of_due(occurrence.timepoint.anchor, due, enrolled)
        for done in occurrence.done.values():
            mine = by_pk.get(done.pk)
            if slot is not None and mine is not None:
                points.placed[slot].setdefault(mine.code, mine)
    free = [g for g in given if g.pk not in used]
    for code in INSTRUMENTS:
        own = [g for g in free if g.code == code]
        for slot in ("baseline", "m6", "m12"):
            if code not in points.placed[slot]:
                chosen = nearest(own, slot, enrolled)
                if chosen is not None:
                    points.placed[slot][code] = chosen
        closed = episode.closed_date if episode.status == EpisodeStatus.DISCHARGED else None
        if closed is not None and code not in points.placed["discharge"]:
            after = [g for g in given if g.code == code and g.on >= closed]
            if after:
                points.placed["discharge"][code] = max(after, key=lambda g: (g.on, g.pk))
    _set_days(points, enrolled)
    return points


def _set_days(points: EpisodePoints, enrolled: dt.date) -> None:
    points.days["baseline"] = enrolled
    for slot in ("m6", "m12"):
        found = points.placed.get(slot)
        if found:
            points.days[slot] = min(g.on for g in found.values())
    episode = points.episode
    if episode.status == EpisodeStatus.DISCHARGED and episode.closed_date:
        points.days["discharge"] = episode.closed_date


@dataclass(frozen=True)
class Stay:
    start: dt.date
    end: dt.date | None  # first day out (exclusive); None: still in


def event_facts(
    episodes: list[Episode],
) -> tuple[dict[int, list[dt.date]], dict[int, list[Stay]]]:
    """Participant pk → arrest days, and → incarcerations, from the episodes' current (not
    voided) outcome events."""
    arrests: dict[int, list[dt.date]] = defaultdict(list)
    stays: dict[int, list[Stay]] = defaultdict(list)
    rows = OutcomeEvent.objects.filter(
        episode__in=[e.pk for e in episodes],
        voided_at__isnull=True,
        kind__in=[OutcomeKind.ARREST, OutcomeKind.INCARCERATION],
    ).values_list("participant_id", "kind", "occurred_on", "ended_on", "nights")
    for participant_id, kind, start, ended, nights in rows:
        if kind == OutcomeKind.ARREST:
            arrests[participant_id].append(start)
            continue
        end = ended or (start + dt.timedelta(days=nights) if nights is not None else None)
        stays[participant_id].append(Stay(start, end))
    return arrests, stays


def arrests_before(days: list[dt.date], day: dt.date) -> int:
    """Arrests in the EVENT_DAYS days before `day` (the day itself not counted)."""
    first = day - dt.timedelta(days=EVENT_DAYS)
    return sum(1 for d in days if first <= d < day)


def nights_before(stays: list[Stay], day: dt.date) -> int:
    """Nights spent incarcerated in the EVENT_DAYS days before `day`: a night is counted on
    the date it starts, from the day in until the day before release; at most EVENT_DAYS."""
    first = day - dt.timedelta(days=EVENT_DAYS)
    nights: set[dt.date] = set()
    for stay in stays:
        start = max(stay.start, first)
        end = min(stay.end or day, day)
        nights.update(start + dt.timedelta(days=n) for n in range((end - start).days))
    return len(nights)


def value(
    source: Source,
    points: EpisodePoints,
    slot: str,
    facts: tuple[dict[int, list[dt.date]], dict[int, list[Stay]]],
) -> float | None:
    """The measure's value from one source at one timepoint (None: not known)."""
    if source.instrument == "events":
        day = points.days.get(slot)
        if day is None:
            return None
        person = points.episode.participant_id
        if source.part == "arrests":
            return float(arrests_before(facts[0].get(person, []), day))
        return float(nights_before(facts[1].get(person, []), day))
    given = points.placed.get(slot, {}).get(source.instrument)
    if given is None:
        return None
    if source.part == "total":
        found = given.scores.get("total")
    elif source.part == "subscale":
        subs = given.scores.get("subscales") or []
        found = next((s["score"] for s in subs if s.get("code") == source.key), None)
    else:
        found = given.responses.get(source.key)
    if not isinstance(found, int | float) or isinstance(found, bool):
        return None
    if source.yes:
        return 1.0 if int(found) in source.yes else 0.0
    return float(found)


@dataclass(frozen=True)
class Row:
    measure: Measure
    slot: str
    with_baseline: int  # episodes with a baseline value
    with_follow_up: int  # episodes with a value at this timepoint
    result: Paired
    sources: dict[str, int]  # source label → pairs from it
    threshold: int = 0  # small-cell threshold: figures about fewer people are not shown

    @property
    def slot_label(self) -> str:
        return SLOT_LABELS[self.slot]

    @property
    def hidden(self) -> bool:
        """Pairs from 1 to threshold - 1: the change would speak about a few people."""
        return 0 < self.result.n < self.threshold

    def _count(self, n: int) -> str:
        return f"fewer than {self.threshold}" if 0 < n < self.threshold else str(n)

    @property
    def baseline_count(self) -> str:
        return self._count(self.with_baseline)

    @property
    def follow_up_count(self) -> str:
        return self._count(self.with_follow_up)

    @property
    def pairs_count(self) -> str:
        return self._count(self.result.n)


def measure_row(
    measure: Measure,
    slot: str,
    everyone: list[EpisodePoints],
    facts: tuple[dict[int, list[dt.date]], dict[int, list[Stay]]],
) -> Row:
    pairs: list[tuple[float, float]] = []
    sources: dict[str, int] = defaultdict(int)
    with_baseline = with_follow_up = 0
    for points in everyone:
        found = [
            (value(s, points, "baseline", facts), value(s, points, slot, facts))
            for s in measure.sources
        ]
        with_baseline += any(b is not None for b, _ in found)
        with_follow_up += any(f is not None for _, f in found)
        for source, (before, after) in zip(measure.sources, found, strict=True):
            if before is not None and after is not None:
                pairs.append((before, after))
                sources[source.label] += 1
                break
    if measure.yes_no:
        result = paired_share([(b == 1.0, a == 1.0) for b, a in pairs])
    else:
        result = paired_mean(pairs)
    return Row(measure, slot, with_baseline, with_follow_up, result, dict(sources))


@dataclass(frozen=True)
class TimepointReport:
    program: Any
    episodes: int
    rows: list[Row]
    episode_ids: tuple[int, ...] = ()
    enrolled_from: dt.date | None = None
    enrolled_to: dt.date | None = None
    team: Any = None

    def by_slot(self) -> list[tuple[str, str, list[Row]]]:
        return [(s, SLOT_LABELS[s], [r for r in self.rows if r.slot == s]) for s in FOLLOW_UPS]


@reads_replica
def timepoint_report(
    episodes: Iterable[Episode],
    program: Any,
    *,
    enrolled_from: dt.date | None = None,
    enrolled_to: dt.date | None = None,
    team: Any = None,
    now: dt.datetime | None = None,
) -> TimepointReport:
    """Every measure at every follow-up timepoint over the enrolled episodes given (from
    `outcomes.access.program_episodes`: aggregates only, nobody named)."""
    rows = [e for e in episodes if e.enrolled_date is not None]
    rows = [e for e in rows if enrolled_from is None or e.enrolled_date >= enrolled_from]  # type: ignore[operator]
    rows = [e for e in rows if enrolled_to is None or e.enrolled_date <= enrolled_to]  # type: ignore[operator]
    rows = [e for e in rows if team is None or e.team_id == team.pk]
    given = _given_by_episode([e.pk for e in rows])
    found = occurrences(rows, now or timezone.now())
    everyone = [place(e, given.get(e.pk, []), found.get(e.pk, [])) for e in rows]
    facts = event_facts(rows)
    threshold = settings_for(program).small_cell_min
    out = [
        dataclasses.replace(measure_row(m, slot, everyone, facts), threshold=threshold)
        for slot in FOLLOW_UPS
        for m in MEASURES
    ]
    return TimepointReport(
        program, len(rows), out, tuple(e.pk for e in rows), enrolled_from, enrolled_to, team
    )
