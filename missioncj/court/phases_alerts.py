"""Work-queue kind `phase_ready`: every criterion of a participant's court phase is met, so the
team can consider promotion (or, in the last phase, graduation) at the next staffing. Computed
from the record like every other alert, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse

from missioncj.care.alerts import Alert, register_provider
from missioncj.court.phase_criteria import phase_statuses
from missioncj.participants.models import Episode, EpisodeStatus

KIND = "phase_ready"
LABEL = "Ready for the next phase"


def phase_ready_alerts(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    enrolled = [e for e in episodes if e.status == EpisodeStatus.ENROLLED]
    out = []
    statuses = phase_statuses(enrolled, now) if enrolled else {}
    for episode in enrolled:
        status = statuses.get(episode.pk)
        if status is None or not status.ready:
            continue
        number = status.phase.number
        if status.is_last:
            message = (
                f"All criteria met for Phase {number} (the last): consider graduation "
                "at the next staffing."
            )
        else:
            message = (
                f"All criteria met for Phase {number}: consider promotion at the next staffing."
            )
        out.append(
            Alert(
                kind=KIND,
                participant=episode.participant,
                episode=episode,
                message=message,
                due=status.today,
                url=reverse("court:court_phase", args=[episode.participant.public_id]),
                action="Open court phase",
                today=status.today,
            )
        )
    return out


register_provider(KIND, LABEL, phase_ready_alerts)
