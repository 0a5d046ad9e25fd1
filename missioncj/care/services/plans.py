"""Every write to treatment plans: one transaction each, with its audit event.

One plan per episode, built on the Central Eight criminogenic needs and recovery-capital
domains: needs per domain, goals, objectives (who does what by when), progress ratings over
time, and reviews signed by a staff member and the participant (or a reason they did not sign).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.care.models import (
    ItemStatus,
    NeedLevel,
    PlanDomain,
    PlanGoal,
    PlanNeed,
    PlanObjective,
    PlanReview,
    ProgressRating,
    Responsible,
    TreatmentPlan,
)
from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode
from missioncj.participants.policies import require_work_scope
from missioncj.participants.services import local_today

PLAN_FIELDS = ["episode", "started_on", "next_review_on"]
GOAL_FIELDS = ["plan", "domain", "text", "status"]
OBJECTIVE_FIELDS = ["goal", "text", "intervention", "responsible", "target_date", "status"]
REVIEW_FIELDS = [
    "plan",
    "reviewed_on",
    "summary",
    "participant_signature",
    "participant_signed_at",
    "participant_declined_reason",
    "staff_signed_by",
    "staff_signed_at",
]
RATING_WORDS = {
    0: "No progress",
    1: "Started",
    2: "Some progress",
    3: "Good progress",
    4: "Achieved",
}


def _plan(plan: TreatmentPlan) -> TreatmentPlan:
    """The stored plan, locked, with what every check needs."""
    return (
        TreatmentPlan.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "episode__participant")
        .get(pk=plan.pk)
    )


def _text(field: str, value: str, what: str, limit: int = 300) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"Write {what}."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters (this is {len(value)})."})
    return value


def _choice(field: str, value: str, choices: Any, what: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"Choose {what} from the list."})
    return value


def _not_future(episode: Episode, field: str, value: dt.date | None) -> None:
    if value is None:
        raise ValidationError({field: "Give a date."})
    if value > local_today(episode.program):
        raise ValidationError({field: "This date is in the future."})


@transaction.atomic
def start_plan(*, actor: Any, episode: Episode, started_on: dt.date) -> TreatmentPlan:
    """The episode's treatment plan; the first review falls one review interval later."""
    episode = (
        Episode.objects.select_for_update(of=("self",))
        .select_related("program", "team", "participant")
        .get(pk=episode.pk)
    )
    require_work_scope(actor, episode, "episode")
    if not episode.is_open:
        raise ValidationError({"episode": "This episode is closed; a plan needs an open episode."})
    if TreatmentPlan.objects.filter(episode=episode).exists():
        raise ValidationError({"episode": "This episode already has a treatment plan."})
    _not_future(episode, "started_on", started_on)
    if started_on < episode.referral_date:
        raise ValidationError(
            {"started_on": f"This is before the referral on {episode.referral_date:%d %b %Y}."}
        )
    plan = TreatmentPlan(
        episode=episode,
        started_on=started_on,
        next_review_on=started_on + dt.timedelta(days=episode.program.plan_review_days),
        created_by=actor,
    )
    return create_recorded(
        plan,
        actor=actor,
        action="plan.start",
        fields=PLAN_FIELDS,
        participant=episode.participant,
    )


def _set_need(plan: TreatmentPlan, actor: Any, domain: str, level: str, note: str) -> PlanNeed:
    _choice("domain", domain, PlanDomain, "a domain")
    _choice("level", level, NeedLevel, "a need level")
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": "Keep the note to 300 characters."})
    need = PlanNeed.objects.filter(plan=plan, domain=domain).first()
    before = {"domain": domain, "level": need.level, "note": need.note} if need else None
    if need is None:
        need = PlanNeed(plan=plan, domain=domain)
    need.level = level
    need.note = note
    need.save()
    record(
        kind=AuditKind.UPDATE if before else AuditKind.CREATE,
        action="plan.need",
        actor=actor,
        participant=plan.episode.participant,
        subject=plan,
        before=before,
        after={"domain": domain, "level": level, "note": note},
    )
    return need


@transaction.atomic
def set_need(
    *, actor: Any, plan: TreatmentPlan, domain: str, level: str, note: str = ""
) -> PlanNeed:
    """The level of need in one domain (one row per domain; a new level replaces the old)."""
    plan = _plan(plan)
    require_work_scope(actor, plan.episode, "plan")
    return _set_need(plan, actor, domain, level, note)


@transaction.atomic
def set_needs(
    *, actor: Any, plan: TreatmentPlan, needs: dict[str, tuple[str, str]]
) -> list[PlanNeed]:
    """Several domains at once ({domain: (level, note)}); only changed ones are written.

    All are checked before any is written, so one bad domain saves nothing."""
    plan = _plan(plan)
    require_work_scope(actor, plan.episode, "plan")
    for domain, (level, note) in needs.items():
        _choice("domain", domain, PlanDomain, "a domain")
        _choice(f"level_{domain}", level, NeedLevel, "a need level")
        if len(note or "") > 300:
            raise ValidationError({f"note_{domain}": "Keep the note to 300 characters."})
    current = {n.domain: n for n in plan.needs.all()}
    saved = []
    for domain, (level, note) in needs.items():
        stored = current.get(domain)
        if stored and stored.level == level and stored.note == (note or "").strip():
            continue
        saved.append(_set_need(plan, actor, domain, level, note))
    return saved


@transaction.atomic
def add_goal(*, actor: Any, plan: TreatmentPlan, domain: str, text: str) -> PlanGoal:
    plan = _plan(plan)
    require_work_scope(actor, plan.episode, "plan")
    goal = PlanGoal(
        plan=plan,
        domain=_choice("domain", domain, PlanDomain, "a domain"),
        text=_text("text", text, "the goal, in the participant's words where possible"),
    )
    return create_recorded(
        goal,
        actor=actor,
        action="plan.goal.create",
        fields=GOAL_FIELDS,
        participant=plan.episode.participant,
    )


@transaction.atomic
def add_objective(
    *,
    actor: Any,
    goal: PlanGoal,
    text: str,
    responsible: str,
    intervention: str = "",
    target_date: dt.date | None = None,
    plan: TreatmentPlan | None = None,
) -> PlanObjective:
    """A step toward a goal: what, by whom, by when. Pass `plan` to insist the goal is its own."""
    if plan is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": "That goal belongs to a different plan."})
    stored = _plan(goal.plan)
    require_work_scope(actor, stored.episode, "plan")
    text = _text("text", text, "the objective")
    intervention = (intervention or "").strip()
    if len(intervention) > 300:
        raise ValidationError({"intervention": "Keep the intervention to 300 characters."})
    _choice("responsible", responsible, Responsible, "who is responsible")
    if target_date is not None and target_date < stored.started_on:
        raise ValidationError(
            {"target_date": f"This is before the plan started ({stored.started_on:%d %b %Y})."}
        )
    objective = PlanObjective(
        goal=goal,
        text=text,
        intervention=intervention,
        responsible=responsible,
        target_date=target_date,
    )
    return create_recorded(
        objective,
        actor=actor,
        action="plan.objective.create",
        fields=OBJECTIVE_FIELDS,
        participant=stored.episode.participant,
    )


def _set_status(actor: Any, item: PlanGoal | PlanObjective, status: str, action: str) -> Any:
    _choice("status", status, ItemStatus, "a status")
    before = snapshot(item, ["status"])
    if item.status == status:
        raise ValidationError({"status": f"It is already “{item.get_status_display()}”."})
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    plan = item.plan if isinstance(item, PlanGoal) else item.goal.plan
    record(
        kind=AuditKind.UPDATE,
        action=action,
        actor=actor,
        participant=plan.episode.participant,
        subject=item,
        before=before,
        after=snapshot(item, ["status"]),
    )
    return item


@transaction.atomic
def set_goal_status(
    *, actor: Any, goal: PlanGoal, status: str, plan: TreatmentPlan | None = None
) -> PlanGoal:
    if plan is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": "That goal belongs to a different plan."})
    goal = PlanGoal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
    stored = _plan(goal.plan)
    require_work_scope(actor, stored.episode, "plan")
    goal.plan = stored
    return _set_status(actor, goal, status, "plan.goal.status")


@transaction.atomic
def set_objective_status(
    *, actor: Any, objective: PlanObjective, status: str, plan: TreatmentPlan | None = None
) -> PlanObjective:
    objective = (
        PlanObjective.objects.select_for_update(of=("self",))
        .select_related("goal")
        .get(pk=objective.pk)
    )
    if plan is not None and objective.goal.plan_id != plan.pk:
        raise ValidationError({"objective": "That objective belongs to a different plan."})
    stored = _plan(objective.goal.plan)
    require_work_scope(actor, stored.episode, "plan")
    objective.goal.plan = stored
    return _set_status(actor, objective, status, "plan.objective.status")


@transaction.atomic
def rate_progress(
    *,
    actor: Any,
    objective: PlanObjective,
    rated_on: dt.date,
    rating: int,
    note: str = "",
    plan: TreatmentPlan | None = None,
) -> ProgressRating:
    """How an objective is going on a date: 0 no progress … 4 achieved."""
    objective = PlanObjective.objects.select_related("goal").get(pk=objective.pk)
    if plan is not None and objective.goal.plan_id != plan.pk:
        raise ValidationError({"objective": "That objective belongs to a different plan."})
    stored = _plan(objective.goal.plan)
    require_work_scope(actor, stored.episode, "plan")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 4:
        raise ValidationError({"rating": "Rate progress from 0 (no progress) to 4 (achieved)."})
    _not_future(stored.episode, "rated_on", rated_on)
    if rated_on < stored.started_on:
        raise ValidationError(
            {"rated_on": f"This is before the plan started ({stored.started_on:%d %b %Y})."}
        )
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": "Keep the note to 300 characters."})
    rating_row = ProgressRating(
        objective=objective, rated_on=rated_on, rating=rating, note=note, rated_by=actor
    )
    rating_row.full_clean()
    rating_row.save()
    record(
        kind=AuditKind.CREATE,
        action="plan.rating",
        actor=actor,
        participant=stored.episode.participant,
        subject=objective,
        after={"rated_on": str(rated_on), "rating": rating, "note": note},
    )
    return rating_row


@transaction.atomic
def review_plan(
    *,
    actor: Any,
    plan: TreatmentPlan,
    reviewed_on: dt.date,
    summary: str,
    participant_signature: str = "",
    participant_declined_reason: str = "",
) -> PlanReview:
    """A review signed by the actor (now) and by the participant (typed name, now) — or with the
    reason they did not sign. The next review falls one program review interval later."""
    plan = _plan(plan)
    episode = plan.episode
    require_work_scope(actor, episode, "plan")
    _not_future(episode, "reviewed_on", reviewed_on)
    if reviewed_on < plan.started_on:
        raise ValidationError(
            {"reviewed_on": f"This is before the plan started ({plan.started_on:%d %b %Y})."}
        )
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": "Write a short summary of the review."})
    signature = (participant_signature or "").strip()
    declined = (participant_declined_reason or "").strip()
    if signature and declined:
        raise ValidationError(
            {
                "participant_declined_reason": "The participant signed; leave the reason for "
                "not signing empty."
            }
        )
    if not signature and not declined:
        raise ValidationError(
            {
                "participant_signature": "Have the participant type their name to sign, or give "
                "the reason they did not sign."
            }
        )
    if len(signature) > 150:
        raise ValidationError({"participant_signature": "Keep the name to 150 characters."})
    if len(declined) > 300:
        raise ValidationError({"participant_declined_reason": "Keep it to 300 characters."})
    now = timezone.now()
    review = PlanReview(
        plan=plan,
        reviewed_on=reviewed_on,
        summary=summary,
        participant_signature=signature,
        participant_signed_at=now if signature else None,
        participant_declined_reason=declined,
        staff_signed_by=actor,
        staff_signed_at=now,
    )
    create_recorded(
        review,
        actor=actor,
        action="plan.review",
        fields=REVIEW_FIELDS,
        participant=episode.participant,
    )
    before = snapshot(plan, ["next_review_on"])
    plan.next_review_on = reviewed_on + dt.timedelta(days=episode.program.plan_review_days)
    plan.save(update_fields=["next_review_on", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="plan.next_review",
        actor=actor,
        participant=episode.participant,
        subject=plan,
        before=before,
        after=snapshot(plan, ["next_review_on"]),
    )
    return review
