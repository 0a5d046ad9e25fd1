"""The interop (export) JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

ROUTERS: list[tuple[str, Router]] = []
from missioncj.interop.api import fhir as fhir_api  # noqa: E402

ROUTERS.append((fhir_api.PREFIX, fhir_api.router))
