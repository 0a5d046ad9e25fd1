"""The demo calendar on the test world: weekly series, dockets every week in phase 1 and every
other week later, past results and recommendations recorded, nothing left for the work queue."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.utils import timezone

from missioncj.care.alerts import alerts_for_user
from missioncj.core.audit import verify_chain
from missioncj.court.models import (
    CourtPhase,
    DocketEntry,
    Hearing,
    HearingKind,
    HearingSeries,
    PhaseMove,
)
from missioncj.court.services import hearings as services
from missioncj.demo.court_hearings import add_hearings


def test_demo_calendar_and_dockets(world, court):
    supervisor = world.user("supervisor")
    phase_two = CourtPhase.objects.create(court=court, number=2, name="Stabilization")
    PhaseMove.objects.create(
        participant=world.south_person,
        episode=world.south_person.episodes.get(),
        phase=phase_two,
        kind="promote",
        on=dt.date(2026, 10, 1),
        decided_by="Judge",
        reason="Met criteria",
        recorded_by=supervisor,
    )
    today = services.court_today(court)
    add_hearings(random.Random(7), today, world.drug, supervisor, court)

    status = HearingSeries.objects.get(kind=HearingKind.STATUS)
    staffing = HearingSeries.objects.get(kind=HearingKind.STAFFING)
    assert (status.weekday, status.local_time) == (3, dt.time(9))
    assert (staffing.weekday, staffing.local_time) == (2, dt.time(14))
    days = list(status.hearings.order_by("local_date").values_list("local_date", flat=True))
    assert days[0] <= today - dt.timedelta(weeks=12) and days[-1] >= today + dt.timedelta(weeks=5)

    def status_dates(person):
        return sorted(
            DocketEntry.objects.filter(
                participant=person, hearing__kind=HearingKind.STATUS
            ).values_list("hearing__local_date", flat=True)
        )

    north, south = status_dates(world.north_person), status_dates(world.south_person)
    assert all((b - a).days == 7 for a, b in itertools.pairwise(north))
    assert all((b - a).days == 14 for a, b in itertools.pairwise(south))
    assert north[0] >= dt.date(2026, 9, 5) and len(north) > len(south) > 3

    past = DocketEntry.objects.filter(hearing__starts_at__lt=timezone.now())
    assert past.filter(hearing__kind=HearingKind.STATUS).exclude(appearance="").count() == (
        past.filter(hearing__kind=HearingKind.STATUS).count()
    )
    assert not past.filter(hearing__kind=HearingKind.STAFFING, recommendation="").exists()
    future = DocketEntry.objects.filter(hearing__local_date__gt=today)
    assert future.exists() and not future.exclude(appearance="").exists()
    kinds = {a.kind for a in alerts_for_user(supervisor)}
    assert "hearing_result_missing" not in kinds
    assert Hearing.objects.filter(status="held").exists()
    assert verify_chain().ok


def test_demo_without_a_program_lead_adds_nothing(world, reentry_court):
    add_hearings(
        random.Random(1), dt.date(2026, 11, 1), world.reentry, world.user("outsider"), reentry_court
    )
    assert not Hearing.objects.exists()
