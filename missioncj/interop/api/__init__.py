"""The interop (export) JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

ROUTERS: list[tuple[str, Router]] = []
