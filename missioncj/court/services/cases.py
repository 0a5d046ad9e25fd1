"""Every write to a participant's court cases and their charges (the conditions the court
ordered are `conditions.py`'s). One transaction each, with its audit event.

Each function checks everything it is given and reports every problem at once (a ValidationError
keyed by field), so a form or an API caller can fix them all in one go; nothing is written unless
all of it is good. Only someone who may work with the participant (their team, or the program's
director or supervisor) can write here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.core.problems import Problems, fmt_day
from missioncj.court.models import (
    OPEN_CASE_STATUSES,
    CaseStatus,
    Charge,
    ChargeLevel,
    Court,
    CourtCase,
)
from missioncj.court.services._common import locked_case, require_case
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import workable_episode
from missioncj.participants.services import local_today
from missioncj.programs.models import Intercept

CONTACT_FIELDS = [
    "attorney_name",
    "attorney_phone",
    "attorney_email",
    "probation_officer_name",
    "probation_officer_phone",
    "probation_officer_email",
]
CASE_FIELDS = [
    "court",
    "docket_number",
    "judge",
    "status",
    "intercept",
    "opened_on",
    "disposed_on",
    "disposition",
    *CONTACT_FIELDS,
]
EDITABLE_CASE_FIELDS = set(CASE_FIELDS)
CHARGE_FIELDS = ["statute", "description", "level", "degree", "disposition", "disposition_on"]
CLOSED_STATUSES = (CaseStatus.DISPOSED, CaseStatus.DISMISSED)
LIMITS = {
    "docket_number": 60,
    "judge": 150,
    "disposition": 300,
    "attorney_name": 150,
    "attorney_phone": 32,
    "probation_officer_name": 150,
    "probation_officer_phone": 32,
}


def _contacts(problems: Problems, values: dict[str, Any]) -> dict[str, str]:
    out = {}
    for field in CONTACT_FIELDS:
        if field not in values:
            continue
        if field.endswith("_email"):
            out[field] = problems.email(field, values[field])
        else:
            out[field] = problems.text(field, values[field], LIMITS[field])
    return out


def _docket_taken(court: Court, docket_number: str, exclude: int | None = None) -> bool:
    taken = CourtCase.objects.filter(court=court, docket_number__iexact=docket_number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    return taken.exists()


def _docket_message(court: Court, docket_number: str) -> str:
    return (
        f"Docket number {docket_number} is already recorded in {court.name}; each docket "
        "number is used once per court."
    )


def _save_case(case: CourtCase) -> None:
    """Save, turning a docket number taken by a concurrent request into the same clear message."""
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        if _docket_taken(case.court, case.docket_number, exclude=case.pk):
            raise ValidationError(
                {"docket_number": _docket_message(case.court, case.docket_number)}
            ) from None
        raise


# --- cases ---------------------------------------------------------------------------------------


@transaction.atomic
def open_case(
    *,
    actor: Any,
    participant: Participant,
    court: Court,
    docket_number: str,
    status: str,
    opened_on: dt.date,
    intercept: int | None = None,
    judge: str = "",
    episode: Episode | None = None,
    charges: list[dict[str, Any]] | None = None,
    **contacts: Any,
) -> CourtCase:
    """A court case the participant is in the program for, with any charges known so far.

    The court is one of the program's courts; the judge defaults to its presiding judge and the
    intercept to the program's. A case opens pre-plea, post-plea or on probation; it is closed
    with `dispose_case`.
    """
    unknown = set(contacts) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"open_case() got unexpected arguments: {', '.join(sorted(unknown))}")
    episode = workable_episode(actor, participant, episode, field="participant")
    program = episode.program
    today = local_today(program)
    problems = Problems()
    if court.program_id != program.pk:
        problems.add("court", f"Choose one of the courts of {program.name}.")
    docket_number = problems.text(
        "docket_number", docket_number, 60, "Give the docket (case) number."
    )
    if docket_number and "court" not in problems and _docket_taken(court, docket_number):
        problems.add("docket_number", _docket_message(court, docket_number))
    if status not in OPEN_CASE_STATUSES:
        problems.add(
            "status",
            "A case opens pre-plea, post-plea or on probation; record a disposition after "
            "opening it.",
        )
    problems.date("opened_on", opened_on, today, required="Give the date the case was opened.")
    if intercept is None:
        intercept = program.intercept
    problems.choice("intercept", intercept, Intercept, "an intercept")
    judge = problems.text("judge", judge, 150) or court.judge
    contact_values = _contacts(problems, contacts)
    charge_rows = [
        _charge_values(problems, row, today, opened_on, prefix=f"charges.{index}.")
        for index, row in enumerate(charges or [])
    ]
    problems.raise_any()
    case = CourtCase(
        participant=participant,
        episode=episode,
        court=court,
        docket_number=docket_number,
        judge=judge,
        status=status,
        intercept=intercept,
        opened_on=opened_on,
        recorded_by=actor,
        **contact_values,
    )
    case.full_clean(validate_constraints=False)
    _save_case(case)
    record(
        kind=AuditKind.CREATE,
        action="court.case.open",
        actor=actor,
        participant=participant,
        subject=case,
        after=snapshot(case, CASE_FIELDS),
    )
    for order, values in enumerate(charge_rows, start=1):
        _create_charge(actor, case, values, order)
    return case


def _apply_case_changes(
    problems: Problems, case: CourtCase, changes: dict[str, Any], today: dt.date
) -> None:
    if "court" in changes:
        court = changes["court"]
        if court.program_id != case.episode.program_id:
            problems.add("court", f"Choose one of the courts of {case.episode.program.name}.")
        else:
            case.court = court
    for field in ("docket_number", "judge", "disposition"):
        if field in changes:
            required = "Give the docket (case) number." if field == "docket_number" else ""
            setattr(case, field, problems.text(field, changes[field], LIMITS[field], required))
    if "status" in changes:
        case.status = problems.choice("status", changes["status"], CaseStatus, "a status")
    if "intercept" in changes:
        case.intercept = problems.choice(
            "intercept", changes["intercept"], Intercept, "an intercept"
        )
    if "opened_on" in changes:
        case.opened_on = problems.date(  # type: ignore[assignment]
            "opened_on", changes["opened_on"], today, required="Give the date the case was opened."
        )
    if "disposed_on" in changes:
        case.disposed_on = problems.date("disposed_on", changes["disposed_on"], today)
    for field, value in _contacts(problems, changes).items():
        setattr(case, field, value)


def _before_opening(problems: Problems, field: str, day: Any, opened_on: Any, what: str) -> None:
    """`what`, on `day`, cannot come before the case was opened (unless `field` is already
    refused)."""
    if (
        isinstance(day, dt.date)
        and isinstance(opened_on, dt.date)
        and day < opened_on
        and field not in problems
    ):
        problems.add(
            field,
            f"{what} ({fmt_day(day)}) is before the case was opened ({fmt_day(opened_on)}).",
        )


def _check_disposition(problems: Problems, case: CourtCase, reopened: bool) -> None:
    if case.status in CLOSED_STATUSES:
        if case.disposed_on is None and "disposed_on" not in problems:
            problems.add("disposed_on", "A disposed or dismissed case needs its disposition date.")
        if not case.disposition and "disposition" not in problems:
            problems.add(
                "disposition", "Say how the case was disposed (e.g. dismissed on graduation)."
            )
    elif reopened:  # the old disposition no longer holds
        case.disposed_on, case.disposition = None, ""
    elif case.disposed_on is not None or case.disposition:
        problems.add("disposed_on", "Only a disposed or dismissed case has a disposition.")
    _before_opening(problems, "disposed_on", case.disposed_on, case.opened_on, "The disposition")


@transaction.atomic
def update_case(*, actor: Any, case: CourtCase, **changes: Any) -> CourtCase:
    """Correct or bring a case up to date; only what is passed changes. Audited with the
    changed fields before and after. Setting an open status on a disposed case re-opens it
    (its disposition is cleared)."""
    unknown = set(changes) - EDITABLE_CASE_FIELDS
    if unknown:
        raise TypeError(f"update_case() got unexpected arguments: {', '.join(sorted(unknown))}")
    case = locked_case(case)
    require_case(actor, case)
    before = snapshot(case, CASE_FIELDS)
    was_closed = case.status in CLOSED_STATUSES
    problems = Problems()
    _apply_case_changes(problems, case, changes, local_today(case.episode.program))
    reopened = was_closed and case.status in OPEN_CASE_STATUSES
    _check_disposition(problems, case, reopened and "disposed_on" not in changes)
    if (
        not ({"docket_number", "court"} & set(problems.found))
        and case.docket_number
        and _docket_taken(case.court, case.docket_number, exclude=case.pk)
    ):
        problems.add("docket_number", _docket_message(case.court, case.docket_number))
    if (
        case.opened_on
        and "opened_on" not in problems
        and case.charges.filter(disposition_on__lt=case.opened_on).exists()
    ):
        problems.add("opened_on", "A charge on this case was disposed before this date.")
    problems.raise_any()
    after = snapshot(case, CASE_FIELDS)
    changed = [f for f in CASE_FIELDS if after[f] != before[f]]
    if not changed:
        raise ValidationError({"status": "Nothing was changed."})
    case.full_clean(validate_constraints=False)
    _save_case(case)
    record(
        kind=AuditKind.UPDATE,
        action="court.case.update",
        actor=actor,
        participant=case.participant,
        subject=case,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return case


@transaction.atomic
def dispose_case(
    *,
    actor: Any,
    case: CourtCase,
    disposition: str,
    disposed_on: dt.date,
    status: str = CaseStatus.DISPOSED,
) -> CourtCase:
    """Close a case with its disposition (e.g. dismissed on graduation, sentenced to time
    served) and the date; a disposition before the case opened is refused."""
    case = locked_case(case)
    require_case(actor, case)
    problems = Problems()
    if case.status in CLOSED_STATUSES:
        problems.add(
            "status",
            f"This case is already {case.get_status_display().lower()}"
            + (f" ({fmt_day(case.disposed_on)})" if case.disposed_on else "")
            + "; edit the case to correct it.",
        )
    if status not in CLOSED_STATUSES:
        problems.add("status", "Choose disposed or dismissed.")
    disposition = problems.text("disposition", disposition, 300, "Say how the case was disposed.")
    today = local_today(case.episode.program)
    day = problems.date(
        "disposed_on", disposed_on, today, required="Give the date of the disposition."
    )
    _before_opening(problems, "disposed_on", day, case.opened_on, "The disposition")
    problems.raise_any()
    fields = ["status", "disposed_on", "disposition"]
    before = snapshot(case, fields)
    case.status, case.disposed_on, case.disposition = status, day, disposition
    case.save(update_fields=[*fields, "updated_at"])
    record(
        kind=AuditKind.TRANSITION,
        action="court.case.dispose",
        actor=actor,
        participant=case.participant,
        subject=case,
        before=before,
        after=snapshot(case, fields),
    )
    return case


# --- charges -------------------------------------------------------------------------------------


def _charge_values(
    problems: Problems,
    values: dict[str, Any],
    today: dt.date,
    opened_on: Any,
    prefix: str = "",
    partial: bool = False,
) -> dict[str, Any]:
    """Checked charge fields (all of them, or with `partial` only those given)."""
    out: dict[str, Any] = {}
    unknown = set(values) - set(CHARGE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown charge fields: {', '.join(sorted(unknown))}")

    def given(field: str) -> bool:
        return not partial or field in values

    if given("statute"):
        out["statute"] = problems.text(
            f"{prefix}statute", values.get("statute"), 80, "Give the statute, e.g. 893.13(6)(a)."
        )
    if given("description"):
        out["description"] = problems.text(
            f"{prefix}description",
            values.get("description"),
            300,
            "Describe the charge, e.g. possession of a controlled substance.",
        )
    if given("level"):
        out["level"] = problems.choice(
            f"{prefix}level", values.get("level"), ChargeLevel, "felony, misdemeanor or infraction"
        )
    if given("degree"):
        out["degree"] = problems.text(f"{prefix}degree", values.get("degree"), 20)
    if given("disposition"):
        out["disposition"] = problems.text(f"{prefix}disposition", values.get("disposition"), 120)
    if given("disposition_on"):
        field = f"{prefix}disposition_on"
        day = problems.date(field, values.get("disposition_on"), today)
        _before_opening(problems, field, day, opened_on, "The charge's disposition")
        out["disposition_on"] = day
    if not partial and out.get("disposition_on") and not out.get("disposition"):
        problems.add(f"{prefix}disposition", "Say what the disposition was on that date.")
    return out


def _create_charge(actor: Any, case: CourtCase, values: dict[str, Any], order: int) -> Charge:
    charge = Charge(case=case, order=order, **values)
    return create_recorded(
        charge,
        actor=actor,
        action="court.charge.add",
        fields=["case", *CHARGE_FIELDS],
        participant=case.participant,
    )


@transaction.atomic
def add_charge(
    *,
    actor: Any,
    case: CourtCase,
    statute: str,
    description: str,
    level: str,
    degree: str = "",
    disposition: str = "",
    disposition_on: dt.date | None = None,
) -> Charge:
    case = locked_case(case)
    require_case(actor, case)
    problems = Problems()
    values = _charge_values(
        problems,
        {
            "statute": statute,
            "description": description,
            "level": level,
            "degree": degree,
            "disposition": disposition,
            "disposition_on": disposition_on,
        },
        local_today(case.episode.program),
        case.opened_on,
    )
    problems.raise_any()
    last = case.charges.order_by("-order").values_list("order", flat=True).first() or 0
    return _create_charge(actor, case, values, last + 1)


def _charge(charge: Charge) -> Charge:
    return (
        Charge.objects.select_for_update(of=("self",))
        .select_related("case__episode__program", "case__episode__team", "case__participant")
        .get(pk=charge.pk)
    )


@transaction.atomic
def update_charge(*, actor: Any, charge: Charge, **changes: Any) -> Charge:
    """Correct a charge or record its disposition; only what is passed changes."""
    charge = _charge(charge)
    case = charge.case
    require_case(actor, case)
    problems = Problems()
    values = _charge_values(
        problems, changes, local_today(case.episode.program), case.opened_on, partial=True
    )
    before = snapshot(charge, CHARGE_FIELDS)
    for field, value in values.items():
        if f"{field}" not in problems:
            setattr(charge, field, value)
    if charge.disposition_on is not None and not charge.disposition:
        problems.add("disposition", "Say what the disposition was on that date.")
    problems.raise_any()
    after = snapshot(charge, CHARGE_FIELDS)
    changed = [f for f in CHARGE_FIELDS if after[f] != before[f]]
    if not changed:
        raise ValidationError({"statute": "Nothing was changed."})
    charge.full_clean()
    charge.save()
    record(
        kind=AuditKind.UPDATE,
        action="court.charge.update",
        actor=actor,
        participant=case.participant,
        subject=charge,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return charge


@transaction.atomic
def remove_charge(*, actor: Any, charge: Charge) -> None:
    """Take off a charge entered by mistake (or amended away); the audit event keeps what it
    said."""
    charge = _charge(charge)
    case = charge.case
    require_case(actor, case)
    before = snapshot(charge, ["case", *CHARGE_FIELDS])
    record(
        kind=AuditKind.UPDATE,
        action="court.charge.remove",
        actor=actor,
        participant=case.participant,
        subject=charge,
        before=before,
        after=None,
    )
    charge.delete()
