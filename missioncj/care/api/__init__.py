"""Care's JSON API, one router per area."""

from __future__ import annotations

from ninja import Router

from missioncj.care.api import contacts, counseling, cti, groups, plans, safety, vocational

ROUTERS: list[tuple[str, Router]] = [
    (module.PREFIX, module.router)
    for module in (contacts, counseling, cti, groups, plans, safety, vocational)
]
