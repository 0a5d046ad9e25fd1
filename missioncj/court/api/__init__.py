"""Court's JSON API, one router per area."""

from __future__ import annotations

from ninja import Router

from missioncj.court.api import cases, hearings, phases, seats, testing

ROUTERS: list[tuple[str, Router]] = [
    (module.PREFIX, module.router) for module in (cases, hearings, phases, testing, seats)
]
