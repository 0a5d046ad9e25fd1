"""Linkage pages: the directory, the finder, meetings, support networks and referrals; mounted
at the site root."""

from __future__ import annotations

from missioncj.linkage.views import (
    directory,
    directory_edit,
    directory_files,
    finder,
    meetings,
    network,
    program,
    referrals,
)

app_name = "linkage"
urlpatterns: list = [
    *directory.urlpatterns,
    *directory_edit.urlpatterns,
    *directory_files.urlpatterns,
    *meetings.urlpatterns,
    *finder.urlpatterns,
    *network.urlpatterns,
    *referrals.urlpatterns,
    *program.urlpatterns,
]
