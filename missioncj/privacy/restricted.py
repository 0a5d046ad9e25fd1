"""Restricted records on every page: the break-the-glass banner (a context processor) and the
supervisor's review queue (a work-queue kind)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from missioncj.care import cti
from missioncj.care.alerts import Alert
from missioncj.participants.models import Episode, Participant
from missioncj.participants.restricted import MASK_LABEL, active_grant
from missioncj.privacy.services.restricted import pending_reviews
from missioncj.programs.models import Team

REVIEW_KIND = "break_glass_review"
REVIEW_LABEL = "Break-the-glass review"


def _local(moment: dt.datetime, zone: Any) -> str:
    here = moment.astimezone(zone)
    return f"{here.day} {here:%b %Y, %H:%M %Z}"


def break_glass_banner(request: HttpRequest) -> dict[str, Any]:
    """On any page about one participant, an active grant of the viewer is announced."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None:
        return {}
    public_id = match.kwargs.get("public_id") or match.kwargs.get("participant_id")
    if public_id is None:
        return {}
    read = getattr(request, "participant_grant", None)  # set by the participant page
    if read is not None and str(read[0]) == str(public_id):
        grant = read[1]
    else:
        participant = Participant.objects.filter(public_id=public_id, restricted=True).first()
        grant = active_grant(user, participant) if participant else None
    if grant is None:
        return {}
    zone = grant.program.zone
    return {
        "break_glass": {
            "opened": _local(grant.opened_at, zone),
            "ends": _local(grant.expires_at, zone),
            "reason": grant.reason,
        }
    }


def review_alerts(user: Any, now: dt.datetime) -> list[Alert]:
    """Unreviewed break-the-glass grants of the programs the user oversees. The record stays
    masked here: the row names who opened it, when and why, not the participant."""
    alerts = []
    for grant in pending_reviews(user):
        zone = grant.program.zone
        first, last = MASK_LABEL.split(" ", 1)
        stand_in = Participant(
            public_id=grant.participant.public_id, first_name=first, last_name=last
        )
        group = Team(program=grant.program, name="Restricted records")
        alerts.append(
            Alert(
                kind=REVIEW_KIND,
                participant=stand_in,
                episode=Episode(program=grant.program, team=group),
                message=(
                    f"{grant.user} opened a restricted record at {_local(grant.opened_at, zone)} "
                    f"for: “{grant.reason}”."
                ),
                due=cti.local_date(grant.opened_at, zone),
                url=reverse("privacy:restricted_records"),
                action="Review",
                today=cti.local_date(now, zone),
            )
        )
    return alerts
