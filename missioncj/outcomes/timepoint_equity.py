"""Outcomes at timepoints by group: for each group of a dimension (race, ethnicity, sex, age
band at enrollment, veteran status), the paired change from baseline to one follow-up on every
measure, computed by the same report on the group's episodes. A group with fewer people than
the small-cell threshold is hidden (with its complement, `outcomes.equity`) and never computed;
a measure with fewer pairs than the threshold in a shown group is hidden too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from missioncj.core.routers import reads_replica
from missioncj.outcomes import equity
from missioncj.outcomes.services import settings_for
from missioncj.outcomes.timepoints import MEASURES, Measure, Row, timepoint_report
from missioncj.participants.models import Episode


@dataclass(frozen=True)
class GroupChange:
    label: str
    people: str  # "fewer than 11" when hidden
    hidden: bool
    cells: tuple[str, ...]  # per measure: "-4.00 (n 12)", "fewer than 11 pairs", a dash


@dataclass(frozen=True)
class TimepointEquity:
    dimension: equity.Dimension
    slot: str
    measures: tuple[Measure, ...]
    groups: tuple[GroupChange, ...]
    threshold: int


def _cell(row: Row) -> str:
    if row.hidden:
        return f"fewer than {row.threshold} pairs"
    r = row.result
    if not r.enough or r.change is None:
        return "\u2014"
    if row.measure.yes_no:
        return f"{r.change * 100:+.0f} points (n {r.n})"
    return f"{r.change:+.2f} (n {r.n})"


def _hidden_cells(computed: dict[str, dict[str, Row]], threshold: int) -> set[tuple[str, str]]:
    """(group, measure) cells not shown: a change over fewer pairs than the threshold, and per
    measure its complement, so the overall report's figure cannot give it away."""
    hidden: set[tuple[str, str]] = set()
    for m in MEASURES:
        pairs = {group: rows[m.key].result.n for group, rows in computed.items()}
        small = {group for group, rows in computed.items() if rows[m.key].hidden}
        hidden |= {(g, m.key) for g in equity.complete_suppression(small, pairs, threshold)}
    return hidden


@reads_replica
def timepoint_equity(
    episodes: Sequence[Episode], program: Any, dimension_key: str, slot: str = "m6"
) -> TimepointEquity:
    """`episodes`: the report's episodes (enrolled, filtered), with `participant` loaded."""
    dimension = equity.DIMENSION_BY_KEY[dimension_key]
    threshold = settings_for(program).small_cell_min
    people = equity.people_for(episodes)
    sizes = equity.breakdown(
        people, dimension, equity.count, measure_label="People", threshold=threshold
    )
    by_id = {e.pk: e for e in episodes}
    members: dict[str, list[Episode]] = {}
    for person in people:
        members.setdefault(getattr(person, dimension.attribute), []).append(
            by_id[person.episode_id]
        )
    computed: dict[str, dict[str, Row]] = {}
    for cell in sizes.cells:
        own = members.get(cell.value, [])
        if own and not cell.suppressed:
            report = timepoint_report(own, program)
            computed[cell.value] = {r.measure.key: r for r in report.rows if r.slot == slot}
    hidden = _hidden_cells(computed, threshold)
    groups = []
    for cell in sizes.cells:
        rows = computed.get(cell.value)
        if rows is None:  # hidden group (nothing computed), or nobody in it
            blank = "" if cell.suppressed else "\u2014"
            cells = (blank,) * len(MEASURES)
        else:
            cells = tuple(
                f"fewer than {threshold} pairs"
                if (cell.value, m.key) in hidden
                else _cell(rows[m.key])
                for m in MEASURES
            )
        groups.append(GroupChange(cell.label, cell.text, cell.suppressed, cells))
    return TimepointEquity(dimension, slot, tuple(MEASURES), tuple(groups), threshold)
