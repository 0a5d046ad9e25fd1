"""The JSON API at /api/v1/ (OpenAPI document at /api/v1/openapi.json)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from missioncj.accounts.api_auth import BearerToken
from missioncj.assessments.api import router as assessments_router
from missioncj.assessments.schedule_api import router as schedule_router
from missioncj.care.api import ROUTERS as CARE_ROUTERS
from missioncj.core.api import validation_details
from missioncj.court.api import ROUTERS as COURT_ROUTERS
from missioncj.interop.api import ROUTERS as INTEROP_ROUTERS
from missioncj.linkage.api import ROUTERS as LINKAGE_ROUTERS
from missioncj.notify.api import PREFIX as NOTIFY_PREFIX
from missioncj.notify.api import router as notify_router
from missioncj.outcomes.api import ROUTERS as OUTCOMES_ROUTERS
from missioncj.participants.api import router as participants_router
from missioncj.privacy.api import ROUTERS as PRIVACY_ROUTERS

api = NinjaAPI(
    title="missioncj API",
    version="1",
    description="Participants, episodes and contacts for MISSION-CJ programs. "
    "Authenticate with `Authorization: Bearer <token>` (`missioncj token create USERNAME`).",
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/participants", participants_router)
for prefix, router in CARE_ROUTERS:
    api.add_router(prefix, router)
api.add_router("", assessments_router)
api.add_router("", schedule_router)
for prefix, router in COURT_ROUTERS:
    api.add_router(prefix, router)
for prefix, router in LINKAGE_ROUTERS:
    api.add_router(prefix, router)
api.add_router(NOTIFY_PREFIX, notify_router)
for prefix, router in [*PRIVACY_ROUTERS, *OUTCOMES_ROUTERS, *INTEROP_ROUTERS]:
    api.add_router(prefix, router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": validation_details(exc)}, status=422)
