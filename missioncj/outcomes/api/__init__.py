"""The outcomes JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

ROUTERS: list[tuple[str, Router]] = []

from missioncj.outcomes.api import survival as _survival  # noqa: E402

ROUTERS.append((_survival.PREFIX, _survival.router))
