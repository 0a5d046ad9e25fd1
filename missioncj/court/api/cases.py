"""Court API: cases."""

from __future__ import annotations

from ninja import Router

PREFIX = ""
router = Router(tags=["court"])
