"""Adding someone to a docket: the docket offers a name search (an htmx box, or a page of its own
without JavaScript) returning at most ten people the reader may add, and the add takes the
picked person's public id and checks it against the same rule."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.court.models import DocketEntry
from missioncj.court.services import docket_entries
from missioncj.court.tests.hearings_helpers import counts, entry_state, hearing, today
from missioncj.court.views.hearings import NOT_ADDABLE
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus

HTMX = {"HX-Request": "true"}


@pytest.fixture
def upcoming(world, court):
    """An empty status hearing next week."""
    return hearing(court, world.user("supervisor"), today(court) + dt.timedelta(days=6))


def lookup_url(court, h) -> str:
    return reverse("court:docket_lookup", args=[court.public_id, h.public_id])


def add_url(court, h) -> str:
    return reverse("court:docket_add", args=[court.public_id, h.public_id])


def names(response) -> list[str]:
    """The people offered, as "Last, First", in order."""
    html = response.content.decode()
    return [part.split("</strong>")[0] for part in html.split("<strong>")[1:]]


def test_docket_page_offers_a_search_not_a_list_of_everyone(world, court, login, upcoming):
    html = (
        login("supervisor")
        .get(reverse("court:docket", args=[court.public_id, upcoming.local_date]))
        .content.decode()
    )
    assert f'action="{lookup_url(court, upcoming)}"' in html
    assert 'name="q"' in html
    assert "<select" not in html.split('class="add-docket')[1]
    # Nobody is on the docket, so no participant's name is on the page.
    assert "North" not in html and "South" not in html


def test_lookup_offers_only_people_the_reader_may_add(world, court, login, upcoming):
    supervisor = world.user("supervisor")
    docket_entries.add_to_docket(actor=supervisor, hearing=upcoming, participant=world.north_person)
    gone = make_participant(world.user("casemanager"), world.drug, world.north, "Gone")
    people.change_status(
        actor=supervisor,
        episode=gone.episodes.get(),
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 10, 1),
        reason="withdrew",
    )
    make_participant(world.user("casemanager"), world.drug, world.north, "Northcott")
    # On the docket already (North), discharged (Gone), another program (Reentry): not offered.
    assert names(login("supervisor").get(lookup_url(court, upcoming), {"q": "test"})) == [
        "Northcott, Test",
        "South, Test",
    ]
    # The case manager works Team North only.
    assert names(login("casemanager").get(lookup_url(court, upcoming), {"q": "Test"})) == [
        "Northcott, Test"
    ]
    # Each word must match a name or an identifier (the participant search's rule).
    assert names(login("supervisor").get(lookup_url(court, upcoming), {"q": "test sou"})) == [
        "South, Test"
    ]


def test_lookup_records_who_was_shown(world, court, login, upcoming):
    login("supervisor").get(lookup_url(court, upcoming), {"q": "South"})
    event = AuditEvent.objects.get(action="docket.search")
    assert event.kind == AuditKind.SEARCH
    assert event.after == {"query": "South", "shown": [str(world.south_person.public_id)]}


def test_lookup_shows_ten_and_says_there_are_more_in_constant_queries(
    world, court, login, upcoming
):
    client = login("supervisor")
    make_participant(world.user("casemanager"), world.drug, world.north, "Many00")
    with CaptureQueriesContext(connection) as few:
        client.get(lookup_url(court, upcoming), {"q": "many"})
    for n in range(1, 12):
        make_participant(world.user("casemanager"), world.drug, world.north, f"Many{n:02d}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(lookup_url(court, upcoming), {"q": "many"})
    assert names(response) == [f"Many{n:02d}, Test" for n in range(10)]
    assert "More people match “many”: type more of the name." in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_lookup_without_javascript_is_a_page_and_with_htmx_a_fragment(
    world, court, login, upcoming
):
    client = login("supervisor")
    page = client.get(lookup_url(court, upcoming), {"q": "South"})
    assert page.status_code == 200
    assert "<html" in page.content.decode() and "Add to the docket" in page.content.decode()
    fragment = client.get(lookup_url(court, upcoming), {"q": "South"}, headers=HTMX)
    html = fragment.content.decode()
    assert "<html" not in html
    assert f'action="{add_url(court, upcoming)}"' in html
    assert f'value="{world.south_person.public_id}"' in html
    nobody = client.get(lookup_url(court, upcoming), {"q": "Zzz"}, headers=HTMX)
    assert "Nobody you may add to this docket matches “Zzz”." in nobody.content.decode()
    assert client.get(lookup_url(court, upcoming), {"q": "  "}, headers=HTMX).content == b""


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type part of a name to find someone to add."),
        ("x" * 101, "Type at most 100 characters of the name."),
    ],
)
def test_lookup_bad_input_says_why_and_records_nothing(world, court, login, upcoming, q, message):
    client = login("supervisor")
    before = counts()
    response = client.get(lookup_url(court, upcoming), {"q": q})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert counts() == before


def test_outside_the_program_finds_nobody(world, court, login, upcoming):
    assert login("outsider").get(lookup_url(court, upcoming), {"q": "Test"}).status_code == 404
    assert login("evaluator").get(lookup_url(court, upcoming), {"q": "Test"}).status_code == 404
    assert login("court").get(lookup_url(court, upcoming), {"q": "Test"}).status_code == 404
    # In the program but on the other team: North is not theirs to find.
    response = login("cm.south").get(lookup_url(court, upcoming), {"q": "North"})
    assert response.status_code == 200
    assert names(response) == []
    assert "Nobody you may add to this docket matches “North”." in response.content.decode()
    assert names(login("supervisor").get(lookup_url(court, upcoming), {"q": "Reentry"})) == []


def test_cancelled_hearing_has_no_lookup(world, court, login, upcoming):
    from missioncj.court.services import hearings as services

    services.cancel_hearing(actor=world.user("supervisor"), hearing=upcoming, reason="Judge away")
    assert login("supervisor").get(lookup_url(court, upcoming), {"q": "Test"}).status_code == 404


@pytest.mark.parametrize(
    ("who", "posted", "message"),
    [
        ("casemanager", {}, "Choose a participant to add."),
        ("casemanager", {"participant": "not-an-id"}, "Choose a participant from the search"),
        ("casemanager", {"participant": str(uuid.uuid4())}, NOT_ADDABLE),
        ("casemanager", "south", NOT_ADDABLE),
        ("supervisor", "reentry", NOT_ADDABLE),
    ],
)
def test_add_refuses_anyone_not_addable_and_changes_nothing(
    world, court, login, upcoming, who, posted, message
):
    if isinstance(posted, str):
        person = getattr(world, f"{posted}_person")
        posted = {"participant": str(person.public_id)}
    client = login(who)
    before = (counts()["entries"], entry_state())
    response = client.post(add_url(court, upcoming), posted)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert (counts()["entries"], entry_state()) == before
    # The docket shown again is read (and audited as such); nothing was added.
    assert not AuditEvent.objects.filter(action="docket.add")


def test_add_puts_the_picked_person_on_the_docket(world, court, login, upcoming):
    client = login("casemanager")
    response = client.post(
        add_url(court, upcoming), {"participant": str(world.north_person.public_id)}
    )
    assert response.status_code == 302
    entry = DocketEntry.objects.get(hearing=upcoming)
    assert (entry.participant, entry.recorded_by) == (world.north_person, world.user("casemanager"))
    # Twice is refused with the service's reason.
    again = client.post(
        add_url(court, upcoming), {"participant": str(world.north_person.public_id)}
    )
    assert again.status_code == 422
    assert "Test North is already on this docket." in again.content.decode()
    assert DocketEntry.objects.filter(hearing=upcoming).count() == 1


def test_docket_rows_link_and_date_each_entry(world, court, login):
    """The row's links and dates (made once per page, not per row in the template)."""
    supervisor = world.user("supervisor")
    earlier_day = today(court) - dt.timedelta(days=14)
    earlier = hearing(court, supervisor, earlier_day)
    first = docket_entries.add_to_docket(
        actor=supervisor, hearing=earlier, participant=world.north_person
    )
    docket_entries.record_hearing_result(
        actor=supervisor,
        entry=first,
        appearance="appeared",
        next_date=today(court) - dt.timedelta(days=7),
    )
    later = hearing(court, supervisor, today(court) - dt.timedelta(days=7))
    entry = docket_entries.add_to_docket(
        actor=supervisor, hearing=later, participant=world.north_person
    )
    html = (
        login("supervisor")
        .get(reverse("court:docket", args=[court.public_id, later.local_date]))
        .content.decode()
    )
    person = world.north_person.public_id
    assert f'href="{reverse("participants:detail", args=[person])}"' in html
    assert f'href="{reverse("court:participant_hearings", args=[person])}"' in html
    assert f'href="{reverse("court:result", args=[court.public_id, entry.public_id])}"' in html
    assert f'action="{reverse("court:remove", args=[court.public_id, entry.public_id])}"' in html
    assert f"{earlier_day.day} {earlier_day:%b} · " in html  # last appearance
    html = (
        login("supervisor")
        .get(reverse("court:docket", args=[court.public_id, earlier_day]))
        .content.decode()
    )
    next_day = later.local_date
    assert f" · next {next_day.day} {next_day:%b %Y}" in html
