"""Export pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

from missioncj.interop.views import extract, funder

app_name = "interop"
urlpatterns: list = [
    *extract.urlpatterns,
    *funder.urlpatterns,
]
