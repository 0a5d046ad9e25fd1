"""Access-matrix entries for outcomes at timepoints (page and API): aggregates, so the
program's director, supervisor and evaluator read them; everyone else gets a 404."""

from __future__ import annotations

from typing import Any

from missioncj.outcomes.tests.matrix_hub import REPORT_SCOPE


def _page_shown(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.program.name in html
    assert "Baseline to 6 months" in html


def _api_shown(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["program"] == str(ctx.program.public_id)
    assert {row["timepoint"] for row in body["items"]} == {"m6", "m12", "discharge"}


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:timepoints", "get": _page_shown, "scope": REPORT_SCOPE},
        {"name": "api:outcomes_timepoints", "get": _api_shown, "scope": REPORT_SCOPE, "api": True},
    ]


def route_specs() -> list[dict[str, Any]]:
    return []
