"""Who is on a court's dockets and what happened there: putting a participant on a hearing's (or
staffing meeting's) docket and taking them off, what the court did at a hearing (appearance,
outcome, next court date) and what the team recommended at staffing. Each write is one
transaction with its audit event; showing a docket or a participant's hearings is audited too
(`record_docket_read`, `record_hearings_read`). The calendar itself (hearings and series) is
`services/hearings.py`. Docket changes call `court.hooks.docket_changed` so reminders follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court import hooks
from missioncj.court.hearing_times import fmt_day
from missioncj.court.models import (
    OPEN_CASE_STATUSES,
    Appearance,
    Court,
    CourtCase,
    DocketEntry,
    Hearing,
    HearingKind,
    HearingStatus,
)
from missioncj.court.policies import can_configure
from missioncj.court.services.hearings import court_today, locked_hearing, schedule_hearing
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import NOT_YOUR_TEAM, can_work_in, require_work_scope

ENTRY_FIELDS = ["hearing", "participant", "episode", "case"]
RESULT_FIELDS = ["appearance", "outcome", "next_date"]
STAFFING_FIELDS = ["recommendation", "staffing_note"]
RECORDED_APPEARANCES = [a for a in Appearance.values if a]
MAX_TEXT = 5000


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
    hearing = locked_hearing(hearing)
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
