"""Access-matrix entries for restricted records (see
`missioncj/participants/tests/test_access_matrix.py`). The matrix world has no restricted
record, so break-the-glass reaches the service for those in scope, which refuses (the record is
not restricted) and changes nothing; flagging is for directors and supervisors only."""

from __future__ import annotations

from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.participants.models import BreakGlassGrant

KWARGS: tuple[str, ...] = ()
OVERSEERS = {"director": {"north", "south"}, "supervisor": {"north", "south"}}
REASON = "Emergency: participant in crisis at the ER"


def _restricted_by_actor(ctx: Any, response: Any) -> None:
    ctx.participant.refresh_from_db()
    assert ctx.participant.restricted
    assert ctx.participant.restricted_by == ctx.user
    event = AuditEvent.objects.filter(action="participant.restrict").order_by("-pk").first()
    assert event is not None and event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _form_shown(ctx: Any, response: Any) -> None:
    assert "Restrict this record" in response.content.decode()


def _refused_not_restricted(ctx: Any, response: Any) -> None:
    assert "not restricted" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEvent.objects.filter(action="participant.break_glass").exists()


def route_specs() -> list[dict[str, Any]]:
    return [
        {
            "name": "privacy:restriction",
            "get": _form_shown,
            "post": lambda ctx: {"reason": "Relative of a staff member"},
            "post_check": _restricted_by_actor,
            "scope": OVERSEERS,
        },
        {
            "name": "privacy:break_glass",
            "post": lambda ctx: {"reason": REASON, "confirm": "OPEN"},
            "post_status": 422,
            "post_check": _refused_not_restricted,
        },
        {
            "name": "api:participant_restriction",
            "api": True,
            "post": lambda ctx: {"restricted": True, "reason": "Relative of a staff member"},
            "post_method": "put",
            "post_status": 200,
            "post_check": _restricted_by_actor,
            "scope": OVERSEERS,
        },
        {
            "name": "api:participant_break_glass",
            "api": True,
            "post": lambda ctx: {"reason": REASON, "confirm": "OPEN"},
            "post_status": 422,
            "post_check": _refused_not_restricted,
        },
    ]
