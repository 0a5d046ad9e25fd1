"""SUD counseling notes over the JSON API (list and write), for permitted clinicians only;
everyone else gets a 404. Mounted at /api/v1/participants."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.care import counseling as policy
from missioncj.care.models import CounselingNote
from missioncj.care.services import counseling as services

PREFIX = "/participants"
router = Router(tags=["counseling notes"])


class CounselingNoteIn(Schema):
    session_on: dt.date
    note: str = Field(max_length=services.MAX_NOTE)


class CounselingNoteOut(Schema):
    id: UUID
    session_on: dt.date
    note: str
    author: str
    signed_at: dt.datetime


def _out(note: CounselingNote) -> dict[str, Any]:
    return {
        "id": note.public_id,
        "session_on": note.session_on,
        "note": note.note,
        "author": note.author.username,
        "signed_at": note.signed_at,
    }


@router.get(
    "/{participant_id}/counseling-notes",
    response=list[CounselingNoteOut],
    summary="SUD counseling notes (author and the team's clinicians only)",
    url_name="counseling_notes_list",
)
def list_notes(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = policy.counseling_participant(request, participant_id)
    notes = (
        CounselingNote.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("author")
        .order_by("-session_on", "-pk")
    )
    services.record_counseling_read(
        actor=request.user, participant=participant, action="api.counseling_note.list"
    )
    return [_out(n) for n in notes]


@router.post(
    "/{participant_id}/counseling-notes",
    response={201: CounselingNoteOut},
    summary="Write and sign a SUD counseling note (clinicians of the team)",
    url_name="counseling_notes_create",
)
def create_note(
    request: HttpRequest, participant_id: UUID, payload: CounselingNoteIn
) -> dict[str, Any]:
    participant = policy.counseling_participant(request, participant_id)
    note = services.write_counseling_note(
        actor=request.user,
        participant=participant,
        session_on=payload.session_on,
        note=payload.note,
    )
    return _out(note)  # 201, the declared status
