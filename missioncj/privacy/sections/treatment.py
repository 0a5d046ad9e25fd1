"""The treatment side a consent may release: latest assessment scores, treatment-plan goals
with their progress, and diagnoses (not modelled, so "None recorded")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.assessments.history import effective
from missioncj.assessments.models import Administration, AdministrationStatus
from missioncj.care.models import PlanGoal, ProgressRating
from missioncj.privacy.models import Category
from missioncj.privacy.sections.base import Scope, Section, Table, day_text


def assessments_section(scope: Scope) -> Section:
    section = Section(Category.ASSESSMENTS, Category.ASSESSMENTS.label)
    completed = list(
        Administration.objects.filter(
            episode=scope.episode,
            status=AdministrationStatus.COMPLETED,
            administered_on__lte=scope.end,
        ).select_related("instrument_version__instrument")
    )
    by_instrument: dict[int, list[Administration]] = {}
    for item in effective(completed):
        by_instrument.setdefault(item.instrument_version.instrument_id, []).append(item)
    rows: list[tuple[str, ...]] = []
    data: list[dict[str, Any]] = []
    for series in sorted(by_instrument.values(), key=lambda s: s[-1].instrument.order):
        latest = series[-1]
        previous = series[-2] if len(series) > 1 else None
        change = (
            latest.total - previous.total
            if previous and latest.total is not None and previous.total is not None
            else None
        )
        rows.append(
            (
                latest.instrument.name,
                day_text(latest.administered_on),
                "—" if latest.total is None else str(latest.total),
                latest.band_label or "—",
                "first" if previous is None else ("—" if change is None else f"{change:+d}"),
            )
        )
        data.append(
            {
                "instrument": latest.instrument.name,
                "on": latest.administered_on.isoformat(),
                "total": latest.total,
                "band": latest.band_label,
                "change": change,
            }
        )
    if rows:
        section.tables.append(
            Table(
                "Latest completed scores",
                ("Instrument", "Given", "Score", "Band", "Change from previous"),
                rows,
            )
        )
    else:
        section.empty = "No completed assessments on record."
    section.data = {"latest": data}
    return section


# --- plan ---------------------------------------------------------------------------------------


def plan_section(scope: Scope) -> Section:
    section = Section(Category.PLAN, Category.PLAN.label)
    goals = list(
        PlanGoal.objects.filter(plan__episode=scope.episode)
        .order_by("pk")
        .only("pk", "domain", "text", "status")
    )
    latest: dict[int, tuple[dt.date, int]] = {}
    for goal_id, rated_on, rating in (
        ProgressRating.objects.filter(objective__goal__in=goals, rated_on__lte=scope.end)
        .order_by("rated_on", "pk")
        .values_list("objective__goal_id", "rated_on", "rating")
    ):
        latest[goal_id] = (rated_on, rating)
    labels = dict(ProgressRating._meta.get_field("rating").choices or [])
    if not goals:
        section.empty = "No treatment plan on record."
    else:
        section.tables.append(
            Table(
                "Goals",
                ("Area", "Goal", "Status", "Latest progress"),
                [
                    (
                        g.get_domain_display(),
                        g.text,
                        g.get_status_display(),
                        f"{labels[latest[g.pk][1]]} ({day_text(latest[g.pk][0])})"
                        if g.pk in latest
                        else "not yet rated",
                    )
                    for g in goals
                ],
            )
        )
    section.data = {
        "goals": [
            {
                "domain": g.domain,
                "text": g.text,
                "status": g.status,
                "rating": latest[g.pk][1] if g.pk in latest else None,
            }
            for g in goals
        ]
    }
    return section


# --- diagnoses ----------------------------------------------------------------------------------


def diagnoses_section(scope: Scope) -> Section:
    # The record does not model diagnoses; say so rather than infer one from anything else.
    return Section(
        Category.DIAGNOSES,
        Category.DIAGNOSES.label,
        empty="None recorded.",
        data={"diagnoses": []},
    )
