"""Linkage pages: the directory, the finder, meetings, support networks and referrals; mounted
at the site root."""

from __future__ import annotations

from missioncj.linkage.views import finder, meetings, network, program, referrals

app_name = "linkage"
urlpatterns: list = [
    *meetings.urlpatterns,
    *finder.urlpatterns,
    *network.urlpatterns,
    *referrals.urlpatterns,
    *program.urlpatterns,
]
