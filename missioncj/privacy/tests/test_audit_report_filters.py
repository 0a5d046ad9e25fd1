"""The audit report's filters: period (month in the reader's time zone, from/to days, the
default last month), participant, staff member, kind and action; bad values get a message next
to their field (page) or a 422 naming them (API), and nothing is read or recorded."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from missioncj.core.models import AuditEvent, AuditKind
from missioncj.participants.tests.test_access_matrix import api_client
from missioncj.privacy.audit_report.filters import month_before, month_end
from missioncj.privacy.tests.audit_helpers import API, URL, api_events, write_events

# 1 Oct 03:30 UTC is still 30 Sep in New York (the director's zone); the admin reads UTC.
EDGE = dt.datetime(2026, 10, 1, 3, 30, tzinfo=dt.UTC)


@pytest.fixture
def edge_event(world):
    [event] = write_events(EDGE, 1, actor=world.user("casemanager"), participant=world.north_person)
    return event


def hashes(rows):
    return {r["event"] for r in rows}


def test_month_is_read_in_the_readers_time_zone(world, edge_event):
    director, admin = world.user("director"), world.user("admin")
    assert edge_event.hash in hashes(api_events(director, month="2026-09"))
    assert edge_event.hash not in hashes(api_events(director, month="2026-10"))
    assert edge_event.hash in hashes(api_events(admin, month="2026-10"))
    assert edge_event.hash not in hashes(api_events(admin, month="2026-09"))
    [row] = [r for r in api_events(director, month="2026-09") if r["event"] == edge_event.hash]
    assert row["occurred_at"].startswith("2026-09-30T23:30:00")


def test_days_from_and_to_include_both_ends(world, edge_event):
    director = world.user("director")
    assert edge_event.hash in hashes(
        api_events(director, **{"from": "2026-09-30", "to": "2026-09-30"})
    )
    assert edge_event.hash not in hashes(api_events(director, **{"from": "2026-10-01"}))
    assert edge_event.hash not in hashes(api_events(director, **{"to": "2026-09-29"}))


def test_the_chosen_kind_of_period_wins(world, edge_event, login):
    director = world.user("director")
    days = {"period": "days", "month": "2026-10", "from": "2026-09-30", "to": "2026-09-30"}
    assert [r["event"] for r in api_events(director, **days)] == [edge_event.hash]
    month = {**days, "period": "month"}
    assert edge_event.hash not in hashes(api_events(director, **month))
    html = login("director").get(URL, {"period": "days", "from": "2026-09-30"}).content.decode()
    assert 'id="period-days" checked' in html and 'value="2026-09-30"' in html


def test_default_period_is_from_this_day_last_month_to_today(world, login):
    body = api_client(world.user("director")).get(API).json()
    today = timezone.localtime(timezone.now(), ZoneInfo("America/New_York")).date()
    assert body["end"] == today.isoformat()
    assert body["start"] == month_before(today).isoformat()
    assert body["time_zone"] == "America/New_York"
    html = login("director").get(URL).content.decode()  # the default period is filled in
    assert f'value="{body["start"]}"' in html and f'value="{body["end"]}"' in html


def test_month_arithmetic():
    assert month_before(dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert month_before(dt.date(2024, 3, 30)) == dt.date(2024, 2, 29)
    assert month_before(dt.date(2026, 1, 15)) == dt.date(2025, 12, 15)
    assert month_end(dt.date(2026, 12, 1)) == dt.date(2026, 12, 31)
    assert month_end(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)


def test_participant_staff_kind_and_action_filters(world):
    now = timezone.now()
    north, south = world.north_person, world.south_person
    write_events(now, 2, actor=world.user("casemanager"), participant=north, action="contact.read")
    write_events(now, 3, actor=world.user("cm.south"), participant=south, action="contact.readall")
    write_events(
        now, 1, actor=world.user("peer"), participant=south, action="contact.sign", kind="sign"
    )
    director = world.user("director")
    rows = api_events(director, participant=str(north.public_id))
    assert rows and {r["participant"] for r in rows} == {str(north.public_id)}
    rows = api_events(director, actor="cm.south")
    assert rows and {r["actor"] for r in rows} == {"cm.south"}
    assert {r["participant"] for r in rows} == {str(south.public_id)}
    rows = api_events(director, kind="sign")
    assert rows and {r["kind"] for r in rows} == {"sign"}
    # An action is matched exactly or as a dotted family, never as a bare prefix.
    assert [r["action"] for r in api_events(director, action="contact.read")] == [
        "contact.read"
    ] * 2
    family = {r["action"] for r in api_events(director, action="contact")}
    assert {"contact.read", "contact.readall", "contact.sign"} <= family
    assert all(a.startswith("contact.") for a in family)
    assert api_events(director, action="contac") == []
    # Filters combine.
    rows = api_events(director, actor="peer", participant=str(south.public_id), kind="sign")
    assert [r["action"] for r in rows] == ["contact.sign"]


def test_page_shows_the_filtered_rows_and_keeps_the_filters_in_its_links(world, login):
    write_events(timezone.now(), 3, actor=world.user("peer"), participant=world.north_person)
    html = login("supervisor").get(URL, {"actor": "peer", "action": "test.event"}).content.decode()
    assert html.count("data-event=") == 3
    assert "actor=peer" in html and "action=test.event" in html and "format=csv" in html
    assert 'value="peer"' in html


BAD = [
    ({"month": "2026-13"}, "month", "Enter a month as YYYY-MM"),
    ({"period": "month"}, "month", "Choose a month."),
    ({"period": "weekly"}, "period", "Select a valid choice"),
    ({"month": "October"}, "month", "Enter a month as YYYY-MM"),
    ({"from": "yesterday"}, "from", "Enter a valid date"),
    ({"from": "2026-11-05", "to": "2026-11-01"}, "to", "must not be before its start"),
    ({"actor": "nobody"}, "actor", "No user is named “nobody”."),
    ({"participant": "12345"}, "participant", "Enter a participant id"),
    ({"kind": "peek"}, "kind", "Select a valid choice"),
    ({"action": "Contact read!"}, "action", "An action is a dotted name"),
    ({"order": "sideways"}, "order", "Select a valid choice"),
    ({"after": "zzz"}, "after", "page link is damaged"),
    ({"before": "a" * 64}, "before", "page link is damaged"),
]


@pytest.mark.parametrize(
    ("query", "field", "message"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)]
)
def test_bad_values_get_a_clear_message_and_change_nothing(world, login, query, field, message):
    client = login("director")
    api = api_client(world.user("director"))
    before = AuditEvent.objects.count()
    response = client.get(URL, query)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert re.search(r'class="field-errors"', html)
    response = api.get(API, query)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(d["loc"][-1] == field and message in d["msg"] for d in detail), detail
    assert AuditEvent.objects.count() == before


def test_every_bad_value_is_named_at_once(world, login):
    query = {"month": "2026-13", "actor": "nobody", "participant": str(uuid.uuid4())}
    response = api_client(world.user("director")).get(API, query)
    assert {d["loc"][-1] for d in response.json()["detail"]} == {"month", "actor", "participant"}


def test_a_participant_outside_the_program_is_no_one_to_the_director(world):
    reentry = str(world.reentry_person.public_id)
    response = api_client(world.user("director")).get(API, {"participant": reentry})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "No participant of your programs has this id."
    unknown = api_client(world.user("director")).get(API, {"participant": str(uuid.uuid4())})
    assert unknown.json()["detail"] == response.json()["detail"]  # no existence leak
    # The administrator may filter by anyone's id.
    assert api_events(world.user("admin"), participant=reentry)


def test_api_limit_is_checked(world):
    api = api_client(world.user("admin"))
    for bad in ("0", "501", "ten"):
        response = api.get(API, {"limit": bad})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "limit"
    assert len(api.get(API, {"limit": "2"}).json()["items"]) == 2


def test_kind_filter_offers_every_kind(world, login):
    html = login("director").get(URL).content.decode()
    for value, _label in AuditKind.choices:
        assert f'<option value="{value}"' in html
