"""JSON API for this area of care; `router` is mounted at `PREFIX` under /api/v1/."""

from __future__ import annotations

from ninja import Router

PREFIX = "/participants"
router = Router(tags=["plans"])
