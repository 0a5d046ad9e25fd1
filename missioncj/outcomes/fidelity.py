"""The program fidelity score: weighted criteria, each with a target, scored per episode.

The official MISSION-CJ Fidelity Measure's items and thresholds are not public, so the
criteria below are UNVERIFIED defaults chosen to follow what the model describes (CTI contact
intensity by phase, DRT 13 and peer 11 sessions, contacts with collaterals, vocational support,
linkage to community care before the hand-off). Each program may change weights and targets
or leave criteria out (`OutcomeSettings.fidelity_criteria`, checked by `check_criteria`).

Score (0 to 100, one decimal) = 100 · Σ weight · min(1, achieved / target) / Σ weight, over the
criteria that apply to the episode so far (a criterion with nothing to measure yet — no weeks
with a CTI target, no sessions expected, under 30 days enrolled, not yet in transfer of care —
is left out of both sums). High fidelity when the rounded score ≥
`OutcomeSettings.high_fidelity_percent`, as in the published drug-court pilot's high / low
split.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from missioncj.care.models import CurriculumKind
from missioncj.outcomes import fidelity_weeks as weeks
from missioncj.outcomes.services import settings_for
from missioncj.participants.models import Episode
from missioncj.programs.models import Program

HIGH, LOW = "high", "low"
MONTH_DAYS = 30


@dataclass(frozen=True)
class CriterionKind:
    key: str
    label: str
    unit: str  # what the target is measured in, in words
    low: float  # the target's allowed range (inclusive)
    high: float
    explain: str


KINDS: dict[str, CriterionKind] = {
    k.key: k
    for k in [
        CriterionKind(
            "cti_weeks_met",
            "CTI contact target met",
            "% of weeks",
            1,
            100,
            "Share of weeks with a CTI target in which the phase's contact target was met.",
        ),
        CriterionKind(
            "drt_sessions",
            "DRT sessions vs expected",
            "% of expected",
            1,
            100,
            "Distinct DRT sessions completed vs one a week since enrollment, up to x/13.",
        ),
        CriterionKind(
            "peer_sessions",
            "Peer sessions vs expected",
            "% of expected",
            1,
            100,
            "Distinct peer sessions completed vs one a week since enrollment, up to x/11.",
        ),
        CriterionKind(
            "collateral_monthly",
            "Collateral contacts per month",
            "contacts per 30 days",
            0.1,
            30,
            "Signed collateral contacts per 30 days enrolled (from 30 days on).",
        ),
        CriterionKind(
            "vocational_monthly",
            "Vocational contacts per month",
            "contacts per 30 days",
            0.1,
            30,
            "Signed contacts with the vocational component per 30 days enrolled (from 30 days).",
        ),
        CriterionKind(
            "linkage_by_transfer",
            "Linkage completed by transfer of care",
            "referrals attended",
            1,
            20,
            "Referrals first attended by the last day counted, once transfer of care began.",
        ),
    ]
}

# UNVERIFIED defaults (see the module docstring and docs/outcomes-fidelity.md).
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"key": "cti_weeks_met", "weight": 3, "target": 80},
    {"key": "drt_sessions", "weight": 2, "target": 75},
    {"key": "peer_sessions", "weight": 2, "target": 75},
    {"key": "collateral_monthly", "weight": 1, "target": 1},
    {"key": "vocational_monthly", "weight": 1, "target": 1},
    {"key": "linkage_by_transfer", "weight": 1, "target": 1},
]
MAX_WEIGHT = 100


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float
    target: float

    @property
    def kind(self) -> CriterionKind:
        return KINDS[self.key]

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class Achieved:
    criterion: Criterion
    value: float | None  # None: nothing to measure yet (left out of the score)

    @property
    def share(self) -> float | None:
        return None if self.value is None else min(1.0, self.value / self.criterion.target)


@dataclass(frozen=True)
class Score:
    value: float | None  # 0 to 100, one decimal; None when no criterion applies yet
    items: list[Achieved]
    high_percent: int

    @property
    def fidelity(self) -> str | None:
        if self.value is None:
            return None
        return HIGH if self.value >= self.high_percent else LOW


# --- criteria -----------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def criteria_problems(value: Any) -> list[tuple[int | None, str, str]]:
    """Every problem as (index of the criterion or None, field, message)."""
    if not isinstance(value, list):
        return [(None, "", "Give the criteria as a list of {key, weight, target}.")]
    problems: list[tuple[int | None, str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"Criterion {index + 1}"
        if not isinstance(item, dict):
            problems.append((index, "", f"{where} is not a {{key, weight, target}} entry."))
            continue
        extra = sorted(set(item) - {"key", "weight", "target"})
        if extra:
            problems.append((index, "", f"{where} has unknown fields: {', '.join(extra)}."))
        key = item.get("key")
        if key not in KINDS:
            known = ", ".join(KINDS)
            problems.append((index, "key", f"{where}: “{key}” is not a criterion ({known})."))
            continue
        kind = KINDS[key]
        if key in seen:
            problems.append((index, "key", f"{kind.label} is listed twice."))
        seen.add(key)
        weight = _number(item.get("weight"))
        if weight is None or not 0 < weight <= MAX_WEIGHT:
            message = f"{kind.label}: the weight must be a number above 0, at most {MAX_WEIGHT}."
            problems.append((index, "weight", message))
        target = _number(item.get("target"))
        if target is None or not kind.low <= target <= kind.high:
            bounds = f"from {kind.low:g} to {kind.high:g} ({kind.unit})"
            message = f"{kind.label}: the target must be {bounds}."
            problems.append((index, "target", message))
    return problems


def check_criteria(value: Any) -> str | None:
    """The first problem with a criteria list in words, or None when it may be saved (an empty
    list means the defaults)."""
    problems = criteria_problems(value)
    return problems[0][2] if problems else None


def parse(value: list[dict[str, Any]]) -> list[Criterion]:
    return [Criterion(i["key"], float(i["weight"]), float(i["target"])) for i in value]


def criteria_for(program: Program, stored: Any = None) -> list[Criterion]:
    """The program's stored criteria (or `stored`, already read), or the defaults when none
    are stored."""
    if stored is None:
        stored = settings_for(program).fidelity_criteria
    return parse(stored if stored and not check_criteria(stored) else DEFAULT_CRITERIA)


# --- scoring ------------------------------------------------------------------------------------


def _expected_sessions(total: int, days: int) -> int:
    return min(total, days // 7)


def _sessions_share(
    facts: weeks.EpisodeFacts, kind: str, first: dt.date, last: dt.date
) -> float | None:
    expected = _expected_sessions(facts.totals.get(kind, 0), (last - first).days + 1)
    if not expected:
        return None
    done = {s.number for s in facts.sessions if s.kind == kind and first <= s.day <= last}
    return 100 * len(done) / expected


def _per_month(count: int, days: int) -> float | None:
    return None if days < MONTH_DAYS else count * MONTH_DAYS / days


def achieved(
    facts: weeks.EpisodeFacts, rows: list[weeks.WeekRow], through: dt.date
) -> dict[str, float | None]:
    """What the episode achieved on each criterion by `through` (None: not yet measurable)."""
    bounds = weeks.span(facts.episode, through)
    if bounds is None:
        return dict.fromkeys(KINDS)
    first, last = bounds
    days = (last - first).days + 1
    target_weeks = [r for r in rows if r.cti_met is not None]
    contacts = [c for c in facts.contacts if first <= c.day <= last]
    transfer = facts.phases[2].start if len(facts.phases) == 3 else None
    return {
        "cti_weeks_met": 100 * sum(bool(r.cti_met) for r in target_weeks) / len(target_weeks)
        if target_weeks
        else None,
        "drt_sessions": _sessions_share(facts, CurriculumKind.DRT, first, last),
        "peer_sessions": _sessions_share(facts, CurriculumKind.PEER, first, last),
        "collateral_monthly": _per_month(sum(c.collateral for c in contacts), days),
        "vocational_monthly": _per_month(sum(c.vocational for c in contacts), days),
        "linkage_by_transfer": float(sum(1 for d in facts.attended if d <= last))
        if transfer is not None and transfer <= last
        else None,
    }


def score(criteria: Sequence[Criterion], values: dict[str, float | None], high: int) -> Score:
    items = [Achieved(c, values.get(c.key)) for c in criteria]
    counted = [(i.criterion.weight, i.share) for i in items if i.share is not None]
    weight = sum(w for w, _ in counted)
    value = (
        round(100 * sum(w * s for w, s in counted if s is not None) / weight, 1) if weight else None
    )
    return Score(value, items, high)


@dataclass
class EpisodeFidelity:
    facts: weeks.EpisodeFacts
    rows: list[weeks.WeekRow]
    score: Score

    @property
    def episode(self) -> Episode:
        return self.facts.episode

    @property
    def phases(self) -> list[weeks.PhaseTotal]:
        return weeks.phase_totals(self.rows)

    def sessions_done(self, kind: str) -> int:
        return len({s.number for s in self.facts.sessions if s.kind == kind})


def episode_fidelity(
    episodes: Sequence[Episode], program: Program, *, through: dt.date
) -> dict[int, EpisodeFidelity]:
    """Weeks and score of each enrolled episode of one program (a constant number of queries)."""
    row = settings_for(program)
    criteria = criteria_for(program, row.fidelity_criteria)
    high = row.high_fidelity_percent
    out = {}
    for pk, facts in weeks.load_facts(episodes).items():
        rows = weeks.weekly_rows(facts, through)
        out[pk] = EpisodeFidelity(
            facts, rows, score(criteria, achieved(facts, rows, through), high)
        )
    return out


def classify_episodes(program: Program, episodes: Any, *, through: dt.date) -> dict[int, str]:
    """Episode pk → "high" or "low" fidelity by `through`. Episodes never enrolled, or with
    nothing to measure yet, are left out. Accepts a queryset or a list of episodes."""
    if hasattr(episodes, "select_related"):
        episodes = list(episodes.select_related("program"))
    found = episode_fidelity(list(episodes), program, through=through)
    return {pk: item.score.fidelity for pk, item in found.items() if item.score.fidelity}
