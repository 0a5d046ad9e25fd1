"""Access-matrix entries for treatment plans, safety plans, vocational support and legal
obligations (pages and API). `missioncj/participants/tests/test_access_matrix.py` turns each dict
into a `Route`.

Rows a POST needs (a plan, a goal, an objective, an activity, an obligation) are made here with
the ORM and no audit event, so setting them up changes nothing the matrix compares.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from missioncj.care.models import (
    LegalObligation,
    PlanGoal,
    PlanNeed,
    PlanObjective,
    PlanReview,
    ProgressRating,
    TreatmentPlan,
    VocationalActivity,
)
from missioncj.core.models import AuditEvent

STEPS = {
    "warning_signs": "Matrix warning signs",
    "internal_coping": "Walk",
    "social_distractions": "Library",
    "people_to_ask": "Aunt 555-201-3344",
    "professionals": "Peer; 988",
    "safe_environment": "Medicines with aunt",
}


# --- rows a POST works on ------------------------------------------------------------------------


def _plan(ctx: Any) -> TreatmentPlan:
    plan, _ = TreatmentPlan.objects.get_or_create(
        episode=ctx.episode,
        defaults={
            "started_on": dt.date(2026, 9, 10),
            "next_review_on": dt.date(2026, 12, 9),
            "created_by": ctx.signed.author,
        },
    )
    return plan


def _goal(ctx: Any) -> PlanGoal:
    plan = _plan(ctx)
    return plan.goals.first() or PlanGoal.objects.create(
        plan=plan, domain="housing", text="Matrix goal"
    )


def _objective(ctx: Any) -> PlanObjective:
    goal = _goal(ctx)
    return goal.objectives.first() or PlanObjective.objects.create(
        goal=goal, text="Matrix objective", responsible="participant"
    )


def _activity(ctx: Any) -> VocationalActivity:
    return VocationalActivity.objects.filter(
        episode=ctx.episode
    ).first() or VocationalActivity.objects.create(
        episode=ctx.episode,
        kind="training",
        on=dt.date(2026, 10, 1),
        description="Matrix activity",
        status="planned",
        recorded_by=ctx.signed.author,
    )


def _obligation(ctx: Any) -> LegalObligation:
    return ctx.participant.legal_obligations.first() or LegalObligation.objects.create(
        participant=ctx.participant,
        kind="license",
        description="Matrix obligation",
        amount_owed=Decimal("100.00"),
        recorded_by=ctx.signed.author,
    )


# --- checks --------------------------------------------------------------------------------------


def page_ok(ctx: Any, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _plan_started(ctx: Any, response: Any) -> None:
    assert TreatmentPlan.objects.get(episode=ctx.episode).created_by == ctx.user
    _by_actor(ctx, "plan.start")


def _need_set(ctx: Any, response: Any) -> None:
    assert PlanNeed.objects.get(plan__episode=ctx.episode, domain="income").level in (
        "high",
        "low",
    )
    _by_actor(ctx, "plan.need")


def _goal_added(ctx: Any, response: Any) -> None:
    assert PlanGoal.objects.filter(plan__episode=ctx.episode, text="Matrix new goal").exists()
    _by_actor(ctx, "plan.goal.create")


def _objective_added(ctx: Any, response: Any) -> None:
    assert PlanObjective.objects.filter(
        goal__plan__episode=ctx.episode, text="Matrix new objective"
    ).exists()
    _by_actor(ctx, "plan.objective.create")


def _rated(ctx: Any, response: Any) -> None:
    assert ProgressRating.objects.filter(
        objective__goal__plan__episode=ctx.episode, rated_by=ctx.user
    ).exists()
    _by_actor(ctx, "plan.rating")


def _goal_met(ctx: Any, response: Any) -> None:
    assert _goal(ctx).status == "met"
    _by_actor(ctx, "plan.goal.status")


def _reviewed(ctx: Any, response: Any) -> None:
    review = PlanReview.objects.get(plan__episode=ctx.episode)
    assert review.staff_signed_by == ctx.user
    assert review.plan.next_review_on == dt.date(2026, 10, 1) + dt.timedelta(
        days=ctx.episode.program.plan_review_days
    )


def _safety_saved(ctx: Any, response: Any) -> None:
    plan = ctx.participant.safety_plans.get()
    assert (plan.version, plan.created_by) == (1, ctx.user)
    _by_actor(ctx, "safety_plan.create")


def _status_recorded(ctx: Any, response: Any) -> None:
    status = ctx.episode.vocational.get()
    assert (status.employment, status.recorded_by) == ("seeking", ctx.user)


def _activity_recorded(ctx: Any, response: Any) -> None:
    activity = ctx.episode.vocational_acts.get(description="Matrix training")
    assert activity.recorded_by == ctx.user


def _activity_done(ctx: Any, response: Any) -> None:
    assert _activity(ctx).status == "done"
    _by_actor(ctx, "vocational.activity.status")


def _obligation_added(ctx: Any, response: Any) -> None:
    obligation = ctx.participant.legal_obligations.get(description="Matrix DL")
    assert obligation.recorded_by == ctx.user


def _obligation_paid(ctx: Any, response: Any) -> None:
    obligation = _obligation(ctx)
    assert (obligation.status, obligation.amount_paid) == ("in_progress", Decimal("10.00"))
    _by_actor(ctx, "legal.update")


def _api_plans(ctx: Any, response: Any) -> None:
    items = response.json()["items"]
    assert all(item["episode"] == str(ctx.episode.public_id) for item in items)
    _by_actor(ctx, "api.plan.read")


def _api_safety(ctx: Any, response: Any) -> None:
    assert response.json() == {"current": None, "versions": []}
    _by_actor(ctx, "api.safety_plan.read")


def _api_vocational(ctx: Any, response: Any) -> None:
    assert set(response.json()) == {"current", "history", "activities"}
    _by_actor(ctx, "api.vocational.read")


def _api_legal(ctx: Any, response: Any) -> None:
    assert response.json()["open_count"] == ctx.participant.legal_obligations.count()
    _by_actor(ctx, "api.legal.read")


def _read(action: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        page_ok(ctx, response)
        _by_actor(ctx, action)

    return check


# --- the entries ---------------------------------------------------------------------------------


def route_specs() -> list[dict[str, Any]]:
    return [
        # treatment plan pages
        {"name": "care:plan", "get": _read("plan.read")},
        {"name": "care:plan_print", "get": _read("plan.print")},
        {
            "name": "care:plan_start",
            "get": page_ok,
            "post": lambda ctx: {"started_on": "2026-09-12"},
            "post_check": _plan_started,
        },
        {
            "name": "care:plan_needs",
            "get": page_ok,
            "post": lambda ctx: (_plan(ctx), {"level_income": "high"})[1],
            "post_check": _need_set,
        },
        {
            "name": "care:plan_goal_new",
            "get": page_ok,
            "post": lambda ctx: (_plan(ctx), {"domain": "leisure", "text": "Matrix new goal"})[1],
            "post_check": _goal_added,
        },
        {
            "name": "care:plan_objective_new",
            "get": page_ok,
            "post": lambda ctx: {
                "goal": str(_goal(ctx).public_id),
                "text": "Matrix new objective",
                "responsible": "peer",
            },
            "post_check": _objective_added,
        },
        {
            "name": "care:plan_rate",
            "get": page_ok,
            "post": lambda ctx: {
                "objective": str(_objective(ctx).public_id),
                "rated_on": "2026-10-01",
                "rating": "3",
            },
            "post_check": _rated,
        },
        {
            "name": "care:plan_status",
            "get": page_ok,
            "post": lambda ctx: {"item": f"goal:{_goal(ctx).public_id}", "status": "met"},
            "post_check": _goal_met,
        },
        {
            "name": "care:plan_review",
            "get": page_ok,
            "post": lambda ctx: (
                _plan(ctx),
                {
                    "reviewed_on": "2026-10-01",
                    "summary": "Matrix review",
                    "participant_signature": "Matrix",
                },
            )[1],
            "post_check": _reviewed,
        },
        # safety plan pages
        {"name": "care:safety_plan", "get": _read("safety_plan.read")},
        {"name": "care:safety_plan_history", "get": _read("safety_plan.history")},
        {
            "name": "care:safety_plan_edit",
            "get": page_ok,
            "post": lambda ctx: dict(STEPS),
            "post_check": _safety_saved,
        },
        # vocational and legal pages
        {"name": "care:vocational", "get": _read("vocational.read")},
        {
            "name": "care:vocational_status_new",
            "get": page_ok,
            "post": lambda ctx: {
                "episode": str(ctx.episode.public_id),
                "as_of": "2026-10-01",
                "employment": "seeking",
                "education": "none",
            },
            "post_check": _status_recorded,
        },
        {
            "name": "care:vocational_activity_new",
            "get": page_ok,
            "post": lambda ctx: {
                "episode": str(ctx.episode.public_id),
                "kind": "training",
                "on": "2026-10-01",
                "description": "Matrix training",
                "status": "done",
            },
            "post_check": _activity_recorded,
        },
        {
            "name": "care:vocational_activity_status",
            "get": page_ok,
            "post": lambda ctx: {"activity": str(_activity(ctx).public_id), "status": "done"},
            "post_check": _activity_done,
        },
        {"name": "care:legal", "get": _read("legal.read")},
        {
            "name": "care:legal_new",
            "get": page_ok,
            "post": lambda ctx: {"kind": "license", "description": "Matrix DL"},
            "post_check": _obligation_added,
        },
        {
            "name": "care:legal_update",
            "get": page_ok,
            "post": lambda ctx: {
                "obligation": str(_obligation(ctx).public_id),
                "status": "in_progress",
                "amount_paid": "10.00",
            },
            "post_check": _obligation_paid,
        },
        # API
        {"name": "api:plan_list", "api": True, "get": _api_plans},
        {
            "name": "api:plan_start",
            "api": True,
            "post": lambda ctx: {"started_on": "2026-09-15"},
            "post_status": 201,
            "post_check": _plan_started,
        },
        {
            "name": "api:plan_need",
            "api": True,
            "post": lambda ctx: (_plan(ctx), {"domain": "income", "level": "low"})[1],
            "post_status": 200,
            "post_check": _need_set,
        },
        {
            "name": "api:plan_goal",
            "api": True,
            "post": lambda ctx: (_plan(ctx), {"domain": "leisure", "text": "Matrix new goal"})[1],
            "post_status": 201,
            "post_check": _goal_added,
        },
        {
            "name": "api:plan_objective",
            "api": True,
            "post": lambda ctx: {
                "goal": str(_goal(ctx).public_id),
                "text": "Matrix new objective",
                "responsible": "peer",
            },
            "post_status": 201,
            "post_check": _objective_added,
        },
        {
            "name": "api:plan_rating",
            "api": True,
            "post": lambda ctx: {
                "objective": str(_objective(ctx).public_id),
                "rated_on": "2026-10-01",
                "rating": 3,
            },
            "post_status": 201,
            "post_check": _rated,
        },
        {
            "name": "api:plan_review",
            "api": True,
            "post": lambda ctx: (
                _plan(ctx),
                {
                    "reviewed_on": "2026-10-01",
                    "summary": "Matrix review",
                    "participant_declined_reason": "By phone",
                },
            )[1],
            "post_status": 201,
            "post_check": _reviewed,
        },
        {
            "name": "api:plan_status",
            "api": True,
            "post": lambda ctx: {"item": str(_goal(ctx).public_id), "status": "met"},
            "post_status": 200,
            "post_check": _goal_met,
        },
        {"name": "api:safety_plan_get", "api": True, "get": _api_safety},
        {
            "name": "api:safety_plan_save",
            "api": True,
            "post": lambda ctx: dict(STEPS),
            "post_status": 201,
            "post_check": _safety_saved,
        },
        {"name": "api:vocational_get", "api": True, "get": _api_vocational},
        {
            "name": "api:vocational_status",
            "api": True,
            "post": lambda ctx: {"as_of": "2026-10-01", "employment": "seeking"},
            "post_status": 201,
            "post_check": _status_recorded,
        },
        {
            "name": "api:vocational_activity",
            "api": True,
            "post": lambda ctx: {
                "kind": "training",
                "on": "2026-10-01",
                "description": "Matrix training",
                "status": "done",
            },
            "post_status": 201,
            "post_check": _activity_recorded,
        },
        {
            "name": "api:vocational_activity_status",
            "api": True,
            "post": lambda ctx: {"activity": str(_activity(ctx).public_id), "status": "done"},
            "post_status": 200,
            "post_check": _activity_done,
        },
        {"name": "api:legal_list", "api": True, "get": _api_legal},
        {
            "name": "api:legal_add",
            "api": True,
            "post": lambda ctx: {"kind": "license", "description": "Matrix DL"},
            "post_status": 201,
            "post_check": _obligation_added,
        },
        {
            "name": "api:legal_update",
            "api": True,
            "post": lambda ctx: {
                "obligation": str(_obligation(ctx).public_id),
                "status": "in_progress",
                "amount_paid": "10.00",
            },
            "post_status": 200,
            "post_check": _obligation_paid,
        },
    ]
