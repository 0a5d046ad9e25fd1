"""Access-matrix entries for a participant's court dates (page and API). The court and the
upcoming hearing a POST needs are made with the ORM and no audit event, so setting them up
changes nothing the matrix compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.court.hearing_times import to_utc
from missioncj.court.models import Court, DocketEntry, Hearing, HearingKind
from missioncj.participants.services import local_today


def _hearing(ctx: Any) -> Hearing:
    program = ctx.episode.program
    court, _ = Court.objects.get_or_create(program=program, name="Matrix Court")
    day = local_today(program) + dt.timedelta(days=7)
    time = dt.time(9, 0)
    hearing, _ = Hearing.objects.get_or_create(
        court=court,
        kind=HearingKind.STATUS,
        local_date=day,
        local_time=time,
        defaults={"starts_at": to_utc(day, time, program.zone)},
    )
    return hearing


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _page(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.participant.display_name in html
    assert "Docket history" in html
    _by_actor(ctx, "hearings.read")


def _added(ctx: Any, response: Any) -> None:
    entry = DocketEntry.objects.get(participant=ctx.participant, hearing=_hearing(ctx))
    assert (entry.recorded_by, entry.episode) == (ctx.user, ctx.episode)
    _by_actor(ctx, "docket.add")


def _api_list(ctx: Any, response: Any) -> None:
    assert isinstance(response.json(), list)
    _by_actor(ctx, "api.hearings.read")


def route_specs() -> list[dict[str, Any]]:
    return [
        {
            "name": "court:participant_hearings",
            "get": _page,
            "post": lambda ctx: {"hearing": str(_hearing(ctx).public_id)},
            "post_check": _added,
        },
        {"name": "api:participant_hearings", "api": True, "get": _api_list},
    ]
