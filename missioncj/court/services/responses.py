"""Incentives, sanctions and service adjustments the court decides: recording one and marking
it delivered. Jail days belong only to sanctions; delivery is never before the decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record
from missioncj.core.models import AuditKind
from missioncj.court.models import CourtResponse, Hearing, Magnitude, ResponseKind
from missioncj.participants.models import Episode
from missioncj.participants.policies import require_work_scope
from missioncj.participants.services import local_today

TEXT_MAX = 300
DECIDED_BY_MAX = 150
JAIL_DAYS_MAX = 30
RESPONSE_FIELDS = [
    "kind",
    "behaviour",
    "response",
    "magnitude",
    "jail_days",
    "decided_on",
    "delivered_on",
    "decided_by",
    "hearing",
]


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _text(value: Any, field: str, missing: str, limit: int, errors: dict[str, str]) -> str:
    text = str(value or "").strip()
    if not text:
        errors[field] = missing
    elif len(text) > limit:
        errors[field] = f"Keep this to {limit} characters."
    return text


def _delivered(delivered_on: Any, decided_on: Any, today: dt.date, errors: dict[str, str]) -> None:
    if delivered_on is None:
        return
    if not _is_date(delivered_on):
        errors["delivered_on"] = "Give the date it was delivered, or leave it empty."
    elif _is_date(decided_on) and delivered_on < decided_on:
        errors["delivered_on"] = f"Delivery cannot be before the decision ({_fmt(decided_on)})."
    elif delivered_on > today:
        errors["delivered_on"] = "The delivery date cannot be in the future."


@transaction.atomic
def record_response(
    *,
    actor: Any,
    episode: Episode,
    kind: str,
    behaviour: str,
    response: str,
    magnitude: str,
    decided_on: dt.date,
    decided_by: str,
    delivered_on: dt.date | None = None,
    jail_days: int | None = None,
    hearing: Hearing | None = None,
) -> CourtResponse:
    episode = Episode.objects.select_related("program", "participant", "team").get(pk=episode.pk)
    require_work_scope(actor, episode)
    if episode.enrolled_date is None:
        raise ValidationError({"episode": "Court responses are recorded after enrollment."})
    errors: dict[str, str] = {}
    today = local_today(episode.program)
    if kind not in ResponseKind.values:
        errors["kind"] = "Choose incentive, sanction or service adjustment."
    if magnitude not in Magnitude.values:
        errors["magnitude"] = "Choose the magnitude: low, moderate or high."
    behaviour = _text(behaviour, "behaviour", "Say what behaviour prompted it.", TEXT_MAX, errors)
    response = _text(response, "response", "Say what was given or imposed.", TEXT_MAX, errors)
    decided_by = _text(
        decided_by, "decided_by", "Say who decided (e.g. the judge).", DECIDED_BY_MAX, errors
    )
    if jail_days is not None:
        if kind != ResponseKind.SANCTION:
            errors["jail_days"] = "Jail days are recorded only for a sanction."
        elif isinstance(jail_days, bool) or not isinstance(jail_days, int) or jail_days < 1:
            errors["jail_days"] = "Jail days: a whole number of at least 1 (or leave it empty)."
        elif jail_days > JAIL_DAYS_MAX:
            errors["jail_days"] = f"Jail days cannot be more than {JAIL_DAYS_MAX}."
    if not _is_date(decided_on):
        errors["decided_on"] = "Give the date it was decided."
    elif decided_on < episode.enrolled_date:
        errors["decided_on"] = (
            f"The decision cannot be before enrollment ({_fmt(episode.enrolled_date)})."
        )
    elif decided_on > today:
        errors["decided_on"] = "The decision date cannot be in the future."
    _delivered(delivered_on, decided_on, today, errors)
    if hearing is not None and hearing.court.program_id != episode.program_id:
        errors["hearing"] = "This hearing is not on a court of the participant's program."
    if errors:
        raise ValidationError(errors)
    return create_recorded(
        CourtResponse(
            participant=episode.participant,
            episode=episode,
            hearing=hearing,
            kind=kind,
            behaviour=behaviour,
            response=response,
            magnitude=magnitude,
            jail_days=jail_days,
            decided_on=decided_on,
            delivered_on=delivered_on,
            decided_by=decided_by,
            recorded_by=actor,
        ),
        actor=actor,
        action=f"court.response.{kind}",
        fields=RESPONSE_FIELDS,
        participant=episode.participant,
    )


@transaction.atomic
def mark_delivered(*, actor: Any, response: CourtResponse, delivered_on: dt.date) -> CourtResponse:
    response = (
        CourtResponse.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "participant")
        .get(pk=response.pk)
    )
    require_work_scope(actor, response.episode)
    if response.delivered_on is not None:
        raise ValidationError(
            {"delivered_on": f"Already marked delivered on {_fmt(response.delivered_on)}."}
        )
    errors: dict[str, str] = {}
    if delivered_on is None:
        errors["delivered_on"] = "Give the date it was delivered."
    _delivered(delivered_on, response.decided_on, local_today(response.episode.program), errors)
    if errors:
        raise ValidationError(errors)
    response.delivered_on = delivered_on
    response.save(update_fields=["delivered_on", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="court.response.delivered",
        actor=actor,
        participant=response.participant,
        subject=response,
        before={"delivered_on": None},
        after={"delivered_on": str(delivered_on)},
    )
    return response
