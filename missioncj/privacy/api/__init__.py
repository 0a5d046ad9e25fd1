"""The privacy JSON API: one router per area, mounted by `missioncj.api`."""

from __future__ import annotations

from ninja import Router

from missioncj.privacy.api import audit, consents, disclosures, packets, partner, restricted

ROUTERS: list[tuple[str, Router]] = [
    (module.PREFIX, module.router)
    for module in (consents, disclosures, packets, partner, restricted, audit)
]
