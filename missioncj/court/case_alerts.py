"""The `condition_due` kind on the work queue: a measurable court condition (hours, dollars,
sessions) on an open case, still active and short of the amount required, due within 14 days
or already overdue. Computed from the record in one query for any number of episodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from missioncj.court.compliance import DUE_SOON_DAYS, with_done
from missioncj.court.compliance import standing as standing_of
from missioncj.court.models import OPEN_CASE_STATUSES, Condition, ConditionStatus
from missioncj.participants.models import Episode

KIND = "condition_due"
LABEL = "Court condition due"


def condition_alerts(episodes: Sequence[Episode], now: dt.datetime) -> list[Any]:
    from missioncj.care.alerts import Alert

    by_pk = {e.pk: e for e in episodes}
    if not by_pk:
        return []
    horizon = max(now.astimezone(e.program.zone).date() for e in episodes) + dt.timedelta(
        days=DUE_SOON_DAYS
    )
    rows = with_done(
        Condition.objects.filter(
            case__episode_id__in=list(by_pk),
            case__status__in=OPEN_CASE_STATUSES,
            status=ConditionStatus.ACTIVE,
            due_on__isnull=False,
            due_on__lte=horizon,
            required__isnull=False,
        )
        .exclude(unit="")
        .select_related("case")
    ).order_by("due_on", "pk")
    out = []
    for condition in rows:
        episode = by_pk[condition.case.episode_id]
        today = now.astimezone(episode.program.zone).date()
        standing = standing_of(condition, today)
        if not (standing.overdue or standing.due_soon):
            continue
        participant = episode.participant
        to_go = f" ({standing.remaining_words})" if standing.remaining_words else ""
        assert condition.due_on is not None
        out.append(
            Alert(
                KIND,
                participant,
                episode,
                f"{condition.get_kind_display()}: {condition.description} — "
                f"{standing.words}{to_go}. {standing.due_words}. "
                f"Docket {condition.case.docket_number}.",
                condition.due_on,
                reverse(
                    "court:condition_progress",
                    kwargs={
                        "public_id": participant.public_id,
                        "case_id": condition.case.public_id,
                        "condition_id": condition.public_id,
                    },
                ),
                "Record progress",
                today,
            )
        )
    return out


def register() -> None:
    from missioncj.care.alerts import register_provider

    register_provider(KIND, LABEL, condition_alerts)
