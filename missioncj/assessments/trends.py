"""One participant's scores over time, per instrument: the effective completed administrations
(a corrected one replaced by its correction), a chart of the total (or of each subscale) and the
table beside it (date, score, band, change from the previous)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from missioncj.assessments import charts, history, scoring
from missioncj.assessments.models import Administration, AdministrationStatus, Instrument
from missioncj.participants.models import Participant

MINUS = "\u2212"


def signed(change: int | None) -> str:
    if change is None:
        return "—"
    if change == 0:
        return "no change"
    return f"+{change}" if change > 0 else f"{MINUS}{-change}"


@dataclass(frozen=True)
class SubscaleCell:
    score: int | None
    change: str
    concern: bool


@dataclass(frozen=True)
class Row:
    administration: Administration
    score: int | None
    band_label: str
    change: str
    subscales: list[SubscaleCell] = field(default_factory=list)


@dataclass
class Trend:
    instrument: Instrument
    kind: str  # "total" (one line), "subscales" (a line each), "triage" or "band" (table only)
    rows: list[Row]
    charts: list[charts.Chart] = field(default_factory=list)
    subscale_labels: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def latest(self) -> Administration:
        return self.rows[-1].administration

    @property
    def period(self) -> str:
        first, last = self.rows[0].administration, self.latest
        if first.administered_on == last.administered_on:
            return charts.day(first.administered_on)
        return f"{charts.day(first.administered_on)} to {charts.day(last.administered_on)}"


@dataclass
class ParticipantTrends:
    trends: list[Trend]
    shown: list[Administration]  # for the audit event


def participant_trends(user: Any, participant: Participant) -> ParticipantTrends:
    completed = list(
        history.visible_administrations(user, participant).filter(
            status=AdministrationStatus.COMPLETED
        )
    )
    by_instrument: dict[int, list[Administration]] = {}
    for a in completed:
        by_instrument.setdefault(a.instrument_version.instrument_id, []).append(a)
    trends = []
    shown: list[Administration] = []
    for rows in by_instrument.values():
        series = history.effective(rows)
        if series:
            trends.append(build_trend(series, participant))
            shown.extend(series)
    trends.sort(key=lambda t: (t.instrument.order, t.instrument.code))
    return ParticipantTrends(trends, shown)


def build_trend(series: list[Administration], participant: Participant) -> Trend:
    """`series` is effective and oldest first; the newest version given decides the shape."""
    latest = series[-1]
    instrument = latest.instrument_version.instrument
    method = (latest.instrument_version.definition.get("scoring") or {}).get("method", "sum")
    if method == "subscales":
        return _subscale_trend(instrument, series)
    with_total = [a for a in series if a.total is not None]
    if method == "triage" or not with_total:
        return _band_trend(instrument, series, "triage" if method == "triage" else "band")
    return _total_trend(instrument, with_total, participant)


# --- a total over time --------------------------------------------------------------------------


def _declared_range(definition: dict[str, Any]) -> list[int] | None:
    rules = definition.get("scoring") or {}
    if rules.get("range"):
        return list(rules["range"])
    if rules.get("method") == "entry":
        items: list[dict[str, Any]] = definition.get("items", [])
        item = next((i for i in items if i["id"] == rules["total_item"]), {})
        if "min" in item and "max" in item:
            return [item["min"], item["max"]]
    return None


def _total_trend(
    instrument: Instrument, series: list[Administration], participant: Participant
) -> Trend:
    definition = series[-1].instrument_version.definition
    rules = definition.get("scoring") or {}
    totals = [a.total for a in series if a.total is not None]
    scale = charts.scale_for(totals, _declared_range(definition))
    bands: list[dict] = []
    if rules.get("method", "sum") == "sum":
        bands, _ = scoring.bands_for(rules, participant.sex)
    rows = []
    previous: int | None = None
    for a in series:
        change = None if previous is None or a.total is None else a.total - previous
        rows.append(Row(a, a.total, a.band_label, signed(change)))
        previous = a.total
    trend = Trend(instrument, "total", rows)
    chart = charts.line_chart(
        dom_id=f"trend-{instrument.code}",
        title=f"{instrument.name}: score over time, {trend.period}",
        desc=_describe(series, scale, bands),
        dates=[a.administered_on for a in series],
        values=totals,
        tooltips=[_tooltip(a.administered_on, a.total, a.band_label) for a in series],
        scale=scale,
        bands=bands,
    )
    trend.charts = [chart]
    if rules.get("method") == "entry":
        trend.note = "Entered scores: the level is the one recorded with each score."
    return trend


def _tooltip(on: Any, value: int | None, band_label: str) -> str:
    text = f"{charts.day(on)}: {value}"
    return f"{text}, {band_label}" if band_label else text


def _describe(series: Sequence[Administration], scale: charts.Scale, bands: Sequence[dict]) -> str:
    latest = series[-1]
    parts = [
        f"{len(series)} score{'s' if len(series) != 1 else ''} on a scale from "
        f"{scale.low:g} to {scale.high:g}."
    ]
    if bands:
        names = ", ".join(
            f"{b['label']} {b['min']}{charts.EN_DASH}{b['max']}"
            if b["min"] != b["max"]
            else f"{b['label']} {b['min']}"
            for b in sorted(bands, key=lambda b: b["min"])
        )
        parts.append(f"Bands: {names}.")
    parts.append(
        f"Latest {latest.total}" + (f", {latest.band_label}." if latest.band_label else ".")
    )
    return " ".join(parts)


# --- subscales: a line each ---------------------------------------------------------------------


def _threshold(concern: dict[str, Any] | None) -> list[tuple[float, str]]:
    """The line between scores of concern and the rest: ≥ v or < v part below v; ≤ v or > v
    part above v."""
    if not concern:
        return []
    value = concern["value"]
    below = concern["op"] in (">=", "<")
    return [(value - 0.5 if below else value + 0.5, concern.get("label", ""))]


def _subscale_trend(instrument: Instrument, series: list[Administration]) -> Trend:
    definition = series[-1].instrument_version.definition
    subscales = (definition.get("scoring") or {}).get("subscales", [])
    scored = [{s["code"]: s for s in (a.scores or {}).get("subscales", [])} for a in series]
    rows = []
    for index, a in enumerate(series):
        cells = []
        for sub in subscales:
            now = scored[index].get(sub["code"])
            before = scored[index - 1].get(sub["code"]) if index else None
            change = None if now is None or before is None else now["score"] - before["score"]
            cells.append(
                SubscaleCell(
                    now["score"] if now else None, signed(change), bool(now and now["concern"])
                )
            )
        rows.append(Row(a, None, a.band_label, "", cells))
    trend = Trend(instrument, "subscales", rows, subscale_labels=[s["label"] for s in subscales])
    for sub in subscales:
        given = [
            (a, s[sub["code"]]) for a, s in zip(series, scored, strict=True) if sub["code"] in s
        ]
        if not given:
            continue
        values = [s["score"] for _, s in given]
        scale = charts.scale_for(values, sub.get("range"))
        concern = sub.get("concern")
        desc = (
            f"{len(given)} score{'s' if len(given) != 1 else ''} on a scale from "
            f"{scale.low:g} to {scale.high:g}."
            + (f" Concern: {concern['label']}." if concern else "")
            + f" Latest {values[-1]}."
        )
        trend.charts.append(
            charts.line_chart(
                dom_id=f"trend-{instrument.code}-{sub['code']}",
                title=f"{instrument.name}, {sub['label']}: score over time, {trend.period}",
                desc=desc,
                dates=[a.administered_on for a, _ in given],
                values=values,
                tooltips=[
                    _tooltip(
                        a.administered_on, s["score"], s["concern_label"] if s["concern"] else ""
                    )
                    for a, s in given
                ],
                scale=scale,
                thresholds=_threshold(concern),
            )
        )
    trend.note = "Scored by subscales (no total): one chart per subscale."
    return trend


# --- a band (triage level) over time ------------------------------------------------------------


def _band_trend(instrument: Instrument, series: list[Administration], kind: str) -> Trend:
    rows = []
    previous: str | None = None
    for a in series:
        if previous is None:
            change = "—"
        elif previous == a.band_label:
            change = "no change"
        else:
            change = f"from {previous}"
        rows.append(Row(a, a.total, a.band_label, change))
        previous = a.band_label
    note = "A triage result is a level, not a score: the table shows it over time."
    return Trend(instrument, kind, rows, note=note if kind == "triage" else "")
