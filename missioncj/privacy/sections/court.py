"""The court's side of the record: phase and compliance (phase criteria, the case's conditions,
upcoming obligations, the team's recommendation) and incentives, sanctions and service
adjustments."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from missioncj.court.models import (
    Condition,
    ConditionStatus,
    CourtResponse,
    DocketEntry,
    HearingKind,
    HearingStatus,
    ResponseKind,
)
from missioncj.court.phase_criteria import phase_status
from missioncj.privacy.models import Category
from missioncj.privacy.sections.base import (
    COURT_KINDS,
    Scope,
    Section,
    Table,
    court_case,
    day_text,
)


def phase_section(scope: Scope) -> Section:
    section = Section(Category.PHASE, Category.PHASE.label)
    status = phase_status(scope.episode, on=scope.end)
    if status is None:
        section.facts.append(("Court phase", "not started"))
    else:
        section.facts.append(("Court phase", str(status.phase)))
        section.facts.append(
            ("In the phase since", f"{day_text(status.entered_on)} ({status.days_in_phase} days)")
        )
        section.tables.append(
            Table(
                "Criteria for the next phase" if not status.is_last else "Phase criteria",
                ("Criterion", "Status", "Figures"),
                [(c.label, c.words, c.figures) for c in status.criteria],
            )
        )
    case = court_case(scope)
    conditions = list(case.conditions.order_by("ordered_on", "pk")) if case else []
    if case is not None:
        section.facts.append(("Court case", f"{case.docket_number} ({case.get_status_display()})"))
    if conditions:
        section.tables.append(
            Table(
                "Conditions of the case",
                ("Condition", "Ordered", "Due", "Status"),
                [
                    (
                        f"{c.get_kind_display()}: {c.description}",
                        day_text(c.ordered_on),
                        day_text(c.due_on),
                        c.get_status_display(),
                    )
                    for c in conditions
                ],
            )
        )
    upcoming = _upcoming(scope, conditions)
    if upcoming:
        section.tables.append(Table("Upcoming obligations", ("Date", "What"), upcoming))
    recommendation = _recommendation(scope)
    section.facts.append(("Team's recommendation", recommendation or "none recorded"))
    section.data = {
        "phase": status.phase.number if status else None,
        "phase_name": status.phase.name if status else None,
        "days_in_phase": status.days_in_phase if status else None,
        "criteria": [
            {"key": c.key, "status": c.status, "figures": c.figures}
            for c in (status.criteria if status else [])
        ],
        "conditions": [
            {
                "kind": c.kind,
                "description": c.description,
                "due_on": c.due_on.isoformat() if c.due_on else None,
                "status": c.status,
            }
            for c in conditions
        ],
        "recommendation": recommendation,
    }
    return section


def _upcoming(scope: Scope, conditions: list[Condition]) -> list[tuple[str, ...]]:
    rows: list[tuple[dt.date, str]] = []
    entries = DocketEntry.objects.filter(
        episode=scope.episode, hearing__kind__in=COURT_KINDS, hearing__local_date__gt=scope.end
    ).exclude(hearing__status=HearingStatus.CANCELLED)
    if scope.court is not None:
        entries = entries.filter(hearing__court=scope.court)
    upcoming = entries.order_by("hearing__local_date", "hearing__local_time").first()
    if upcoming is not None:
        hearing = upcoming.hearing
        rows.append((hearing.local_date, f"Next court date: {hearing.get_kind_display()}"))
    for condition in conditions:
        if (
            condition.status == ConditionStatus.ACTIVE
            and condition.due_on
            and condition.due_on >= scope.end
        ):
            rows.append((condition.due_on, f"Due: {condition.get_kind_display()}"))
    return [(day_text(d), what) for d, what in sorted(rows)]


def _recommendation(scope: Scope) -> str:
    """The team's recommendation at the latest staffing in the period (the packet day first)."""
    entries = (
        DocketEntry.objects.filter(
            episode=scope.episode,
            hearing__kind=HearingKind.STAFFING,
            hearing__local_date__gte=scope.start,
            hearing__local_date__lte=scope.end,
        )
        .exclude(recommendation="")
        .exclude(hearing__status=HearingStatus.CANCELLED)
    )
    if scope.court is not None:
        entries = entries.filter(hearing__court=scope.court)
    row = entries.order_by("-hearing__local_date", "-hearing__local_time").values_list(
        "recommendation", flat=True
    )[:1]
    return row[0] if row else ""


# --- responses ----------------------------------------------------------------------------------


def responses_section(scope: Scope) -> Section:
    section = Section(Category.RESPONSES, Category.RESPONSES.label)
    rows = list(
        CourtResponse.objects.filter(
            episode=scope.episode, decided_on__gte=scope.start, decided_on__lte=scope.end
        ).order_by("decided_on", "pk")
    )
    counts = Counter(r.kind for r in rows)
    section.facts.append(
        (
            "In the period",
            f"{counts[ResponseKind.INCENTIVE]} incentives, {counts[ResponseKind.SANCTION]} "
            f"sanctions, {counts[ResponseKind.SERVICE_ADJUSTMENT]} service adjustments",
        )
    )
    if rows:
        section.tables.append(
            Table(
                "Incentives, sanctions and service adjustments",
                ("Date", "Kind", "For", "Response", "Magnitude"),
                [
                    (
                        day_text(r.decided_on),
                        r.get_kind_display(),
                        r.behaviour,
                        r.response + (f" ({r.jail_days} days in jail)" if r.jail_days else ""),
                        r.get_magnitude_display(),
                    )
                    for r in rows
                ],
            )
        )
    section.data = {k.value: counts[k] for k in ResponseKind}
    return section
