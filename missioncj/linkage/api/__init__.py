"""The linkage JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.linkage.api import directory

ROUTERS: list[tuple[str, Router]] = [(directory.PREFIX, directory.router)]
