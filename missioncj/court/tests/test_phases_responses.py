"""Incentives, sanctions and service adjustments: the services, the ratio arithmetic, the
program's responses page by persona (with a query-count baseline) and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from missioncj.core.models import AuditEvent
from missioncj.court.models import CourtResponse, Hearing
from missioncj.court.response_stats import Ratio, episode_ratios, program_ratio
from missioncj.court.services.responses import mark_delivered, record_response
from missioncj.court.tests.phases_helpers import api_client, counts, episode_of, post_json

PERSONAS = [
    "director",
    "supervisor",
    "casemanager",
    "peer",
    "clinician",
    "court",
    "evaluator",
    "admin",
    "outsider",
]
DRUG_STAFF = {"director", "supervisor", "casemanager", "peer", "clinician"}


def respond(world: Any, person: Any = None, **kw: Any) -> CourtResponse:
    person = person or world.north_person
    arguments: dict[str, Any] = {
        "actor": world.user("director"),
        "episode": episode_of(person),
        "kind": "incentive",
        "behaviour": "Four weeks of negative tests",
        "response": "Praise from the bench and a $10 gift card",
        "magnitude": "moderate",
        "decided_on": dt.date(2026, 10, 1),
        "decided_by": "Hon. R. Ortiz",
    }
    arguments.update(kw)
    return record_response(**arguments)


# --- services -------------------------------------------------------------------------------------


def test_record_response_is_audited(world):
    before = counts()
    item = respond(world, kind="sanction", jail_days=2, delivered_on=dt.date(2026, 10, 2))
    assert (item.kind, item.jail_days, item.recorded_by) == ("sanction", 2, world.user("director"))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.response.sanction"
    assert event.participant_public_id == world.north_person.public_id
    assert event.after is not None and event.after["jail_days"] == 2
    assert counts() == {
        **before,
        "responses": before["responses"] + 1,
        "audit": before["audit"] + 1,
    }


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"jail_days": 3}, "jail_days", "only for a sanction"),
        ({"kind": "sanction", "jail_days": 0}, "jail_days", "at least 1"),
        ({"kind": "sanction", "jail_days": 45}, "jail_days", "more than 30"),
        ({"delivered_on": dt.date(2026, 9, 30)}, "delivered_on", "before the decision"),
        ({"decided_on": dt.date(2026, 9, 1)}, "decided_on", "before enrollment"),
        ({"decided_on": dt.date(2099, 1, 1)}, "decided_on", "in the future"),
        ({"kind": "reward"}, "kind", "incentive, sanction or service adjustment"),
        ({"magnitude": "huge"}, "magnitude", "low, moderate or high"),
        ({"behaviour": ""}, "behaviour", "what behaviour"),
        ({"response": " "}, "response", "what was given"),
        ({"decided_by": ""}, "decided_by", "who decided"),
    ],
)
def test_bad_responses_name_the_field_and_save_nothing(world, overrides, field, words):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        respond(world, **overrides)
    assert words in caught.value.message_dict[field][0]
    assert counts() == before


def test_response_outside_scope_or_at_another_programs_hearing_is_refused(
    world, court, reentry_court
):
    before = counts()
    with pytest.raises(ValidationError) as scope:
        respond(world, person=world.south_person, actor=world.user("casemanager"))
    assert "do not work with" in scope.value.messages[0]
    hearing = Hearing.objects.create(
        court=reentry_court,
        kind="status",
        local_date=dt.date(2026, 10, 1),
        local_time=dt.time(9),
        starts_at=dt.datetime(2026, 10, 1, 14, tzinfo=dt.UTC),
    )
    with pytest.raises(ValidationError) as other:
        respond(world, hearing=hearing)
    assert "not on a court of the participant's program" in other.value.message_dict["hearing"][0]
    assert counts() == before


def test_mark_delivered_once_and_not_before_the_decision(world):
    item = respond(world)
    user = world.user("casemanager")
    before = counts()
    with pytest.raises(ValidationError) as early:
        mark_delivered(actor=user, response=item, delivered_on=dt.date(2026, 9, 30))
    assert "before the decision (1 Oct 2026)" in early.value.message_dict["delivered_on"][0]
    assert counts() == before
    mark_delivered(actor=user, response=item, delivered_on=dt.date(2026, 10, 8))
    item.refresh_from_db()
    assert item.delivered_on == dt.date(2026, 10, 8)
    with pytest.raises(ValidationError) as twice:
        mark_delivered(actor=user, response=item, delivered_on=dt.date(2026, 10, 9))
    assert "Already marked delivered on 8 Oct 2026" in twice.value.messages[0]
    with pytest.raises(ValidationError) as scope:
        mark_delivered(
            actor=world.user("outsider"), response=item, delivered_on=dt.date(2026, 10, 9)
        )
    assert "do not work with" in scope.value.messages[0]


# --- ratio arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incentives", "sanctions", "text", "under"),
    [
        (4, 1, "4.0 : 1", False),
        (8, 2, "4.0 : 1", False),
        (39, 10, "3.9 : 1", True),
        (79, 20, "3.9 : 1", True),  # 3.95 is shown rounded down, and is under target
        (10, 3, "3.3 : 1", True),
        (13, 3, "4.3 : 1", False),
        (0, 2, "0.0 : 1", True),
        (5, 0, "no sanctions", False),
        (0, 0, "no sanctions", False),
    ],
)
def test_ratio_text_and_target(incentives, sanctions, text, under):
    ratio = Ratio(incentives, sanctions)
    assert ratio.text == text
    assert ratio.under_target is under


@given(st.integers(0, 500), st.integers(1, 200))
def test_shown_ratio_never_overstates_and_flag_matches_exact_arithmetic(incentives, sanctions):
    ratio = Ratio(incentives, sanctions)
    assert ratio.value is not None
    assert ratio.value * sanctions <= incentives
    assert incentives < (ratio.value + Decimal("0.1")) * sanctions
    assert ratio.under_target == (incentives < 4 * sanctions)


def test_ratios_per_participant_and_program_over_a_period(world):
    for day in (1, 2, 3, 4, 5):
        respond(world, decided_on=dt.date(2026, 10, day))
    respond(world, kind="sanction", decided_on=dt.date(2026, 10, 6))
    respond(world, kind="service_adjustment", decided_on=dt.date(2026, 10, 7))
    respond(world, kind="sanction", decided_on=dt.date(2026, 11, 1))  # after the period
    respond(world, person=world.south_person, kind="sanction", decided_on=dt.date(2026, 10, 9))
    respond(world, person=world.south_person, decided_on=dt.date(2026, 10, 9))
    north, south = episode_of(world.north_person), episode_of(world.south_person)
    start, end = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    ratios = episode_ratios([north.pk, south.pk], start, end)
    assert (ratios[north.pk].text, ratios[north.pk].adjustments) == ("5.0 : 1", 1)
    assert ratios[south.pk].text == "1.0 : 1" and ratios[south.pk].under_target
    total = program_ratio(world.drug, start, end)
    assert (total.incentives, total.sanctions, total.text) == (6, 2, "3.0 : 1")
    assert program_ratio(world.drug).sanctions == 3
    assert program_ratio(world.reentry).text == "no sanctions"


# --- the program page -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_program_responses_page_by_persona(world, login, username):
    respond(world, kind="sanction", decided_on=dt.date(2026, 10, 20))
    respond(world, person=world.south_person, decided_on=dt.date(2026, 10, 20))
    client = login(username)
    url = reverse("court:program_responses", args=[world.drug.public_id])
    response = client.get(url, {"start": "2026-09-01", "end": "2026-11-20"})
    other = client.get(reverse("court:program_responses", args=[world.reentry.public_id]))
    assert response.status_code == (200 if username in DRUG_STAFF else 404)
    assert other.status_code == (200 if username == "outsider" else 404)
    if response.status_code != 200:
        return
    html = response.content.decode()
    sees_south = username in {"director", "supervisor"}
    assert ("Test North" in html) is True
    assert ("Test South" in html) is sees_south
    assert "Under 4 : 1" in html  # North: 0 incentives to 1 sanction
    assert "<strong>1.0 : 1</strong>" in html  # the program: one of each
    event = AuditEvent.objects.filter(action="court.responses.program").order_by("-pk").first()
    assert event is not None and event.actor == world.user(username)
    assert event.after is not None
    assert (str(world.south_person.public_id) in event.after["shown"]) is sees_south


def test_program_responses_queries_do_not_grow_with_rows(world, login):
    from missioncj.conftest import make_participant

    client = login("director")
    url = reverse("court:program_responses", args=[world.drug.public_id])
    respond(world)
    client.get(url)  # warm the session and scope
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        person = make_participant(world.user("director"), world.drug, world.north, f"Ratio{i}")
        respond(world, person=person)
        respond(world, person=person, kind="sanction")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Ratio5" in html
    assert len(many.captured_queries) == len(few.captured_queries)


# --- API ------------------------------------------------------------------------------------------


def test_api_responses_read_and_record(world):
    client = api_client(world.user("casemanager"))
    url = f"/api/v1/participants/{world.north_person.public_id}/responses"
    created = post_json(
        client,
        url,
        {
            "kind": "sanction",
            "behaviour": "Missed a test",
            "response": "One day in jail",
            "magnitude": "high",
            "jail_days": 1,
            "decided_on": "2026-10-05",
            "decided_by": "Hon. R. Ortiz",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["jail_days"] == 1
    for _ in range(3):
        respond(world)
    body = client.get(url).json()
    assert body["ratio"] == {
        "incentives": 3,
        "sanctions": 1,
        "service_adjustments": 0,
        "ratio": "3.0 : 1",
        "under_target": True,
    }
    assert len(body["items"]) == 4
    assert AuditEvent.objects.filter(action="api.court_responses.read").count() == 1


def test_api_bad_response_lists_each_problem_and_saves_nothing(world):
    client = api_client(world.user("casemanager"))
    before = counts()
    response = post_json(
        client,
        f"/api/v1/participants/{world.north_person.public_id}/responses",
        {
            "kind": "incentive",
            "behaviour": " ",
            "response": "Gift card",
            "magnitude": "low",
            "jail_days": 2,
            "decided_on": "2026-10-05",
            "delivered_on": "2026-10-01",
            "decided_by": "Judge",
        },
    )
    assert response.status_code == 422
    fields = {item["loc"][-1] for item in response.json()["detail"]}
    assert fields == {"behaviour", "jail_days", "delivered_on"}
    assert counts() == before


@pytest.mark.parametrize("username", ["casemanager", "court", "evaluator", "admin"])
def test_api_out_of_scope_is_404_and_changes_nothing(world, username):
    client = api_client(world.user(username))
    before = counts()
    url = f"/api/v1/participants/{world.south_person.public_id}/responses"
    assert client.get(url).status_code == 404
    posted = post_json(
        client,
        url,
        {
            "kind": "incentive",
            "behaviour": "x",
            "response": "y",
            "magnitude": "low",
            "decided_on": "2026-10-05",
            "decided_by": "Judge",
        },
    )
    assert posted.status_code == 404
    assert counts() == before
