"""Seat pages in the persona matrix (test_access_matrix.py): the court team page is the
program's director's and supervisor's only; ending a seat is POST only."""

from __future__ import annotations

import uuid
from typing import Any

from missioncj.court.tests.matrix_cases import _program_court


def _seats_shown(ctx: Any, response: Any) -> None:
    assert "Court team" in response.content.decode()


def _seat_args(ctx: Any) -> dict[str, Any]:
    # A GET is refused (405) before the seat is looked up, so any id will do.
    return {**_program_court(ctx), "seat_id": uuid.uuid4()}


def route_specs() -> list[dict[str, Any]]:
    return []


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "court:seats", "get": _seats_shown, "url_args": _program_court},
        {"name": "court:seat_end", "get": None, "url_args": _seat_args},
    ]
