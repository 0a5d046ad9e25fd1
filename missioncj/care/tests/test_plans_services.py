"""Treatment plan services: happy paths, the review interval, and every refusal (clear message,
no rows, no audit event)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missioncj.care.models import (
    ItemStatus,
    PlanGoal,
    PlanNeed,
    PlanObjective,
    PlanReview,
    ProgressRating,
    TreatmentPlan,
)
from missioncj.care.services import plans as services
from missioncj.conftest import World
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.participants.services import change_status, local_today

START = dt.date(2026, 9, 10)


def counts() -> dict[str, int]:
    return {
        "plans": TreatmentPlan.objects.count(),
        "needs": PlanNeed.objects.count(),
        "goals": PlanGoal.objects.count(),
        "objectives": PlanObjective.objects.count(),
        "ratings": ProgressRating.objects.count(),
        "reviews": PlanReview.objects.count(),
        # Signing in (the test client's force_login) is an event of its own; leave it out.
        "audit": AuditEvent.objects.exclude(kind=AuditKind.LOGIN).count(),
    }


def refused(call: Any, field: str, words: str) -> None:
    """The call is refused on `field` with a message containing `words`; nothing changes."""
    before = counts()
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    assert words in " ".join(info.value.message_dict[field])
    assert counts() == before


@pytest.fixture
def episode(world: World):
    return world.north_person.episodes.select_related("program").get()


@pytest.fixture
def cm(world: World):
    return world.user("casemanager")


@pytest.fixture
def plan(cm, episode):
    return services.start_plan(actor=cm, episode=episode, started_on=START)


@pytest.fixture
def goal(cm, plan):
    return services.add_goal(actor=cm, plan=plan, domain="school_work", text="Find steady work")


@pytest.fixture
def objective(cm, goal):
    return services.add_objective(
        actor=cm,
        goal=goal,
        text="Apply to three jobs",
        intervention="Job board with the peer",
        responsible="participant",
        target_date=dt.date(2026, 10, 30),
    )


def last_event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    return event


# --- happy paths ----------------------------------------------------------------------------------


def test_start_plan_sets_first_review_from_program_interval(world, cm, episode):
    world.drug.plan_review_days = 30
    world.drug.save()
    plan = services.start_plan(actor=cm, episode=episode, started_on=START)
    assert plan.next_review_on == START + dt.timedelta(days=30)
    assert plan.created_by == cm
    event = last_event()
    assert event.action == "plan.start"
    assert event.participant_public_id == world.north_person.public_id
    assert event.actor == cm


def test_default_interval_is_90_days(plan):
    assert plan.next_review_on == dt.date(2026, 12, 9)


def test_set_need_creates_then_replaces(world, cm, plan):
    services.set_need(actor=cm, plan=plan, domain="substance_use", level="high", note="daily")
    services.set_need(actor=cm, plan=plan, domain="substance_use", level="moderate", note="")
    need = PlanNeed.objects.get(plan=plan, domain="substance_use")
    assert need.level == "moderate"
    event = last_event()
    assert event.action == "plan.need"
    assert event.before == {"domain": "substance_use", "level": "high", "note": "daily"}
    assert event.participant_public_id == world.north_person.public_id


def test_set_needs_writes_only_changed_domains(cm, plan):
    services.set_need(actor=cm, plan=plan, domain="housing", level="low")
    before = AuditEvent.objects.count()
    saved = services.set_needs(
        actor=cm, plan=plan, needs={"housing": ("low", ""), "income": ("high", "no job")}
    )
    assert [n.domain for n in saved] == ["income"]
    assert AuditEvent.objects.count() == before + 1


def test_goal_objective_rating_and_statuses(world, cm, plan, goal, objective):
    assert goal.plan == plan and goal.status == ItemStatus.OPEN
    assert objective.goal == goal and objective.responsible == "participant"
    rating = services.rate_progress(
        actor=cm, objective=objective, rated_on=dt.date(2026, 10, 1), rating=2, note="two sent"
    )
    assert rating.rated_by == cm and rating.rating == 2
    assert last_event().action == "plan.rating"
    services.set_objective_status(actor=cm, objective=objective, status="met")
    services.set_goal_status(actor=cm, goal=goal, status="met")
    objective.refresh_from_db()
    goal.refresh_from_db()
    assert (objective.status, goal.status) == ("met", "met")
    event = last_event()
    assert event.action == "plan.goal.status"
    assert event.before == {"status": "open"} and event.after == {"status": "met"}


def test_review_signed_by_both_sets_next_review(world, cm, plan):
    world.drug.plan_review_days = 60
    world.drug.save()
    reviewed_on = dt.date(2026, 11, 1)
    review = services.review_plan(
        actor=cm,
        plan=plan,
        reviewed_on=reviewed_on,
        summary="Working on applications.",
        participant_signature="Test North",
    )
    plan.refresh_from_db()
    assert plan.next_review_on == reviewed_on + dt.timedelta(days=60)
    assert review.staff_signed_by == cm and review.staff_signed_at is not None
    assert review.participant_signature == "Test North"
    assert review.participant_signed_at is not None
    actions = list(AuditEvent.objects.order_by("-pk").values_list("action", flat=True)[:2])
    assert actions == ["plan.next_review", "plan.review"]


def test_review_with_declined_reason(cm, plan):
    review = services.review_plan(
        actor=cm,
        plan=plan,
        reviewed_on=dt.date(2026, 10, 15),
        summary="Reviewed by phone.",
        participant_declined_reason="Reviewed by phone; will sign in person.",
    )
    assert review.participant_signature == ""
    assert review.participant_signed_at is None
    assert review.participant_declined_reason.startswith("Reviewed by phone")


def test_peer_and_supervisor_may_work_on_the_plan(world, plan):
    services.add_goal(actor=world.user("peer"), plan=plan, domain="leisure", text="Join a team")
    services.add_goal(actor=world.user("supervisor"), plan=plan, domain="housing", text="Own lease")
    assert plan.goals.count() == 2


# --- refusals -------------------------------------------------------------------------------------


def test_one_plan_per_episode(cm, episode, plan):
    refused(
        lambda: services.start_plan(actor=cm, episode=episode, started_on=START),
        "episode",
        "already has a treatment plan",
    )


def test_start_refusals(world, cm, episode):
    tomorrow = local_today(episode.program) + dt.timedelta(days=1)
    refused(
        lambda: services.start_plan(actor=cm, episode=episode, started_on=tomorrow),
        "started_on",
        "future",
    )
    refused(
        lambda: services.start_plan(actor=cm, episode=episode, started_on=dt.date(2026, 8, 1)),
        "started_on",
        "before the referral",
    )
    refused(
        lambda: services.start_plan(
            actor=world.user("cm.south"), episode=episode, started_on=START
        ),
        "episode",
        "do not work with",
    )
    refused(
        lambda: services.start_plan(actor=world.user("court"), episode=episode, started_on=START),
        "episode",
        "do not work with",
    )


def test_start_refused_on_closed_episode(cm, episode):
    change_status(
        actor=cm, episode=episode, status="discharged", on=dt.date(2026, 10, 1), reason="graduated"
    )
    refused(
        lambda: services.start_plan(actor=cm, episode=episode, started_on=START),
        "episode",
        "closed",
    )


def test_need_refusals(world, cm, plan):
    refused(
        lambda: services.set_need(actor=cm, plan=plan, domain="astrology", level="high"),
        "domain",
        "Choose a domain",
    )
    refused(
        lambda: services.set_need(actor=cm, plan=plan, domain="housing", level="extreme"),
        "level",
        "need level",
    )
    refused(
        lambda: services.set_need(
            actor=world.user("outsider"), plan=plan, domain="housing", level="low"
        ),
        "plan",
        "do not work with",
    )
    # One bad domain in a batch saves none of the batch.
    refused(
        lambda: services.set_needs(
            actor=cm, plan=plan, needs={"housing": ("low", ""), "income": ("wild", "")}
        ),
        "level_income",
        "need level",
    )


def test_goal_refusals(world, cm, plan):
    refused(
        lambda: services.add_goal(actor=cm, plan=plan, domain="housing", text="   "),
        "text",
        "Write the goal",
    )
    refused(
        lambda: services.add_goal(actor=cm, plan=plan, domain="nope", text="x"),
        "domain",
        "Choose a domain",
    )
    refused(
        lambda: services.add_goal(actor=cm, plan=plan, domain="housing", text="x" * 301),
        "text",
        "300 characters",
    )
    refused(
        lambda: services.add_goal(
            actor=world.user("evaluator"), plan=plan, domain="housing", text="x"
        ),
        "plan",
        "do not work with",
    )


def test_objective_refusals(world, cm, plan, goal):
    refused(
        lambda: services.add_objective(
            actor=cm,
            goal=goal,
            text="Apply",
            responsible="participant",
            target_date=START - dt.timedelta(days=1),
        ),
        "target_date",
        "before the plan started",
    )
    refused(
        lambda: services.add_objective(actor=cm, goal=goal, text="Apply", responsible="wizard"),
        "responsible",
        "who is responsible",
    )
    refused(
        lambda: services.add_objective(actor=cm, goal=goal, text="", responsible="peer"),
        "text",
        "Write the objective",
    )
    # A goal of another plan is refused when the caller names the plan it works in.
    south_episode = world.south_person.episodes.get()
    south_plan = services.start_plan(
        actor=world.user("cm.south"), episode=south_episode, started_on=START
    )
    refused(
        lambda: services.add_objective(
            actor=cm, goal=goal, plan=south_plan, text="Apply", responsible="peer"
        ),
        "goal",
        "different plan",
    )


def test_rating_refusals(world, cm, plan, objective):
    today = local_today(plan.episode.program)
    for bad in (-1, 5, 9):
        refused(
            lambda bad=bad: services.rate_progress(
                actor=cm, objective=objective, rated_on=dt.date(2026, 10, 1), rating=bad
            ),
            "rating",
            "0 (no progress) to 4",
        )
    refused(
        lambda: services.rate_progress(
            actor=cm, objective=objective, rated_on=today + dt.timedelta(days=1), rating=1
        ),
        "rated_on",
        "future",
    )
    refused(
        lambda: services.rate_progress(
            actor=cm, objective=objective, rated_on=START - dt.timedelta(days=1), rating=1
        ),
        "rated_on",
        "before the plan started",
    )
    refused(
        lambda: services.rate_progress(
            actor=world.user("cm.south"), objective=objective, rated_on=START, rating=1
        ),
        "plan",
        "do not work with",
    )


def test_status_refusals(world, cm, goal, objective):
    refused(
        lambda: services.set_goal_status(actor=cm, goal=goal, status="finished"),
        "status",
        "Choose a status",
    )
    refused(
        lambda: services.set_goal_status(actor=cm, goal=goal, status="open"),
        "status",
        "already",
    )
    refused(
        lambda: services.set_objective_status(
            actor=world.user("outsider"), objective=objective, status="met"
        ),
        "plan",
        "do not work with",
    )


def test_review_refusals(world, cm, plan):
    today = local_today(plan.episode.program)
    base: dict[str, Any] = {"actor": cm, "plan": plan, "summary": "ok", "reviewed_on": START}
    refused(
        lambda: services.review_plan(**base),
        "participant_signature",
        "type their name",
    )
    refused(
        lambda: services.review_plan(
            **base, participant_signature="Test North", participant_declined_reason="no"
        ),
        "participant_declined_reason",
        "leave the reason",
    )
    refused(
        lambda: services.review_plan(
            **{**base, "summary": " "}, participant_signature="Test North"
        ),
        "summary",
        "summary",
    )
    refused(
        lambda: services.review_plan(
            **{**base, "reviewed_on": today + dt.timedelta(days=1)},
            participant_signature="Test North",
        ),
        "reviewed_on",
        "future",
    )
    refused(
        lambda: services.review_plan(
            **{**base, "reviewed_on": START - dt.timedelta(days=1)},
            participant_signature="Test North",
        ),
        "reviewed_on",
        "before the plan started",
    )
    refused(
        lambda: services.review_plan(
            **{**base, "actor": world.user("admin")}, participant_signature="Test North"
        ),
        "plan",
        "do not work with",
    )
    plan.refresh_from_db()
    assert plan.next_review_on == START + dt.timedelta(days=90)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rating=st.integers(min_value=-50, max_value=50))
def test_rating_accepts_exactly_0_to_4(world, rating):
    """Property: any integer outside 0..4 is refused with nothing saved; inside, it is kept."""
    cm = world.user("casemanager")
    episode = world.north_person.episodes.get()
    plan = TreatmentPlan.objects.filter(episode=episode).first() or services.start_plan(
        actor=cm, episode=episode, started_on=START
    )
    goal = plan.goals.first() or services.add_goal(
        actor=cm, plan=plan, domain="income", text="Budget"
    )
    objective = goal.objectives.first() or services.add_objective(
        actor=cm, goal=goal, text="Open an account", responsible="participant"
    )
    before = counts()
    if 0 <= rating <= 4:
        saved = services.rate_progress(actor=cm, objective=objective, rated_on=START, rating=rating)
        assert saved.rating == rating
    else:
        with pytest.raises(ValidationError):
            services.rate_progress(actor=cm, objective=objective, rated_on=START, rating=rating)
        assert counts() == before
