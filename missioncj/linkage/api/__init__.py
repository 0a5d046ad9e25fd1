"""The linkage JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.linkage.api import directory, finder, meetings, network, referrals

ROUTERS: list[tuple[str, Router]] = [
    (module.PREFIX, module.router) for module in (directory, meetings, finder, network, referrals)
]
