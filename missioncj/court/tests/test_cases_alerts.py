"""The `condition_due` kind on the work queue, and the demo cases."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missioncj.care.alerts import alerts_for_episodes, alerts_for_user, visible_open
from missioncj.core.audit import verify_chain
from missioncj.court.case_alerts import KIND, condition_alerts
from missioncj.court.models import Charge, Condition, ConditionProgress, CourtCase
from missioncj.court.services import cases as services
from missioncj.court.services import conditions
from missioncj.demo.court_cases import add_cases
from missioncj.participants.services import local_today

OPENED = dt.date(2026, 9, 8)


def _case(world, court, person: Any, docket: str) -> CourtCase:
    return services.open_case(
        actor=world.user("supervisor"),
        participant=person,
        court=court,
        docket_number=docket,
        status="probation",
        opened_on=OPENED,
    )


def _condition(world, case, due: dt.date | None, unit: str = "hours", **extra: Any) -> Condition:
    return conditions.add_condition(
        actor=world.user("supervisor"),
        case=case,
        kind=extra.pop("kind", "community_service"),
        description=extra.pop("description", "Food bank"),
        ordered_on=OPENED,
        due_on=due,
        unit=unit,
        required="40" if unit else None,
        **extra,
    )


def test_condition_due_soon_or_overdue_and_not_met(world, court):
    today = local_today(world.drug)
    case = _case(world, court, world.north_person, "26CR1")
    soon = _condition(world, case, today + dt.timedelta(days=10), description="Soon")
    overdue = _condition(world, case, today - dt.timedelta(days=3), description="Late")
    _condition(world, case, today + dt.timedelta(days=40), description="Far off")
    _condition(
        world, case, today - dt.timedelta(days=3), unit="", kind="curfew", description="Curfew"
    )
    done = _condition(world, case, today + dt.timedelta(days=5), description="Done")
    conditions.record_progress(
        actor=world.user("supervisor"), condition=done, on=OPENED, amount="40"
    )
    vacated = _condition(world, case, today, description="Vacated")
    conditions.set_condition_status(
        actor=world.user("supervisor"), condition=vacated, status="vacated"
    )
    conditions.record_progress(
        actor=world.user("supervisor"), condition=soon, on=OPENED, amount="12"
    )

    alerts = [a for a in alerts_for_user(world.user("casemanager")) if a.kind == KIND]
    assert [a.due for a in alerts] == [overdue.due_on, soon.due_on]
    late, coming = alerts
    assert late.overdue and not coming.overdue
    assert "0 of 40 hours, 0%" in late.message and "overdue by 3 days" in late.message
    assert "12 of 40 hours, 30% (28 hours to go)" in coming.message
    assert "Docket 26CR1" in coming.message
    assert coming.label == "Court condition due"
    assert coming.url == reverse(
        "court:condition_progress",
        kwargs={
            "public_id": world.north_person.public_id,
            "case_id": case.public_id,
            "condition_id": soon.public_id,
        },
    )
    # The south participant's team does not see north's conditions, and a disposed case raises none.
    assert not [a for a in alerts_for_user(world.user("cm.south")) if a.kind == KIND]
    services.dispose_case(
        actor=world.user("supervisor"), case=case, disposition="Closed", disposed_on=today
    )
    assert not [a for a in alerts_for_user(world.user("casemanager")) if a.kind == KIND]


def test_condition_alerts_use_one_query_for_any_number(world, court):
    today = local_today(world.drug)
    episodes = list(visible_open(world.user("supervisor")))
    case = _case(world, court, world.north_person, "26CR1")
    _condition(world, case, today)
    now = timezone.now()
    with CaptureQueriesContext(connection) as one:
        assert len(condition_alerts(episodes, now)) == 1
    south = _case(world, court, world.south_person, "26CR2")
    for n in range(6):
        _condition(world, south, today + dt.timedelta(days=n))
    with CaptureQueriesContext(connection) as seven:
        assert len(condition_alerts(episodes, now)) == 7
    assert len(seven.captured_queries) == len(one.captured_queries) == 1
    # And on the whole queue.
    with CaptureQueriesContext(connection) as queue:
        kinds = [a.kind for a in alerts_for_episodes(episodes, now)]
    assert kinds.count(KIND) == 7
    assert len(queue.captured_queries) < 20


def test_demo_cases_on_the_world(world, court):
    today = local_today(world.drug)
    opened = add_cases(random.Random(7), today, world.drug, world.user("supervisor"), court)
    assert opened == 2  # north and south are enrolled
    cases = list(CourtCase.objects.filter(court=court))
    assert len(cases) == 2
    for case in cases:
        assert 1 <= Charge.objects.filter(case=case).count() <= 3
        assert 2 <= Condition.objects.filter(case=case).count() <= 4
        assert case.episode.enrolled_date is not None
        assert case.opened_on <= case.episode.enrolled_date
    assert ConditionProgress.objects.filter(condition__case__in=cases).exists()
    assert verify_chain().ok
    assert all(c.docket_number.startswith(f"{c.opened_on:%y}CR") for c in cases)
