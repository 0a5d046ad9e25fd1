"""Access-matrix entries for SUD counseling notes (see
`missioncj/participants/tests/test_access_matrix.py`): only the clinician of the participant's
team reaches them; case managers, peers, directors, supervisors and court partners get a 404."""

from __future__ import annotations

from typing import Any

from missioncj.care.models import CounselingNote
from missioncj.core.models import AuditEvent

KWARGS: tuple[str, ...] = ()
CLINICIANS = {"clinician": {"north"}}


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _page(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert "SUD counseling notes" in html
    assert ctx.participant.display_name in html
    _by_actor(ctx, "counseling_note.list")


def _written(text: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        note = CounselingNote.objects.get(participant=ctx.participant, note=text)
        assert note.author == ctx.user and note.signed_at is not None
        _by_actor(ctx, "counseling_note.sign")

    return check


def _api_list(ctx: Any, response: Any) -> None:
    assert response.json() == []
    _by_actor(ctx, "api.counseling_note.list")


def route_specs() -> list[dict[str, Any]]:
    return [
        {
            "name": "care:counseling_notes",
            "get": _page,
            "post": lambda ctx: {"session_on": "2026-10-01", "note": "Matrix counseling"},
            "post_check": _written("Matrix counseling"),
            "scope": CLINICIANS,
        },
        {"name": "api:counseling_notes_list", "api": True, "get": _api_list, "scope": CLINICIANS},
        {
            "name": "api:counseling_notes_create",
            "api": True,
            "post": lambda ctx: {"session_on": "2026-10-01", "note": "Matrix API counseling"},
            "post_status": 201,
            "post_check": _written("Matrix API counseling"),
            "scope": CLINICIANS,
        },
    ]
