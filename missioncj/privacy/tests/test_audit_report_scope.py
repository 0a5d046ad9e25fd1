"""The audit report: who reads it and what of it. Directors and supervisors see their
program's people and staff, names and contents only through the read choke point; the system
administrator sees every event by participant id, never a name or contents; everyone else gets
a 404 and nothing is recorded. Every reading is itself an audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from missioncj.core.models import AuditEvent, AuditKind
from missioncj.interop.models import ExportRecord
from missioncj.participants.services import open_episode
from missioncj.participants.tests.test_access_matrix import api_client
from missioncj.privacy.services.restricted import restrict_participant
from missioncj.privacy.tests.audit_helpers import (
    API,
    NOT_READERS,
    READERS,
    URL,
    api_events,
    expected_hashes,
    write_events,
)

MARKER = "CONTENT-MARKER-7731"


def _period() -> tuple[dt.datetime, dt.datetime, dict[str, str]]:
    """A wide period round today, so the world's own events are all in it."""
    today = timezone.now().date()
    start, end = today - dt.timedelta(days=3), today + dt.timedelta(days=1)
    low = dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC) - dt.timedelta(hours=14)
    high = dt.datetime.combine(end, dt.time.max, tzinfo=dt.UTC) + dt.timedelta(hours=14)
    return low, high, {"from": start.isoformat(), "to": end.isoformat()}


@pytest.fixture
def marked(world):
    """An event with contents about each participant, by their own team."""
    now = timezone.now()
    for user, person in [
        ("casemanager", world.north_person),
        ("cm.south", world.south_person),
        ("outsider", world.reentry_person),
    ]:
        write_events(
            now,
            1,
            actor=world.user(user),
            participant=person,
            action="participant.update",
            kind=AuditKind.UPDATE,
            after={"note": f"{MARKER} {person.last_name}"},
        )


@pytest.mark.parametrize("username", READERS)
def test_each_reader_sees_exactly_their_events(world, marked, username):
    user = world.user(username)
    low, high, query = _period()
    # The token for the API call is issued (and audited) before the oracle looks.
    client = api_client(user)
    expected = expected_hashes(world, username, low, high)
    body = client.get(API, {**query, "limit": "500"}).json()
    assert {row["event"] for row in body["items"]} == expected
    assert len(expected) > 10
    if username == "admin":
        assert any(
            row["participant"] == str(world.reentry_person.public_id) for row in body["items"]
        )


@pytest.mark.parametrize("username", NOT_READERS)
def test_everyone_else_gets_a_404_and_nothing_is_recorded(world, login, username):
    client = login(username)
    api = api_client(world.user(username))
    before = AuditEvent.objects.count()
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"format": "csv"}).status_code == 404
    assert client.get(URL, {"participant": str(world.north_person.public_id)}).status_code == 404
    assert api.get(API).status_code == 404
    assert AuditEvent.objects.count() == before
    assert not ExportRecord.objects.exists()


def test_signed_out_is_sent_to_sign_in_and_api_needs_a_token(world, client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(API).status_code == 401


def test_director_sees_names_and_contents_of_their_programs_people(world, login, marked):
    html = login("director").get(URL).content.decode()
    assert "Test North" in html and "Test South" in html
    assert f"{MARKER} North" in html and f"{MARKER} South" in html
    assert "Test Reentry" not in html and f"{MARKER} Reentry" not in html
    assert str(world.reentry_person.public_id) not in html
    rows = api_events(world.user("supervisor"))
    north = [r for r in rows if r["participant"] == str(world.north_person.public_id)]
    assert north and all(r["participant_name"] == "Test North" for r in north)
    assert all(r["participant_state"] == "named" and r["contents"] for r in north)
    assert any(r["after"] == {"note": f"{MARKER} North"} for r in north)


def test_admin_sees_ids_only_never_names_or_contents(world, login, marked):
    client = login("admin")
    html = client.get(URL).content.decode()
    csv_text = b"".join(client.get(URL, {"format": "csv"}).streaming_content).decode()
    rows = api_events(world.user("admin"))
    api_text = str(rows)
    for text in (html, csv_text, api_text):
        for person in (world.north_person, world.south_person, world.reentry_person):
            assert person.display_name not in text  # no name
            assert str(person.public_id) in text  # ids are shown
        assert MARKER not in text
    assert all(r["before"] is None and r["after"] is None and not r["contents"] for r in rows)
    assert {r["participant_state"] for r in rows} <= {"id", "none"}
    assert "not shown" in html
    record = ExportRecord.objects.get()
    assert record.identified is False and record.participant_count == 3


def test_staff_event_about_someone_outside_the_program_shows_neither_name_nor_id(world, login):
    reentry = world.reentry_person
    [event] = write_events(
        timezone.now(),
        1,
        actor=world.user("casemanager"),
        participant=reentry,
        action="participant.read",
        after={"note": MARKER},
    )
    rows = api_events(world.user("director"))
    [row] = [r for r in rows if r["event"] == event.hash]
    assert row["participant"] is None and row["participant_state"] == "outside"
    assert row["subject_id"] == "" and row["after"] is None and not row["contents"]
    html = login("director").get(URL).content.decode()
    assert event.hash in html and "outside your programs" in html
    assert str(reentry.public_id) not in html and MARKER not in html


def test_reentry_staff_on_a_shared_participant_are_seen_with_contents(world):
    # The outsider opens a re-entry episode for North: an event about the director's person.
    open_episode(
        actor=world.user("outsider"),
        participant=world.north_person,
        program=world.reentry,
        team=world.reentry_team,
        referral_date=dt.date(2026, 10, 1),
    )
    rows = api_events(world.user("director"))
    by_outsider = [r for r in rows if r["actor"] == "outsider"]
    assert by_outsider and all(r["participant_name"] == "Test North" for r in by_outsider)
    assert any(r["contents"] and r["after"] for r in by_outsider)


def test_restricted_record_is_masked_for_the_director(world, login, marked):
    restrict_participant(
        actor=world.user("director"),
        participant=world.south_person,
        reason="Relative of a staff member",
    )
    south = str(world.south_person.public_id)
    rows = api_events(world.user("director"))
    about_south = [r for r in rows if r["participant"] == south]
    assert about_south
    for row in about_south:
        assert row["participant_state"] == "restricted"
        assert row["participant_name"] == "Restricted record"
        assert row["after"] is None and not row["contents"]
    client = login("director")
    html = client.get(URL).content.decode()
    assert "Test South" not in html and f"{MARKER} South" not in html
    assert "Restricted record" in html and f"{MARKER} North" in html
    # The director may still ask who touched the restricted record: masked rows only.
    html = client.get(URL, {"participant": south}).content.decode()
    assert "a restricted record" in html and "Test South" not in html
    assert f"{MARKER} South" not in html


@pytest.mark.parametrize("fmt", ["page", "csv", "xlsx", "api"])
def test_every_reading_is_audited(world, login, fmt):
    north = world.north_person
    query = {"participant": str(north.public_id), "kind": "read"}
    if fmt == "api":
        response = api_client(world.user("director")).get(API, query)
        action = "api.audit.report"
    else:
        response = login("director").get(
            URL, {**query, **({"format": fmt} if fmt != "page" else {})}
        )
        action = "audit.report" if fmt == "page" else f"audit.report.{fmt}"
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=action).get()
    assert event.kind == AuditKind.READ and event.actor == world.user("director")
    assert event.participant_public_id == north.public_id  # so it shows in North's own report
    assert event.after is not None
    assert event.after["asked"]["participant"] == str(north.public_id)
    assert event.after["asked"]["kind"] == "read"
    if fmt in ("page", "api"):
        assert event.after["events"] >= 0 and isinstance(event.after["named"], list)
    # Reading the report about North is now itself in North's report.
    rows = api_events(world.user("supervisor"), participant=str(north.public_id))
    assert event.hash in {r["event"] for r in rows}


def test_page_read_names_the_people_shown(world, login, marked):
    login("director").get(URL, {"action": "participant.update"})
    event = AuditEvent.objects.get(action="audit.report")
    assert event.after is not None
    assert set(event.after["named"]) == {
        str(world.north_person.public_id),
        str(world.south_person.public_id),
    }
    assert event.after["events"] == 2


def test_participant_page_links_to_who_has_seen_the_record(world, login):
    north = world.north_person
    detail = reverse("participants:detail", args=[north.public_id])
    link = f"{URL}?participant={north.public_id}"
    for username in ("director", "supervisor"):
        html = login(username).get(detail).content.decode()
        assert "Who has seen this record" in html and link in html
    for username in ("casemanager", "peer", "clinician"):
        html = login(username).get(detail).content.decode()
        assert "Who has seen this record" not in html and link not in html


def test_navigation_offers_the_report_to_its_readers_only(world, login):
    for username in (*READERS, *NOT_READERS):
        html = login(username).get(reverse("care:caseload"), follow=True).content.decode()
        assert (f'href="{URL}"' in html) == (username in READERS), username
