"""SUD counseling notes: written and signed in one step by a clinician of the participant's
team, never edited. Reads are audited like writes. The note text is not
copied into the audit trail, which more people may read than the notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.care.counseling import team_episodes
from missioncj.care.models import CounselingNote
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant

MAX_NOTE = 20_000
NOT_PERMITTED = "Only a clinician of the participant's team writes SUD counseling notes."


@transaction.atomic
def write_counseling_note(
    *, actor: Any, participant: Participant, session_on: dt.date | None, note: str
) -> CounselingNote:
    episodes = team_episodes(actor, participant)
    if not episodes:
        raise ValidationError({"note": NOT_PERMITTED})
    episode = episodes[0]
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Write the note before signing."})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE:,} characters."})
    if session_on is None:
        raise ValidationError({"session_on": "Give the date of the session."})
    today = timezone.now().astimezone(episode.program.zone).date()
    if session_on > today:
        raise ValidationError({"session_on": "The session date is in the future."})
    if session_on < episode.referral_date:
        raise ValidationError(
            {
                "session_on": "The session is before the referral "
                f"({episode.referral_date:%d %b %Y})."
            }
        )
    written = CounselingNote.objects.create(
        participant=participant,
        episode=episode,
        session_on=session_on,
        note=note,
        author=actor,
        signed_at=timezone.now(),
    )
    record(
        kind=AuditKind.SIGN,
        action="counseling_note.sign",
        actor=actor,
        participant=participant,
        subject=written,
        after={"session_on": str(session_on), "episode": str(episode.public_id)},
    )
    return written


def record_counseling_read(*, actor: Any, participant: Participant, action: str) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=actor,
        participant=participant,
        subject=participant,
    )
