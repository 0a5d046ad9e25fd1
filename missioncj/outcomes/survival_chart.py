"""Geometry for the server-drawn Kaplan-Meier chart: one step line per group over its shaded
95 % band, on a fixed viewBox the page scales to the screen. Each line has its name written
at its end and its own dash pattern, so groups are told apart without colour. The template
`outcomes/_survival_chart.html` draws it; the curve data table and CSV come from the same
`Curve`s."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from missioncj.outcomes.survival import Curve

WIDTH = 360
HEIGHT = 240
LEFT = 34
RIGHT = 12
TOP = 12
BOTTOM = 34
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
STROKES = ("#0b5cad", "#a4161a", "#2b7a3d", "#7a4b9c", "#8a5a00", "#1d232b")
FILLS = ("#0b5cad", "#a4161a", "#2b7a3d", "#7a4b9c", "#8a5a00", "#1d232b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4", "1 2")


@dataclass(frozen=True)
class Line:
    group: str
    path: str  # the step line
    band: str  # the shaded 95 % band, a closed path
    stroke: str
    fill: str
    dash: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    dom_id: str
    title: str
    desc: str
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = TOP + PLOT_H
    x_label_y: int = TOP + PLOT_H + 16
    axis_title_y: int = HEIGHT - 2


def _x(day: float, last: int) -> float:
    return round(LEFT + PLOT_W * day / last, 2)


def _y(survival: float) -> float:
    return round(TOP + PLOT_H * (1 - min(max(survival, 0.0), 1.0)), 2)


def _steps(days: Sequence[int], values: Sequence[float], end: int, last: int) -> list[str]:
    """Corner points of a right-continuous step function from day 0 to `end`."""
    level = _y(1.0 if days[0] > 0 else values[0])
    corners = [f"{_x(0, last)},{level}"]
    for day, value in zip(days, values, strict=True):
        corners.append(f"{_x(day, last)},{level}")
        level = _y(value)
        corners.append(f"{_x(day, last)},{level}")
    corners.append(f"{_x(end, last)},{level}")
    return corners


def _line(curve: Curve, index: int, last: int) -> Line:
    days = [p.day for p in curve.points]
    end = max(curve.last_day, days[-1])
    path = _steps(days, [p.survival for p in curve.points], end, last)
    upper = _steps(days, [p.upper for p in curve.points], end, last)
    lower = _steps(days, [p.lower for p in curve.points], end, last)
    slot = index % len(STROKES)
    label_y = _y(curve.points[-1].survival) - 4
    return Line(
        group=curve.group,
        path="M" + " L".join(path),
        band="M" + " L".join([*upper, *reversed(lower)]) + " Z",
        stroke=STROKES[slot],
        fill=FILLS[slot],
        dash=DASHES[index % len(DASHES)],
        label_x=_x(end, last),
        label_y=max(label_y, TOP + 10),
    )


LABEL_GAP = 13  # the height of a curve's name, so two names never overlap


def _spread_labels(lines: list[Line]) -> list[Line]:
    """Move curve names apart vertically when curves end near each other."""
    placed: list[Line] = []
    for line in sorted(lines, key=lambda item: item.label_y):
        y = line.label_y
        if placed and y - placed[-1].label_y < LABEL_GAP:
            y = placed[-1].label_y + LABEL_GAP
        placed.append(replace(line, label_y=round(y, 2)))
    order = {line.group: i for i, line in enumerate(lines)}
    return sorted(placed, key=lambda item: order[item.group])


def _day_ticks(last: int) -> list[Tick]:
    step = next((s for s in (30, 90, 180, 365, 730) if last / s <= 5), 1460)
    return [Tick(_x(d, last), str(d)) for d in range(0, last + 1, step)]


def km_chart(curves: Sequence[Curve], dom_id: str = "km") -> Chart:
    last = max([1, *[max(c.last_day, c.points[-1].day) for c in curves]])
    lines = _spread_labels([_line(curve, i, last) for i, curve in enumerate(curves)])
    names = ", ".join(c.group for c in curves)
    return Chart(
        dom_id=dom_id,
        title="Share not re-arrested, by days since the start",
        desc=f"Kaplan-Meier step curves with shaded 95% bands for {names}; "
        "the table below gives every value.",
        lines=lines,
        x_ticks=_day_ticks(last),
        y_ticks=[Tick(_y(v / 100), f"{v}%") for v in (0, 25, 50, 75, 100)],
    )


CSV_HEADER = (
    "group",
    "day",
    "at_risk",
    "events",
    "survival",
    "se",
    "lower_95",
    "upper_95",
    "band_lower_95",
    "band_upper_95",
)


def curve_rows(curves: Sequence[Curve]) -> list[tuple[Any, ...]]:
    return [
        (
            c.group,
            p.day,
            p.at_risk,
            p.events,
            f"{p.survival:.6f}",
            f"{p.se:.6f}",
            f"{p.lower:.6f}",
            f"{p.upper:.6f}",
            f"{p.band_lower:.6f}",
            f"{p.band_upper:.6f}",
        )
        for c in curves
        for p in c.points
    ]


def curve_csv(curves: Sequence[Curve]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(curve_rows(curves))
    return out.getvalue()
