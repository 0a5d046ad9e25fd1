"""Writes to Critical Time Intervention: moving a phase boundary (the rest is computed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.care import cti
from missioncj.care.models import CtiBoundary, CtiBoundaryMove
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.services import can_work_in

REASON_MAX = 300


@transaction.atomic
def move_cti_boundary(
    *, actor: Any, episode: Episode, boundary: int, new_date: dt.date, reason: str
) -> CtiBoundaryMove:
    """Move one phase boundary (1 try-out start, 2 transfer start, 3 CTI end) to a new date,
    with a reason. The other boundaries stay where they are; the order must hold:
    enrollment < try-out start < transfer start < CTI end."""
    episode = (
        Episode.objects.select_for_update()
        .select_related("program", "participant")
        .get(pk=episode.pk)
    )
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not can_work_in(actor, episode.program, episode.team):
        raise ValidationError({"episode": "You do not work with this participant's team."})
    if episode.status != EpisodeStatus.ENROLLED or episode.enrolled_date is None:
        raise ValidationError(
            {"episode": "Phase dates can be moved only while the episode is enrolled."}
        )
    if boundary not in CtiBoundary.values:
        errors["boundary"] = "Choose which boundary to move (1, 2 or 3)."
    if not isinstance(new_date, dt.date) or isinstance(new_date, dt.datetime):
        errors["new_date"] = "Give the new date."
    if not reason:
        errors["reason"] = "Say why the date moves."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"Keep the reason to {REASON_MAX} characters."
    if errors:
        raise ValidationError(errors)
    moves = list(episode.cti_moves.order_by("created_at", "pk"))
    current = cti.boundaries(episode.enrolled_date, episode.program, cti.newest_moves(moves))
    if current[boundary] == new_date:
        raise ValidationError({"new_date": f"That is already the date ({new_date:%d %b %Y})."})
    proposed = dict(current)
    proposed[boundary] = new_date
    problem = cti.order_problem(episode.enrolled_date, proposed)
    if problem:
        raise ValidationError({"new_date": problem})
    move = CtiBoundaryMove(
        episode=episode, boundary=boundary, new_date=new_date, reason=reason, moved_by=actor
    )
    move.full_clean(exclude=["episode", "moved_by"])
    move.save()
    name = CtiBoundary(boundary).label
    record(
        kind=AuditKind.UPDATE,
        action="cti.boundary_move",
        actor=actor,
        participant=episode.participant,
        subject=episode,
        before={"boundary": boundary, "name": name, "date": current[boundary].isoformat()},
        after={
            "boundary": boundary,
            "name": name,
            "date": new_date.isoformat(),
            "reason": reason,
        },
    )
    return move
