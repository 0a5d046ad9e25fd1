"""Treatment plan pages, the printable plan, the participant-page panel and the plan API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.care.models import PlanGoal, PlanObjective, PlanReview, ProgressRating, TreatmentPlan
from missioncj.care.services import plans as services
from missioncj.care.tests.test_plans_services import START, counts
from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants.services import local_today


@pytest.fixture
def episode(world: World):
    return world.north_person.episodes.select_related("program").get()


def url(name: str, world: World, episode: Any) -> str:
    return reverse(name, args=[world.north_person.public_id, episode.public_id])


def api(world: World, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def full_plan(world: World, episode):
    cm = world.user("casemanager")
    plan = services.start_plan(actor=cm, episode=episode, started_on=START)
    services.set_need(actor=cm, plan=plan, domain="substance_use", level="high", note="daily use")
    services.set_need(actor=cm, plan=plan, domain="housing", level="moderate")
    goal = services.add_goal(actor=cm, plan=plan, domain="substance_use", text="Stay sober")
    objective = services.add_objective(
        actor=cm,
        goal=goal,
        text="Go to two meetings a week",
        responsible="peer",
        target_date=dt.date(2026, 10, 31),
    )
    services.rate_progress(actor=cm, objective=objective, rated_on=dt.date(2026, 9, 20), rating=1)
    services.rate_progress(actor=cm, objective=objective, rated_on=dt.date(2026, 10, 20), rating=3)
    return plan


# --- pages ----------------------------------------------------------------------------------------


def test_participant_page_offers_to_start_a_plan(world, login, episode):
    html = (
        login("casemanager")
        .get(reverse("participants:detail", args=[world.north_person.public_id]))
        .content.decode()
    )
    assert "Start a treatment plan" in html
    assert url("care:plan_start", world, episode) in html


def test_start_plan_through_the_form(world, login, episode):
    client = login("casemanager")
    response = client.post(url("care:plan_start", world, episode), {"started_on": "2026-09-12"})
    assert response.status_code == 302
    assert response["Location"] == url("care:plan", world, episode)
    plan = TreatmentPlan.objects.get(episode=episode)
    assert plan.next_review_on == dt.date(2026, 12, 11)
    html = client.get(
        reverse("participants:detail", args=[world.north_person.public_id])
    ).content.decode()
    assert "0 open goals" in html
    assert "next review 11 Dec 2026" in html
    assert url("care:plan", world, episode) in html


def test_start_form_refuses_future_date_and_saves_nothing(world, login, episode):
    tomorrow = local_today(episode.program) + dt.timedelta(days=1)
    before = counts()
    response = login("casemanager").post(
        url("care:plan_start", world, episode), {"started_on": tomorrow.isoformat()}
    )
    assert response.status_code == 422
    assert "This date is in the future." in response.content.decode()
    assert counts() == before


def test_plan_page_shows_domains_goals_ratings_and_reviews(world, login, episode, full_plan):
    client = login("peer")
    before = AuditEvent.objects.filter(action="plan.read").count()
    html = client.get(url("care:plan", world, episode)).content.decode()
    assert AuditEvent.objects.filter(action="plan.read").count() == before + 1
    assert "Criminogenic needs (Central Eight)" in html
    assert "Recovery capital" in html
    assert "Need: High" in html and "Need: Moderate" in html and "Need not assessed" in html
    assert "Stay sober" in html
    assert "Go to two meetings a week" in html
    assert "Who: Peer support specialist" in html and "by 31 Oct 2026" in html
    # Progress over time, dated, in numbers and words.
    assert "20 Sep</span> <strong>1</strong>/4 Started" in html
    assert "20 Oct</span> <strong>3</strong>/4 Good progress" in html
    assert html.index("20 Sep") < html.index("20 Oct")
    assert "No reviews yet." in html
    assert "Next review: <strong>9 Dec 2026</strong>" in html


def test_review_due_flag(world, login, episode, full_plan):
    today = local_today(episode.program)
    TreatmentPlan.objects.filter(pk=full_plan.pk).update(
        next_review_on=today + dt.timedelta(days=5)
    )
    html = login("casemanager").get(url("care:plan", world, episode)).content.decode()
    assert '<span class="flag">Review due</span>' in html
    TreatmentPlan.objects.filter(pk=full_plan.pk).update(
        next_review_on=today - dt.timedelta(days=1)
    )
    html = login("casemanager").get(url("care:plan", world, episode)).content.decode()
    assert "Review overdue" in html
    detail = reverse("participants:detail", args=[world.north_person.public_id])
    assert "Review overdue" in login("casemanager").get(detail).content.decode()


def test_small_forms_add_to_the_plan(world, login, episode, full_plan):
    client = login("casemanager")
    plan_page = url("care:plan", world, episode)
    response = client.post(
        url("care:plan_needs", world, episode),
        {"level_income": "high", "note_income": "no income", "level_housing": "moderate"},
    )
    assert response.status_code == 302
    assert full_plan.needs.get(domain="income").level == "high"

    response = client.post(
        url("care:plan_goal_new", world, episode),
        {"domain": "school_work", "text": "Get my GED"},
    )
    assert response["Location"] == plan_page
    goal = PlanGoal.objects.get(text="Get my GED")

    form_page = client.get(
        url("care:plan_objective_new", world, episode) + f"?goal={goal.public_id}"
    )
    assert f'value="{goal.public_id}" selected' in form_page.content.decode()
    response = client.post(
        url("care:plan_objective_new", world, episode),
        {
            "goal": str(goal.public_id),
            "text": "Enroll in the HiSET class",
            "responsible": "case_manager",
            "target_date": "2026-12-01",
        },
    )
    assert response.status_code == 302
    objective = PlanObjective.objects.get(text="Enroll in the HiSET class")
    assert objective.goal == goal

    response = client.post(
        url("care:plan_rate", world, episode),
        {"objective": str(objective.public_id), "rated_on": "2026-10-05", "rating": "2"},
    )
    assert response.status_code == 302
    assert objective.ratings.get().rating == 2

    response = client.post(
        url("care:plan_status", world, episode),
        {"item": f"objective:{objective.public_id}", "status": "met"},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == "met"

    response = client.post(
        url("care:plan_review", world, episode),
        {
            "reviewed_on": "2026-11-01",
            "summary": "Good month.",
            "participant_signature": "Test North",
        },
    )
    assert response.status_code == 302
    full_plan.refresh_from_db()
    assert full_plan.next_review_on == dt.date(2026, 11, 1) + dt.timedelta(days=90)
    html = client.get(plan_page).content.decode()
    assert "Good month." in html
    assert "signed “Test North”" in html
    assert "Staff: signed by" in html


def test_review_form_without_signature_or_reason_is_refused(world, login, episode, full_plan):
    before = counts()
    response = login("casemanager").post(
        url("care:plan_review", world, episode),
        {"reviewed_on": "2026-11-01", "summary": "Good month."},
    )
    assert response.status_code == 422
    assert "type their name to sign" in response.content.decode()
    assert counts() == before


def test_objective_of_another_plan_cannot_be_rated_through_the_form(
    world, login, episode, full_plan
):
    south = world.south_person.episodes.get()
    south_plan = services.start_plan(actor=world.user("cm.south"), episode=south, started_on=START)
    goal = services.add_goal(
        actor=world.user("cm.south"), plan=south_plan, domain="leisure", text="Gym"
    )
    other = services.add_objective(
        actor=world.user("cm.south"), goal=goal, text="Go", responsible="participant"
    )
    before = counts()
    response = login("supervisor").post(
        url("care:plan_rate", world, episode),
        {"objective": str(other.public_id), "rated_on": "2026-10-05", "rating": "2"},
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert counts() == before


def test_forms_without_a_plan_say_so(world, login, episode):
    response = login("casemanager").get(url("care:plan_goal_new", world, episode))
    assert response.status_code == 200
    assert "No treatment plan yet" in response.content.decode()
    before = counts()
    response = login("casemanager").post(
        url("care:plan_goal_new", world, episode), {"domain": "leisure", "text": "x"}
    )
    assert response.status_code == 409
    assert counts() == before


def test_printable_plan(world, login, episode, full_plan):
    services.review_plan(
        actor=world.user("casemanager"),
        plan=full_plan,
        reviewed_on=dt.date(2026, 10, 30),
        summary="First review.",
        participant_declined_reason="Was in court; signs next week.",
    )
    response = login("casemanager").get(url("care:plan_print", world, episode))
    assert response.status_code == 200
    html = response.content.decode()
    assert "care/plan-print.css" in html
    assert "Test North" in html and "Drug Court" in html
    assert "Substance use" in html and "Stay sober" in html
    assert "progress 3/4 Good progress on 20 Oct 2026" in html
    assert "Participant signature" in html and "Case manager / staff signature" in html
    assert "did not sign (Was in court; signs next week.)" in html
    assert '<nav aria-label="Main">' not in html  # no app navigation on paper
    assert AuditEvent.objects.filter(action="plan.print").count() == 1


@pytest.mark.parametrize(
    "name", ["care:plan", "care:plan_print", "care:plan_goal_new", "care:plan_review"]
)
def test_pages_are_404_out_of_scope(world, login, episode, full_plan, name):
    for username in ("cm.south", "outsider", "court", "evaluator", "admin"):
        client = login(username)
        before = counts()
        assert client.get(url(name, world, episode)).status_code == 404, username
        assert counts() == before


def test_episode_of_another_participant_is_404(world, login, episode):
    other = world.south_person.episodes.get()
    path = reverse("care:plan", args=[world.north_person.public_id, other.public_id])
    assert login("supervisor").get(path).status_code == 404


# --- API ------------------------------------------------------------------------------------------


def test_api_plan_round_trip(world, episode):
    client = api(world, "casemanager")
    base = f"/api/v1/participants/{world.north_person.public_id}/plans"
    assert client.get(base).json() == {"items": []}
    response = post_json(client, base, {"started_on": "2026-09-15"})
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["next_review_on"] == "2026-12-14"
    assert plan["episode"] == str(episode.public_id)

    response = post_json(client, f"{base}/needs", {"domain": "housing", "level": "high"})
    assert response.status_code == 200
    assert response.json()["needs"] == [
        {"domain": "housing", "group": "recovery_capital", "level": "high", "note": ""}
    ]
    response = post_json(client, f"{base}/goals", {"domain": "housing", "text": "Own lease"})
    assert response.status_code == 201
    goal_id = response.json()["id"]
    response = post_json(
        client,
        f"{base}/objectives",
        {"goal": goal_id, "text": "Apply for housing voucher", "responsible": "case_manager"},
    )
    assert response.status_code == 201
    objective_id = response.json()["id"]
    response = post_json(
        client,
        f"{base}/ratings",
        {"objective": objective_id, "rated_on": "2026-10-01", "rating": 4},
    )
    assert response.status_code == 201
    assert response.json()["words"] == "Achieved"
    response = post_json(client, f"{base}/status", {"item": objective_id, "status": "met"})
    assert response.json() == {"id": objective_id, "kind": "objective", "status": "met"}
    response = post_json(
        client,
        f"{base}/reviews",
        {
            "reviewed_on": "2026-10-20",
            "summary": "Voucher approved.",
            "participant_signature": "T. North",
        },
    )
    assert response.status_code == 201
    assert response.json()["staff_signed_by"] == "casemanager"

    reads = AuditEvent.objects.filter(action="api.plan.read").count()
    body = client.get(base).json()
    assert AuditEvent.objects.filter(action="api.plan.read").count() == reads + 1
    [full] = body["items"]
    assert full["next_review_on"] == "2027-01-18"
    assert full["goals"][0]["objectives"][0]["ratings"][0]["rating"] == 4
    assert full["reviews"][0]["participant_signature"] == "T. North"


def test_api_bad_input_is_422_and_saves_nothing(world, full_plan):
    client = api(world, "casemanager")
    base = f"/api/v1/participants/{world.north_person.public_id}/plans"
    objective = PlanObjective.objects.get()
    cases: list[tuple[str, dict[str, Any], str]] = [
        (
            f"{base}/ratings",
            {"objective": str(objective.public_id), "rated_on": "2026-10-01", "rating": 7},
            "rating",
        ),
        (
            f"{base}/ratings",
            {"objective": str(objective.public_id), "rated_on": "2099-10-01", "rating": 1},
            "rated_on",
        ),
        (f"{base}/goals", {"domain": "tarot", "text": "x"}, "domain"),
        (f"{base}/goals", {"domain": "leisure", "text": ""}, "text"),
        (base, {"started_on": "2026-09-15"}, "episode"),
        (f"{base}/reviews", {"reviewed_on": "2026-10-01", "summary": "x"}, "participant_signature"),
        (
            f"{base}/objectives",
            {"goal": str(objective.public_id), "text": "x", "responsible": "peer"},
            "goal",
        ),
    ]
    for path, body, field in cases:
        before = counts()
        response = post_json(client, path, body)
        assert response.status_code == 422, (path, body, response.content)
        fields = [detail["loc"][-1] for detail in response.json()["detail"]]
        assert field in fields, (field, response.json())
        assert counts() == before


def test_api_out_of_scope_is_404(world, full_plan):
    base = f"/api/v1/participants/{world.north_person.public_id}/plans"
    for username in ("cm.south", "outsider", "court", "admin"):
        client = api(world, username)
        before = counts()
        assert client.get(base).status_code == 404
        assert (
            post_json(client, f"{base}/goals", {"domain": "leisure", "text": "x"}).status_code
            == 404
        )
        assert counts() == before
    assert PlanReview.objects.count() == 0
    assert ProgressRating.objects.count() == 2
