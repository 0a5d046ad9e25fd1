"""Drug-test pages: the participant's tests (rows, flags, audit, constant queries), the collector's
forms, who is called today (scope per persona, notice from the list, constant queries), the
participant-page panel and the work-queue kinds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missioncj.care.alerts import alerts_for_user
from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.court.models import AnalyteResult, DrugTest
from missioncj.court.services import random_testing
from missioncj.court.services import testing as services
from missioncj.court.tests.testing_factories import (
    ET,
    collected,
    episode_of,
    move,
    phase,
    resulted,
)

COLLECTED = dt.datetime(2026, 10, 6, 10, 30, tzinfo=ET)


@pytest.fixture
def cm(world):
    return world.user("casemanager")


def list_url(participant):
    return reverse("court:tests", args=[participant.public_id])


def today_url(program):
    return reverse("court:calls_today", args=[program.public_id])


def _add_tests(cm, episode, n, start=0):
    for i in range(start, start + n):
        at = COLLECTED + dt.timedelta(days=i)
        test = collected(cm, episode, at, notified_at=at - dt.timedelta(hours=9, minutes=20))
        resulted(cm, test, at + dt.timedelta(days=1), positives=("cocaine",) if i % 3 else ())


def test_tests_page_lists_newest_first_with_analytes_flags_and_turnaround(world, login, cm):
    episode = episode_of(world.north_person)
    _add_tests(cm, episode, 2)
    response = login("casemanager").get(list_url(world.north_person))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Wed 7 Oct 2026") < html.index("Tue 6 Oct 2026")
    assert "Cocaine (EtG/EtS)" not in html and "Cocaine" in html
    assert "collected 9 h 20 min after notice — over the 8-hour window" in html
    assert "turnaround 1 d 0 h" in html
    assert "Positive" in html and "Negative" in html
    assert 'name="viewport"' in html
    event = AuditEvent.objects.filter(action="drug_test.list").latest("pk")
    assert event.actor == cm
    assert event.participant_public_id == world.north_person.public_id


def test_tests_page_queries_do_not_grow_with_rows(world, login, cm):
    episode = episode_of(world.north_person)
    client = login("casemanager")
    _add_tests(cm, episode, 2)
    client.get(list_url(world.north_person))  # warm sessions and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url(world.north_person)).status_code == 200
    _add_tests(cm, episode, 12, start=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(list_url(world.north_person))
    assert response.content.decode().count("over the 8-hour window") == 14
    assert len(many) == len(few)


def test_tests_page_paginates(world, login, cm):
    _add_tests(cm, episode_of(world.north_person), 22)
    client = login("casemanager")
    first = client.get(list_url(world.north_person)).content.decode()
    second = client.get(list_url(world.north_person), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count("<h2>") - second.count("<h2>") == 20 - 2


def test_collector_forms_from_notice_to_confirmation(world, login, cm):
    person = world.north_person
    client = login("casemanager")
    response = client.post(
        reverse("court:test_notice", args=[person.public_id]),
        {"reason": "random", "specimen": "urine"},
    )
    assert response.status_code == 302
    test = DrugTest.objects.get(participant=person)
    assert test.status == "notified" and test.notified_at is not None
    assert abs((timezone.now() - test.notified_at).total_seconds()) < 60
    page = client.get(list_url(person)).content.decode()
    assert f"?test={test.public_id}" in page
    collect_url = reverse("court:test_collect", args=[person.public_id])
    # program time, a minute after the notice (the form takes minutes)
    local_now = timezone.now().astimezone(world.drug.zone).replace(
        tzinfo=None, second=0, microsecond=0
    ) + dt.timedelta(minutes=1)
    response = client.post(
        collect_url,
        {
            "test": str(test.public_id),
            "reason": "walk_in",
            "collected_at": local_now.strftime("%Y-%m-%dT%H:%M"),
            "specimen": "oral_fluid",
            "observed": "on",
            "panel": "10-panel",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    test.refresh_from_db()
    assert (test.status, test.specimen, test.observed, test.panel) == (
        "collected",
        "oral_fluid",
        True,
        "10-panel",
    )
    results_url = reverse("court:test_results", args=[person.public_id, test.public_id])
    later = (local_now + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    before = (DrugTest.objects.count(), AnalyteResult.objects.count(), AuditEvent.objects.count())
    bad = client.post(
        results_url,
        {"resulted_at": later, "validity": "valid", "analyte_1": "cocaine", "level_1": "-1"},
    )
    assert bad.status_code == 422
    assert "Ensure this value is greater than or equal to 0" in bad.content.decode()
    assert before == (
        DrugTest.objects.count(),
        AnalyteResult.objects.count(),
        AuditEvent.objects.count(),
    )
    response = client.post(
        results_url,
        {
            "resulted_at": later,
            "validity": "dilute",
            "negative": ["thc", "alcohol"],
            "analyte_1": "cocaine",
            "result_1": "positive",
            "level_1": "420",
            "cutoff_1": "150",
            "confirm_1": "on",
        },
    )
    assert response.status_code == 302
    test.refresh_from_db()
    assert (test.outcome, test.validity) == ("positive", "dilute")
    assert test.results.get(analyte="cocaine").confirmation == "pending"
    response = client.post(
        reverse("court:test_confirm", args=[person.public_id, test.public_id]),
        {"analyte": "cocaine", "confirmed": "no", "confirmed_at": later},
    )
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.outcome == "negative"


def test_results_before_collection_are_shown_next_to_the_field(world, login, cm):
    person = world.north_person
    test = collected(cm, episode_of(person), COLLECTED)
    client = login("casemanager")
    before = (AnalyteResult.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("court:test_results", args=[person.public_id, test.public_id]),
        {"resulted_at": "2026-10-06T09:00", "validity": "valid", "negative": ["thc"]},
    )
    assert response.status_code == 422
    assert "before the collection" in response.content.decode()
    assert before == (AnalyteResult.objects.count(), AuditEvent.objects.count())


def _everyone_called(world, court, cm):
    """Phase with seven tests a week: every day is a call day once a schedule starts."""
    daily = phase(court, 1, "7", "Phase 1")
    for person, actor in ((world.north_person, cm), (world.south_person, world.user("cm.south"))):
        episode = episode_of(person)
        move(episode, daily, dt.date(2026, 9, 7), actor)
        random_testing.start_random_testing(
            actor=actor, episode=episode, starts_on=dt.date(2026, 9, 7)
        )
    return daily


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("director", {"North", "South"}),
        ("supervisor", {"North", "South"}),
        ("casemanager", {"North"}),
        ("peer", {"North"}),
        ("clinician", {"North"}),
        ("court", None),
        ("evaluator", None),
        ("admin", None),
        ("outsider", None),
    ],
)
def test_who_is_called_today_per_persona(world, login, court, cm, username, sees):
    _everyone_called(world, court, cm)
    before = AuditEvent.objects.filter(action="random_calls.view").count()
    response = login(username).get(today_url(world.drug))
    if sees is None:
        assert response.status_code == 404
        assert AuditEvent.objects.filter(action="random_calls.view").count() == before
        return
    assert response.status_code == 200
    html = response.content.decode()
    for last in ("North", "South"):
        assert (f"Test {last}" in html) is (last in sees)
    event = AuditEvent.objects.filter(action="random_calls.view").latest("pk")
    assert event.after is not None and len(event.after["shown"]) == len(sees)


def test_recording_a_notice_from_todays_calls(world, login, court, cm):
    _everyone_called(world, court, cm)
    client = login("casemanager")
    page = today_url(world.drug)
    html = client.get(page).content.decode()
    notice = reverse("court:test_notice", args=[world.north_person.public_id])
    assert f'action="{notice}"' in html
    response = client.post(notice, {"reason": "random", "specimen": "urine", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    test = DrugTest.objects.get(participant=world.north_person)
    assert (test.reason, test.status) == ("random", "notified")
    html = client.get(page).content.decode()
    assert "Notice recorded" in html and f'action="{notice}"' not in html
    # a next pointing elsewhere is not followed
    response = client.post(
        notice, {"reason": "random", "specimen": "urine", "next": "https://evil.example/"}
    )
    assert response["Location"] == list_url(world.north_person)


def test_todays_calls_queries_do_not_grow(world, login, court, cm):
    daily = _everyone_called(world, court, cm)
    client = login("director")
    client.get(today_url(world.drug))
    with CaptureQueriesContext(connection) as few:
        client.get(today_url(world.drug))
    for i in range(6):
        person = make_participant(cm, world.drug, world.north, f"Extra{i}")
        episode = episode_of(person)
        move(episode, daily, dt.date(2026, 9, 7), cm)
        random_testing.start_random_testing(
            actor=cm, episode=episode, starts_on=dt.date(2026, 9, 7)
        )
        services.record_notice(actor=cm, episode=episode)
    with CaptureQueriesContext(connection) as many:
        html = client.get(today_url(world.drug)).content.decode()
    assert html.count("Notice recorded") == 6
    assert len(many) == len(few)


def test_panel_on_the_participant_page(world, login, cm):
    episode = episode_of(world.north_person)
    for day in range(4):
        at = COLLECTED + dt.timedelta(days=day)
        resulted(cm, collected(cm, episode, at), at + dt.timedelta(hours=5))
    html = (
        login("casemanager")
        .get(reverse("participants:detail", args=[world.north_person.public_id]))
        .content.decode()
    )
    assert 'id="testing-panel-h">Testing<' in html
    assert "Longest run of negative tests: <strong>4</strong>" in html
    assert "Random call-ins not started" in html
    assert "no court phase calls for 2" in html


def test_work_queue_kinds(world, cm):
    episode = episode_of(world.north_person)
    now = timezone.now()
    waiting = collected(cm, episode, now - dt.timedelta(hours=49))
    collected(cm, episode, now - dt.timedelta(hours=47))  # not yet overdue
    services.record_missed(
        actor=cm,
        episode=episode,
        due_on=now.astimezone(world.drug.zone).date() - dt.timedelta(days=2),
        reason="No show",
    )
    services.record_refused(
        actor=cm,
        episode=episode,
        due_on=now.astimezone(world.drug.zone).date() - dt.timedelta(days=12),
        reason="Old refusal",
    )
    alerts = alerts_for_user(cm, now)
    pending = [a for a in alerts if a.kind == "test_result_pending"]
    missed = [a for a in alerts if a.kind == "test_missed"]
    assert len(pending) == 1 and "no result after 2 d 1 h" in pending[0].message
    assert len(missed) == 1 and "No show" in missed[0].message
    assert pending[0].label == "Test result overdue"
    resulted(cm, waiting, now)
    assert not [a for a in alerts_for_user(cm, now) if a.kind == "test_result_pending"]
    assert not [
        a for a in alerts_for_user(world.user("outsider"), now) if a.kind.startswith("test_")
    ]


def test_work_queue_queries_do_not_grow(world, cm):
    now = timezone.now()
    episode = episode_of(world.north_person)
    collected(cm, episode, now - dt.timedelta(hours=50))
    with CaptureQueriesContext(connection) as few:
        alerts_for_user(cm, now)
    for i in range(5):
        collected(cm, episode, now - dt.timedelta(hours=60 + i))
        services.record_missed(
            actor=cm, episode=episode, due_on=now.astimezone(world.drug.zone).date(), reason=f"x{i}"
        )
    with CaptureQueriesContext(connection) as many:
        alerts = alerts_for_user(cm, now)
    assert len([a for a in alerts if a.kind.startswith("test_")]) == 11
    assert len(many) == len(few)
