"""Access-matrix entries for the court-phase and response pages and API.
`missioncj/participants/tests/test_access_matrix.py` turns each dict into a `Route`.

Rows a route needs (the program's court with its phases, a phase move, a response) are made here
with the ORM and no audit event, so setting them up changes nothing the matrix compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.court.models import Court, CourtPhase, CourtResponse, PhaseMove, PhaseTask
from missioncj.court.phase_defaults import DEFAULT_PHASES

KWARGS = {"response_id"}
STARTED = dt.date(2026, 9, 5)


def _court(ctx: Any) -> Court:
    court, _ = Court.objects.get_or_create(
        program=ctx.episode.program, name="Matrix Court", defaults={"judge": "Hon. Matrix"}
    )
    if not court.phases.exists():  # another area's matrix may have made the court
        for spec in DEFAULT_PHASES:
            CourtPhase.objects.create(court=court, **spec)
    return court


def _move(ctx: Any, number: int, kind: str, on: dt.date) -> PhaseMove:
    return PhaseMove.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        phase=_court(ctx).phases.get(number=number),
        kind=kind,
        on=on,
        decided_by="Hon. Matrix",
        reason="Matrix",
        recorded_by=ctx.signed.author,
    )


def _started(ctx: Any) -> PhaseMove:
    found = PhaseMove.objects.filter(episode=ctx.episode).order_by("on", "pk").last()
    return found or _move(ctx, 1, "start", STARTED)


def _in_phase_two(ctx: Any) -> PhaseMove:
    move = _started(ctx)
    if move.phase.number == 2:
        return move
    return _move(ctx, 2, "promote", dt.date(2026, 10, 1))


def _response(ctx: Any) -> CourtResponse:
    return CourtResponse.objects.filter(
        episode=ctx.episode, delivered_on__isnull=True
    ).first() or CourtResponse.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        kind="incentive",
        behaviour="Matrix behaviour",
        response="Matrix praise",
        magnitude="low",
        decided_on=dt.date(2026, 10, 1),
        decided_by="Hon. Matrix",
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


def _read(action: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        page_ok(ctx, response)
        _by_actor(ctx, action)

    return check


def _moved(kind: str, number: int) -> Any:
    def check(ctx: Any, response: Any) -> None:
        move = PhaseMove.objects.filter(episode=ctx.episode).order_by("on", "pk").last()
        assert move is not None
        assert (move.kind, move.phase.number, move.recorded_by) == (kind, number, ctx.user)
        _by_actor(ctx, f"court.phase.{kind}")

    return check


def _task_done(ctx: Any, response: Any) -> None:
    done = PhaseTask.objects.get(episode=ctx.episode)
    assert (done.task, done.recorded_by) == ("Orientation completed", ctx.user)
    _by_actor(ctx, "court.phase.task")


def _responded(ctx: Any, response: Any) -> None:
    item = CourtResponse.objects.get(episode=ctx.episode, response="Matrix bus pass")
    assert (item.kind, item.recorded_by) == ("incentive", ctx.user)
    _by_actor(ctx, "court.response.incentive")


def _delivered(ctx: Any, response: Any) -> None:
    item = CourtResponse.objects.get(episode=ctx.episode, response="Matrix praise")
    assert item.delivered_on == dt.date(2026, 10, 2)
    _by_actor(ctx, "court.response.delivered")


def _api_phase(ctx: Any, response: Any) -> None:
    body = response.json()
    assert [item["episode"] for item in body] == [str(ctx.episode.public_id)]
    _by_actor(ctx, "api.court_phase.read")


def _api_responses(ctx: Any, response: Any) -> None:
    assert response.json()["ratio"]["ratio"] == "no sanctions"
    _by_actor(ctx, "api.court_responses.read")


def _move_post(ctx: Any) -> dict[str, Any]:
    return {"decided_by": "Hon. Matrix", "reason": "Matrix reason"}


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "court:court_phase", "get": _read("court_phase.read")},
        {
            "name": "court:court_phase_start",
            "get": page_ok,
            "post": lambda ctx: {
                "court": str(_court(ctx).public_id),
                "on": "2026-09-05",
                **_move_post(ctx),
            },
            "post_check": _moved("start", 1),
        },
        {
            "name": "court:court_phase_promote",
            "get": page_ok,
            "post": lambda ctx: (_started(ctx), {"on": "2026-10-02", **_move_post(ctx)})[1],
            "post_check": _moved("promote", 2),
        },
        {
            "name": "court:court_phase_demote",
            "get": page_ok,
            "post": lambda ctx: (
                _in_phase_two(ctx),
                {"to_number": "1", "on": "2026-10-03", **_move_post(ctx)},
            )[1],
            "post_check": _moved("demote", 1),
        },
        {
            "name": "court:court_phase_task",
            "get": page_ok,
            "post": lambda ctx: (
                _started(ctx),
                {"task": "Orientation completed", "done_on": "2026-09-20"},
            )[1],
            "post_check": _task_done,
        },
        {
            "name": "court:court_response_new",
            "get": page_ok,
            "post": lambda ctx: {
                "kind": "incentive",
                "behaviour": "Matrix: four clean weeks",
                "response": "Matrix bus pass",
                "magnitude": "moderate",
                "decided_on": "2026-10-01",
                "decided_by": "Hon. Matrix",
            },
            "post_check": _responded,
        },
        {
            "name": "court:court_response_delivered",
            "get": page_ok,
            "post": lambda ctx: {"delivered_on": "2026-10-02"},
            "post_check": _delivered,
            "url_args": lambda ctx: {"response_id": _response(ctx).public_id},
        },
        {"name": "api:participant_court_phase", "api": True, "get": _api_phase},
        {
            "name": "api:court_phase_move",
            "api": True,
            "post": lambda ctx: (
                _started(ctx),
                {"kind": "promote", "on": "2026-10-02", **_move_post(ctx)},
            )[1],
            "post_status": 201,
            "post_check": _moved("promote", 2),
        },
        {"name": "api:participant_responses", "api": True, "get": _api_responses},
        {
            "name": "api:record_court_response",
            "api": True,
            "post": lambda ctx: {
                "kind": "incentive",
                "behaviour": "Matrix: four clean weeks",
                "response": "Matrix bus pass",
                "magnitude": "moderate",
                "decided_on": "2026-10-01",
                "decided_by": "Hon. Matrix",
            },
            "post_status": 201,
            "post_check": _responded,
        },
    ]


# --- routes about a whole program (see the program matrix in test_access_matrix.py) ------------


def _responses_shown(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


def program_route_specs() -> list[dict[str, Any]]:
    from missioncj.court.tests.matrix_cases import STAFF_SCOPE

    return [{"name": "court:program_responses", "get": _responses_shown, "scope": STAFF_SCOPE}]
