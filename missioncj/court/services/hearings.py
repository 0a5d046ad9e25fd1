"""The court calendar: hearings and staffing meetings, one-off or in a weekly series, scheduled,
laid out further, moved or cancelled. Who is on each docket and what happened there is
`services/docket_entries.py`.

A hearing is set in the court's local date and time; the UTC instant is derived in the
program's zone. A local time that does not exist (spring-forward gap) is refused, one that
happens twice (fall-back fold) needs `fold` (0 the first, 1 the second); a series is refused as
a whole, naming the dates, when any of its dates has either problem. Moving or cancelling a
hearing calls `court.hooks.docket_changed` for everyone on its docket so reminders follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court import hooks
from missioncj.court.hearing_times import (
    LocalTimeError,
    fmt_day,
    problem_at,
    series_dates,
    series_until,
    to_utc,
)
from missioncj.court.models import Court, Hearing, HearingKind, HearingSeries, HearingStatus
from missioncj.court.policies import can_configure
from missioncj.participants.services import local_today

CONFIGURE_ONLY = "Only the program's director or supervisor can change the court calendar."
HEARING_FIELDS = ["court", "series", "kind", "local_date", "local_time", "starts_at", "room"]
SERIES_FIELDS = ["court", "kind", "weekday", "local_time", "every_weeks", "starts_on", "ends_on"]
MAX_SERIES_WEEKS = 104


def court_today(court: Court) -> dt.date:
    return local_today(court.program)


def _require_configure(actor: Any, court: Court) -> None:
    if not can_configure(actor, court):
        raise ValidationError({"court": CONFIGURE_ONLY})


def _instant(
    court: Court, day: dt.date, time: dt.time, fold: int | None, field: str = "local_time"
) -> dt.datetime:
    """The UTC instant, or a message on `field` (gap) or `fold` (which of two is meant)."""
    try:
        return to_utc(day, time, court.program.zone, fold)
    except LocalTimeError as exc:
        message = exc.problem.message(court.program.time_zone)
        if exc.problem.kind == "fold":
            raise ValidationError({"fold": ValidationError(message, code="ambiguous")}) from exc
        raise ValidationError({field: ValidationError(message, code="nonexistent")}) from exc


def _check_when(
    kind: str, day: dt.date | None, time: dt.time | None, errors: dict[str, str]
) -> None:
    if kind not in HearingKind.values:
        errors["kind"] = "Choose the kind: status hearing, staffing, graduation or other."
    if day is None:
        errors["local_date"] = "Enter the date of the hearing."
    if time is None:
        errors["local_time"] = "Enter the local time of the hearing (e.g. 09:00)."


def _clash(court: Court, kind: str, day: dt.date, time: dt.time, exclude: int | None) -> str:
    clash = Hearing.objects.filter(court=court, kind=kind, local_date=day, local_time=time)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        label = HearingKind(kind).label.lower()
        return f"There is already a {label} at {time:%H:%M} on {fmt_day(day)}."
    return ""


@transaction.atomic
def schedule_hearing(
    *,
    actor: Any,
    court: Court,
    kind: str,
    local_date: dt.date | None,
    local_time: dt.time | None,
    fold: int | None = None,
    room: str = "",
    note: str = "",
) -> Hearing:
    """One hearing or staffing meeting at a local date and time in the program's zone."""
    _require_configure(actor, court)
    errors: dict[str, str] = {}
    _check_when(kind, local_date, local_time, errors)
    if errors:
        raise ValidationError(errors)
    assert local_date is not None and local_time is not None
    local_time = local_time.replace(second=0, microsecond=0, tzinfo=None)
    starts_at = _instant(court, local_date, local_time, fold)
    clash = _clash(court, kind, local_date, local_time, None)
    if clash:
        raise ValidationError({"local_time": clash})
    hearing = Hearing(
        court=court,
        kind=kind,
        local_date=local_date,
        local_time=local_time,
        starts_at=starts_at,
        room=room.strip(),
        note=note.strip(),
    )
    return create_recorded(hearing, actor=actor, action="hearing.create", fields=HEARING_FIELDS)


def _series_problems(court: Court, days: list[dt.date], time: dt.time) -> None:
    zone = court.program.zone
    problems = [p for p in (problem_at(day, time, zone) for day in days) if p is not None]
    if not problems:
        return
    gaps = [fmt_day(p.day) for p in problems if p.kind == "gap"]
    folds = [fmt_day(p.day) for p in problems if p.kind == "fold"]
    parts = []
    if gaps:
        parts.append(f"does not exist on {', '.join(gaps)} (the clocks go forward)")
    if folds:
        parts.append(f"happens twice on {', '.join(folds)} (the clocks go back)")
    raise ValidationError(
        {
            "local_time": f"{time:%H:%M} in {court.program.time_zone} {' and '.join(parts)}. "
            "Nothing was created: choose another time, or end the series before that date and "
            "add that day's hearing on its own."
        }
    )


def _lay_out(series: HearingSeries, days: list[dt.date], room: str) -> list[Hearing]:
    court = series.court
    taken = set(
        Hearing.objects.filter(
            court=court, kind=series.kind, local_time=series.local_time, local_date__in=days
        ).values_list("local_date", flat=True)
    )
    hearings = [
        Hearing(
            court=court,
            series=series,
            kind=series.kind,
            local_date=day,
            local_time=series.local_time,
            starts_at=to_utc(day, series.local_time, court.program.zone),
            room=room,
        )
        for day in days
        if day not in taken
    ]
    Hearing.objects.bulk_create(hearings)
    return hearings


@transaction.atomic
def create_series(
    *,
    actor: Any,
    court: Court,
    kind: str,
    weekday: int | None,
    local_time: dt.time | None,
    starts_on: dt.date | None,
    every_weeks: int = 1,
    ends_on: dt.date | None = None,
    room: str = "",
    today: dt.date | None = None,
) -> HearingSeries:
    """Every `every_weeks` weeks on `weekday` at a local time, laid out as Hearing rows up to
    its end or 26 weeks past today (`extend_series` lays out more later)."""
    _require_configure(actor, court)
    errors: dict[str, str] = {}
    _check_when(kind, starts_on, local_time, errors)
    if "local_date" in errors:
        errors["starts_on"] = "Enter the first date of the series."
        del errors["local_date"]
    if weekday is None or not 0 <= weekday <= 6:
        errors["weekday"] = "Choose the day of the week (Monday to Sunday)."
    if not 1 <= (every_weeks or 0) <= 8:
        errors["every_weeks"] = "Repeat every 1 to 8 weeks."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The series cannot end before it starts."
    elif starts_on and ends_on and (ends_on - starts_on).days > MAX_SERIES_WEEKS * 7:
        errors["ends_on"] = "A series runs at most two years; start another one after that."
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None and local_time is not None and weekday is not None
    local_time = local_time.replace(second=0, microsecond=0, tzinfo=None)
    until = series_until(starts_on, ends_on, today or court_today(court))
    days = series_dates(weekday, every_weeks, starts_on, until)
    if not days:
        raise ValidationError({"ends_on": "No such weekday falls between the start and the end."})
    _series_problems(court, days, local_time)
    series = HearingSeries(
        court=court,
        kind=kind,
        weekday=weekday,
        local_time=local_time,
        every_weeks=every_weeks,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    series.full_clean()
    series.save()
    hearings = _lay_out(series, days, room.strip())
    record(
        kind=AuditKind.CREATE,
        action="hearing_series.create",
        actor=actor,
        subject=series,
        after={
            **snapshot(series, SERIES_FIELDS),
            "dates": [str(h.local_date) for h in hearings],
        },
    )
    return series


@transaction.atomic
def extend_series(
    *, actor: Any, series: HearingSeries, until: dt.date | None = None
) -> list[Hearing]:
    """Lay out the series' hearings after the last one it has, up to `until` (default: its
    end, or 26 weeks past today). Refused as a whole if a new date has a DST problem."""
    series = HearingSeries.objects.select_related("court__program").get(pk=series.pk)
    court = series.court
    _require_configure(actor, court)
    limit = series_until(series.starts_on, series.ends_on, court_today(court))
    if until is not None:
        limit = min(until, series.ends_on) if series.ends_on else until
    last = series.hearings.order_by("-local_date").values_list("local_date", flat=True).first()
    days = [
        day
        for day in series_dates(series.weekday, series.every_weeks, series.starts_on, limit)
        if last is None or day > last
    ]
    if not days:
        return []
    _series_problems(court, days, series.local_time)
    latest = series.hearings.exclude(room="").order_by("-local_date").first()
    hearings = _lay_out(series, days, latest.room if latest else "")
    record(
        kind=AuditKind.UPDATE,
        action="hearing_series.extend",
        actor=actor,
        subject=series,
        after={"dates": [str(h.local_date) for h in hearings]},
    )
    return hearings


def locked_hearing(hearing: Hearing) -> Hearing:
    """The stored hearing, locked, with its court's program (docket changes lock it too)."""
    return (
        Hearing.objects.select_for_update(of=("self",))
        .select_related("court__program")
        .get(pk=hearing.pk)
    )


def _entries_changed(hearing: Hearing) -> None:
    for entry in hearing.entries.select_related("participant", "hearing"):
        hooks.docket_changed(entry)


@transaction.atomic
def reschedule_hearing(
    *,
    actor: Any,
    hearing: Hearing,
    local_date: dt.date | None,
    local_time: dt.time | None,
    fold: int | None = None,
    room: str | None = None,
) -> Hearing:
    """Move a scheduled hearing (its docket moves with it)."""
    hearing = locked_hearing(hearing)
    _require_configure(actor, hearing.court)
    if hearing.status != HearingStatus.SCHEDULED:
        raise ValidationError(
            {
                "local_date": f"This hearing is {hearing.get_status_display().lower()}; "
                "only a scheduled hearing can be moved."
            }
        )
    errors: dict[str, str] = {}
    _check_when(hearing.kind, local_date, local_time, errors)
    if errors:
        raise ValidationError(errors)
    assert local_date is not None and local_time is not None
    local_time = local_time.replace(second=0, microsecond=0, tzinfo=None)
    starts_at = _instant(hearing.court, local_date, local_time, fold)
    clash = _clash(hearing.court, hearing.kind, local_date, local_time, hearing.pk)
    if clash:
        raise ValidationError({"local_time": clash})
    before = snapshot(hearing, HEARING_FIELDS)
    hearing.local_date, hearing.local_time, hearing.starts_at = local_date, local_time, starts_at
    if room is not None:
        hearing.room = room.strip()
    hearing.save()
    record(
        kind=AuditKind.UPDATE,
        action="hearing.reschedule",
        actor=actor,
        subject=hearing,
        before=before,
        after=snapshot(hearing, HEARING_FIELDS),
    )
    _entries_changed(hearing)
    return hearing


@transaction.atomic
def cancel_hearing(*, actor: Any, hearing: Hearing, reason: str = "") -> Hearing:
    hearing = locked_hearing(hearing)
    _require_configure(actor, hearing.court)
    if hearing.status != HearingStatus.SCHEDULED:
        raise ValidationError(
            {"reason": f"This hearing is already {hearing.get_status_display().lower()}."}
        )
    if len(reason.strip()) > 300:
        raise ValidationError({"reason": "Keep the reason to 300 characters."})
    hearing.status = HearingStatus.CANCELLED
    hearing.note = reason.strip() or hearing.note
    hearing.save(update_fields=["status", "note", "updated_at"])
    record(
        kind=AuditKind.TRANSITION,
        action="hearing.cancel",
        actor=actor,
        subject=hearing,
        before={"status": HearingStatus.SCHEDULED},
        after={"status": HearingStatus.CANCELLED, "note": hearing.note},
    )
    _entries_changed(hearing)
    return hearing
