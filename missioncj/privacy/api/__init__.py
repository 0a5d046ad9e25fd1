"""The privacy JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.privacy.api import packets, partner

ROUTERS: list[tuple[str, Router]] = [
    (packets.PREFIX, packets.router),
    (partner.PREFIX, partner.router),
]
