"""Access-matrix entries for the program's Outcomes page: director, supervisor and the
program's evaluator read it; everyone else gets a 404."""

from __future__ import annotations

from typing import Any

REPORT_SCOPE: dict[str, set[str]] = {
    "director": {"drug"},
    "supervisor": {"drug"},
    "evaluator": {"drug"},
}


def _hub_shown(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:program", "get": _hub_shown, "scope": REPORT_SCOPE},
        {"name": "outcomes:dashboard", "get": _dashboard_shown, "scope": REPORT_SCOPE},
        {
            "name": "api:program_dashboard",
            "get": _dashboard_api,
            "url_args": None,
            "scope": REPORT_SCOPE,
            "api": True,
        },
    ]


def _dashboard_api(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["status"] == "done"
    assert "flow" in body["result"]


def _dashboard_shown(ctx: Any, response: Any) -> None:
    text = response.content.decode()
    assert ctx.program.name in text
    assert "Referred, enrolled and discharged by month" in text


def route_specs() -> list[dict[str, Any]]:
    return []
