"""Work-queue kinds from the court calendar, computed from the docket (no alert table):

- `hearing_soon`            the participant is on a court hearing today or in the next two
                            days (local dates in the program's zone);
- `hearing_result_missing`  a court hearing the participant was on has begun and their
                            appearance is not recorded.

Staffing meetings raise neither (the participant is not in front of the judge). One query per
kind, whatever the number of episodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse

from missioncj.care.alerts import Alert, register_provider
from missioncj.care.cti import local_date
from missioncj.court.docket import COURT_KINDS
from missioncj.court.hearing_times import fmt_day
from missioncj.court.models import DocketEntry, HearingStatus
from missioncj.participants.models import Episode

SOON_DAYS = 2


def _when(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    return {0: "today", 1: "tomorrow"}.get(delta, f"in {delta} days")


def hearing_soon(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    by_id = {e.pk: e for e in episodes}
    if not by_id:
        return []
    # Local dates differ from the UTC date by at most a day: widen, then compare per zone.
    utc_day = now.astimezone(dt.UTC).date()
    rows = (
        DocketEntry.objects.filter(
            episode_id__in=list(by_id),
            appearance="",
            hearing__kind__in=COURT_KINDS,
            hearing__status=HearingStatus.SCHEDULED,
            hearing__local_date__gte=utc_day - dt.timedelta(days=1),
            hearing__local_date__lte=utc_day + dt.timedelta(days=SOON_DAYS + 1),
        )
        .select_related("hearing__court")
        .order_by("hearing__local_date", "hearing__local_time")
    )
    out = []
    for entry in rows:
        episode = by_id[entry.episode_id]
        today = local_date(now, episode.program.zone)
        hearing = entry.hearing
        if not today <= hearing.local_date <= today + dt.timedelta(days=SOON_DAYS):
            continue
        url = reverse("court:docket", args=[hearing.court.public_id, hearing.local_date])
        out.append(
            Alert(
                "hearing_soon",
                episode.participant,
                episode,
                f"{hearing.get_kind_display()} {_when(hearing.local_date, today)} at "
                f"{hearing.local_time:%H:%M} ({fmt_day(hearing.local_date)}), "
                f"{hearing.court.name}.",
                hearing.local_date,
                url,
                "Open the docket",
                today,
            )
        )
    return out


def hearing_result_missing(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    by_id = {e.pk: e for e in episodes}
    if not by_id:
        return []
    rows = (
        DocketEntry.objects.filter(
            episode_id__in=list(by_id),
            appearance="",
            hearing__kind__in=COURT_KINDS,
            hearing__starts_at__lt=now,
        )
        .exclude(hearing__status=HearingStatus.CANCELLED)
        .select_related("hearing__court")
        .order_by("hearing__local_date", "hearing__local_time")
    )
    out = []
    for entry in rows:
        episode = by_id[entry.episode_id]
        hearing = entry.hearing
        out.append(
            Alert(
                "hearing_result_missing",
                episode.participant,
                episode,
                f"No appearance recorded for the {hearing.get_kind_display().lower()} on "
                f"{fmt_day(hearing.local_date)} at {hearing.local_time:%H:%M}.",
                hearing.local_date,
                reverse("court:result", args=[hearing.court.public_id, entry.public_id]),
                "Record the result",
                local_date(now, episode.program.zone),
            )
        )
    return out


register_provider("hearing_soon", "Court hearing soon", hearing_soon)
register_provider("hearing_result_missing", "Hearing result missing", hearing_result_missing)
