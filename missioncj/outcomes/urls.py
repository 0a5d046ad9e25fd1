"""Outcome pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

from missioncj.outcomes.views import court as court_views
from missioncj.outcomes.views import dashboards, fidelity, hub

app_name = "outcomes"
urlpatterns: list = [
    *hub.urlpatterns,
    *dashboards.urlpatterns,
    *court_views.urlpatterns,
    *fidelity.urlpatterns,
]
