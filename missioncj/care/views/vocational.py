"""Pages for this area of care; `urlpatterns` is collected by `missioncj.care.urls`."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
