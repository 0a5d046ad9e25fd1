"""Every write to vocational / educational support and to the participant's legal obligations
(fines, licence reinstatement, warrants elsewhere, child support … outside the court's own
conditions). One transaction each, with its audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.care.models import (
    ActivityKind,
    ActivityStatus,
    EducationStatus,
    EmploymentStatus,
    LegalObligation,
    ObligationKind,
    ObligationStatus,
    VocationalActivity,
    VocationalStatus,
)
from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import require_work_scope, workable_episode
from missioncj.participants.services import local_today

STATUS_FIELDS = ["as_of", "employment", "education", "employer", "hours_per_week", "note"]
ACTIVITY_FIELDS = ["kind", "on", "description", "status"]
OBLIGATION_FIELDS = [
    "kind",
    "jurisdiction",
    "description",
    "amount_owed",
    "amount_paid",
    "due_date",
    "status",
    "resolved_on",
]
MAX_AMOUNT = Decimal("99999999.99")  # what the column holds (10 digits, 2 decimal places)
CENT = Decimal("0.01")


def _episode(episode: Episode) -> Episode:
    return Episode.objects.select_related("program", "team", "participant").get(pk=episode.pk)


def _choice(field: str, value: str, choices: Any, what: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"Choose {what} from the list."})
    return value


def _limit(field: str, value: str, limit: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters (this is {len(value)})."})
    return value


def _dated(episode: Episode, field: str, value: dt.date | None, *, future_ok: bool = False):
    if value is None:
        raise ValidationError({field: "Give a date."})
    if not future_ok and value > local_today(episode.program):
        raise ValidationError({field: "This date is in the future."})
    if value < episode.referral_date:
        raise ValidationError(
            {field: f"This is before the referral on {episode.referral_date:%d %b %Y}."}
        )


# --- employment and education --------------------------------------------------------------------


@transaction.atomic
def record_employment_status(
    *,
    actor: Any,
    episode: Episode,
    as_of: dt.date,
    employment: str,
    education: str = EducationStatus.NONE,
    employer: str = "",
    hours_per_week: int | None = None,
    note: str = "",
) -> EmploymentStatus:
    """Where the participant stands on a date; the newest row is the current status."""
    episode = _episode(episode)
    require_work_scope(actor, episode)
    _dated(episode, "as_of", as_of)
    _choice("employment", employment, VocationalStatus, "an employment status")
    _choice("education", education, EducationStatus, "an education status")
    employer = _limit("employer", employer, 150)
    note = _limit("note", note, 300)
    if hours_per_week is not None and not 0 <= hours_per_week <= 100:
        raise ValidationError({"hours_per_week": "Hours per week are between 0 and 100."})
    working = employment in (VocationalStatus.FULL_TIME, VocationalStatus.PART_TIME)
    if not working and (employer or hours_per_week):
        raise ValidationError(
            {"employer": "Employer and hours are for someone who is working; leave them empty."}
        )
    status = EmploymentStatus(
        episode=episode,
        as_of=as_of,
        employment=employment,
        education=education,
        employer=employer,
        hours_per_week=hours_per_week,
        note=note,
        recorded_by=actor,
    )
    status.full_clean()
    status.save()
    record(
        kind=AuditKind.CREATE,
        action="vocational.status",
        actor=actor,
        participant=episode.participant,
        subject=episode,
        after=snapshot(status, STATUS_FIELDS),
    )
    return status


@transaction.atomic
def record_vocational_activity(
    *,
    actor: Any,
    episode: Episode,
    kind: str,
    on: dt.date,
    description: str,
    status: str = ActivityStatus.PLANNED,
) -> VocationalActivity:
    """A job search, application, interview, training or benefits application.

    A future date is fine for something planned (an interview next week), not for anything else.
    """
    episode = _episode(episode)
    require_work_scope(actor, episode)
    _choice("kind", kind, ActivityKind, "what kind of activity")
    _choice("status", status, ActivityStatus, "a status")
    _dated(episode, "on", on, future_ok=status == ActivityStatus.PLANNED)
    activity = VocationalActivity(
        episode=episode,
        kind=kind,
        on=on,
        description=_limit("description", description, 300, "Describe the activity."),
        status=status,
        recorded_by=actor,
    )
    return create_recorded(
        activity,
        actor=actor,
        action="vocational.activity.create",
        fields=ACTIVITY_FIELDS,
        participant=episode.participant,
    )


@transaction.atomic
def update_activity_status(
    *, actor: Any, activity: VocationalActivity, status: str
) -> VocationalActivity:
    """E.g. a benefits application moves from pending to approved or denied."""
    activity = VocationalActivity.objects.select_for_update(of=("self",)).get(pk=activity.pk)
    episode = _episode(activity.episode)
    require_work_scope(actor, episode)
    _choice("status", status, ActivityStatus, "a status")
    if activity.status == status:
        raise ValidationError({"status": f"It is already “{activity.get_status_display()}”."})
    if status != ActivityStatus.PLANNED and activity.on > local_today(episode.program):
        raise ValidationError(
            {"status": "This activity is still in the future; it can only be planned."}
        )
    before = snapshot(activity, ["status"])
    activity.status = status
    activity.save(update_fields=["status", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="vocational.activity.status",
        actor=actor,
        participant=episode.participant,
        subject=activity,
        before=before,
        after=snapshot(activity, ["status"]),
    )
    return activity


# --- legal obligations ---------------------------------------------------------------------------


def money(field: str, value: Any) -> Decimal:
    """A non-negative amount in dollars and cents (Decimal, at most 2 decimal places)."""
    if value is None or value == "":
        return Decimal("0.00")
    if isinstance(value, float | bool):
        raise ValidationError({field: "Give the amount as dollars and cents, e.g. 150.00."})
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("$"))
    except InvalidOperation:
        raise ValidationError({field: "Give the amount as a number, e.g. 150.00."}) from None
    if not amount.is_finite():
        raise ValidationError({field: "Give the amount as a number, e.g. 150.00."})
    if amount < 0:
        raise ValidationError({field: "An amount cannot be negative."})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: "Use dollars and cents: at most 2 decimal places."})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: "This amount is too large."})
    return amount.quantize(CENT)


def _check_amounts(owed: Decimal, paid: Decimal) -> None:
    if paid > owed:
        raise ValidationError(
            {"amount_paid": f"The amount paid ({paid}) is more than the amount owed ({owed})."}
        )


@transaction.atomic
def add_obligation(
    *,
    actor: Any,
    participant: Participant,
    kind: str,
    description: str,
    jurisdiction: str = "",
    amount_owed: Any = Decimal("0.00"),
    amount_paid: Any = Decimal("0.00"),
    due_date: dt.date | None = None,
) -> LegalObligation:
    workable_episode(actor, participant, field="participant")
    _choice("kind", kind, ObligationKind, "what kind of obligation")
    description = _limit("description", description, 300, "Describe the obligation.")
    jurisdiction = _limit("jurisdiction", jurisdiction, 120)
    owed = money("amount_owed", amount_owed)
    paid = money("amount_paid", amount_paid)
    _check_amounts(owed, paid)
    obligation = LegalObligation(
        participant=participant,
        kind=kind,
        jurisdiction=jurisdiction,
        description=description,
        amount_owed=owed,
        amount_paid=paid,
        due_date=due_date,
        recorded_by=actor,
    )
    return create_recorded(
        obligation,
        actor=actor,
        action="legal.create",
        fields=OBLIGATION_FIELDS,
        participant=participant,
    )


_UNSET: Any = object()


@transaction.atomic
def update_obligation(
    *,
    actor: Any,
    obligation: LegalObligation,
    status: str | None = None,
    amount_paid: Any = _UNSET,
    resolved_on: Any = _UNSET,
    amount_owed: Any = _UNSET,
    due_date: Any = _UNSET,
    description: str | None = None,
    jurisdiction: str | None = None,
) -> LegalObligation:
    """Payments, a new due date, progress or resolution. Only what is passed changes.

    A resolved obligation needs the date it was resolved; an open one has none.
    """
    obligation = (
        LegalObligation.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=obligation.pk)
    )
    participant = obligation.participant
    episode = workable_episode(actor, participant, field="obligation")
    before = snapshot(obligation, OBLIGATION_FIELDS)
    if status is not None:
        obligation.status = _choice("status", status, ObligationStatus, "a status")
    if amount_owed is not _UNSET:
        obligation.amount_owed = money("amount_owed", amount_owed)
    if amount_paid is not _UNSET:
        obligation.amount_paid = money("amount_paid", amount_paid)
    if due_date is not _UNSET:
        obligation.due_date = due_date
    if description is not None:
        obligation.description = _limit("description", description, 300, "Describe the obligation.")
    if jurisdiction is not None:
        obligation.jurisdiction = _limit("jurisdiction", jurisdiction, 120)
    if resolved_on is not _UNSET:
        obligation.resolved_on = resolved_on
    _check_amounts(Decimal(obligation.amount_owed), Decimal(obligation.amount_paid))
    if obligation.status == ObligationStatus.RESOLVED:
        if obligation.resolved_on is None:
            raise ValidationError({"resolved_on": "Give the date it was resolved."})
        if obligation.resolved_on > local_today(episode.program):
            raise ValidationError({"resolved_on": "This date is in the future."})
    elif obligation.resolved_on is not None:
        if resolved_on is _UNSET or resolved_on is None:
            obligation.resolved_on = None  # re-opened: the old resolution date no longer holds
        else:
            raise ValidationError(
                {"resolved_on": "Only a resolved obligation has a resolved date."}
            )
    after = snapshot(obligation, OBLIGATION_FIELDS)
    changed = {k for k in after if after[k] != before[k]}
    if not changed:
        raise ValidationError({"status": "Nothing was changed."})
    obligation.full_clean()
    obligation.save()
    record(
        kind=AuditKind.UPDATE,
        action="legal.update",
        actor=actor,
        participant=participant,
        subject=obligation,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return obligation
