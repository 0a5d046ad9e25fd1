"""The court measures' headline figures by group (race, ethnicity, sex, age band at enrollment,
veteran status), with small groups suppressed by the equity rules (`outcomes.equity`): a hidden
group's figures are never computed, let alone shown.

A group's figures are the same `court_measures` run on the group's part of the cohort, so every
definition is the report's own. Discharge figures (graduation) cover the group's people who were
discharged in the period, as in the report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from missioncj.core.routers import reads_replica
from missioncj.outcomes import equity
from missioncj.outcomes.court_measures import Filters, cohort_queryset, court_measures
from missioncj.outcomes.court_types import CourtMeasures, Share
from missioncj.programs.models import Program

HEADLINES: tuple[tuple[str, str], ...] = (
    ("cohort", "People"),
    ("retained_6", "Retained at 6 months"),
    ("retained_12", "Retained at 12 months"),
    ("arrested", "Re-arrested in the program"),
    ("longest_run", "Mean longest negative run (tests)"),
    ("graduated", "Graduated, of those discharged"),
)


def _share(share: Share, threshold: int) -> str:
    """A rate over fewer people than the threshold speaks about those few: not shown."""
    if 0 < share.n < threshold:
        return f"fewer than {threshold}"
    return "\u2014" if share.rate is None else f"{share.rate:.1f}% ({share.count}/{share.n})"


def headline(m: CourtMeasures, threshold: int = 0) -> dict[str, str]:
    retained = {r.months: r.retained for r in m.retention}
    in_program = next((r for r in m.recidivism if r.window == "in_program"), None)
    rows = in_program.rows if in_program else []
    arrests = next((row for row in rows if row.kind == "arrest"), None)
    run = m.sobriety.mean_longest_run_tests
    return {
        "cohort": str(m.cohort),
        "retained_6": _share(retained[6], threshold) if 6 in retained else "\u2014",
        "retained_12": _share(retained[12], threshold) if 12 in retained else "\u2014",
        "arrested": _share(arrests.participants, threshold) if arrests else "\u2014",
        "longest_run": _mean(run, m.sobriety.participants, threshold),
        "graduated": _share(m.discharges.graduated, threshold),
    }


def _mean(value: float | None, n: int, threshold: int) -> str:
    if 0 < n < threshold:
        return f"fewer than {threshold}"
    return "\u2014" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int
    suppressed: bool
    figures: dict[str, str]

    @property
    def cells(self) -> list[str]:
        return [self.figures[key] for key, _ in HEADLINES]


@dataclass(frozen=True)
class CourtEquity:
    dimension: equity.Dimension
    threshold: int
    rows: tuple[GroupRow, ...]
    columns: tuple[tuple[str, str], ...] = HEADLINES


@reads_replica
def court_equity(
    program: Program,
    filters: Filters,
    dimension_key: str,
    *,
    threshold: int,
    today: dt.date | None = None,
) -> CourtEquity:
    dimension = equity.DIMENSION_BY_KEY[dimension_key]
    episodes = cohort_queryset(program, filters).select_related("participant")
    people = equity.people_for(list(episodes))
    sizes = equity.breakdown(
        people, dimension, equity.count, measure_label="People", threshold=threshold
    )
    members: dict[str, set[int]] = {}
    for person in people:
        members.setdefault(getattr(person, dimension.attribute), set()).add(person.episode_id)
    rows = []
    for cell in sizes.cells:
        ids = frozenset(members.get(cell.value, set()))
        if cell.suppressed or not ids:
            # Hidden: nothing is computed. Empty: there is nothing to compute.
            figures = {key: "" if cell.suppressed else "\u2014" for key, _ in HEADLINES}
            figures["cohort"] = cell.text
            rows.append(GroupRow(cell.label, len(ids), cell.suppressed, figures))
            continue
        group = court_measures(program, dataclasses.replace(filters, episode_ids=ids), today=today)
        rows.append(GroupRow(cell.label, len(ids), False, headline(group, threshold)))
    return CourtEquity(dimension, threshold, tuple(rows))
