"""Server-drawn SVG charts for outcome dashboards: horizontal bars (one per category) and lines
(one or more series over months). Pure geometry over numbers; `outcomes/_chart.html` draws it,
with the same figures as a table beside the picture, and links to the chart as SVG, PNG (drawn
from the SVG in the browser) and its data as CSV.

Each series line has its own dash pattern and a name at its end, so colour is never the only cue.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360
BAR_ROW = 30
BAR_LABEL_W = 130
LINE_H = 220
LEFT = 34
RIGHT = 70  # room for series names at the line ends
TOP = 12
BOTTOM = 34
DASHES = ("", "6 4", "2 3", "10 3 2 3")
INKS = ("#1f4e79", "#8a4b08", "#2e6b30", "#6b2e6b")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed or not computable, drawn as no bar
    text: str  # the figure as shown ("42", "61.0%", "fewer than 11")
    y: float = 0
    width: float = 0


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Segment:
    name: str
    points: str  # SVG polyline points
    dash: str
    ink: str
    end_x: float
    end_y: float
    dots: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Chart:
    """One chart: its id (for downloads), title, kind ('bars' or 'lines'), geometry and the
    table that carries the same figures."""

    key: str
    title: str
    kind: str
    width: int
    height: int
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bars: tuple[Bar, ...] = ()
    segments: tuple[Segment, ...] = ()
    x_ticks: tuple[Tick, ...] = ()
    y_ticks: tuple[Tick, ...] = ()
    note: str = ""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def bar_chart(
    key: str, title: str, bars: Sequence[Bar], *, value_label: str = "Value", note: str = ""
) -> Chart:
    top = max((b.value or 0 for b in bars), default=0) or 1
    plot_w = WIDTH - BAR_LABEL_W - 60
    placed = tuple(
        Bar(b.label, b.value, b.text, TOP + i * BAR_ROW, (b.value or 0) / top * plot_w)
        for i, b in enumerate(bars)
    )
    return Chart(
        key=key,
        title=title,
        kind="bars",
        width=WIDTH,
        height=TOP + BAR_ROW * max(len(bars), 1) + 8,
        columns=("Category", value_label),
        rows=tuple((b.label, b.text) for b in bars),
        bars=placed,
        note=note,
    )


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value


def line_chart(
    key: str, title: str, labels: Sequence[str], series: Sequence[Series], *, note: str = ""
) -> Chart:
    top = _nice_top(max((v for s in series for v in s.values if v is not None), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = LINE_H - TOP - BOTTOM
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - v / top * plot_h

    segments = []
    for k, s in enumerate(series):
        pts = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        end = pts[-1] if pts else (x(n - 1), y(0))
        segments.append(
            Segment(
                s.name,
                " ".join(f"{px:.1f},{py:.1f}" for px, py in pts),
                DASHES[k % len(DASHES)],
                INKS[k % len(INKS)],
                end[0] + 4,
                end[1] + 4,
                tuple(pts),
            )
        )
    every = max(1, (n + 5) // 6)  # at most about six date labels, so they never overlap
    x_ticks = tuple(Tick(x(i), label) for i, label in enumerate(labels) if i % every == 0)
    y_ticks = tuple(Tick(y(top * f / 4), _fmt(top * f / 4)) for f in range(5))
    rows = tuple(
        (label, *(_fmt(v) if (v := s.values[i]) is not None else "—" for s in series))
        for i, label in enumerate(labels)
    )
    return Chart(
        key=key,
        title=title,
        kind="lines",
        width=WIDTH,
        height=LINE_H,
        columns=("Month", *(s.name for s in series)),
        rows=rows,
        segments=tuple(segments),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        note=note,
    )


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
