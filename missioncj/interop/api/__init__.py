"""The interop (export) JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.interop.api import extract
from missioncj.interop.api import fhir as fhir_api

ROUTERS: list[tuple[str, Router]] = [
    (extract.PREFIX, extract.router),
    (fhir_api.PREFIX, fhir_api.router),
]
