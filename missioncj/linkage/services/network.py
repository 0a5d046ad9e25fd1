"""Support networks: add, update and end a tie. Ties are never deleted; an ended tie keeps
its history and drops out of the picture."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.linkage.models import Meeting, Service, Strength, SupportRole, SupportTie
from missioncj.linkage.services._dates import fmt, not_future
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import workable_episode

TIE_FIELDS = [
    "role",
    "name",
    "phone",
    "email",
    "since",
    "strength",
    "service",
    "meeting",
    "note",
    "ended_on",
]
EDITABLE = [f for f in TIE_FIELDS if f != "ended_on"]


def _clean(episode: Episode, values: dict[str, Any]) -> dict[str, Any]:
    """Validate every field at once; raise with a message per bad field."""
    errors: dict[str, str] = {}
    out = dict(values)
    if out.get("role") not in SupportRole.values:
        errors["role"] = "Choose a role: " + ", ".join(str(r.label) for r in SupportRole) + "."
    out["name"] = (out.get("name") or "").strip()
    if not out["name"]:
        errors["name"] = "Write the person's or place's name."
    elif len(out["name"]) > 200:
        errors["name"] = "Keep the name to 200 characters."
    for key, limit in (("phone", 40), ("note", 300)):
        out[key] = (out.get(key) or "").strip()
        if len(out[key]) > limit:
            errors[key] = f"Keep this to {limit} characters."
    out["email"] = (out.get("email") or "").strip()
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            errors["email"] = "Enter an e-mail address like name@example.org."
    try:
        out["strength"] = int(out.get("strength"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        out["strength"] = None
    if out["strength"] not in Strength.values:
        errors["strength"] = "Strength is 1 (weak), 2 (moderate) or 3 (strong)."
    since = out.get("since")
    if since is not None and (problem := not_future(since, episode.program, "Since")):
        errors["since"] = problem
    service: Service | None = out.get("service")
    if service is not None and service.source.program_id != episode.program_id:
        errors["service"] = "Choose a service from this program's directory."
    meeting: Meeting | None = out.get("meeting")
    if meeting is not None and meeting.source.program_id != episode.program_id:
        errors["meeting"] = "Choose a meeting from this program's list."
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def add_tie(
    *,
    actor: Any,
    participant: Participant,
    role: str,
    name: str,
    strength: int,
    phone: str = "",
    email: str = "",
    since: dt.date | None = None,
    service: Service | None = None,
    meeting: Meeting | None = None,
    note: str = "",
) -> SupportTie:
    episode = workable_episode(actor, participant, field="participant")
    values = _clean(
        episode,
        {
            "role": role,
            "name": name,
            "strength": strength,
            "phone": phone,
            "email": email,
            "since": since,
            "service": service,
            "meeting": meeting,
            "note": note,
        },
    )
    tie = SupportTie(participant=participant, recorded_by=actor, **values)
    return create_recorded(
        tie, actor=actor, action="network.tie.add", fields=TIE_FIELDS, participant=participant
    )


def _locked(tie: SupportTie) -> SupportTie:
    return SupportTie.objects.select_for_update(of=("self",)).get(pk=tie.pk)


@transaction.atomic
def update_tie(*, actor: Any, tie: SupportTie, **changes: Any) -> SupportTie:
    """Change any of the editable fields (those not given keep their value)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    tie = _locked(tie)
    episode = workable_episode(actor, tie.participant, field="participant")
    if tie.ended_on is not None:
        raise ValidationError({"ended_on": "This tie has ended; add a new one instead."})
    before = snapshot(tie, TIE_FIELDS)
    values = _clean(episode, {**{f: getattr(tie, f) for f in EDITABLE}, **changes})
    for key, value in values.items():
        setattr(tie, key, value)
    tie.full_clean()
    tie.save()
    record(
        kind=AuditKind.UPDATE,
        action="network.tie.update",
        actor=actor,
        participant=tie.participant,
        subject=tie,
        before=before,
        after=snapshot(tie, TIE_FIELDS),
    )
    return tie


@transaction.atomic
def end_tie(*, actor: Any, tie: SupportTie, ended_on: dt.date, note: str = "") -> SupportTie:
    tie = _locked(tie)
    episode = workable_episode(actor, tie.participant, field="participant")
    if tie.ended_on is not None:
        raise ValidationError({"ended_on": f"This tie already ended on {fmt(tie.ended_on)}."})
    if ended_on is None:
        raise ValidationError({"ended_on": "Give the date the tie ended."})
    problem = not_future(ended_on, episode.program, "The end date")
    if not problem and tie.since is not None and ended_on < tie.since:
        problem = f"The end date cannot be before the tie began ({fmt(tie.since)})."
    if problem:
        raise ValidationError({"ended_on": problem})
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": "Keep this to 300 characters."})
    before = snapshot(tie, TIE_FIELDS)
    tie.ended_on = ended_on
    if note:
        tie.note = note
    tie.save(update_fields=["ended_on", "note", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="network.tie.end",
        actor=actor,
        participant=tie.participant,
        subject=tie,
        before=before,
        after=snapshot(tie, TIE_FIELDS),
    )
    return tie
