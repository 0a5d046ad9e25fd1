"""Access-matrix entries for the audit report (see
`missioncj/participants/tests/test_access_matrix_site.py`): the drug court's director and
supervisor read their program's events with names, the system administrator every event by
participant id only; everyone else gets a 404. Reading is audited."""

from __future__ import annotations

from typing import Any

from missioncj.core.models import AuditEvent

READERS = {"director", "supervisor", "admin"}


def _read_recorded(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None and event.actor == ctx.user


def _page(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    world = ctx.world
    if ctx.username == "admin":
        assert str(world.reentry_person.public_id) in html
        assert world.north_person.display_name not in html
    else:
        assert world.north_person.display_name in html
        assert world.south_person.display_name in html
        assert world.reentry_person.display_name not in html
        assert str(world.reentry_person.public_id) not in html
    _read_recorded(ctx, "audit.report")


def _api(ctx: Any, response: Any) -> None:
    items = response.json()["items"]
    world = ctx.world
    named = {i["participant_name"] for i in items}
    ids = {i["participant"] for i in items}
    if ctx.username == "admin":
        assert named == {""} and str(world.reentry_person.public_id) in ids
    else:
        assert world.north_person.display_name in named
        assert str(world.reentry_person.public_id) not in ids
    _read_recorded(ctx, "api.audit.report")


def route_specs() -> list[dict[str, Any]]:
    return []


def site_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "privacy:audit_report", "get": _page, "scope": READERS},
        {"name": "api:audit_events", "get": _api, "scope": READERS, "api": True},
    ]
