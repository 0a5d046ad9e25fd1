"""The privacy JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.privacy.api import packets

ROUTERS: list[tuple[str, Router]] = [(packets.PREFIX, packets.router)]
