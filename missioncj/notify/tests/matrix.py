"""Access-matrix entries for the reminder pages and API (see
`missioncj/participants/tests/test_access_matrix.py`). The opt-in a POST ends is made here with
the ORM and no audit event, so setting it up changes nothing the matrix compares."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from missioncj.core.models import AuditEvent
from missioncj.notify.models import OptIn

KWARGS: tuple[str, ...] = ()


def _opt_in(ctx: Any) -> OptIn:
    return ctx.participant.opt_ins.filter(
        opted_out_at__isnull=True, address="+15550147777"
    ).first() or OptIn.objects.create(
        participant=ctx.participant,
        channel="sms",
        address="+15550147777",
        opted_in_at=timezone.now(),
        recorded_by=ctx.signed.author,
    )


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _page(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.participant.display_name in html
    assert "Message log" in html
    _by_actor(ctx, "reminders.read")


def _opted_in(ctx: Any, response: Any) -> None:
    opt_in = ctx.participant.opt_ins.get(address="+15550142000")
    assert (opt_in.recorded_by, opt_in.channel) == (ctx.user, "sms")
    _by_actor(ctx, "notify.opt_in")


def _opted_out(ctx: Any, response: Any) -> None:
    opt_in = ctx.participant.opt_ins.get(address="+15550147777")
    assert opt_in.opted_out_by == "staff" and not opt_in.active
    _by_actor(ctx, "notify.opt_out")


def _api_read(ctx: Any, response: Any) -> None:
    assert set(response.json()) == {"opt_ins", "messages"}
    _by_actor(ctx, "api.reminders.read")


def _api_opted_in(ctx: Any, response: Any) -> None:
    body = response.json()
    assert (body["address"], body["recorded_by"]) == ("North@example.org", ctx.user.username)
    assert ctx.participant.opt_ins.filter(address="North@example.org").exists()
    _by_actor(ctx, "notify.opt_in")


def route_specs() -> list[dict[str, Any]]:
    return [
        {
            "name": "notify:reminders",
            "get": _page,
            "post": lambda ctx: {"channel": "sms", "address": "(555) 014-2000"},
            "post_check": _opted_in,
        },
        {
            "name": "notify:reminders_opt_out",
            "post": lambda ctx: {"opt_in": str(_opt_in(ctx).public_id)},
            "post_check": _opted_out,
        },
        {"name": "api:reminders_get", "api": True, "get": _api_read},
        {
            "name": "api:reminders_opt_in",
            "api": True,
            "post": lambda ctx: {"channel": "email", "address": "North@Example.org"},
            "post_status": 201,
            "post_check": _api_opted_in,
        },
    ]


# --- routes about a whole program (see the program matrix in test_access_matrix.py) ------------


def _program_report_shown(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


def program_route_specs() -> list[dict[str, Any]]:
    return [{"name": "notify:program_reminders", "get": _program_report_shown}]
