"""ServiceRequest (one per referral) and Task (one per recorded step of its closed loop).

The ServiceRequest carries the need, the place referred to (directory service or named place),
urgency, the day referred and the referral's overall status; each Task is one step — referred,
scheduled, attended, engaged, did not show, declined, not eligible, closed — on its day, with
who confirmed it (by role). Step notes, the place's contact details and confirmers' names
stay behind."""

from __future__ import annotations

from typing import Any

from missioncj.interop.fhir.common import Entry, concept, identifier, ref
from missioncj.linkage.models import Referral, ReferralStatus, ReferralStep, Urgency

S = ReferralStatus
REQUEST_STATUS: dict[str, str] = {
    S.REFERRED: "active",
    S.SCHEDULED: "active",
    S.NO_SHOW: "active",
    S.ATTENDED: "active",
    S.ENGAGED: "completed",
    S.DECLINED: "revoked",
    S.INELIGIBLE: "revoked",
}
TASK_STATUS: dict[str, str] = {
    S.REFERRED: "requested",
    S.SCHEDULED: "accepted",
    S.NO_SHOW: "on-hold",
    S.ATTENDED: "in-progress",
    S.ENGAGED: "completed",
    S.DECLINED: "cancelled",
    S.INELIGIBLE: "rejected",
}
PRIORITY: dict[str, str] = {
    Urgency.ROUTINE: "routine",
    Urgency.SOON: "urgent",
    Urgency.URGENT: "asap",
}


def request_status(referral: Referral) -> str:
    """A closed referral is `completed` when the person got there, else `revoked`."""
    if referral.status == S.CLOSED:
        return "completed" if referral.first_attended_on else "revoked"
    return REQUEST_STATUS.get(referral.status, "unknown")


def task_status(step: ReferralStep, referral: Referral) -> str:
    if step.status == S.CLOSED:
        return "completed" if referral.first_attended_on else "cancelled"
    return TASK_STATUS.get(step.status, "requested")


def place(referral: Referral) -> str:
    return (
        referral.service.name if referral.service_id and referral.service else referral.place_name
    )


def service_request(referral: Referral, plan_id: Any | None) -> Entry:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "identifier": identifier("referral", referral.public_id),
        "status": request_status(referral),
        "intent": "order",
        "code": concept("need", referral.need, referral.get_need_display()),
        "priority": PRIORITY.get(referral.urgency, "routine"),
        "subject": ref(referral.participant.public_id),
        "authoredOn": referral.referred_on.isoformat(),
        "performer": [{"display": place(referral)}],
    }
    if plan_id is not None:
        resource["basedOn"] = [ref(plan_id)]
    if referral.warm_handoff:
        resource["patientInstruction"] = "Warm hand-off: the peer goes along."
    return Entry(referral.public_id, resource)


def task(step: ReferralStep, referral: Referral) -> Entry:
    return Entry(
        step.public_id,
        {
            "resourceType": "Task",
            "identifier": identifier("referral-step", step.public_id),
            "status": task_status(step, referral),
            "businessStatus": concept("referral-status", step.status, S(step.status).label),
            "intent": "order",
            "focus": ref(referral.public_id),
            "for": ref(referral.participant.public_id),
            "authoredOn": step.on.isoformat(),
            "lastModified": step.on.isoformat(),
            "statusReason": {"text": f"Confirmed by: {step.get_confirmed_by_display().lower()}"},
        },
    )


def referral_entries(referral: Referral, plan_id: Any | None) -> list[Entry]:
    steps = sorted(referral.steps.all(), key=lambda s: (s.on, s.pk))
    return [service_request(referral, plan_id), *(task(s, referral) for s in steps)]
