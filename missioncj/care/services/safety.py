"""Stanley-Brown safety plans: every save is a new version; nothing is edited in place."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from missioncj.care.models import SAFETY_STEPS, SafetyPlan
from missioncj.core.audit import create_recorded, record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant
from missioncj.participants.policies import workable_episode

STEP_FIELDS = [field for field, _ in SAFETY_STEPS]
PLAN_FIELDS = ["version", *STEP_FIELDS, "reasons_for_living"]
# What to write in each step, for the message when it is left empty.
STEP_HINTS = {
    "warning_signs": "the warning signs (thoughts, moods, situations) that a crisis may be coming",
    "internal_coping": "what the participant can do alone to take their mind off problems",
    "social_distractions": "people and places that help take their mind off things",
    "people_to_ask": "people the participant can ask for help, with phone numbers",
    "professionals": "professionals and agencies to contact in a crisis (988 is always there)",
    "safe_environment": "how to make the surroundings safe (means restriction)",
}
MAX_STEP_CHARS = 5000


def current_safety_plan(participant: Participant) -> SafetyPlan | None:
    return participant.safety_plans.select_related("created_by").order_by("-version").first()


@transaction.atomic
def save_safety_plan(
    *, actor: Any, participant: Participant, reasons_for_living: str = "", **steps: str
) -> SafetyPlan:
    """A new version of the participant's safety plan, with all six steps filled in."""
    unknown = set(steps) - set(STEP_FIELDS)
    if unknown:
        raise ValidationError({name: "This is not a step of the safety plan." for name in unknown})
    # Lock the participant so two saves at once get versions N+1 and N+2, not a clash.
    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    workable_episode(actor, participant, field="participant")
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for field, heading in SAFETY_STEPS:
        value = (steps.get(field) or "").strip()
        if not value:
            errors[field] = f"Step {heading} is required: write {STEP_HINTS[field]}."
        elif len(value) > MAX_STEP_CHARS:
            errors[field] = f"Keep this step to {MAX_STEP_CHARS} characters."
        values[field] = value
    reasons = (reasons_for_living or "").strip()
    if len(reasons) > MAX_STEP_CHARS:
        errors["reasons_for_living"] = f"Keep this to {MAX_STEP_CHARS} characters."
    if errors:
        raise ValidationError(errors)
    latest = participant.safety_plans.aggregate(v=Max("version"))["v"] or 0
    plan = SafetyPlan(
        participant=participant,
        version=latest + 1,
        reasons_for_living=reasons,
        created_by=actor,
        **values,
    )
    return create_recorded(
        plan,
        actor=actor,
        action="safety_plan.create",
        fields=PLAN_FIELDS,
        participant=participant,
    )


def record_safety_plan_read(
    *, actor: Any, participant: Participant, plan: SafetyPlan | None, action: str
) -> None:
    """Reading a safety plan (page, history, API) is an audited event."""
    record(
        kind=AuditKind.READ,
        action=action,
        actor=actor,
        participant=participant,
        subject=plan if plan is not None else participant,
        after={"version": plan.version} if plan is not None else None,
    )
