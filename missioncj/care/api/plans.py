"""Treatment plans over the JSON API: the full plan, and additions to it (needs, goals,
objectives, progress ratings, reviews, statuses). Mounted at /api/v1/participants."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.care.models import (
    CRIMINOGENIC_DOMAINS,
    ItemStatus,
    NeedLevel,
    PlanDomain,
    PlanGoal,
    PlanObjective,
    PlanReview,
    ProgressRating,
    Responsible,
    TreatmentPlan,
)
from missioncj.care.services import plans as services
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today

PREFIX = "/participants"
router = Router(tags=["plans"])


# --- schemas --------------------------------------------------------------------------------------


class RatingOut(Schema):
    rated_on: dt.date
    rating: int
    words: str
    note: str
    rated_by: str


class ObjectiveOut(Schema):
    id: UUID
    goal: UUID
    text: str
    intervention: str
    responsible: str
    target_date: dt.date | None
    status: str
    ratings: list[RatingOut]


class GoalOut(Schema):
    id: UUID
    domain: str
    text: str
    status: str
    objectives: list[ObjectiveOut]


class NeedOut(Schema):
    domain: str
    group: str = Field(description="criminogenic or recovery_capital")
    level: str
    note: str


class ReviewOut(Schema):
    id: UUID
    reviewed_on: dt.date
    summary: str
    participant_signature: str
    participant_signed_at: dt.datetime | None
    participant_declined_reason: str
    staff_signed_by: str
    staff_signed_at: dt.datetime


class PlanOut(Schema):
    id: UUID
    episode: UUID
    program: str
    started_on: dt.date
    next_review_on: dt.date
    review_due: bool = Field(description="the next review is within 7 days or past")
    needs: list[NeedOut]
    goals: list[GoalOut]
    reviews: list[ReviewOut]


class PlanList(Schema):
    items: list[PlanOut]


class PlanIn(Schema):
    episode: UUID | None = Field(None, description="defaults to the newest open episode")
    started_on: dt.date


class NeedIn(Schema):
    plan: UUID | None = Field(None, description="defaults to the newest open episode's plan")
    domain: PlanDomain
    level: NeedLevel
    note: str = Field("", max_length=300)


class GoalIn(Schema):
    plan: UUID | None = Field(None, description="defaults to the newest open episode's plan")
    domain: PlanDomain
    text: str = Field(max_length=300)


class ObjectiveIn(Schema):
    goal: UUID
    text: str = Field(max_length=300)
    intervention: str = Field("", max_length=300)
    responsible: Responsible
    target_date: dt.date | None = None


class RatingIn(Schema):
    objective: UUID
    rated_on: dt.date
    rating: int = Field(ge=0, le=4, description="0 no progress … 4 achieved")
    note: str = Field("", max_length=300)


class ReviewIn(Schema):
    plan: UUID | None = Field(None, description="defaults to the newest open episode's plan")
    reviewed_on: dt.date
    summary: str
    participant_signature: str = Field("", max_length=150, description="typed full name")
    participant_declined_reason: str = Field("", max_length=300)


class StatusIn(Schema):
    item: UUID = Field(description="a goal or an objective of this participant's plan")
    status: ItemStatus


class StatusOut(Schema):
    id: UUID
    kind: str
    status: str


# --- lookups --------------------------------------------------------------------------------------


def _episodes(request: HttpRequest, participant: Participant) -> QuerySet[Episode]:
    return Episode.objects.visible_to(request.user).filter(participant=participant)


def _plans(request: HttpRequest, participant: Participant) -> QuerySet[TreatmentPlan]:
    return TreatmentPlan.objects.filter(episode__in=_episodes(request, participant)).select_related(
        "episode__program"
    )


def _plan(request: HttpRequest, participant: Participant, plan_id: UUID | None) -> TreatmentPlan:
    plans = _plans(request, participant)
    if plan_id is not None:
        plan = plans.filter(public_id=plan_id).first()
        if plan is None:
            raise ValidationError({"plan": "No such treatment plan for this participant."})
        return plan
    plan = (
        plans.filter(episode__status__in=["referred", "screening", "enrolled"])
        .order_by("-episode__referral_date", "-pk")
        .first()
    )
    if plan is None:
        raise ValidationError({"plan": "This participant has no treatment plan yet; start one."})
    return plan


def _rating_out(r: ProgressRating) -> dict[str, Any]:
    return {
        "rated_on": r.rated_on,
        "rating": r.rating,
        "words": services.RATING_WORDS[r.rating],
        "note": r.note,
        "rated_by": r.rated_by.username,
    }


def _objective_out(o: PlanObjective, goal_id: UUID) -> dict[str, Any]:
    return {
        "id": o.public_id,
        "goal": goal_id,
        "text": o.text,
        "intervention": o.intervention,
        "responsible": o.responsible,
        "target_date": o.target_date,
        "status": o.status,
        "ratings": [_rating_out(r) for r in o.ratings.all()],
    }


def _goal_out(g: PlanGoal) -> dict[str, Any]:
    return {
        "id": g.public_id,
        "domain": g.domain,
        "text": g.text,
        "status": g.status,
        "objectives": [_objective_out(o, g.public_id) for o in g.objectives.all()],
    }


def _review_out(r: PlanReview) -> dict[str, Any]:
    return {
        "id": r.public_id,
        "reviewed_on": r.reviewed_on,
        "summary": r.summary,
        "participant_signature": r.participant_signature,
        "participant_signed_at": r.participant_signed_at,
        "participant_declined_reason": r.participant_declined_reason,
        "staff_signed_by": r.staff_signed_by.username,
        "staff_signed_at": r.staff_signed_at,
    }


def _plan_out(plan: TreatmentPlan) -> dict[str, Any]:
    ratings = Prefetch(
        "ratings", queryset=ProgressRating.objects.select_related("rated_by").order_by("rated_on")
    )
    objectives = Prefetch(
        "objectives", queryset=PlanObjective.objects.prefetch_related(ratings).order_by("pk")
    )
    goals = plan.goals.prefetch_related(objectives).order_by("created_at", "pk")
    criminogenic = {d.value for d in CRIMINOGENIC_DOMAINS}
    today = local_today(plan.episode.program)
    return {
        "id": plan.public_id,
        "episode": plan.episode.public_id,
        "program": plan.episode.program.name,
        "started_on": plan.started_on,
        "next_review_on": plan.next_review_on,
        "review_due": (plan.next_review_on - today).days <= 7,
        "needs": [
            {
                "domain": n.domain,
                "group": "criminogenic" if n.domain in criminogenic else "recovery_capital",
                "level": n.level,
                "note": n.note,
            }
            for n in plan.needs.order_by("pk")
        ],
        "goals": [_goal_out(g) for g in goals],
        "reviews": [_review_out(r) for r in plan.reviews.select_related("staff_signed_by")],
    }


# --- routes ---------------------------------------------------------------------------------------


@router.get(
    "/{participant_id}/plans",
    response=PlanList,
    summary="A participant's treatment plans",
    url_name="plan_list",
)
def list_plans(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    plans = list(_plans(request, participant).order_by("-started_on", "-pk"))
    record(
        kind=AuditKind.READ,
        action="api.plan.read",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"shown": [str(p.public_id) for p in plans]},
    )
    return {"items": [_plan_out(p) for p in plans]}


@router.post(
    "/{participant_id}/plans",
    response={201: PlanOut},
    summary="Start a treatment plan",
    url_name="plan_start",
)
def start_plan(request: HttpRequest, participant_id: UUID, payload: PlanIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episodes = _episodes(request, participant).select_related("program", "team")
    if payload.episode is not None:
        episode = episodes.filter(public_id=payload.episode).first()
    else:
        episode = (
            episodes.filter(status__in=["referred", "screening", "enrolled"])
            .order_by("-referral_date", "-pk")
            .first()
        )
    if episode is None:
        raise ValidationError({"episode": "No such open episode for this participant."})
    plan = services.start_plan(actor=request.user, episode=episode, started_on=payload.started_on)
    return _plan_out(plan)


@router.post(
    "/{participant_id}/plans/needs",
    response=PlanOut,
    summary="Set the need level of a domain",
    url_name="plan_need",
)
def set_need(request: HttpRequest, participant_id: UUID, payload: NeedIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    plan = _plan(request, participant, payload.plan)
    services.set_need(
        actor=request.user,
        plan=plan,
        domain=payload.domain.value,
        level=payload.level.value,
        note=payload.note,
    )
    return _plan_out(plan)


@router.post(
    "/{participant_id}/plans/goals",
    response={201: GoalOut},
    summary="Add a goal",
    url_name="plan_goal",
)
def add_goal(request: HttpRequest, participant_id: UUID, payload: GoalIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    plan = _plan(request, participant, payload.plan)
    goal = services.add_goal(
        actor=request.user, plan=plan, domain=payload.domain.value, text=payload.text
    )
    return _goal_out(goal)


@router.post(
    "/{participant_id}/plans/objectives",
    response={201: ObjectiveOut},
    summary="Add an objective",
    url_name="plan_objective",
)
def add_objective(
    request: HttpRequest, participant_id: UUID, payload: ObjectiveIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    goal = PlanGoal.objects.filter(
        plan__in=_plans(request, participant), public_id=payload.goal
    ).first()
    if goal is None:
        raise ValidationError({"goal": "No such goal in this participant's plan."})
    objective = services.add_objective(
        actor=request.user,
        goal=goal,
        plan=goal.plan,
        text=payload.text,
        intervention=payload.intervention,
        responsible=payload.responsible.value,
        target_date=payload.target_date,
    )
    return _objective_out(objective, goal.public_id)


@router.post(
    "/{participant_id}/plans/ratings",
    response={201: RatingOut},
    summary="Rate progress",
    url_name="plan_rating",
)
def rate_progress(request: HttpRequest, participant_id: UUID, payload: RatingIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    objective = (
        PlanObjective.objects.filter(
            goal__plan__in=_plans(request, participant), public_id=payload.objective
        )
        .select_related("goal__plan")
        .first()
    )
    if objective is None:
        raise ValidationError({"objective": "No such objective in this participant's plan."})
    rating = services.rate_progress(
        actor=request.user,
        objective=objective,
        plan=objective.goal.plan,
        rated_on=payload.rated_on,
        rating=payload.rating,
        note=payload.note,
    )
    return _rating_out(rating)


@router.post(
    "/{participant_id}/plans/reviews",
    response={201: ReviewOut},
    summary="Review and sign",
    url_name="plan_review",
)
def review_plan(request: HttpRequest, participant_id: UUID, payload: ReviewIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    plan = _plan(request, participant, payload.plan)
    review = services.review_plan(
        actor=request.user,
        plan=plan,
        reviewed_on=payload.reviewed_on,
        summary=payload.summary,
        participant_signature=payload.participant_signature,
        participant_declined_reason=payload.participant_declined_reason,
    )
    return _review_out(review)


@router.post(
    "/{participant_id}/plans/status",
    response=StatusOut,
    summary="Change the status of a goal or objective",
    url_name="plan_status",
)
def set_status(request: HttpRequest, participant_id: UUID, payload: StatusIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    plans = _plans(request, participant)
    goal = PlanGoal.objects.filter(plan__in=plans, public_id=payload.item).first()
    if goal is not None:
        goal = services.set_goal_status(
            actor=request.user, goal=goal, status=payload.status.value, plan=goal.plan
        )
        return {"id": goal.public_id, "kind": "goal", "status": goal.status}
    objective = (
        PlanObjective.objects.filter(goal__plan__in=plans, public_id=payload.item)
        .select_related("goal__plan")
        .first()
    )
    if objective is None:
        raise ValidationError({"item": "No such goal or objective in this participant's plan."})
    objective = services.set_objective_status(
        actor=request.user,
        objective=objective,
        status=payload.status.value,
        plan=objective.goal.plan,
    )
    return {"id": objective.public_id, "kind": "objective", "status": objective.status}
