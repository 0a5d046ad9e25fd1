"""Outcome pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

from missioncj.outcomes.views import fidelity, hub

app_name = "outcomes"
urlpatterns: list = [
    *hub.urlpatterns,
    *fidelity.urlpatterns,
]
