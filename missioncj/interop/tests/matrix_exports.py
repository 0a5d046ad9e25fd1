"""Access-matrix entries for the export routes: the research extract (page and API) for the
program's director, supervisor and evaluator; the funder export for director and supervisor."""

from __future__ import annotations

import io
import zipfile
from typing import Any

REPORT_SCOPE: dict[str, set[str]] = {
    "director": {"drug"},
    "supervisor": {"drug"},
    "evaluator": {"drug"},
}


def _zip_with_tables(ctx: Any, response: Any) -> None:
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert "participants.csv" in names and "episodes.csv" in names


def _funder_form(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert "Funder export" in html and ctx.program.name in html


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "interop:research_extract", "get": _zip_with_tables, "scope": REPORT_SCOPE},
        {
            "name": "api:research_extract",
            "get": _zip_with_tables,
            "scope": REPORT_SCOPE,
            "api": True,
        },
        {"name": "interop:funder_export", "get": _funder_form},
    ]


def route_specs() -> list[dict[str, Any]]:
    return []
