"""Attendance and contacts: group sessions in the period, DRT and peer dose to date, court
hearings appeared or missed, and contacts with the team by modality (dates and counts only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from missioncj.care.dose import dose
from missioncj.care.models import (
    COMPLETED,
    Attendance,
    AttendanceStatus,
    Contact,
    CurriculumKind,
    Modality,
    WithWhom,
)
from missioncj.court.models import Appearance, DocketEntry, HearingKind
from missioncj.privacy.models import Category
from missioncj.privacy.sections.base import (
    APPEARED,
    COURT_KINDS,
    Scope,
    Section,
    Table,
    day_text,
    local_date,
    utc_bounds,
)


def attendance_section(scope: Scope) -> Section:
    section = Section(Category.ATTENDANCE, Category.ATTENDANCE.label)
    section.data = {
        **_group_part(scope, section),
        **_hearing_part(scope, section),
        **_contact_part(scope, section),
    }
    return section


def _group_part(scope: Scope, section: Section) -> dict[str, Any]:
    groups = _groups(scope)
    attended = sum(1 for g in groups if g[3] in COMPLETED)
    missed = sum(1 for g in groups if g[3] == AttendanceStatus.ABSENT)
    excused = sum(1 for g in groups if g[3] == AttendanceStatus.EXCUSED)
    section.facts.append(
        ("Group sessions in the period", f"{attended} attended, {missed} missed, {excused} excused")
    )
    dosed = dose(scope.episode)
    section.facts.append(("DRT sessions completed to date", dosed.drt.text))
    if dosed.peer.total:
        section.facts.append(("Peer sessions completed to date", dosed.peer.text))
    if groups:
        section.tables.append(
            Table(
                "Group sessions",
                ("Date", "Curriculum", "Session", "Attendance"),
                [
                    (day_text(d), CurriculumKind(k).label, str(n), AttendanceStatus(s).label)
                    for d, k, n, s in groups
                ],
            )
        )
    return {
        "groups": {"attended": attended, "missed": missed, "excused": excused},
        "drt": {"completed": dosed.drt.completed, "total": dosed.drt.total},
        "peer": {"completed": dosed.peer.completed, "total": dosed.peer.total},
    }


def _groups(scope: Scope) -> list[tuple[dt.date, str, int, str]]:
    """Group sessions in the period: local date, curriculum kind, session number, status."""
    low, high = utc_bounds(scope)
    rows = Attendance.objects.filter(
        episode=scope.episode,
        group_session__occurred_at__gte=low,
        group_session__occurred_at__lt=high,
    ).values_list(
        "status",
        "group_session__occurred_at",
        "group_session__curriculum__kind",
        "group_session__session_number",
    )
    groups: list[tuple[dt.date, str, int, str]] = []
    for status, occurred_at, kind, number in rows:
        day = local_date(occurred_at, scope.zone)
        if scope.in_period(day):
            groups.append((day, kind, number, status))
    groups.sort()
    return groups


def _hearing_part(scope: Scope, section: Section) -> dict[str, Any]:
    hearings = _hearings(scope)
    appeared = sum(1 for h in hearings if h[2] in APPEARED)
    failed = sum(1 for h in hearings if h[2] == Appearance.FAILED)
    section.facts.append(
        ("Court hearings in the period", f"{appeared} appeared, {failed} failed to appear")
    )
    if hearings:
        section.tables.append(
            Table(
                "Court hearings",
                ("Date", "Hearing", "Appearance"),
                [(day_text(d), HearingKind(k).label, Appearance(a).label) for d, k, a in hearings],
            )
        )
    return {"hearings": {"appeared": appeared, "failed": failed}}


def _contact_part(scope: Scope, section: Section) -> dict[str, Any]:
    contacts = _contacts(scope)
    by_modality = Counter(m for _, m in contacts)
    section.facts.append(
        (
            "Contacts with the team in the period",
            ", ".join(f"{n} {Modality(m).label.lower()}" for m, n in sorted(by_modality.items()))
            or "none",
        )
    )
    if contacts:
        section.tables.append(
            Table(
                "Contacts with the team (dates only)",
                ("Date", "How"),
                [(day_text(d), Modality(m).label) for d, m in contacts],
            )
        )
    return {"contacts": dict(sorted(by_modality.items()))}


def _hearings(scope: Scope) -> list[tuple[dt.date, str, str]]:
    entries = DocketEntry.objects.filter(
        episode=scope.episode,
        hearing__kind__in=COURT_KINDS,
        hearing__local_date__gte=scope.start,
        hearing__local_date__lte=scope.end,
    ).exclude(appearance="")
    if scope.court is not None:
        entries = entries.filter(hearing__court=scope.court)
    return list(
        entries.order_by("hearing__local_date", "hearing__local_time").values_list(
            "hearing__local_date", "hearing__kind", "appearance"
        )
    )


def _contacts(scope: Scope) -> list[tuple[dt.date, str]]:
    """Signed contacts with the participant (not collateral-only): local date and modality.
    Only those two columns are read: the note never leaves the database here."""
    low, high = utc_bounds(scope)
    rows = (
        Contact.objects.filter(
            episode=scope.episode,
            signed_at__isnull=False,
            with_whom__in=[WithWhom.PARTICIPANT, WithWhom.BOTH],
            occurred_at__gte=low,
            occurred_at__lt=high,
        )
        .order_by("occurred_at", "pk")
        .values_list("occurred_at", "modality")
    )
    out = [(local_date(at, scope.zone), modality) for at, modality in rows]
    return [(d, m) for d, m in out if scope.in_period(d)]
