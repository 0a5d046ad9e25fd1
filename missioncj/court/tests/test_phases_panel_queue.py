"""The court-phase panel on the participant page, the `phase_ready` work-queue kind, and the
demo's phases and responses."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.care.alerts import alerts_for_episodes, visible_open
from missioncj.court.models import CourtResponse, PhaseMove
from missioncj.court.phases_alerts import phase_ready_alerts
from missioncj.court.response_stats import program_ratio
from missioncj.court.services.responses import record_response
from missioncj.court.tests.phases_helpers import (
    drug_test,
    easy_phase_one,
    episode_of,
    start,
    with_defaults,
)
from missioncj.demo.court_phases import add_phases
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus

READY = "All criteria met for Phase 1: consider promotion at the next staffing."


def _detail(login: Any, username: str, person: Any) -> str:
    response = login(username).get(reverse("participants:detail", args=[person.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_phase_criteria_in_words_and_the_ratio(world, login, court):
    with_defaults(world, court)
    start(world, court)
    record_response(
        actor=world.user("casemanager"),
        episode=episode_of(world.north_person),
        kind="incentive",
        behaviour="Clean month",
        response="Praise",
        magnitude="low",
        decided_on=dt.date(2026, 10, 1),
        decided_by="Judge",
    )
    html = _detail(login, "casemanager", world.north_person)
    assert 'id="court-phase-h"' in html
    assert "Phase 1: Stabilization" in html
    assert "Not met</span>" in html and "Time in phase" in html
    assert "of 112 days in the phase" in html
    assert "Incentives to sanctions: <strong>no sanctions</strong>" in html
    assert reverse("court:court_phase", args=[world.north_person.public_id]) in html


def test_panel_offers_a_start_when_the_program_has_a_court_and_hides_without_one(
    world, login, court
):
    html = _detail(login, "casemanager", world.north_person)
    assert "Not started in a court phase." in html
    reentry = _detail(login, "outsider", world.reentry_person)
    assert 'id="court-phase-h"' not in reentry  # the re-entry program has no court


def _ready(world: Any, court: Any) -> None:
    with_defaults(world, court)
    easy_phase_one(court, negative_days=10)
    start(world, court)
    drug_test(episode_of(world.north_person), dt.date(2026, 9, 20), "negative")


def test_work_queue_shows_phase_ready_to_the_team(world, login, court):
    _ready(world, court)
    html = login("casemanager").get(reverse("care:work_queue")).content.decode()
    assert READY in html
    assert "Ready for the next phase" in html
    assert READY not in login("outsider").get(reverse("care:work_queue")).content.decode()


def test_no_phase_ready_alert_while_a_criterion_is_unmet(world, court):
    _ready(world, court)
    episode = episode_of(world.north_person)
    drug_test(episode, dt.date(2026, 11, 1), "missed")
    alerts = phase_ready_alerts(list(visible_open(world.user("casemanager"))), _now())
    assert alerts == []


def test_last_phase_ready_suggests_graduation(world, court):
    with_defaults(world, court)
    start(world, court)
    episode = episode_of(world.north_person)
    for number in (1, 2, 3):
        PhaseMove.objects.create(
            participant=world.north_person,
            episode=episode,
            phase=court.phases.get(number=number + 1),
            kind="promote",
            on=dt.date(2026, 9, 5 + number),
            decided_by="Judge",
            reason="test",
            recorded_by=world.user("casemanager"),
        )
    last = court.phases.get(number=4)
    last.min_days = last.negative_days = last.attendance_percent = last.no_sanctions_days = 0
    last.tasks = []
    last.save()
    alerts = phase_ready_alerts([episode], _now())
    assert [a.message for a in alerts] == [
        "All criteria met for Phase 4 (the last): consider graduation at the next staffing."
    ]


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 2, 17, tzinfo=dt.UTC)


def test_phase_ready_queries_do_not_grow_with_episodes(world, court):
    from missioncj.conftest import make_participant

    _ready(world, court)
    director = world.user("director")
    first = list(visible_open(director))
    with CaptureQueriesContext(connection) as few:
        alerts_for_episodes(first, _now())
    for i in range(5):
        person = make_participant(director, world.drug, world.north, f"Queue{i}")
        start(world, court, person, actor=director)
        drug_test(episode_of(person), dt.date(2026, 9, 20), "negative")
    episodes = list(visible_open(director))
    with CaptureQueriesContext(connection) as many:
        alerts = alerts_for_episodes(episodes, _now())
    assert sum(1 for a in alerts if a.kind == "phase_ready") == 6
    assert len(many.captured_queries) == len(few.captured_queries)


# --- demo -----------------------------------------------------------------------------------------


def test_demo_adds_phases_and_responses_through_the_services(world, court):
    director = world.user("director")
    earlier = people.create_participant(
        actor=director,
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2025, 9, 1),
        first_name="Long",
        last_name="Stay",
        date_of_birth=dt.date(1985, 3, 3),
    )
    episode = earlier.episodes.get()
    for status, on in ((EpisodeStatus.SCREENING, 2), (EpisodeStatus.ENROLLED, 6)):
        people.change_status(
            actor=director, episode=episode, status=status, on=dt.date(2025, 9, on)
        )
    made = add_phases(random.Random(7), dt.date(2026, 11, 20), world.drug, director, court)
    assert court.phases.count() == 4
    assert made["started"] == 3  # North, South and the long stay; re-entry is another program
    assert PhaseMove.objects.filter(kind="start").count() == 3
    assert made["promoted"] >= 1 and made["demoted"] == 1
    demotion = PhaseMove.objects.get(kind="demote")
    assert demotion.episode == episode
    assert CourtResponse.objects.filter(
        episode=episode, kind="sanction", decided_on=demotion.on
    ).exists()
    total = program_ratio(world.drug)
    assert total.sanctions > 0 and total.incentives >= 2 * total.sanctions
    assert made["responses"] == CourtResponse.objects.count()
    # a second run adds nothing for people who already started
    again = add_phases(random.Random(7), dt.date(2026, 11, 20), world.drug, director, court)
    assert again["started"] == 0
