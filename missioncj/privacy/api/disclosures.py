"""The accounting of disclosures over the JSON API: `GET /participants/{id}/disclosures?from=&to=`
(days in the program's time zone; by default the last three years). Audited like the page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from missioncj.participants.policies import visible_participant
from missioncj.privacy import accounting, policies
from missioncj.privacy.forms import PeriodForm

PREFIX = ""
router = Router(tags=["disclosures"])


class DisclosureOut(Schema):
    id: UUID
    occurred_at: dt.datetime
    recipient: str
    channel: str
    purpose: str
    categories: list[str]
    consents: list[UUID]
    made_by: str
    description: str
    notice: str
    consent_copy: bool
    sha256: str
    size_bytes: int


class Accounting(Schema):
    participant: UUID
    start: dt.date
    end: dt.date
    time_zone: str
    count: int
    items: list[DisclosureOut]


@router.get(
    "/participants/{participant_id}/disclosures",
    response=Accounting,
    summary="Accounting of disclosures (query: from, to as YYYY-MM-DD; default the last 3 years)",
    url_name="participant_disclosures",
)
def participant_disclosures(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episode = policies.visible_episodes(request.user, participant).first()
    zone = episode.program.zone if episode else timezone.get_default_timezone()
    form = PeriodForm({"start": request.GET.get("from") or "", "end": request.GET.get("to") or ""})
    if not form.is_valid():
        names = {"start": "from", "end": "to"}
        raise ValidationError({names.get(f, f): list(errors) for f, errors in form.errors.items()})
    today = timezone.localtime(timezone.now(), zone).date()
    within = accounting.period(form.cleaned_data["start"], form.cleaned_data["end"], today, zone)
    rows = [accounting.row(d, zone) for d in accounting.disclosures(participant, within)]
    accounting.record_accounting_read(
        actor=request.user,
        participant=participant,
        action="api.privacy.disclosures.read",
        within=within,
        shown=[r["id"] for r in rows],
    )
    return {
        "participant": participant.public_id,
        "start": within.start,
        "end": within.end,
        "time_zone": str(zone),
        "count": len(rows),
        "items": rows,
    }
