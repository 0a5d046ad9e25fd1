"""The demo's drug tests, made on the test world through the court services."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from missioncj.court import drug_tests
from missioncj.court.models import AnalyteResult, DrugTest, RandomSchedule
from missioncj.court.services import random_testing as services
from missioncj.demo.court_testing import add_testing
from missioncj.participants.services import local_today


def test_add_testing_on_the_world(world, court):
    today = local_today(world.drug)
    made = add_testing(random.Random(7), today, world.drug, world.user("director"), court)
    schedules = list(RandomSchedule.objects.select_related("episode"))
    assert {s.episode.participant_id for s in schedules} == {
        world.north_person.pk,
        world.south_person.pk,
    }
    tests = list(DrugTest.objects.select_related("episode__program"))
    assert made == len(tests) > 20
    # every test is on a call day of its schedule
    for schedule in schedules:
        days = set(services.schedule_days(schedule, dt.date(2026, 9, 1), today, []))
        mine = [t for t in tests if t.episode_id == schedule.episode_id]
        assert mine and all(t.local_date in days for t in mine)
    outcomes = Counter(t.outcome for t in tests)
    assert outcomes["negative"] > outcomes["positive"]
    assert outcomes["missed"] >= 1
    assert any(t.validity == "dilute" for t in tests)
    for test in tests:
        took = drug_tests.turnaround(test)
        if took is not None:
            assert dt.timedelta(days=1) <= took < dt.timedelta(days=4)
    confirmations = Counter(AnalyteResult.objects.values_list("confirmation", flat=True))
    assert confirmations[""] > 0
    assert sum(confirmations.values()) > len(tests)
