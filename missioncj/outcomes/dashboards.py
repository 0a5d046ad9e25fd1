"""Program, team and statewide dashboards: the flow of people through the program by month,
who is active, how people leave, and who is served and who graduates by race, ethnicity, sex,
age band and veteran status (small cells suppressed, `outcomes.equity`).

The figures are computed by the background task `outcomes.dashboard` (core/tasks.py) as plain
JSON, so a statewide dashboard over many programs does not hold a request open; the page shows
progress until it is ready. `charts_for(data)` turns the JSON into charts with their tables.

The parameters carry everything that decides what the result may contain: the program ids
(already checked against the user's report scope by the view), or the team and the user whose
visible episodes form a team dashboard."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from missioncj.core.routers import reads_replica
from missioncj.core.tasks import Progress, register
from missioncj.outcomes import equity
from missioncj.outcomes.charts import Bar, Chart, Series, bar_chart, line_chart
from missioncj.outcomes.models import OutcomeSettings
from missioncj.participants.models import DischargeReason, Episode, EpisodeStatus

MAX_MONTHS = 36


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start.replace(day=1)
    months: list[dt.date] = []
    while first <= end and len(months) < MAX_MONTHS:
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months


def _episodes(params: dict[str, Any]) -> QuerySet[Episode]:
    if params.get("team_user_id"):
        user = get_user_model().objects.get(pk=params["team_user_id"])
        episodes = Episode.objects.visible_to(user).filter(team_id=params["team_id"])
    else:
        episodes = Episode.objects.filter(program_id__in=params["program_ids"])
        if params.get("team_id"):
            episodes = episodes.filter(team_id=params["team_id"])
    if params.get("court_id"):
        episodes = episodes.filter(court_cases__court_id=params["court_id"]).distinct()
    return episodes.select_related("participant")


def threshold_for(program_ids: list[int]) -> int:
    """The strictest small-cell threshold among the programs shown together."""
    stored = dict(
        OutcomeSettings.objects.filter(program_id__in=program_ids).values_list(
            "program_id", "small_cell_min"
        )
    )
    return max(
        (stored.get(pk, equity.DEFAULT_SMALL_CELL_MIN) for pk in program_ids),
        default=equity.DEFAULT_SMALL_CELL_MIN,
    )


def _month_key(on: dt.date | None) -> str | None:
    return on.strftime("%Y-%m") if on else None


def _flow(rows: list[Episode], months: list[dt.date]) -> dict[str, list[int]]:
    keys = [m.strftime("%Y-%m") for m in months]
    series = {"referred": Counter[str](), "enrolled": Counter[str](), "discharged": Counter[str]()}
    for e in rows:
        series["referred"][_month_key(e.referral_date) or ""] += 1
        series["enrolled"][_month_key(e.enrolled_date) or ""] += 1
        if e.status == EpisodeStatus.DISCHARGED:
            series["discharged"][_month_key(e.closed_date) or ""] += 1
    return {name: [counts[k] for k in keys] for name, counts in series.items()}


def _active_on(e: Episode, on: dt.date) -> bool:
    return (
        e.enrolled_date is not None
        and e.enrolled_date <= on
        and (e.closed_date is None or e.closed_date > on)
    )


def _equity(rows: list[Episode], start: dt.date, end: dt.date, threshold: int) -> list[dict]:
    served = [e for e in rows if e.enrolled_date and e.enrolled_date <= end and _served(e, start)]
    left = [e for e in served if e.status == EpisodeStatus.DISCHARGED and e.closed_date]
    left = [e for e in left if start <= e.closed_date <= end]  # type: ignore[operator]
    graduated = {e.pk: {"graduated": e.discharge_reason == DischargeReason.GRADUATED} for e in left}
    out = []
    for label, people, measure in (
        ("People served", equity.people_for(served), equity.count),
        (
            "Graduated, of those who left",
            equity.people_for(left, graduated),
            equity.rate_of("graduated"),
        ),
    ):
        for b in equity.breakdowns(people, measure, measure_label=label, threshold=threshold):
            out.append(
                {
                    "measure": label,
                    "dimension": b.dimension.key,
                    "dimension_label": b.dimension.label,
                    "total": b.total_text,
                    "cells": [
                        {
                            "label": c.label,
                            "text": c.text,
                            "value": None if c.suppressed else c.figure.value,
                        }
                        for c in b.cells
                    ],
                }
            )
    return out


def _served(e: Episode, start: dt.date) -> bool:
    return e.closed_date is None or e.closed_date >= start


# What the figures read: a statewide dashboard loads every episode, so nothing else.
_FIELDS = (
    "status",
    "referral_date",
    "enrolled_date",
    "closed_date",
    "discharge_reason",
    "participant__race",
    "participant__ethnicity",
    "participant__sex",
    "participant__veteran_status",
    "participant__date_of_birth",
)


@register("outcomes.dashboard")
@reads_replica
def build_dashboard(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    start = dt.date.fromisoformat(params["start"])
    end = dt.date.fromisoformat(params["end"])
    progress(0, 3, "Reading episodes")
    rows = list(_episodes(params).filter(Q(referral_date__lte=end)).only(*_FIELDS))
    months = months_between(start, end)
    progress(1, 3, "Counting by month")
    reasons = Counter(
        e.discharge_reason or "other"
        for e in rows
        if e.status == EpisodeStatus.DISCHARGED and e.closed_date and start <= e.closed_date <= end
    )
    threshold = int(params["threshold"])
    shown = equity.suppressed_counts(
        {value: reasons.get(value, 0) for value, _ in DischargeReason.choices}, threshold
    )
    progress(2, 3, "Breaking down by group")
    data = {
        "start": params["start"],
        "end": params["end"],
        "threshold": threshold,
        "months": [m.strftime("%b %Y") for m in months],
        "flow": _flow(rows, months),
        "active_at_end": sum(1 for e in rows if _active_on(e, end)),
        # Suppressed here, so the stored result (also read through the API) never holds a
        # small count.
        "discharges": [
            {"reason": str(label), "count": shown.get(value)}
            for value, label in DischargeReason.choices
        ],
        "equity": _equity(rows, start, end, threshold),
    }
    progress(3, 3, "Done")
    return data


def _suppress(count: int | None, threshold: int) -> tuple[float | None, str]:
    if count is None:
        return None, f"not shown (fewer than {threshold} in all, or to protect a small group)"
    return float(count), str(count)


def charts_for(data: dict[str, Any]) -> list[Chart]:
    threshold = data["threshold"]
    flow = data["flow"]
    charts = [
        line_chart(
            "flow",
            "Referred, enrolled and discharged by month",
            data["months"],
            [
                Series("Referred", tuple(flow["referred"])),
                Series("Enrolled", tuple(flow["enrolled"])),
                Series("Discharged", tuple(flow["discharged"])),
            ],
        ),
        bar_chart(
            "discharges",
            "How people left",
            [Bar(d["reason"], *_suppress(d["count"], threshold)) for d in data["discharges"]],
            value_label="People",
            note=f"Counts from 1 to {threshold - 1} are not shown, nor any count that would "
            "let one be worked out from the others.",
        ),
    ]
    for i, block in enumerate(data["equity"]):
        charts.append(
            bar_chart(
                f"equity-{i}",
                f"{block['measure']} by {block['dimension_label'].lower()}",
                [Bar(c["label"], c["value"], c["text"]) for c in block["cells"]],
                value_label=block["measure"],
                note=f"All: {block['total']}. "
                f"Groups of fewer than {threshold} people are not shown.",
            )
        )
    return charts
