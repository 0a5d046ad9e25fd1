"""Drug tests on the work queue (registered with `care.alerts` when the testing pages load):

- `test_result_pending`  collected more than 48 hours ago and still without a result;
- `test_missed`          missed or refused in the last 7 days.

One query per kind for any number of episodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from missioncj.court.drug_tests import TURNAROUND_BENCHMARK, duration_words, elapsed
from missioncj.court.models import DrugTest, TestStatus
from missioncj.participants.models import Episode

PENDING_KIND = "test_result_pending"
PENDING_LABEL = "Test result overdue"
MISSED_KIND = "test_missed"
MISSED_LABEL = "Missed or refused test"
MISSED_DAYS = 7


def _tests_url(episode: Episode) -> str:
    return reverse("court:tests", args=[episode.participant.public_id])


def pending_results(episodes: Sequence[Episode], now: dt.datetime) -> list[Any]:
    from missioncj.care.alerts import Alert

    by_pk = {e.pk: e for e in episodes}
    rows = DrugTest.objects.filter(
        episode_id__in=list(by_pk),
        status=TestStatus.COLLECTED,
        resulted_at__isnull=True,
        collected_at__lt=now - TURNAROUND_BENCHMARK,
    ).order_by("collected_at", "pk")
    out = []
    for test in rows:
        episode = by_pk[test.episode_id]
        zone = episode.program.zone
        assert test.collected_at is not None
        waited = duration_words(elapsed(test.collected_at, now))
        out.append(
            Alert(
                PENDING_KIND,
                episode.participant,
                episode,
                f"{test.get_specimen_display()} collected {test.local_date:%d %b %Y}, no result "
                f"after {waited} (benchmark 48 hours).",
                test.collected_at.astimezone(zone).date(),
                _tests_url(episode),
                "Record the result",
                now.astimezone(zone).date(),
            )
        )
    return out


def missed_tests(episodes: Sequence[Episode], now: dt.datetime) -> list[Any]:
    from missioncj.care.alerts import Alert

    by_pk = {e.pk: e for e in episodes}
    # Each program's own "today"; the widest window is fetched, then cut per episode.
    earliest = (now - dt.timedelta(days=MISSED_DAYS + 1)).date()
    rows = DrugTest.objects.filter(
        episode_id__in=list(by_pk),
        status__in=[TestStatus.MISSED, TestStatus.REFUSED],
        local_date__gte=earliest,
    ).order_by("local_date", "pk")
    out = []
    for test in rows:
        episode = by_pk[test.episode_id]
        today = now.astimezone(episode.program.zone).date()
        if not today - dt.timedelta(days=MISSED_DAYS) <= test.local_date <= today:
            continue
        out.append(
            Alert(
                MISSED_KIND,
                episode.participant,
                episode,
                f"{test.get_status_display()} test on {test.local_date:%d %b %Y}"
                + (f": {test.note}" if test.note else "")
                + ". Bring it to the next staffing.",
                test.local_date,
                _tests_url(episode),
                "Open tests",
                today,
            )
        )
    return out


def register() -> None:
    from missioncj.care.alerts import register_provider

    register_provider(PENDING_KIND, PENDING_LABEL, pending_results)
    register_provider(MISSED_KIND, MISSED_LABEL, missed_tests)
