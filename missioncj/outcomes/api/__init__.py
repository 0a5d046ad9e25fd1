"""The outcomes JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.outcomes.api import court_measures, dashboards, fidelity, survival
from missioncj.outcomes.api import events as outcome_events
from missioncj.outcomes.api import timepoints as outcome_timepoints

ROUTERS: list[tuple[str, Router]] = [
    (dashboards.PREFIX, dashboards.router),
    (court_measures.PREFIX, court_measures.router),
    (fidelity.PREFIX, fidelity.router),
    (outcome_events.PREFIX, outcome_events.router),
    (outcome_timepoints.PREFIX, outcome_timepoints.router),
    (survival.PREFIX, survival.router),
]
