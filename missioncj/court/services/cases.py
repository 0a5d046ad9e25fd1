"""Every write to a participant's court cases, their charges, the conditions the court ordered
and progress towards them. One transaction each, with its audit event.

Each function checks everything it is given and reports every problem at once (a
ValidationError keyed by field), so a form or an API caller can fix them all in one go; nothing
is written unless all of it is good. Only someone who may work with the participant (their team,
or the program's director or supervisor) can write here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court.models import (
    OPEN_CASE_STATUSES,
    CaseStatus,
    Charge,
    ChargeLevel,
    Condition,
    ConditionKind,
    ConditionProgress,
    ConditionStatus,
    ConditionUnit,
    Court,
    CourtCase,
)
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import require_work_scope, workable_episode
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
CONDITION_FIELDS = [
    "kind",
    "description",
    "ordered_on",
    "due_on",
    "unit",
    "required",
    "status",
    "protected_party",
]
PROGRESS_FIELDS = ["condition", "on", "amount", "note"]
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
MAX_AMOUNT = Decimal("99999999.99")  # what the columns hold (10 digits, 2 decimal places)
CENT = Decimal("0.01")
UNIT_WORDS = {
    ConditionUnit.HOURS: "hours",
    ConditionUnit.DOLLARS: "dollars",
    ConditionUnit.SESSIONS: "sessions",
}


def fmt_day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class Problems:
    """Collects every problem with a request, keyed by field, then raises them together."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.found

    def raise_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)

    def text(self, field: str, value: Any, limit: int, required: str = "") -> str:
        value = ("" if value is None else str(value)).strip()
        if required and not value:
            self.add(field, required)
        elif len(value) > limit:
            self.add(field, f"Keep it to {limit} characters (this is {len(value)}).")
        return value

    def choice(self, field: str, value: Any, choices: Any, what: str) -> Any:
        if value not in choices.values:
            self.add(field, f"Choose {what} from the list.")
        return value

    def date(
        self, field: str, value: Any, today: dt.date, *, required: str = "", future_ok: bool = False
    ) -> dt.date | None:
        if value in (None, ""):
            if required:
                self.add(field, required)
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.add(field, "Give a date, e.g. 2026-10-01.")
            return None
        if not future_ok and value > today:
            self.add(field, f"This date ({fmt_day(value)}) is in the future.")
        return value

    def email(self, field: str, value: Any) -> str:
        value = self.text(field, value, 254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.add(field, "Give an e-mail address like name@example.org.")
        return value

    def amount(self, field: str, value: Any, what: str) -> Decimal | None:
        """A positive amount with at most 2 decimal places (hours, dollars, sessions)."""
        if value is None or value == "":
            return None
        if isinstance(value, float | bool):
            self.add(field, f"Give the {what} as a number, e.g. 40 or 150.00.")
            return None
        try:
            amount = Decimal(str(value).strip().replace(",", "").lstrip("$"))
        except InvalidOperation:
            self.add(field, f"Give the {what} as a number, e.g. 40 or 150.00.")
            return None
        if not amount.is_finite():
            self.add(field, f"Give the {what} as a number, e.g. 40 or 150.00.")
        elif amount <= 0:
            self.add(field, f"The {what} must be more than zero (this is {amount}).")
        elif amount != amount.quantize(CENT):
            self.add(field, f"The {what} can have at most 2 decimal places.")
        elif amount > MAX_AMOUNT:
            self.add(field, f"The {what} is too large.")
        else:
            return amount.quantize(CENT)
        return None


def _case(case: CourtCase) -> CourtCase:
    """The stored case, locked, with what every check needs; refuses actors out of scope."""
    return (
        CourtCase.objects.select_for_update(of=("self",))
        .select_related("court", "episode__program", "episode__team", "participant")
        .get(pk=case.pk)
    )


def _require(actor: Any, case: CourtCase) -> None:
    require_work_scope(actor, case.episode, field="case")


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


def _check_disposition(problems: Problems, case: CourtCase, reopened: bool) -> None:
    if case.status in CLOSED_STATUSES:
        if case.disposed_on is None and "disposed_on" not in problems:
            problems.add("disposed_on", "A disposed or dismissed case needs its disposition date.")
        if not case.disposition and "disposition" not in problems:
            problems.add(
                "disposition", "Say how the case was disposed (e.g. dismissed on graduation)."
            )
    elif reopened:
        case.disposed_on, case.disposition = (
            None,
            "",
        )  # re-opened: the old disposition no longer holds
    elif case.disposed_on is not None or case.disposition:
        problems.add("disposed_on", "Only a disposed or dismissed case has a disposition.")
    if (
        case.disposed_on is not None
        and case.opened_on is not None
        and case.disposed_on < case.opened_on
        and "disposed_on" not in problems
    ):
        problems.add(
            "disposed_on",
            f"The disposition ({fmt_day(case.disposed_on)}) is before the case was opened "
            f"({fmt_day(case.opened_on)}).",
        )


@transaction.atomic
def update_case(*, actor: Any, case: CourtCase, **changes: Any) -> CourtCase:
    """Correct or bring a case up to date; only what is passed changes. Audited with the
    changed fields before and after. Setting an open status on a disposed case re-opens it
    (its disposition is cleared)."""
    unknown = set(changes) - EDITABLE_CASE_FIELDS
    if unknown:
        raise TypeError(f"update_case() got unexpected arguments: {', '.join(sorted(unknown))}")
    case = _case(case)
    _require(actor, case)
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
    case = _case(case)
    _require(actor, case)
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
    if day is not None and day < case.opened_on and "disposed_on" not in problems:
        problems.add(
            "disposed_on",
            f"The disposition ({fmt_day(day)}) is before the case was opened "
            f"({fmt_day(case.opened_on)}).",
        )
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
        day = problems.date(f"{prefix}disposition_on", values.get("disposition_on"), today)
        if (
            isinstance(day, dt.date)
            and isinstance(opened_on, dt.date)
            and day < opened_on
            and f"{prefix}disposition_on" not in problems
        ):
            problems.add(
                f"{prefix}disposition_on",
                f"The charge's disposition ({fmt_day(day)}) is before the case was opened "
                f"({fmt_day(opened_on)}).",
            )
        out["disposition_on"] = day
    if not partial and out.get("disposition_on") and not out.get("disposition"):
        problems.add(f"{prefix}disposition", "Say what the disposition was on that date.")
    return out


def _check_charge_disposition(problems: Problems, charge: Charge, prefix: str = "") -> None:
    if charge.disposition_on is not None and not charge.disposition:
        problems.add(f"{prefix}disposition", "Say what the disposition was on that date.")


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
    case = _case(case)
    _require(actor, case)
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
    _require(actor, case)
    problems = Problems()
    values = _charge_values(
        problems, changes, local_today(case.episode.program), case.opened_on, partial=True
    )
    before = snapshot(charge, CHARGE_FIELDS)
    for field, value in values.items():
        if f"{field}" not in problems:
            setattr(charge, field, value)
    _check_charge_disposition(problems, charge)
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
    _require(actor, case)
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


# --- conditions and progress ---------------------------------------------------------------------


def _check_measure(problems: Problems, unit: str, required: Any) -> Decimal | None:
    """A unit goes with an amount and an amount with a unit."""
    amount = problems.amount("required", required, "amount required")
    if unit not in ConditionUnit.values:
        problems.add("unit", "Choose hours, dollars, sessions or not measured.")
        return amount
    if unit and required in (None, "") and "required" not in problems:
        problems.add(
            "required",
            f"Give the number of {UNIT_WORDS[ConditionUnit(unit)]} required, or choose "
            "“Not measured in amounts”.",
        )
    if not unit and required not in (None, "") and "required" not in problems:
        problems.add(
            "unit",
            f"Say what the amount {required} counts: hours, dollars or sessions (or leave the "
            "amount empty).",
        )
    return amount


@transaction.atomic
def add_condition(
    *,
    actor: Any,
    case: CourtCase,
    kind: str,
    description: str,
    ordered_on: dt.date,
    due_on: dt.date | None = None,
    unit: str = ConditionUnit.NONE,
    required: Any = None,
    protected_party: str = "",
) -> Condition:
    """A condition the court ordered on an open case. Measurable conditions (community service
    hours, fees, restitution, sessions) carry a unit and the amount required."""
    case = _case(case)
    _require(actor, case)
    today = local_today(case.episode.program)
    problems = Problems()
    if not case.is_open:
        problems.add(
            "case",
            f"This case is {case.get_status_display().lower()}; conditions are added to open "
            "cases.",
        )
    problems.choice("kind", kind, ConditionKind, "what the court ordered")
    description = problems.text(
        "description", description, 300, "Describe the condition as the court ordered it."
    )
    ordered = problems.date("ordered_on", ordered_on, today, required="Give the date ordered.")
    if ordered is not None and ordered < case.opened_on and "ordered_on" not in problems:
        problems.add(
            "ordered_on",
            f"This is before the case was opened ({fmt_day(case.opened_on)}).",
        )
    due = problems.date("due_on", due_on, today, future_ok=True)
    if due is not None and ordered is not None and due < ordered and "due_on" not in problems:
        problems.add("due_on", f"The due date is before the order ({fmt_day(ordered)}).")
    amount = _check_measure(problems, unit or "", required)
    protected_party = problems.text("protected_party", protected_party, 150)
    if kind == ConditionKind.NO_CONTACT and not protected_party:
        problems.add("protected_party", "Name who the no-contact order protects.")
    if kind != ConditionKind.NO_CONTACT and protected_party:
        problems.add("protected_party", "A protected party is only for no-contact orders.")
    problems.raise_any()
    condition = Condition(
        case=case,
        kind=kind,
        description=description,
        ordered_on=ordered_on,
        due_on=due_on,
        unit=unit or "",
        required=amount,
        protected_party=protected_party,
    )
    return create_recorded(
        condition,
        actor=actor,
        action="court.condition.add",
        fields=["case", *CONDITION_FIELDS],
        participant=case.participant,
    )


def _condition(condition: Condition) -> Condition:
    return (
        Condition.objects.select_for_update(of=("self",))
        .select_related("case__episode__program", "case__episode__team", "case__participant")
        .get(pk=condition.pk)
    )


@transaction.atomic
def record_progress(
    *, actor: Any, condition: Condition, on: dt.date, amount: Any, note: str = ""
) -> ConditionProgress:
    """Hours worked, a payment made or a session attended towards a measurable condition."""
    condition = _condition(condition)
    case = condition.case
    _require(actor, case)
    today = local_today(case.episode.program)
    problems = Problems()
    if not condition.unit:
        problems.add(
            "amount",
            "This condition is not measured in amounts; mark it met or violated instead.",
        )
    elif condition.status != ConditionStatus.ACTIVE:
        problems.add(
            "condition",
            f"This condition is {condition.get_status_display().lower()}; progress is recorded "
            "on active conditions.",
        )
    what = UNIT_WORDS.get(ConditionUnit(condition.unit), "amount") if condition.unit else "amount"
    value = problems.amount("amount", amount, what if what != "dollars" else "payment")
    if condition.unit and amount in (None, "") and "amount" not in problems:
        problems.add("amount", f"Give the {what} done.")
    day = problems.date("on", on, today, required="Give the date.")
    if day is not None and day < condition.ordered_on and "on" not in problems:
        problems.add(
            "on", f"This is before the condition was ordered ({fmt_day(condition.ordered_on)})."
        )
    note = problems.text("note", note, 300)
    problems.raise_any()
    assert value is not None  # an empty or bad amount was refused above
    progress = ConditionProgress(
        condition=condition, on=on, amount=value, note=note, recorded_by=actor
    )
    return create_recorded(
        progress,
        actor=actor,
        action="court.condition.progress",
        fields=PROGRESS_FIELDS,
        participant=case.participant,
    )


@transaction.atomic
def set_condition_status(
    *, actor: Any, condition: Condition, status: str, note: str = ""
) -> Condition:
    """Met, violated, vacated by the court — or active again. The note (why, who decided) goes
    into the audit event."""
    condition = _condition(condition)
    case = condition.case
    _require(actor, case)
    problems = Problems()
    problems.choice("status", status, ConditionStatus, "a status")
    if status == condition.status:
        problems.add("status", f"It is already “{condition.get_status_display()}”.")
    note = problems.text("note", note, 300)
    problems.raise_any()
    before = snapshot(condition, ["status"])
    condition.status = status
    condition.save(update_fields=["status", "updated_at"])
    record(
        kind=AuditKind.TRANSITION,
        action="court.condition.status",
        actor=actor,
        participant=case.participant,
        subject=condition,
        before=before,
        after={**snapshot(condition, ["status"]), "note": note},
    )
    return condition
