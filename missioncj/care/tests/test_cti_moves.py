"""Moving a CTI phase boundary: the service, the page and the API; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missioncj.care.dose import dose
from missioncj.care.models import CtiBoundaryMove
from missioncj.care.services.cti import move_cti_boundary
from missioncj.care.tests.cti_factories import api_client, counts, episode_of, post_json
from missioncj.core.models import AuditEvent
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus

# North: enrolled 5 Sep 2026, 6-month program → try-out 5 Nov, transfer 5 Jan, end 5 Mar.
TRYOUT, TRANSFER, END = dt.date(2026, 11, 5), dt.date(2027, 1, 5), dt.date(2027, 3, 5)


def move(world: Any, **overrides: Any) -> CtiBoundaryMove:
    arguments: dict[str, Any] = {
        "actor": world.user("casemanager"),
        "episode": episode_of(world.north_person),
        "boundary": 1,
        "new_date": dt.date(2026, 11, 19),
        "reason": "Still in residential treatment; transition extended two weeks.",
    }
    arguments.update(overrides)
    return move_cti_boundary(**arguments)


def test_move_shifts_only_that_boundary_and_is_audited(world):
    before = counts()
    saved = move(world)
    assert saved.moved_by == world.user("casemanager")
    phases = dose(episode_of(world.north_person)).phases
    assert [p.end for p in phases] == [dt.date(2026, 11, 19), TRANSFER, END]
    assert phases[1].start == dt.date(2026, 11, 19)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "cti.boundary_move"
    assert event.participant_public_id == world.north_person.public_id
    assert event.before == {
        "boundary": 1,
        "name": saved.get_boundary_display(),
        "date": "2026-11-05",
    }
    assert event.after is not None and event.after["date"] == "2026-11-19"
    assert "residential" in event.after["reason"]
    assert counts() == {**before, "moves": before["moves"] + 1, "audit": before["audit"] + 1}


def test_newest_move_of_a_boundary_wins(world):
    move(world, boundary=3, new_date=dt.date(2027, 4, 1))
    move(world, boundary=3, new_date=dt.date(2027, 3, 20))
    item = dose(episode_of(world.north_person))
    assert item.phases[2].end == dt.date(2027, 3, 20)
    assert item.moved == {3: dt.date(2027, 3, 20)}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"reason": "   "}, "reason", "Say why"),
        ({"reason": "x" * 301}, "reason", "300 characters"),
        ({"boundary": 4}, "boundary", "Choose which boundary"),
        ({"new_date": dt.date(2026, 9, 5)}, "new_date", "after enrollment"),
        ({"new_date": dt.date(2026, 8, 1)}, "new_date", "after enrollment"),
        ({"new_date": TRANSFER}, "new_date", "Start of transfer of care must be after"),
        ({"boundary": 2, "new_date": TRYOUT}, "new_date", "must be after start of try-out"),
        ({"boundary": 2, "new_date": END}, "new_date", "End of CTI must be after"),
        ({"boundary": 3, "new_date": dt.date(2027, 1, 1)}, "new_date", "End of CTI must be"),
        ({"new_date": TRYOUT}, "new_date", "already the date"),
    ],
)
def test_bad_moves_are_refused_and_change_nothing(world, overrides, field, words):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        move(world, **overrides)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert counts() == before


def test_order_is_checked_against_earlier_moves(world):
    move(world, boundary=2, new_date=dt.date(2026, 12, 1))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        move(world, boundary=1, new_date=dt.date(2026, 12, 1))
    assert "new_date" in caught.value.message_dict
    assert counts() == before


def test_only_staff_of_the_team_and_only_enrolled(world):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        move(world, actor=world.user("cm.south"))
    assert "episode" in caught.value.message_dict
    with pytest.raises(ValidationError):
        move(world, actor=world.user("court"))
    assert counts() == before
    people.change_status(
        actor=world.user("casemanager"),
        episode=episode_of(world.north_person),
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 11, 1),
        reason="graduated",
    )
    before = counts()
    with pytest.raises(ValidationError) as caught:
        move(world)
    assert "enrolled" in caught.value.message_dict["episode"][0]
    assert counts() == before


# --- the page -------------------------------------------------------------------------------


def move_url(world: Any, person: Any = None) -> str:
    person = person or world.north_person
    episode = episode_of(person)
    return reverse(
        "care:cti_move", kwargs={"public_id": person.public_id, "episode_id": episode.public_id}
    )


def test_page_shows_phases_and_moves(world, login):
    client = login("casemanager")
    response = client.get(move_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Move a phase date" in html and "Transfer of care" in html
    assert "5 Nov 2026" in html  # try-out starts
    response = client.post(
        move_url(world),
        {"boundary": "2", "new_date": "2027-01-19", "reason": "Court asked for more support"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "participants:detail", args=[world.north_person.public_id]
    )
    assert CtiBoundaryMove.objects.get().new_date == dt.date(2027, 1, 19)


def test_page_bad_input_is_422_with_the_message(world, login):
    client = login("casemanager")
    before = counts()
    response = client.post(
        move_url(world), {"boundary": "1", "new_date": "2027-02-01", "reason": "typo"}
    )
    assert response.status_code == 422
    assert "Start of transfer of care must be after" in response.content.decode()
    response = client.post(move_url(world), {"boundary": "1", "new_date": "2026-11-20"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert counts() == before


def test_participant_page_panel(world, login):
    html = (
        login("casemanager")
        .get(reverse("participants:detail", args=[world.north_person.public_id]))
        .content.decode()
    )
    assert "CTI phase and dose" in html
    assert "Phase 2 of 3: Try-out" in html or "Phase 3 of 3" in html or "Phase 1 of 3" in html
    assert "DRT 0/13" in html and "Peer 0/11" in html and "Prosocial 0/10" in html
    assert "Collateral contacts: 0" in html
    assert move_url(world) in html
    assert "<progress" in html


# --- the API --------------------------------------------------------------------------------


def moves_url(person: Any) -> str:
    return f"/api/v1/participants/{person.public_id}/cti/moves"


def test_api_move_and_read(world):
    client = api_client(world.user("casemanager"))
    response = post_json(
        client,
        moves_url(world.north_person),
        {"boundary": 1, "new_date": "2026-11-12", "reason": "Hospital stay"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phases"][0]["end"] == "2026-11-12"
    assert body["moved_boundaries"] == {"1": "2026-11-12"}
    cti = client.get(f"/api/v1/participants/{world.north_person.public_id}/cti").json()
    assert cti[0]["phases"][1]["start"] == "2026-11-12"
    assert cti[0]["episode"] == str(episode_of(world.north_person).public_id)
    assert AuditEvent.objects.filter(action="api.cti.read").count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"boundary": 1, "new_date": "2027-02-01", "reason": "out of order"},
        {"boundary": 5, "new_date": "2026-11-12", "reason": "no such boundary"},
        {"boundary": 1, "new_date": "not a date", "reason": "bad date"},
        {"boundary": 1, "new_date": "2026-11-12", "reason": ""},
        {"boundary": 1, "new_date": "2026-11-12", "reason": "   "},
        {"boundary": 1, "new_date": "2026-11-12"},
        {
            "boundary": 1,
            "new_date": "2026-11-12",
            "reason": "other episode",
            "episode": "00000000-0000-0000-0000-000000000000",
        },
    ],
)
def test_api_bad_move_is_422_and_saves_nothing(world, payload):
    client = api_client(world.user("casemanager"))
    before = counts()
    response = post_json(client, moves_url(world.north_person), payload)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert counts() == before


def test_api_out_of_scope_is_404(world):
    client = api_client(world.user("casemanager"))
    before = counts()
    response = post_json(
        client,
        moves_url(world.south_person),
        {"boundary": 1, "new_date": "2026-11-12", "reason": "not mine"},
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/participants/{world.south_person.public_id}/cti").status_code == 404
    assert counts() == before
