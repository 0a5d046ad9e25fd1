"""The `reminder_unreachable` work-queue kind: an active opt-in whose last two sends failed
because of the address. It stays until a send works again or the opt-in ends; the work queue
shows it to whoever may see the participant's episode (the peer and the rest of the team)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse

from missioncj.care import cti
from missioncj.care.alerts import Alert
from missioncj.notify.models import Channel, OptIn
from missioncj.participants.models import OPEN_STATUSES, Episode

KIND = "reminder_unreachable"
LABEL = "Reminders not reaching"


def unreachable_alerts(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    first_episode: dict[int, Episode] = {}
    for episode in episodes:
        if episode.status in OPEN_STATUSES:
            first_episode.setdefault(episode.participant_id, episode)
    if not first_episode:
        return []
    rows = OptIn.objects.filter(
        participant_id__in=list(first_episode),
        opted_out_at__isnull=True,
        unreachable_since__isnull=False,
    ).order_by("unreachable_since", "pk")
    alerts = []
    for opt_in in rows:
        episode = first_episode[opt_in.participant_id]
        zone = episode.program.zone
        assert opt_in.unreachable_since is not None
        what = "number" if opt_in.channel == Channel.SMS else "e-mail address"
        alerts.append(
            Alert(
                kind=KIND,
                participant=episode.participant,
                episode=episode,
                message=(
                    f"Reminders to {opt_in.address} failed {opt_in.failures} times in a row; "
                    f"check the {what} with the participant."
                ),
                due=cti.local_date(opt_in.unreachable_since, zone),
                url=reverse("notify:reminders", args=[episode.participant.public_id]),
                action=f"Check the {what}",
                today=cti.local_date(now, zone),
            )
        )
    return alerts
