"""The outcomes JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.outcomes.api import fidelity

ROUTERS: list[tuple[str, Router]] = [
    (fidelity.PREFIX, fidelity.router),
]
