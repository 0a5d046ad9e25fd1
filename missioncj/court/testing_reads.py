"""Reads of drug tests and random calls shared by the pages, the API and the work queue. Every
function takes episodes or a user already scoped through `Episode.objects.visible_to`; each
runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from missioncj.court import drug_tests
from missioncj.court.models import AnalyteResult, DrugTest, RandomSchedule, TestStatus
from missioncj.court.services.random_testing import (
    DEFAULT_TESTS_PER_WEEK,
    PhaseRate,
    phase_rates,
    schedule_days,
)
from missioncj.court.sobriety import Sobriety, sobriety
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

RECENT_DAYS = 30


def tests_of(episodes: Sequence[Episode]) -> QuerySet[DrugTest]:
    """Tests of these episodes, newest first, with what a row shows (analytes prefetched)."""
    return (
        DrugTest.objects.filter(episode__in=list(episodes))
        .select_related("episode__program", "participant", "recorded_by")
        .prefetch_related(Prefetch("results", queryset=AnalyteResult.objects.order_by("analyte")))
        .order_by("-local_date", "-pk")
    )


@dataclass(frozen=True)
class TestRow:
    test: DrugTest
    flags: list[str]
    turnaround: str


def rows_of(tests: Sequence[DrugTest]) -> list[TestRow]:
    out = []
    for test in tests:
        took = drug_tests.turnaround(test)
        out.append(
            TestRow(test, drug_tests.flags(test), drug_tests.duration_words(took) if took else "")
        )
    return out


@dataclass(frozen=True)
class Summary:
    sobriety: Sobriety
    phase_name: str  # "" with no phase recorded
    tests_per_week: Decimal  # the phase's (or the default) frequency
    recent_per_week: Decimal  # collected tests a week over the last 30 days
    recent_collected: int
    schedule: RandomSchedule | None
    called_today: bool
    open_tests: int  # notified, not yet collected


def summary(episodes: Sequence[Episode], today: dt.date) -> Summary:
    """Sobriety, frequency and random-testing state for one participant's visible episodes."""
    ids = [e.pk for e in episodes]
    # Plain rows, not model instances: a long record has hundreds of tests.
    tests: list[Any] = list(
        DrugTest.objects.filter(episode_id__in=ids).values_list(
            "local_date", "outcome", "status", named=True
        )
    )
    enrolled = [e.enrolled_date for e in episodes if e.enrolled_date]
    start = min(enrolled) if enrolled else min(e.referral_date for e in episodes)
    since = today - dt.timedelta(days=RECENT_DAYS - 1)
    recent = sum(
        1 for t in tests if t.status == TestStatus.COLLECTED and since <= t.local_date <= today
    )
    current = next((e for e in episodes if e.is_open), episodes[0])
    moves = phase_rates([current.pk]).get(current.pk, [])
    schedule = RandomSchedule.objects.filter(episode=current).first()
    return Summary(
        sobriety=sobriety(tests, start, today),
        phase_name=moves[-1].phase_name if moves else "",
        tests_per_week=moves[-1].tests_per_week if moves else DEFAULT_TESTS_PER_WEEK,
        recent_per_week=(Decimal(recent) * 7 / RECENT_DAYS).quantize(Decimal("0.1")),
        recent_collected=recent,
        schedule=schedule,
        called_today=bool(
            schedule and current.is_open and schedule_days(schedule, today, today, moves)
        ),
        open_tests=sum(1 for t in tests if t.status == TestStatus.NOTIFIED),
    )


@dataclass(frozen=True)
class Call:
    episode: Episode
    test: DrugTest | None  # the random test already recorded that day, if any


def calls_on(user: Any, program: Program, day: dt.date) -> list[Call]:
    """Who the random schedules call on this day in this program, among the participants the
    user may see (enrolled, schedule started and not paused). Four queries."""
    episodes = list(
        Episode.objects.visible_to(user)
        .filter(
            program=program,
            status=EpisodeStatus.ENROLLED,
            random_tests__isnull=False,
            random_tests__paused=False,
            random_tests__starts_on__lte=day,
        )
        .select_related("participant", "team", "random_tests")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    moves: dict[int, list[PhaseRate]] = phase_rates(e.pk for e in episodes) if episodes else {}
    called = [e for e in episodes if schedule_days(e.random_tests, day, day, moves.get(e.pk, []))]
    recorded: dict[int, DrugTest] = {}
    if called:
        for test in DrugTest.objects.filter(
            episode__in=called, local_date=day, reason="random"
        ).order_by("pk"):
            recorded.setdefault(test.episode_id, test)
    return [Call(e, recorded.get(e.pk)) for e in called]
