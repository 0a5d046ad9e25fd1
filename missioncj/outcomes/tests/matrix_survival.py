"""Access-matrix entries for the survival pages and API: director, supervisor and the
program's evaluator read them (aggregates only); everyone else gets a 404."""

from __future__ import annotations

from typing import Any

from missioncj.outcomes.tests.matrix_hub import REPORT_SCOPE


def _page_shown(ctx: Any, response: Any) -> None:
    body = response.content.decode()
    assert ctx.program.name in body
    assert "Time to re-arrest" in body


def _api_shown(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["program"] == str(ctx.program.public_id)
    if ctx.user.username == "evaluator":  # two people in the world: too few to show them
        assert "suppressed" in body and "curves" not in body
        return
    assert body["curves"][0]["group"] == "All"


def _api_format(ctx: Any, response: Any) -> None:
    assert response.json()["columns"] == ["id", "start_date", "event_date", "censor_date"]


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:survival", "get": _page_shown, "scope": REPORT_SCOPE},
        {"name": "outcomes:survival_cohort", "get": _page_shown, "scope": REPORT_SCOPE},
        {"name": "api:survival", "get": _api_shown, "scope": REPORT_SCOPE, "api": True},
        {"name": "api:survival_cohort", "get": _api_format, "scope": REPORT_SCOPE, "api": True},
    ]


def route_specs() -> list[dict[str, Any]]:
    return []
