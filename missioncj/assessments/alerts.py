"""Stored safety alerts on the work queue (registered with `care.alerts` from AppConfig.ready)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from missioncj.assessments.models import SafetyAlert
from missioncj.participants.models import Episode, EpisodeStatus

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
    register_provider(DUE_KIND, DUE_LABEL, schedule_alerts)


DUE_KIND = "assessment_due"
DUE_LABEL = "Assessment due"


def start_url(occurrence: Any) -> str:
    """The form for the first instrument still missing, starting with the preset answers."""
    participant = occurrence.episode.participant
    missing = occurrence.missing or occurrence.instruments
    query = {"instrument": missing[0].code, **occurrence.timepoint.preset}
    base = reverse("assessments:new", kwargs={"public_id": participant.public_id})
    return f"{base}?{urlencode(query)}"


def schedule_alerts(episodes: Sequence[Episode], now: dt.datetime) -> list:
    """Timepoints due soon, open, overdue, or missed in the last two weeks, for enrolled
    episodes (schedules.occurrences; constant queries)."""
    from missioncj.assessments.schedules import occurrences
    from missioncj.care.alerts import Alert

    active = [e for e in episodes if e.status == EpisodeStatus.ENROLLED]
    out = []
    for rows in occurrences(active, now).values():
        for o in rows:
            if not o.on_queue or o.window is None:
                continue
            names = ", ".join(i.name for i in (o.missing or o.instruments))
            window = f"{_fmt(o.window.opens)} to {_fmt(o.window.closes)}"
            text = {
                "due_soon": f"window opens {_fmt(o.window.opens)}",
                "open": f"window open, due {_fmt(o.window.due)}",
                "overdue": f"overdue since {_fmt(o.window.due)}, window closes "
                f"{_fmt(o.window.closes)}",
                "missed": f"missed: the window closed {_fmt(o.window.closes)}",
            }[o.state]
            when = o.window.closes if o.state in ("overdue", "missed") else o.window.due
            out.append(
                Alert(
                    DUE_KIND,
                    o.episode.participant,
                    o.episode,
                    f"{o.schedule.name} · {o.label} ({window}): {text}. {names}.",
                    when,
                    start_url(o),
                    "Give it late" if o.state == "missed" else "Start",
                    o.today,
                )
            )
    return out


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
