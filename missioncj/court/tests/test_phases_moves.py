"""Starting, promoting and demoting, and phase tasks: services, the court-phase page and the
API. Bad input changes nothing; the unmet criteria of an early promotion are in the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.court.models import PhaseMove
from missioncj.court.services.phase_moves import demote, promote, record_task, start_phase
from missioncj.court.tests.phases_helpers import (
    ENROLLED,
    api_client,
    counts,
    drug_test,
    easy_phase_one,
    episode_of,
    post_json,
    start,
    with_defaults,
)
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus


@pytest.fixture
def phased(world: Any, court: Any) -> Any:
    return with_defaults(world, court)


def _promote(world: Any, **kw: Any) -> PhaseMove:
    arguments: dict[str, Any] = {
        "actor": world.user("casemanager"),
        "episode": episode_of(world.north_person),
        "on": dt.date(2026, 10, 15),
        "decided_by": "Hon. R. Ortiz",
    }
    arguments.update(kw)
    return promote(**arguments)


def test_start_puts_the_participant_in_phase_one_once(world, phased):
    before = counts()
    move = start(world, phased)
    assert (move.kind, move.phase.number, move.on, move.reason) == (
        "start",
        1,
        ENROLLED,
        "Started at enrollment",
    )
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.phase.start"
    assert event.participant_public_id == world.north_person.public_id
    assert counts() == {**before, "moves": before["moves"] + 1, "audit": before["audit"] + 1}
    with pytest.raises(ValidationError) as again:
        start(world, phased)
    assert "Already in court phases" in again.value.messages[0]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"on": dt.date(2026, 9, 4)}, "on", "before enrollment (5 Sep 2026)"),
        ({"on": dt.date(2099, 1, 1)}, "on", "in the future"),
        ({"decided_by": " "}, "decided_by", "Say who decided"),
        ({"reason": "x" * 501}, "reason", "500 characters"),
    ],
)
def test_start_refuses_bad_input_and_saves_nothing(world, phased, overrides, field, words):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        start(world, phased, **overrides)
    assert words in caught.value.message_dict[field][0]
    assert counts() == before


def test_start_refuses_a_court_without_phases_or_of_another_program(world, court, reentry_court):
    before = counts()
    with pytest.raises(ValidationError) as empty:
        start(world, court)
    assert "no phases yet" in empty.value.message_dict["court"][0]
    with pytest.raises(ValidationError) as other:
        start(world, reentry_court)
    assert "not in the participant's program" in other.value.message_dict["court"][0]
    assert counts() == before


def test_moves_refused_outside_the_actors_scope(world, phased):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        start(world, phased, person=world.south_person, actor=world.user("casemanager"))
    assert "do not work with" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        start(world, phased, actor=world.user("court"))
    assert counts() == before


def test_promote_when_criteria_met_needs_no_reason(world, phased):
    easy_phase_one(phased, negative_days=20)
    start(world, phased)
    episode = episode_of(world.north_person)
    drug_test(episode, dt.date(2026, 9, 20), "negative")
    move = _promote(world)
    assert (move.kind, move.phase.number) == ("promote", 2)
    assert move.reason == "All criteria for Phase 1 met"
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.phase.promote"
    assert event.after is not None
    assert (event.after["criteria_met"], event.after["unmet"]) == (True, [])
    assert event.before == {"phase": 1, "since": "2026-09-05"}


def test_early_promotion_needs_a_reason_and_keeps_the_unmet_criteria(world, phased):
    start(world, phased)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        _promote(world)
    message = caught.value.message_dict["reason"][0]
    assert "Not every criterion is met" in message and "40 of 112 days" in message
    assert counts() == before
    move = _promote(world, reason="Judge's discretion: stable housing and work")
    assert move.phase.number == 2
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.after is not None
    assert event.after["criteria_met"] is False
    unmet = {item["criterion"]: item["figures"] for item in event.after["unmet"]}
    assert set(unmet) == {"days", "clean", "attendance", "tasks"}
    assert unmet["days"] == "40 of 112 days in the phase"


def test_promote_refuses_before_start_past_last_phase_and_early_dates(world, phased):
    with pytest.raises(ValidationError) as not_started:
        _promote(world, reason="x")
    assert "Start the participant in Phase 1 first" in not_started.value.messages[0]
    start(world, phased, on=dt.date(2026, 9, 10))
    with pytest.raises(ValidationError) as early:
        _promote(world, reason="x", on=dt.date(2026, 9, 9))
    assert "before the last phase move (10 Sep 2026" in early.value.message_dict["on"][0]
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 3)):
        _promote(world, reason="x", on=day)
    before = counts()
    with pytest.raises(ValidationError) as last:
        _promote(world, reason="x", on=dt.date(2026, 10, 4))
    assert "last phase" in last.value.messages[0]
    assert counts() == before


def test_demote_needs_an_earlier_phase_and_a_reason(world, phased):
    start(world, phased)
    _promote(world, reason="early")
    user, episode = world.user("casemanager"), episode_of(world.north_person)
    arguments: dict[str, Any] = {
        "actor": user,
        "episode": episode,
        "on": dt.date(2026, 10, 20),
        "decided_by": "Hon. R. Ortiz",
    }
    before = counts()
    with pytest.raises(ValidationError) as no_reason:
        demote(to_number=1, reason=" ", **arguments)
    assert "Say why" in no_reason.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as same:
        demote(to_number=2, reason="Relapse", **arguments)
    assert "earlier phase than the current one (Phase 2)" in same.value.message_dict["to_number"][0]
    assert counts() == before
    move = demote(to_number=1, reason="Relapse: two positive tests", **arguments)
    assert (move.kind, move.phase.number) == ("demote", 1)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.phase.demote"
    assert event.before == {"phase": 2, "since": "2026-10-15"}


def test_moves_only_while_enrolled(world, phased):
    start(world, phased)
    episode = episode_of(world.north_person)
    people.change_status(
        actor=world.user("casemanager"),
        episode=episode,
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 11, 1),
        reason="graduated",
    )
    with pytest.raises(ValidationError) as closed:
        _promote(world, reason="x")
    assert "only while the participant is enrolled" in closed.value.messages[0]


def test_record_task_of_the_current_phase_only(world, phased):
    start(world, phased)
    user, episode = world.user("casemanager"), episode_of(world.north_person)
    done = record_task(
        actor=user, episode=episode, task="orientation completed", done_on=dt.date(2026, 9, 8)
    )
    assert (done.task, done.phase.number) == ("Orientation completed", 1)
    before = counts()
    with pytest.raises(ValidationError) as unknown:
        record_task(actor=user, episode=episode, task="State ID obtained", done_on=ENROLLED)
    assert "is not a task of Phase 1" in unknown.value.message_dict["task"][0]
    with pytest.raises(ValidationError) as twice:
        record_task(actor=user, episode=episode, task="Orientation completed", done_on=ENROLLED)
    assert "already recorded as done on 8 Sep 2026" in twice.value.message_dict["task"][0]
    with pytest.raises(ValidationError) as early:
        record_task(
            actor=user, episode=episode, task="Treatment plan signed", done_on=dt.date(2026, 9, 1)
        )
    assert "before enrollment" in early.value.message_dict["done_on"][0]
    assert counts() == before


# --- pages ----------------------------------------------------------------------------------------


def test_court_phase_page_shows_history_and_criteria_and_is_audited(world, login, phased):
    start(world, phased)
    _promote(world, reason="Early: stable and working")
    client = login("peer")
    url = reverse("court:court_phase", args=[world.north_person.public_id])
    html = client.get(url).content.decode()
    assert "Phase 2: Early recovery" in html
    assert "Promoted to Phase 2: Early recovery" in html
    assert "Early: stable and working" in html
    assert "Clean time" in html and "no test results yet" in html
    event = AuditEvent.objects.filter(action="court_phase.read").get()
    assert event.actor == world.user("peer")
    assert event.participant_public_id == world.north_person.public_id


def test_promote_page_shows_the_unmet_criteria_and_the_reason_error(world, login, phased):
    start(world, phased)
    client = login("casemanager")
    url = reverse("court:court_phase_promote", args=[world.north_person.public_id])
    page = client.get(url).content.decode()
    assert "Time in phase" in page and "of 112 days in the phase" in page
    before = counts()
    response = client.post(url, {"on": "2026-10-15", "decided_by": "Judge"})
    assert response.status_code == 422
    assert "say why the promotion is made" in response.content.decode()
    assert counts() == before


def test_start_page_posts_with_the_programs_court(world, login, phased):
    client = login("casemanager")
    page = reverse("court:court_phase", args=[world.north_person.public_id])
    assert "Start in Phase 1" in client.get(page).content.decode()
    url = reverse("court:court_phase_start", args=[world.north_person.public_id])
    form = client.get(url).content.decode()
    assert "Hon. R. Ortiz" in form  # the court's judge as the default decision-maker
    response = client.post(
        url, {"court": str(phased.public_id), "on": "2026-09-05", "decided_by": "Hon. R. Ortiz"}
    )
    assert response.status_code == 302
    assert PhaseMove.objects.get().phase.number == 1


# --- API ------------------------------------------------------------------------------------------


def test_api_moves_and_read(world, phased):
    client = api_client(world.user("casemanager"))
    base = f"/api/v1/participants/{world.north_person.public_id}/court-phase"
    started = post_json(
        client, f"{base}/moves", {"kind": "start", "on": "2026-09-05", "decided_by": "Judge"}
    )
    assert started.status_code == 201, started.content
    assert started.json()["current_phase"]["number"] == 1
    before = counts()
    refused = post_json(
        client, f"{base}/moves", {"kind": "promote", "on": "2026-10-01", "decided_by": "Judge"}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "reason"
    no_phase = post_json(
        client, f"{base}/moves", {"kind": "demote", "on": "2026-10-01", "decided_by": "Judge"}
    )
    assert no_phase.status_code == 422
    assert counts() == before
    read = client.get(base)
    assert read.status_code == 200
    body = read.json()[0]
    assert body["current_phase"]["name"] == "Stabilization"
    assert [c["criterion"] for c in body["criteria"]] == [
        "days",
        "clean",
        "attendance",
        "sanctions",
        "tasks",
    ]
    assert body["criteria"][0]["status"] == "not_met"
    assert [m["kind"] for m in body["moves"]] == ["start"]
    assert AuditEvent.objects.filter(action="api.court_phase.read").count() == 1


def test_api_start_with_an_unknown_court_is_422_and_changes_nothing(world, phased):
    client = api_client(world.user("director"))
    before = counts()
    response = post_json(
        client,
        f"/api/v1/participants/{world.north_person.public_id}/court-phase/moves",
        {
            "kind": "start",
            "on": "2026-09-05",
            "decided_by": "Judge",
            "court": "00000000-0000-4000-8000-000000000000",
        },
    )
    assert response.status_code == 422
    assert "No such court" in response.json()["detail"][0]["msg"]
    assert counts() == before


def test_start_phase_directly_with_the_court_fixture(world, phased):
    move = start_phase(
        actor=world.user("director"),
        episode=episode_of(world.south_person),
        court=phased,
        on=dt.date(2026, 9, 6),
        decided_by="Hon. R. Ortiz",
        reason="Admitted at the first status hearing",
    )
    assert move.reason == "Admitted at the first status hearing"
    assert move.recorded_by == world.user("director")
