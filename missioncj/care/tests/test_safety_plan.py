"""Safety plans: versioned saves, refusals, the phone-first page, history, panel and API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.care.models import SAFETY_STEPS, SafetyPlan
from missioncj.care.services.safety import save_safety_plan
from missioncj.care.views.safety import link_phones
from missioncj.conftest import World
from missioncj.core.models import AuditEvent, AuditKind

STEPS = {
    "warning_signs": "Not sleeping; staying in my room",
    "internal_coping": "Walk the dog; music",
    "social_distractions": "Coffee shop on Main; cousin Ray 555-0142",
    "people_to_ask": "Mom (555) 201-3344\nSponsor Dee 555.867.5309",
    "professionals": "Peer Sam 555-201-0000; 988 Suicide & Crisis Lifeline",
    "safe_environment": "Medicines kept by Mom",
}


def state() -> dict[str, Any]:
    return {
        "plans": list(
            SafetyPlan.objects.order_by("pk").values_list("pk", "version", "warning_signs")
        ),
        "audit": AuditEvent.objects.exclude(kind=AuditKind.LOGIN).count(),
    }


def api(world: World, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def page(world: World, name: str) -> str:
    return reverse(name, args=[world.north_person.public_id])


# --- service --------------------------------------------------------------------------------------


def test_each_save_is_a_new_version_and_v1_is_unchanged(world):
    cm = world.user("casemanager")
    v1 = save_safety_plan(actor=cm, participant=world.north_person, **STEPS)
    assert v1.version == 1 and v1.created_by == cm
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "safety_plan.create"
    assert event.participant_public_id == world.north_person.public_id
    v2 = save_safety_plan(
        actor=world.user("peer"),
        participant=world.north_person,
        **{**STEPS, "warning_signs": "Skipping meals"},
    )
    assert v2.version == 2
    v1.refresh_from_db()
    assert v1.warning_signs == STEPS["warning_signs"]
    assert list(world.north_person.safety_plans.values_list("version", flat=True)) == [2, 1]
    # Versions count per participant.
    other = save_safety_plan(actor=world.user("cm.south"), participant=world.south_person, **STEPS)
    assert other.version == 1


@pytest.mark.parametrize("field,heading", SAFETY_STEPS)
def test_every_step_is_required(world, field, heading):
    before = state()
    with pytest.raises(ValidationError) as info:
        save_safety_plan(
            actor=world.user("casemanager"),
            participant=world.north_person,
            **{**STEPS, field: "  "},
        )
    assert list(info.value.message_dict) == [field]
    assert f"Step {heading} is required" in info.value.message_dict[field][0]
    assert state() == before


def test_all_missing_steps_named_at_once(world):
    with pytest.raises(ValidationError) as info:
        save_safety_plan(actor=world.user("casemanager"), participant=world.north_person)
    assert set(info.value.message_dict) == {f for f, _ in SAFETY_STEPS}


@pytest.mark.parametrize("username", ["cm.south", "outsider", "court", "evaluator", "admin"])
def test_only_people_who_work_with_the_participant_may_save(world, username):
    before = state()
    with pytest.raises(ValidationError) as info:
        save_safety_plan(actor=world.user(username), participant=world.north_person, **STEPS)
    assert "do not work with" in info.value.message_dict["participant"][0]
    assert state() == before


def test_unknown_step_is_refused(world):
    before = state()
    with pytest.raises(ValidationError) as info:
        save_safety_plan(
            actor=world.user("casemanager"), participant=world.north_person, step7="x", **STEPS
        )
    assert "step7" in info.value.message_dict
    assert state() == before


def test_phone_numbers_become_links_and_text_is_escaped():
    html = link_phones("Call Mom (555) 201-3344 or 988; <b>x</b>\nDee 555.867.5309, Ray 555-0142")
    assert '<a href="tel:5552013344">(555) 201-3344</a>' in html
    assert '<a href="tel:988">988</a>' in html
    assert '<a href="tel:5558675309">555.867.5309</a>' in html
    assert '<a href="tel:5550142">555-0142</a>' in html
    assert "&lt;b&gt;x&lt;/b&gt;<br>" in html
    assert "<b>" not in html
    assert "tel:" not in link_phones("Case 2026-0987, born 1990, 12 steps")


# --- pages ----------------------------------------------------------------------------------------


def test_page_offers_to_create_when_there_is_none(world, login):
    response = login("peer").get(page(world, "care:safety_plan"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "has no safety plan yet" in html
    assert page(world, "care:safety_plan_edit") in html
    assert 'href="tel:988"' in html


def test_create_edit_and_history_through_the_pages(world, login):
    client = login("peer")
    edit = page(world, "care:safety_plan_edit")
    assert "Create a safety plan" in client.get(edit).content.decode()
    response = client.post(edit, STEPS)
    assert response.status_code == 302 and response["Location"] == page(world, "care:safety_plan")

    reads = AuditEvent.objects.filter(action="safety_plan.read").count()
    html = client.get(page(world, "care:safety_plan")).content.decode()
    assert AuditEvent.objects.filter(action="safety_plan.read").count() == reads + 1
    for _, heading in SAFETY_STEPS:
        assert heading.replace("&", "&amp;") in html
    assert '<a href="tel:988">988 Suicide &amp; Crisis Lifeline — call or text 988</a>' in html
    assert '<a href="tel:5552013344">(555) 201-3344</a>' in html
    assert "Edit (creates version 2)" in html

    form = client.get(edit).content.decode()
    assert "Edit the safety plan (creates version 2)" in form
    assert "Walk the dog; music" in form  # the form starts from the current version
    response = client.post(edit, {**STEPS, "warning_signs": "Skipping meals"})
    assert response.status_code == 302
    assert world.north_person.safety_plans.count() == 2

    history = client.get(page(world, "care:safety_plan_history")).content.decode()
    assert "Version 2" in history and "Version 1" in history
    assert history.count(f"by {world.user('peer')}") == 2
    old = client.get(page(world, "care:safety_plan_history") + "?version=1").content.decode()
    assert "Version 1 (replaced)" in old
    assert "Not sleeping; staying in my room" in old
    assert client.get(page(world, "care:safety_plan_history") + "?version=9").status_code == 404


def test_edit_form_refuses_an_empty_step(world, login):
    client = login("casemanager")
    before = state()
    response = client.post(page(world, "care:safety_plan_edit"), {**STEPS, "internal_coping": ""})
    assert response.status_code == 422
    assert "Step 2. Internal coping strategies is required" in response.content.decode()
    assert state() == before


def test_participant_page_has_the_safety_plan_button_first(world, login):
    html = (
        login("peer")
        .get(reverse("participants:detail", args=[world.north_person.public_id]))
        .content.decode()
    )
    href = page(world, "care:safety_plan")
    button = f'<a class="button primary panel-button" href="{href}">Safety plan</a>'
    assert button in html
    panels = html[html.index('class="grid panels"') :]
    assert panels.index("Safety plan") < panels.index("Treatment plan")


@pytest.mark.parametrize(
    "name", ["care:safety_plan", "care:safety_plan_edit", "care:safety_plan_history"]
)
def test_pages_are_404_out_of_scope(world, login, name):
    save_safety_plan(actor=world.user("casemanager"), participant=world.north_person, **STEPS)
    for username in ("cm.south", "outsider", "court", "evaluator", "admin"):
        client = login(username)
        before = state()
        assert client.get(page(world, name)).status_code == 404
        assert client.post(page(world, name), STEPS).status_code == 404
        assert state() == before


# --- API ------------------------------------------------------------------------------------------


def test_api_get_and_post_versions(world):
    client = api(world, "casemanager")
    path = f"/api/v1/participants/{world.north_person.public_id}/safety-plan"
    assert client.get(path).json() == {"current": None, "versions": []}
    response = client.post(path, data=json.dumps(STEPS), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["version"] == 1
    response = client.post(
        path, data=json.dumps({**STEPS, "internal_coping": "Run"}), content_type="application/json"
    )
    assert response.json()["version"] == 2
    reads = AuditEvent.objects.filter(action="api.safety_plan.read").count()
    body = client.get(path).json()
    assert AuditEvent.objects.filter(action="api.safety_plan.read").count() == reads + 1
    assert body["current"]["internal_coping"] == "Run"
    assert [v["version"] for v in body["versions"]] == [2, 1]
    assert SafetyPlan.objects.get(version=1).internal_coping == "Walk the dog; music"


def test_api_missing_step_is_422_and_saves_nothing(world):
    client = api(world, "casemanager")
    path = f"/api/v1/participants/{world.north_person.public_id}/safety-plan"
    before = state()
    response = client.post(
        path, data=json.dumps({**STEPS, "safe_environment": ""}), content_type="application/json"
    )
    assert response.status_code == 422
    [detail] = response.json()["detail"]
    assert detail["loc"][-1] == "safe_environment"
    assert "is required" in detail["msg"]
    response = client.post(
        path, data=json.dumps({"warning_signs": "x"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert state() == before


def test_api_out_of_scope_is_404(world):
    path = f"/api/v1/participants/{world.north_person.public_id}/safety-plan"
    for username in ("cm.south", "outsider", "court", "evaluator", "admin"):
        client = api(world, username)
        before = state()
        assert client.get(path).status_code == 404
        assert (
            client.post(path, data=json.dumps(STEPS), content_type="application/json").status_code
            == 404
        )
        assert state() == before
