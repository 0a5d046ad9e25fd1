"""Access-matrix entries for outcome events on a participant (pages and API): anyone who can
see the participant reads and records them; everyone else gets a 404 and changes nothing.
The event a void route works on is made here with the ORM and no audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.outcomes.models import OutcomeEvent

KWARGS = ("event_id",)

EVENT_POST = {
    "kind": "arrest",
    "occurred_on": "2026-10-03",
    "source": "court_record",
    "detail": "Matrix arrest",
}


def _event(ctx: Any) -> OutcomeEvent:
    found = OutcomeEvent.objects.filter(
        episode=ctx.episode, detail="Matrix jail", voided_at__isnull=True
    ).first()
    return found or OutcomeEvent.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        kind="incarceration",
        occurred_on=dt.date(2026, 10, 1),
        ended_on=dt.date(2026, 10, 4),
        nights=3,
        detail="Matrix jail",
        source="jail_record",
        recorded_by=ctx.signed.author,
    )


def _event_args(ctx: Any) -> dict[str, Any]:
    return {"event_id": _event(ctx).public_id}


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _page_ok(ctx: Any, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


def _listed(ctx: Any, response: Any) -> None:
    _page_ok(ctx, response)
    _by_actor(ctx, "outcome_event.list")


def _api_listed(ctx: Any, response: Any) -> None:
    assert response.json()["count"] == OutcomeEvent.objects.filter(episode=ctx.episode).count()
    _by_actor(ctx, "api.outcome_event.list")


def _recorded(ctx: Any, response: Any) -> None:
    row = OutcomeEvent.objects.filter(episode=ctx.episode, detail="Matrix arrest").latest("pk")
    assert (row.kind, row.recorded_by) == ("arrest", ctx.user)
    _by_actor(ctx, "outcome_event.record")


def _voided(ctx: Any, response: Any) -> None:
    row = OutcomeEvent.objects.filter(episode=ctx.episode, detail="Matrix jail").latest("pk")
    assert row.is_void and row.voided_by == ctx.user
    assert row.void_reason == "Matrix duplicate"
    _by_actor(ctx, "outcome_event.void")


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:events", "get": _listed},
        {
            "name": "outcomes:event_add",
            "get": _page_ok,
            "post": lambda ctx: dict(EVENT_POST),
            "post_check": _recorded,
        },
        {
            "name": "outcomes:event_void",
            "get": _page_ok,
            "url_args": _event_args,
            "post": lambda ctx: {"reason": "Matrix duplicate"},
            "post_check": _voided,
        },
        {"name": "api:outcome_event_list", "api": True, "get": _api_listed},
        {
            "name": "api:outcome_event_create",
            "api": True,
            "post": lambda ctx: dict(EVENT_POST),
            "post_status": 201,
            "post_check": _recorded,
        },
        {
            "name": "api:outcome_event_void",
            "api": True,
            "url_args": _event_args,
            "post": lambda ctx: {"reason": "Matrix duplicate"},
            "post_status": 200,
            "post_check": _voided,
        },
    ]


def program_route_specs() -> list[dict[str, Any]]:
    return []
