from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def missioncj(request: HttpRequest) -> dict[str, object]:
    return {"demo_mode": settings.MISSIONCJ_DEMO}
