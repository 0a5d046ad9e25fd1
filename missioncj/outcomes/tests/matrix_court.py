"""Access-matrix entries for the court performance measures (page and API): director,
supervisor and the program's evaluator read them; everyone else gets a 404."""

from __future__ import annotations

from typing import Any

from missioncj.outcomes.tests.matrix_hub import REPORT_SCOPE


def _page_shown(ctx: Any, response: Any) -> None:
    body = response.content.decode()
    assert ctx.program.name in body
    if ctx.user.username == "evaluator":  # two people in the world: too few to show them
        assert "Fewer than 11 people match these filters" in body
        assert "Days per phase" not in body
        return
    assert "Retention" in body and "Days per phase" in body


def _api_shown(ctx: Any, response: Any) -> None:
    data = response.json()
    assert data["program"] == str(ctx.program.public_id)
    if ctx.user.username == "evaluator":
        assert "suppressed" in data and "retention" not in data
        return
    assert "retention" in data and "recidivism" in data


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:court_measures", "get": _page_shown, "scope": REPORT_SCOPE},
        {"name": "api:court_measures", "get": _api_shown, "scope": REPORT_SCOPE, "api": True},
    ]


def route_specs() -> list[dict[str, Any]]:
    return []
