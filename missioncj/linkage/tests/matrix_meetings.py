"""Meeting and finder routes in the persona matrix (test_access_matrix.py): the staff of the
program owning the meetings see them (director, supervisor and team staff); court partners,
evaluators, the administrator and other programs' staff get a 404. POST-only routes answer a
GET with 405 for everyone."""

from __future__ import annotations

import uuid
from typing import Any

KWARGS = ("meeting_id",)
STAFF_SCOPE: dict[str, set[str]] = {
    "director": {"drug"},
    "supervisor": {"drug"},
    "casemanager": {"drug"},
    "peer": {"drug"},
    "clinician": {"drug"},
    "outsider": {"reentry"},
}


def _meeting(ctx: Any) -> dict[str, Any]:
    from missioncj.linkage.tests.meeting_factories import meeting

    found = meeting(ctx.program, name=f"Matrix meeting {ctx.program.name}")
    return {"meeting_id": found.public_id}


def _any_meeting(ctx: Any) -> dict[str, Any]:
    return {"meeting_id": uuid.uuid4()}  # a GET is refused before the meeting is looked up


def _shows(words: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        assert words in response.content.decode()

    return check


def _api_has(key: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        assert key in response.json()

    return check


def route_specs() -> list[dict[str, Any]]:
    return []


def program_route_specs() -> list[dict[str, Any]]:
    staff = {"scope": STAFF_SCOPE}
    return [
        {"name": "linkage:meetings", "get": _shows("Mutual-help meetings"), **staff},
        {"name": "linkage:meeting_add", "get": _shows("Add a meeting"), **staff},
        {"name": "linkage:meetings_import", "get": _shows("Meeting Guide"), **staff},
        {
            "name": "linkage:meeting_edit",
            "get": _shows("Matrix meeting"),
            "url_args": _meeting,
            **staff,
        },
        {"name": "linkage:meeting_retire", "get": None, "url_args": _any_meeting},
        {"name": "linkage:finder", "get": _shows("Find a meeting or service"), **staff},
        {"name": "linkage:finder_send", "get": None},
        {"name": "api:linkage_meetings", "get": _api_has("items"), "api": True, **staff},
        {
            "name": "api:linkage_meeting",
            "get": _api_has("fellowship"),
            "url_args": _meeting,
            "api": True,
            **staff,
        },
        {"name": "api:linkage_meeting_sources", "get": lambda c, r: None, "api": True, **staff},
        {"name": "api:linkage_finder", "get": _api_has("items"), "api": True, **staff},
    ]
