"""Outcome pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

from missioncj.outcomes.views import hub
from missioncj.outcomes.views import survival as survival_views

app_name = "outcomes"
urlpatterns: list = [
    *hub.urlpatterns,
    *survival_views.urlpatterns,
]
