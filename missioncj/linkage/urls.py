"""Linkage pages: the directory, the finder, meetings, support networks and referrals; mounted
at the site root."""

from __future__ import annotations

app_name = "linkage"
urlpatterns: list = []
