"""The outcomes JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.outcomes.api import court_measures, dashboards, fidelity

ROUTERS: list[tuple[str, Router]] = [
    (dashboards.PREFIX, dashboards.router),
    (court_measures.PREFIX, court_measures.router),
    (fidelity.PREFIX, fidelity.router),
]
