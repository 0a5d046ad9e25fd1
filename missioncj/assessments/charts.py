"""Geometry for the server-drawn SVG charts of assessment trends: scores over time on a fixed
viewBox (the page scales it to the screen width), with score bands as light horizontal areas.
Pure functions over numbers and dates; the template `assessments/_trend_chart.html` draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 360  # near a phone's width, so text keeps its size there
HEIGHT = 220
LEFT = 30  # room for the score axis labels
RIGHT = 12
TOP = 12
BOTTOM = 32  # room for the date labels
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
LABEL_MIN_HEIGHT = 14  # a band narrower than this has its name in the key under the chart only
EN_DASH = "\u2013"
BAND_FILLS = ("#eef2f6", "#f8f9fa")  # alternate, so neighbouring bands stay distinct in print


def day(on: dt.date) -> str:
    return f"{on.day} {on:%b %Y}"


@dataclass(frozen=True)
class Scale:
    """Scores from `low` (bottom of the plot) to `high` (top)."""

    low: float
    high: float

    def y(self, value: float) -> float:
        span = self.high - self.low
        clamped = min(max(value, self.low), self.high)
        return round(TOP + PLOT_H * (self.high - clamped) / span, 2)


def scale_for(values: Sequence[int], declared: Sequence[int] | None) -> Scale:
    """The declared range of the scale, widened to any value outside it (an older version)."""
    low, high = (declared[0], declared[1]) if declared else (min(values), max(values))
    low, high = min([low, *values]), max([high, *values])
    if low == high:
        low, high = low - 1, high + 1
    return Scale(low, high)


def x_positions(dates: Sequence[dt.date]) -> list[float]:
    """Dates spread in proportion to the days between them; one date sits in the middle."""
    if not dates:
        return []
    first, last = dates[0], dates[-1]
    days = (last - first).days
    if days == 0:
        return [round(LEFT + PLOT_W / 2, 2) for _ in dates]
    return [round(LEFT + PLOT_W * (d - first).days / days, 2) for d in dates]


@dataclass(frozen=True)
class BandArea:
    code: str
    label: str
    low: int
    high: int
    y_top: float
    y_bottom: float
    fill: str
    boundary: bool  # a line is drawn at the top edge (between this band and the next)

    @property
    def height(self) -> float:
        return round(self.y_bottom - self.y_top, 2)

    @property
    def label_y(self) -> float:
        return round((self.y_top + self.y_bottom) / 2 + 4, 2)

    @property
    def fits_label(self) -> bool:
        return self.height >= LABEL_MIN_HEIGHT

    @property
    def span(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}{EN_DASH}{self.high}"


def band_areas(bands: Sequence[dict], scale: Scale) -> list[BandArea]:
    """Whole-number bands as areas: a band from `min` to `max` covers min - 0.5 to max + 0.5,
    so a score sits in the middle of its band and a boundary falls between two whole scores."""
    ordered = sorted(bands, key=lambda b: b["min"])
    areas = []
    for index, band in enumerate(ordered):
        top = scale.y(band["max"] + 0.5)
        bottom = scale.y(band["min"] - 0.5)
        areas.append(
            BandArea(
                code=band["code"],
                label=band["label"],
                low=band["min"],
                high=band["max"],
                y_top=top,
                y_bottom=bottom,
                fill=BAND_FILLS[index % 2],
                boundary=index < len(ordered) - 1,
            )
        )
    return areas


@dataclass(frozen=True)
class Threshold:
    """A line across the plot (a subscale's concern level), with its words."""

    y: float
    label: str

    @property
    def label_y(self) -> float:
        return round(self.y - 4, 2)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    on: dt.date
    tooltip: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"

    @property
    def baseline(self) -> float:
        """Where text centred on `position` (vertically) sits."""
        return round(self.position + 4, 2)


@dataclass
class Chart:
    """One line of scores over time, ready for the template."""

    dom_id: str
    title: str
    desc: str
    scale: Scale
    points: list[Point]
    bands: list[BandArea] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM

    @property
    def plot_width(self) -> int:
        return PLOT_W

    @property
    def band_label_x(self) -> int:
        return WIDTH - RIGHT - 4

    @property
    def tick_label_x(self) -> int:
        return LEFT - 6

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def y_ticks(self) -> list[Tick]:
        low, high = self.scale.low, self.scale.high
        return [Tick(self.scale.y(v), f"{v:g}") for v in (high, low)]

    @property
    def x_ticks(self) -> list[Tick]:
        if not self.points:
            return []
        first, last = self.points[0], self.points[-1]
        if first.on == last.on:
            return [Tick(first.x, day(first.on))]
        return [Tick(LEFT, day(first.on), "start"), Tick(WIDTH - RIGHT, day(last.on), "end")]

    @property
    def date_label_y(self) -> int:
        return HEIGHT - BOTTOM + 20


def line_chart(
    *,
    dom_id: str,
    title: str,
    desc: str,
    dates: Sequence[dt.date],
    values: Sequence[int],
    tooltips: Sequence[str],
    scale: Scale,
    bands: Sequence[dict] = (),
    thresholds: Sequence[tuple[float, str]] = (),
) -> Chart:
    xs = x_positions(dates)
    points = [
        Point(x, scale.y(v), v, on, tip)
        for x, v, on, tip in zip(xs, values, dates, tooltips, strict=True)
    ]
    return Chart(
        dom_id=dom_id,
        title=title,
        desc=desc,
        scale=scale,
        points=points,
        bands=band_areas(bands, scale),
        thresholds=[Threshold(scale.y(v), label) for v, label in thresholds],
    )
