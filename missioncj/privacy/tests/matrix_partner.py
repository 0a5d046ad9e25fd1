"""Court-partner routes in the persona matrix (test_access_matrix.py). The matrix world has no
consents and no seats, so every persona — staff and the court partner alike — gets a 404;
what a partner sees under consent is tested in test_partner_*.py."""

from __future__ import annotations

from typing import Any


def _never(ctx: Any, response: Any) -> None:
    raise AssertionError("no persona is in scope of a partner route without a consent")


NOBODY: dict[str, set[str]] = {}


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "privacy:partner_participant", "get": _never, "scope": NOBODY},
        {"name": "api:partner_participant", "api": True, "get": _never, "scope": NOBODY},
    ]
