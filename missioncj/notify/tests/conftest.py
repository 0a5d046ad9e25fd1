"""Notify fixtures: the drug court (from the court tests), an outbox in a temporary data
directory, hearings and docket entries made with the ORM and announced through the court hook
the way the court's hearing services announce them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from missioncj.court.hooks import docket_changed
from missioncj.court.models import Court, DocketEntry, Hearing
from missioncj.court.tests.conftest import court, reentry_court  # noqa: F401 (fixtures)
from missioncj.notify import services
from missioncj.notify.models import OptIn
from missioncj.participants.models import Participant

NUMBER = "+15550142000"
SECRET = "shared-webhook-secret"


@pytest.fixture
def outbox(settings: Any, tmp_path: Path) -> Callable[[], list[dict[str, Any]]]:
    """The file channel writes under a fresh data directory; call the fixture to read it."""
    settings.DATA_DIR = tmp_path
    settings.MISSIONCJ_NOTIFY_BACKEND = "file"
    settings.MISSIONCJ_NOTIFY_WEBHOOK_SECRET = SECRET
    path = tmp_path / "outbox.jsonl"

    def read() -> list[dict[str, Any]]:
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    return read


def local_day(calendar: Court, days_ahead: int) -> dt.date:
    return timezone.now().astimezone(calendar.program.zone).date() + dt.timedelta(days=days_ahead)


def make_hearing(
    calendar: Court,
    *,
    days_ahead: int = 10,
    at: dt.time = dt.time(9, 0),
    kind: str = "status",
    room: str = "",
) -> Hearing:
    day = local_day(calendar, days_ahead)
    starts = dt.datetime.combine(day, at, tzinfo=calendar.program.zone)
    return Hearing.objects.create(
        court=calendar,
        kind=kind,
        local_date=day,
        local_time=at,
        starts_at=starts.astimezone(dt.UTC),
        room=room,
    )


def move_hearing(hearing: Hearing, *, days_ahead: int, at: dt.time = dt.time(9, 0)) -> None:
    day = local_day(hearing.court, days_ahead)
    starts = dt.datetime.combine(day, at, tzinfo=hearing.court.program.zone)
    hearing.local_date, hearing.local_time = day, at
    hearing.starts_at = starts.astimezone(dt.UTC)
    hearing.save()


@pytest.fixture
def docket(world: Any, django_capture_on_commit_callbacks: Any) -> Callable[..., DocketEntry]:
    """docket(hearing, participant) puts the participant on the hearing's docket and calls the
    hook inside the transaction; the hook runs when it commits."""

    def put(hearing: Hearing, participant: Participant) -> DocketEntry:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            entry = DocketEntry.objects.create(
                hearing=hearing,
                participant=participant,
                episode=participant.episodes.get(program=hearing.court.program),
                recorded_by=world.user("casemanager"),
            )
            docket_changed(entry)
        return entry

    return put


@pytest.fixture
def announce(django_capture_on_commit_callbacks: Any) -> Callable[..., None]:
    """announce(entry, removed=False): the hook call a hearing service makes after a change."""

    def call(entry: DocketEntry, removed: bool = False) -> None:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            docket_changed(entry, removed=removed)

    return call


@pytest.fixture
def north_sms(world: Any) -> OptIn:
    return services.opt_in(
        actor=world.user("casemanager"),
        participant=world.north_person,
        channel="sms",
        address="(555) 014-2000",
    )


def last_detail(message: Any) -> str:
    """The detail of the newest row in a message's delivery log."""
    return list(message.deliveries.order_by("at", "pk").values_list("detail", flat=True))[-1]
