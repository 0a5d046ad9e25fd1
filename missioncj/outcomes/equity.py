"""Equity breakdowns: any measure by race, ethnicity, sex, age band and veteran status, with
small cells suppressed.

The unit is the episode (one person's stay in one program). A measure is a function over the
people in a cell returning a `Figure` (a count, a rate with its denominator, or a mean over n
people). Suppression, so a figure cannot point at a few identifiable people:
- a cell whose number of people, or the number of people its figure is about, is below the
  program's threshold (`OutcomeSettings.small_cell_min`, default 11, i.e. 1 to 10 people; a
  cell with nobody is shown as 0) is shown as "fewer than 11", with no value;
- complementary suppression: when exactly one cell is hidden, or the hidden cells together hold
  fewer people than the threshold, the next-smallest shown cells are hidden too, so no hidden
  cell can be recovered (or pinned down) from the total and the other cells;
- a total is hidden when it is about fewer people than the threshold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from missioncj.participants.models import Ethnicity, Race, Sex, VeteranStatus

DEFAULT_SMALL_CELL_MIN = 11
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 25, "25 and under"),
    (26, 35, "26\u201335"),
    (36, 45, "36\u201345"),
    (46, 55, "46\u201355"),
    (56, None, "56 and over"),
)


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: dt.date, on: dt.date) -> str:
    age = age_on(born, on)
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return AGE_BANDS[0][2]


@dataclass(frozen=True)
class Person:
    """One episode with the attributes breakdowns group by, and any measure inputs."""

    episode_id: int
    race: str
    ethnicity: str
    sex: str
    veteran: str
    age_band: str
    values: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    attribute: str
    order: tuple[tuple[str, str], ...]  # (value, label) in the order shown


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("race", "Race", "race", tuple(Race.choices)),
    Dimension("ethnicity", "Ethnicity", "ethnicity", tuple(Ethnicity.choices)),
    Dimension("sex", "Sex", "sex", tuple(Sex.choices)),
    Dimension("age", "Age at enrollment", "age_band", tuple((b[2], b[2]) for b in AGE_BANDS)),
    Dimension("veteran", "Veteran status", "veteran", tuple(VeteranStatus.choices)),
)
DIMENSION_BY_KEY = {d.key: d for d in DIMENSIONS}


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: nothing to compute (no denominator)
    n: int  # people the figure is about
    kind: str = "count"  # count, rate (value is a share from 0 to 1), mean

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if self.kind == "rate":
            return f"{self.value * 100:.1f}%"
        if self.kind == "mean":
            return f"{self.value:.1f}"
        return str(round(self.value))


MeasureFn = Callable[[Sequence[Person]], Figure]


def count(people: Sequence[Person]) -> Figure:
    return Figure(len(people), len(people))


def rate_of(key: str) -> MeasureFn:
    """Share of the people whose `values[key]` is true, among those where it is not None."""

    def measure(people: Sequence[Person]) -> Figure:
        known = [p.values[key] for p in people if p.values.get(key) is not None]
        return Figure(
            sum(1 for v in known if v) / len(known) if known else None, len(known), "rate"
        )

    return measure


def mean_of(key: str) -> MeasureFn:
    def measure(people: Sequence[Person]) -> Figure:
        known = [float(p.values[key]) for p in people if p.values.get(key) is not None]
        return Figure(sum(known) / len(known) if known else None, len(known), "mean")

    return measure


@dataclass(frozen=True)
class Cell:
    value: str
    label: str
    figure: Figure
    suppressed: bool
    threshold: int

    @property
    def text(self) -> str:
        if self.suppressed:
            return f"fewer than {self.threshold}"
        return self.figure.text


@dataclass(frozen=True)
class Breakdown:
    dimension: Dimension
    measure_label: str
    total: Figure
    cells: tuple[Cell, ...]
    threshold: int
    total_suppressed: bool = False

    @property
    def total_text(self) -> str:
        return f"fewer than {self.threshold}" if self.total_suppressed else self.total.text

    @property
    def suppressed_count(self) -> int:
        return sum(1 for c in self.cells if c.suppressed)


def _hidden(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def complete_suppression(hidden: set[str], sizes: dict[str, int], threshold: int) -> set[str]:
    """Hidden cells next to a shown total can be recovered by subtraction when only one is
    hidden, or pinned down when together they hold fewer than the threshold (two hidden
    groups of 1 next to a total make each exactly 1): hide the next-smallest non-empty cells
    until neither can happen."""
    hidden = set(hidden)
    others = sorted((size, value) for value, size in sizes.items() if value not in hidden)
    while hidden and (len(hidden) == 1 or sum(sizes[v] for v in hidden) < threshold):
        grown = next(((size, value) for size, value in others if size > 0), None)
        if grown is None:
            break
        others.remove(grown)
        hidden.add(grown[1])
    return hidden


def suppressed_counts(counts: dict[str, int], threshold: int) -> dict[str, int | None]:
    """Plain counts by category with the same rules: None where hidden. Everything is hidden
    when the total itself is below the threshold."""
    if _hidden(sum(counts.values()), threshold):
        return {key: None for key in counts}
    small = {key for key, n in counts.items() if _hidden(n, threshold)}
    hidden = complete_suppression(small, counts, threshold)
    return {key: None if key in hidden else n for key, n in counts.items()}


def breakdown(
    people: Sequence[Person],
    dimension: Dimension,
    measure: MeasureFn,
    *,
    measure_label: str,
    threshold: int = DEFAULT_SMALL_CELL_MIN,
) -> Breakdown:
    groups: dict[str, list[Person]] = {value: [] for value, _ in dimension.order}
    for person in people:
        groups.setdefault(getattr(person, dimension.attribute), []).append(person)
    labels = dict(dimension.order)
    figures = {value: measure(members) for value, members in groups.items()}
    sizes = {value: len(members) for value, members in groups.items()}
    # A group is hidden when it has few people, or when its figure is about few of them (a
    # rate over 3 known answers in a group of 40 still speaks about 3 people).
    hidden = {
        value
        for value, size in sizes.items()
        if _hidden(size, threshold) or _hidden(figures[value].n, threshold)
    }
    hidden = complete_suppression(hidden, sizes, threshold)
    total = measure(list(people))
    cells = tuple(
        Cell(value, labels.get(value, value), figures[value], value in hidden, threshold)
        for value in groups
    )
    total_hidden = _hidden(len(people), threshold) or _hidden(total.n, threshold)
    return Breakdown(dimension, measure_label, total, cells, threshold, total_hidden)


def breakdowns(
    people: Sequence[Person],
    measure: MeasureFn,
    *,
    measure_label: str,
    threshold: int = DEFAULT_SMALL_CELL_MIN,
    dimensions: Iterable[Dimension] = DIMENSIONS,
) -> list[Breakdown]:
    return [
        breakdown(people, d, measure, measure_label=measure_label, threshold=threshold)
        for d in dimensions
    ]


def people_for(
    episodes: Iterable[Any], values: dict[int, dict[str, Any]] | None = None
) -> list[Person]:
    """`Person` rows for episodes fetched with `select_related("participant")`; `values` maps
    an episode id to its measure inputs."""
    values = values or {}
    rows = []
    for e in episodes:
        p = e.participant
        on = e.enrolled_date or e.referral_date
        rows.append(
            Person(
                episode_id=e.pk,
                race=p.race,
                ethnicity=p.ethnicity,
                sex=p.sex,
                veteran=p.veteran_status,
                age_band=age_band(p.date_of_birth, on),
                values=values.get(e.pk, {}),
            )
        )
    return rows
