"""The court calendar and its dockets: hearings and staffing meetings (one-off or in a weekly
series), who is on each docket, what the court did and what the team recommended.

A hearing is set in the court's local date and time; the UTC instant is derived in the
program's zone. A local time that does not exist (spring-forward gap) is refused, one that
happens twice (fall-back fold) needs `fold` (0 the first, 1 the second); a series is refused as
a whole, naming the dates, when any of its dates has either problem. Docket changes call
`court.hooks.docket_changed` so reminders follow them."""

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
from missioncj.court.models import (
    OPEN_CASE_STATUSES,
    Appearance,
    Court,
    CourtCase,
    DocketEntry,
    Hearing,
    HearingKind,
    HearingSeries,
    HearingStatus,
)
from missioncj.court.policies import can_configure
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import NOT_YOUR_TEAM, can_work_in, require_work_scope
from missioncj.participants.services import local_today

CONFIGURE_ONLY = "Only the program's director or supervisor can change the court calendar."
HEARING_FIELDS = ["court", "series", "kind", "local_date", "local_time", "starts_at", "room"]
SERIES_FIELDS = ["court", "kind", "weekday", "local_time", "every_weeks", "starts_on", "ends_on"]
ENTRY_FIELDS = ["hearing", "participant", "episode", "case"]
RESULT_FIELDS = ["appearance", "outcome", "next_date"]
STAFFING_FIELDS = ["recommendation", "staffing_note"]
RECORDED_APPEARANCES = [a for a in Appearance.values if a]
MAX_TEXT = 5000
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


# --- the calendar ---------------------------------------------------------------------------------


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


def _locked_hearing(hearing: Hearing) -> Hearing:
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
    hearing = _locked_hearing(hearing)
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
    hearing = _locked_hearing(hearing)
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


# --- the docket -----------------------------------------------------------------------------------


def _docket_episode(actor: Any, court: Court, participant: Participant) -> Episode:
    """The participant's open episode in the court's program that the actor works with."""
    visible = list(
        Episode.objects.visible_to(actor)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )
    if not visible:
        raise ValidationError({"participant": NOT_YOUR_TEAM})
    episodes = [e for e in visible if e.program_id == court.program_id]
    if not episodes:
        raise ValidationError(
            {
                "participant": f"This participant is not in {court.program.name}, this court's "
                "program."
            }
        )
    workable = [e for e in episodes if can_work_in(actor, e.program, e.team)]
    if not workable:
        raise ValidationError({"participant": NOT_YOUR_TEAM})
    open_ones = [e for e in workable if e.is_open]
    if not open_ones:
        raise ValidationError(
            {"participant": f"This participant's episode in {court.program.name} is closed."}
        )
    return open_ones[0]


def _docket_case(
    court: Court, participant: Participant, case: CourtCase | None
) -> CourtCase | None:
    if case is not None:
        if case.participant_id != participant.pk or case.court_id != court.pk:
            raise ValidationError({"case": "That case is not this participant's in this court."})
        return case
    return (
        CourtCase.objects.filter(
            participant=participant, court=court, status__in=OPEN_CASE_STATUSES
        )
        .order_by("-opened_on", "-pk")
        .first()
    )


@transaction.atomic
def add_to_docket(
    *, actor: Any, hearing: Hearing, participant: Participant, case: CourtCase | None = None
) -> DocketEntry:
    """Put a participant on a hearing's (or staffing meeting's) docket. Their case defaults to
    their newest open case in this court."""
    hearing = _locked_hearing(hearing)
    court = hearing.court
    episode = _docket_episode(actor, court, participant)
    if hearing.status == HearingStatus.CANCELLED:
        raise ValidationError({"hearing": "This hearing is cancelled; choose another."})
    if hearing.entries.filter(participant=participant).exists():
        raise ValidationError(
            {"participant": f"{participant.display_name} is already on this docket."}
        )
    entry = DocketEntry(
        hearing=hearing,
        participant=participant,
        episode=episode,
        case=_docket_case(court, participant, case),
        recorded_by=actor,
    )
    create_recorded(
        entry, actor=actor, action="docket.add", fields=ENTRY_FIELDS, participant=participant
    )
    hooks.docket_changed(entry)
    return entry


def _locked_entry(entry: DocketEntry) -> DocketEntry:
    return (
        DocketEntry.objects.select_for_update(of=("self",))
        .select_related("hearing__court__program", "episode__program", "episode__team")
        .select_related("participant")
        .get(pk=entry.pk)
    )


@transaction.atomic
def remove_from_docket(*, actor: Any, entry: DocketEntry) -> DocketEntry:
    """Take a participant off a docket (not once a result or recommendation is recorded)."""
    entry = _locked_entry(entry)
    require_work_scope(actor, entry.episode, field="participant")
    if entry.appearance or entry.outcome or entry.recommendation:
        raise ValidationError(
            {
                "participant": "A result or recommendation is recorded for this entry; it stays on "
                "the docket."
            }
        )
    before = snapshot(entry, ENTRY_FIELDS)
    record(
        kind=AuditKind.UPDATE,
        action="docket.remove",
        actor=actor,
        participant=entry.participant,
        subject=entry,
        before=before,
        after=None,
    )
    entry.delete()
    hooks.docket_changed(entry, removed=True)
    return entry


def _result_errors(
    entry: DocketEntry,
    appearance: str,
    outcome: str,
    next_date: dt.date | None,
    schedule_next: bool,
) -> dict[str, str]:
    hearing = entry.hearing
    errors: dict[str, str] = {}
    if hearing.kind == HearingKind.STAFFING:
        errors["appearance"] = (
            "A staffing meeting has no appearance; record the team's recommendation instead."
        )
        return errors
    if hearing.status == HearingStatus.CANCELLED:
        errors["appearance"] = "This hearing was cancelled; there is no result to record."
        return errors
    if hearing.local_date > court_today(hearing.court):
        errors["appearance"] = (
            f"This hearing is on {fmt_day(hearing.local_date)}; record the result on or after "
            "that day."
        )
    if appearance not in RECORDED_APPEARANCES:
        errors["appearance"] = "Choose: appeared, appeared remotely, excused or failed to appear."
    if len(outcome) > 300:
        errors["outcome"] = "Keep the outcome to 300 characters."
    if next_date is not None and next_date <= hearing.local_date:
        errors["next_date"] = (
            f"The next court date must be after this hearing ({fmt_day(hearing.local_date)})."
        )
    if schedule_next and next_date is None:
        errors["next_date"] = "Enter the next court date to put them on that docket."
    return errors


def _next_hearing(actor: Any, hearing: Hearing, day: dt.date) -> Hearing:
    """The same kind of hearing on `day`, laid out at this hearing's time when there is none
    and the actor configures the calendar."""
    existing = (
        Hearing.objects.filter(court=hearing.court, kind=hearing.kind, local_date=day)
        .exclude(status=HearingStatus.CANCELLED)
        .order_by("local_time", "pk")
        .first()
    )
    if existing is not None:
        return existing
    if not can_configure(actor, hearing.court):
        label = hearing.get_kind_display().lower()
        raise ValidationError(
            {
                "next_date": f"There is no {label} on {fmt_day(day)} on the calendar; ask the "
                "program's director or supervisor to add one."
            }
        )
    try:
        return schedule_hearing(
            actor=actor,
            court=hearing.court,
            kind=hearing.kind,
            local_date=day,
            local_time=hearing.local_time,
            room=hearing.room,
        )
    except ValidationError as exc:
        raise ValidationError({"next_date": exc.messages}) from exc


@transaction.atomic
def record_hearing_result(
    *,
    actor: Any,
    entry: DocketEntry,
    appearance: str,
    outcome: str = "",
    next_date: dt.date | None = None,
    schedule_next: bool = False,
) -> DocketEntry:
    """What happened for one participant at a hearing: appearance, outcome and next court date;
    with `schedule_next` they are also put on that date's docket."""
    entry = _locked_entry(entry)
    require_work_scope(actor, entry.episode, field="participant")
    outcome = (outcome or "").strip()
    errors = _result_errors(entry, appearance, outcome, next_date, schedule_next)
    if errors:
        raise ValidationError(errors)
    before = snapshot(entry, RESULT_FIELDS)
    entry.appearance, entry.outcome, entry.next_date = appearance, outcome, next_date
    entry.recorded_by = actor
    entry.save(update_fields=[*RESULT_FIELDS, "recorded_by", "updated_at"])
    hearing = entry.hearing
    if hearing.status == HearingStatus.SCHEDULED:
        hearing.status = HearingStatus.HELD
        hearing.save(update_fields=["status", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="docket.result",
        actor=actor,
        participant=entry.participant,
        subject=entry,
        before=before,
        after=snapshot(entry, RESULT_FIELDS),
    )
    if schedule_next and next_date is not None:
        upcoming = _next_hearing(actor, hearing, next_date)
        if not upcoming.entries.filter(participant=entry.participant).exists():
            add_to_docket(
                actor=actor, hearing=upcoming, participant=entry.participant, case=entry.case
            )
    return entry


@transaction.atomic
def record_staffing(
    *, actor: Any, entry: DocketEntry, recommendation: str, staffing_note: str = ""
) -> DocketEntry:
    """The team's recommendation for one participant at a staffing meeting. Staffing notes are
    court records: they are not clinical notes and never appear among contact notes."""
    entry = _locked_entry(entry)
    require_work_scope(actor, entry.episode, field="participant")
    recommendation = (recommendation or "").strip()
    staffing_note = (staffing_note or "").strip()
    errors: dict[str, str] = {}
    if entry.hearing.kind != HearingKind.STAFFING:
        errors["recommendation"] = "Recommendations are recorded on a staffing meeting's docket."
    elif not recommendation:
        errors["recommendation"] = "Write the team's recommendation to the judge."
    elif len(recommendation) > MAX_TEXT:
        errors["recommendation"] = f"Keep the recommendation to {MAX_TEXT} characters."
    if len(staffing_note) > MAX_TEXT:
        errors["staffing_note"] = f"Keep the staffing notes to {MAX_TEXT} characters."
    if errors:
        raise ValidationError(errors)
    before = snapshot(entry, STAFFING_FIELDS)
    entry.recommendation, entry.staffing_note = recommendation, staffing_note
    entry.recorded_by = actor
    entry.save(update_fields=[*STAFFING_FIELDS, "recorded_by", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="docket.staffing",
        actor=actor,
        participant=entry.participant,
        subject=entry,
        before=before,
        after=snapshot(entry, STAFFING_FIELDS),
    )
    return entry


# --- audited reads --------------------------------------------------------------------------------


def record_docket_read(
    *, actor: Any, court: Court, day: dt.date, shown: list[Participant], action: str
) -> None:
    """A docket was shown: one LIST event naming who was on it for this reader."""
    record(
        kind=AuditKind.LIST,
        action=action,
        actor=actor,
        subject=court,
        after={"date": str(day), "shown": [str(p.public_id) for p in shown]},
    )


def record_hearings_read(*, actor: Any, participant: Participant, action: str) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=actor,
        participant=participant,
        subject=participant,
    )
