"""CarePlan and Goal from the episode's treatment plan: one Goal per plan goal (its words,
domain and status) and the plan's objectives as CarePlan activities (text, who is responsible,
target date, status). Need notes, progress-rating notes and review summaries stay behind."""

from __future__ import annotations

from typing import Any

from missioncj.care.models import ItemStatus, PlanGoal, PlanObjective, TreatmentPlan
from missioncj.interop.fhir.common import Entry, concept, identifier, ref

GOAL_LIFECYCLE: dict[str, str] = {
    ItemStatus.OPEN: "active",
    ItemStatus.MET: "completed",
    ItemStatus.CHANGED: "cancelled",
    ItemStatus.DROPPED: "cancelled",
}
ACTIVITY_STATUS: dict[str, str] = {
    ItemStatus.OPEN: "in-progress",
    ItemStatus.MET: "completed",
    ItemStatus.CHANGED: "stopped",
    ItemStatus.DROPPED: "cancelled",
}
ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"


def goal(item: PlanGoal, participant_id: Any) -> Entry:
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "identifier": identifier("goal", item.public_id),
        "lifecycleStatus": GOAL_LIFECYCLE.get(item.status, "active"),
        "category": [concept("plan-domain", item.domain, item.get_domain_display())],
        "description": {"text": item.text},
        "subject": ref(participant_id),
    }
    if item.status == ItemStatus.MET:
        resource["achievementStatus"] = {
            "coding": [{"system": ACHIEVEMENT, "code": "achieved", "display": "Achieved"}]
        }
    return Entry(item.public_id, resource)


def _activity(objective: PlanObjective) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "status": ACTIVITY_STATUS.get(objective.status, "unknown"),
        "description": objective.text,
        "goal": [ref(objective.goal.public_id)],
        "performer": [{"display": objective.get_responsible_display()}],
    }
    if objective.intervention:
        detail["code"] = {"text": objective.intervention}
    if objective.target_date:
        detail["scheduledString"] = f"By {objective.target_date.isoformat()}"
    return {"detail": detail}


def care_plan(plan: TreatmentPlan, goals: list[PlanGoal]) -> Entry:
    episode = plan.episode
    objectives = [o for g in goals for o in g.objectives.all()]
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "identifier": identifier("plan", plan.public_id),
        "status": "active" if episode.is_open else "completed",
        "intent": "plan",
        "title": f"Treatment plan, {episode.program.name}",
        "subject": ref(episode.participant.public_id),
        "period": {"start": plan.started_on.isoformat()},
        "supportingInfo": [ref(episode.public_id)],
        "goal": [ref(g.public_id) for g in goals],
    }
    if objectives:
        resource["activity"] = [_activity(o) for o in objectives]
    return Entry(plan.public_id, resource)


def plan_entries(plan: TreatmentPlan) -> list[Entry]:
    goals = list(plan.goals.order_by("pk").prefetch_related("objectives"))
    participant_id = plan.episode.participant.public_id
    return [care_plan(plan, goals), *(goal(g, participant_id) for g in goals)]
