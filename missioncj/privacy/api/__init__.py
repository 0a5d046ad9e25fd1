"""The privacy JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.privacy.api import partner

ROUTERS: list[tuple[str, Router]] = [
    (partner.PREFIX, partner.router),
]
