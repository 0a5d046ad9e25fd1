"""Stored safety alerts on the work queue (registered with `care.alerts` from AppConfig.ready)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse

from missioncj.assessments.models import SafetyAlert
from missioncj.participants.models import Episode

KIND = "safety_screen"
LABEL = "Safety screen"


def safety_alerts(episodes: Sequence[Episode], now: dt.datetime) -> list:
    from missioncj.care.alerts import Alert

    by_pk = {e.pk: e for e in episodes}
    rows = (
        SafetyAlert.objects.filter(episode_id__in=list(by_pk), acknowledged_at__isnull=True)
        .select_related("administration")
        .order_by("raised_at", "pk")
    )
    out = []
    for row in rows:
        episode = by_pk[row.episode_id]
        zone = episode.program.zone
        participant = episode.participant
        url = reverse(
            "assessments:detail",
            kwargs={
                "public_id": participant.public_id,
                "administration_id": row.administration.public_id,
            },
        )
        out.append(
            Alert(
                KIND,
                participant,
                episode,
                f"{row.reason}. Check safety now and review the safety plan.",
                row.raised_at.astimezone(zone).date(),
                url,
                "Review and acknowledge",
                now.astimezone(zone).date(),
            )
        )
    return out


def register() -> None:
    from missioncj.care.alerts import register_provider

    register_provider(KIND, LABEL, safety_alerts)
