"""Access-matrix entries for fidelity and dose: the program report (director, supervisor and
the program's evaluator; names only for director and supervisor), the criteria settings
(director, supervisor) and the participant's weekly view (anyone who sees the participant)."""

from __future__ import annotations

from typing import Any

from missioncj.outcomes.tests.matrix_hub import REPORT_SCOPE


def _report_shown(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert "Fidelity and dose" in html and ctx.program.name in html
    named = ctx.world.north_person.display_name in html
    assert named == (ctx.user.username in ("director", "supervisor"))


def _settings_shown(ctx: Any, response: Any) -> None:
    assert "Fidelity criteria" in response.content.decode()


def _api_report(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["program"] == str(ctx.program.public_id)
    assert ("participants" in body) == (ctx.user.username in ("director", "supervisor"))


def _page_ok(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.participant.display_name in html and "Week by week" in html


def _api_weeks(ctx: Any, response: Any) -> None:
    body = response.json()
    assert [item["episode"] for item in body] == [str(ctx.episode.public_id)]
    assert body[0]["weeks"][0]["phase"] == 1


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:fidelity", "get": _report_shown, "scope": REPORT_SCOPE},
        {"name": "outcomes:fidelity_settings", "get": _settings_shown},
        {
            "name": "api:program_fidelity",
            "get": _api_report,
            "scope": REPORT_SCOPE,
            "api": True,
        },
    ]


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "outcomes:participant_fidelity", "get": _page_ok},
        {"name": "api:participant_fidelity", "api": True, "get": _api_weeks},
    ]
