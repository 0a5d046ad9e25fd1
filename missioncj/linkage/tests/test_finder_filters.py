"""Finder filters: distance, language, accessibility, cost, format, and bad questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from missioncj.linkage.finder import search
from missioncj.linkage.finder_query import miles_between, parse_query
from missioncj.linkage.tests.meeting_factories import HARBOR, meeting, north_of, service
from missioncj.participants.models import Address

NOW = dt.datetime(2026, 11, 3, 19, 0, tzinfo=dt.UTC)


def find(world: Any, **params: str) -> list[str]:
    query = parse_query(params, program=world.drug, user=world.user("peer"), now=NOW)
    return [r.name for r in search(world.drug, query, NOW)]


def test_haversine_knows_a_five_mile_hop():
    assert miles_between(HARBOR, north_of(HARBOR, 5)) == pytest.approx(5.0, abs=0.01)
    # One degree of longitude at 41.5° N is about 51.8 miles.
    assert miles_between((41.5, -71.3), (41.5, -70.3)) == pytest.approx(51.8, abs=0.2)


def test_distance_five_miles_in_six_out_of_four(world):
    point = north_of(HARBOR, 5)
    meeting(world.drug, name="Five away", latitude=point[0], longitude=point[1])
    here = {"lat": str(HARBOR[0]), "lon": str(HARBOR[1])}
    assert find(world, miles="6", **here) == ["Five away"]
    assert find(world, miles="4", **here) == []
    query = parse_query({**here}, program=world.drug, user=world.user("peer"), now=NOW)
    assert search(world.drug, query, NOW)[0].miles_text == "5.0 mi"


def test_online_meetings_pass_a_distance_filter_unless_in_person_asked(world):
    meeting(
        world.drug, name="Online", address="", latitude=None, longitude=None,
        conference_url="https://zoom.example/j/1",
    )  # fmt: skip
    here = {"lat": str(HARBOR[0] + 1), "lon": str(HARBOR[1]), "miles": "2"}
    assert find(world, **here) == ["Online"]
    assert find(world, format="in_person", **here) == []
    assert find(world, format="online") == ["Online"]


def test_distance_from_a_participants_zip_code(world):
    meeting(world.drug, name="In town", postal_code="02840")
    point = north_of(HARBOR, 30)
    meeting(world.drug, name="Far", postal_code="02901", latitude=point[0], longitude=point[1])
    Address.objects.create(
        participant=world.north_person, line1="5 Bay Rd", city="Newport", state="RI",
        postal_code="02840-1234",
    )  # fmt: skip
    assert find(world, participant=str(world.north_person.public_id), miles="10") == ["In town"]


def test_a_participant_outside_the_caseload_or_without_a_known_zip_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        find(world, participant=str(world.south_person.public_id))  # peer is on Team North
    assert "No one in your caseload" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        find(world, participant=str(world.north_person.public_id))
    assert "no ZIP code we have places for" in str(caught.value)


def test_spanish_meetings_and_services(world):
    meeting(world.drug, name="Grupo Esperanza", types=["O", "S"])
    meeting(world.drug, name="English group", types=["O"])
    service(world.drug, name="Abogados", languages=["Spanish"])
    service(world.drug, name="Legal help", languages=["English"])
    assert sorted(find(world, language="spanish")) == ["Abogados", "Grupo Esperanza"]
    assert sorted(find(world, language="es", kind="meetings")) == ["Grupo Esperanza"]
    assert "English group" in find(world, language="english")


def test_wheelchair_access(world):
    meeting(world.drug, name="Ramp", types=["O", "X"])
    meeting(world.drug, name="Stairs", types=["O"])
    service(world.drug, name="Step free", accessibility=["Wheelchair accessible entrance"])
    service(world.drug, name="Second floor", accessibility=["stairs only"])
    assert sorted(find(world, wheelchair="1")) == ["Ramp", "Step free"]


def test_free_only_keeps_meetings_and_free_services(world):
    meeting(world.drug, name="Meeting")
    service(world.drug, name="Free clinic", free=True)
    service(world.drug, name="Sliding scale", free=False)
    service(world.drug, name="Unknown cost")
    assert sorted(find(world, free="1")) == ["Free clinic", "Meeting"]


def test_category_and_fellowship_pick_their_side(world):
    meeting(world.drug, name="NA group", fellowship="na")
    meeting(world.drug, name="AA group", fellowship="aa")
    service(world.drug, name="Housing", categories=["sober_housing"])
    service(world.drug, name="Lawyers", categories=["legal_aid"])
    assert find(world, fellowship="na") == ["NA group"]
    assert find(world, category="sober_housing") == ["Housing"]


def test_service_hours_overlap_the_window(world):
    # Tuesday 9-17 local (New York); "tonight after 6" misses it, Tuesday 16:00-20:00 finds it.
    service(world.drug, name="Day office", hours=[(1, dt.time(9), dt.time(17))])
    service(world.drug, name="Night shelter", hours=[(1, dt.time(20), dt.time(8))])
    assert find(world, when="tonight") == ["Night shelter"]
    assert find(world, day="1", **{"from": "16:00", "to": "20:00"}) == [
        "Day office",
        "Night shelter",
    ]


def test_retired_meetings_and_other_programs_are_not_found(world):
    from missioncj.linkage.services.meetings import set_meeting_active

    gone = meeting(world.drug, name="Gone")
    set_meeting_active(actor=None, meeting=gone, active=False)
    meeting(world.reentry, name="Re-entry meeting")
    assert find(world) == []


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"when": "someday"}, "when", "Choose one of"),
        ({"day": "9"}, "day", "0 (Monday) to 6"),
        ({"day": "1", "from": "25:00"}, "from", "HH:MM"),
        ({"miles": "5"}, "miles", "starting point"),
        ({"lat": "41.5"}, "lat", "both"),
        ({"lat": "95", "lon": "0"}, "lat", "between -90 and 90"),
        ({"language": "klingon"}, "language", "Choose one of"),
        ({"tz": "Mars/Base"}, "tz", "IANA"),
        ({"fellowship": "xx"}, "fellowship", "fellowship"),
    ],
)
def test_bad_questions_get_clear_messages(world, params, field, words):
    with pytest.raises(ValidationError) as caught:
        parse_query(params, program=world.drug, user=world.user("peer"), now=NOW)
    assert words in " ".join(caught.value.message_dict[field])
