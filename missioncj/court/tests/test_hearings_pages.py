"""Court calendar, docket and staffing pages: scope per persona (200 / 404) for every court-level
route, out-of-scope writes change nothing, the docket is audited, local dates decide which
docket a hearing is on, and the docket's query count does not grow with its rows."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.court.models import DocketEntry, Hearing, HearingKind, HearingStatus
from missioncj.court.services import docket_entries
from missioncj.court.services import hearings as services
from missioncj.court.tests.hearings_helpers import counts, entry_state, hearing, make_case, today
from missioncj.court.views.hearings import NOT_ADDABLE

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
SEES_NORTH = DRUG_STAFF
SEES_SOUTH = {"director", "supervisor"}


@pytest.fixture
def thursday(world, court):
    """A past Thursday status hearing with North and South on it, a staffing meeting the day
    before with North on it, and a case for each."""
    supervisor = world.user("supervisor")
    day = today(court) - dt.timedelta(days=(today(court).weekday() - 3) % 7 or 7)
    make_case(court, world.north_person, "26-CR-0101", supervisor)
    make_case(court, world.south_person, "26-CR-0202", supervisor)
    status = hearing(court, supervisor, day, dt.time(9), room="3B")
    meeting = hearing(court, supervisor, day - dt.timedelta(days=1), dt.time(14), kind="staffing")
    entries = {
        "north": docket_entries.add_to_docket(
            actor=supervisor, hearing=status, participant=world.north_person
        ),
        "south": docket_entries.add_to_docket(
            actor=supervisor, hearing=status, participant=world.south_person
        ),
        "staffing": docket_entries.add_to_docket(
            actor=supervisor, hearing=meeting, participant=world.north_person
        ),
    }
    return {"day": day, "status": status, "meeting": meeting, **entries}


def _court_urls(court, t) -> dict[str, str]:
    c = court.public_id
    return {
        "calendar": reverse("court:calendar", args=[c]),
        "docket_today": reverse("court:docket_today", args=[c]),
        "docket": reverse("court:docket", args=[c, t["day"]]),
        "staffing": reverse("court:staffing", args=[c, t["meeting"].local_date]),
        "hearing": reverse("court:hearing", args=[c, t["status"].public_id]),
    }


@pytest.mark.parametrize("username", PERSONAS)
def test_court_pages_by_persona(world, court, reentry_court, login, thursday, username):
    client = login(username)
    for name, url in _court_urls(court, thursday).items():
        response = client.get(url)
        expected = 200 if username in DRUG_STAFF else 404
        assert response.status_code == expected, f"{username} {name}"
    reentry = client.get(reverse("court:calendar", args=[reentry_court.public_id]))
    assert reentry.status_code == (200 if username == "outsider" else 404)
    north = client.get(reverse("court:result", args=[court.public_id, thursday["north"].public_id]))
    assert north.status_code == (200 if username in SEES_NORTH else 404), username
    south = client.get(reverse("court:result", args=[court.public_id, thursday["south"].public_id]))
    assert south.status_code == (200 if username in SEES_SOUTH else 404), username


@pytest.mark.parametrize("username", ["court", "evaluator", "admin", "outsider"])
def test_out_of_scope_posts_change_nothing(world, court, login, thursday, username):
    client = login(username)
    c = court.public_id
    before = (counts(), entry_state())
    posts = [
        (
            reverse("court:calendar", args=[c]),
            {
                "add": "hearing",
                "hearing-kind": "status",
                "hearing-local_date": "2026-12-10",
                "hearing-local_time": "09:00",
            },
        ),
        (
            reverse("court:calendar", args=[c]),
            {
                "add": "series",
                "series-kind": "status",
                "series-weekday": "3",
                "series-local_time": "09:00",
                "series-every_weeks": "1",
                "series-starts_on": "2026-12-01",
            },
        ),
        (
            reverse("court:docket_add", args=[c, thursday["status"].public_id]),
            {"participant": str(world.north_person.public_id)},
        ),
        (
            reverse("court:result", args=[c, thursday["north"].public_id]),
            {"appearance": "appeared"},
        ),
        (reverse("court:remove", args=[c, thursday["north"].public_id]), {}),
        (
            reverse("court:staffing", args=[c, thursday["meeting"].local_date]),
            {"entry": str(thursday["staffing"].public_id), "recommendation": "x"},
        ),
        (
            reverse("court:hearing", args=[c, thursday["status"].public_id]),
            {"action": "cancel", "reason": "x"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert (counts(), entry_state()) == before
    assert Hearing.objects.get(pk=thursday["status"].pk).status == HearingStatus.SCHEDULED


def test_team_member_cannot_configure_but_gets_the_reason(world, court, login):
    client = login("casemanager")
    before = counts()
    response = client.post(
        reverse("court:calendar", args=[court.public_id]),
        {
            "add": "hearing",
            "hearing-kind": "status",
            "hearing-local_date": "2026-12-10",
            "hearing-local_time": "09:00",
        },
    )
    assert response.status_code == 422
    assert services.CONFIGURE_ONLY in unescape(response.content.decode())
    assert counts() == before


def test_docket_shows_only_whom_the_reader_may_see_and_audits_it(world, court, login, thursday):
    url = reverse("court:docket", args=[court.public_id, thursday["day"]])
    html = login("casemanager").get(url).content.decode()
    assert "Test North" in html and "26-CR-0101" in html
    assert "Test South" not in html and "26-CR-0202" not in html
    assert "1 on this docket" in html
    event = AuditEvent.objects.filter(action="docket.read").latest("pk")
    assert event.actor == world.user("casemanager")
    assert event.after == {
        "date": str(thursday["day"]),
        "shown": [str(world.north_person.public_id)],
    }
    html = login("supervisor").get(url).content.decode()
    assert "Test North" in html and "Test South" in html and "2 on this docket" in html


def test_docket_today_redirects_a_picked_date_and_links_hearing_days(world, court, login, thursday):
    client = login("supervisor")
    url = reverse("court:docket_today", args=[court.public_id])
    response = client.get(url, {"date": "2026-12-03"})
    assert response.status_code == 302
    assert response.url == reverse("court:docket", args=[court.public_id, dt.date(2026, 12, 3)])
    page = client.get(reverse("court:docket", args=[court.public_id, thursday["day"]]))
    html = page.content.decode()
    previous = reverse("court:docket", args=[court.public_id, thursday["meeting"].local_date])
    assert f'href="{previous}" rel="prev"' in html
    assert client.get(f"/courts/{court.public_id}/docket/2026-02-30/").status_code == 404


def test_midnight_hearing_is_on_its_local_date(world, court, login):
    supervisor = world.user("supervisor")
    day = dt.date(2026, 12, 10)
    late = hearing(court, supervisor, day, dt.time(23, 30))
    docket_entries.add_to_docket(actor=supervisor, hearing=late, participant=world.north_person)
    assert late.starts_at == dt.datetime(2026, 12, 11, 4, 30, tzinfo=dt.UTC)
    # A UTC-date query would put it on the 11th; the docket uses the local date.
    assert not Hearing.objects.filter(starts_at__date=day).exists()
    client = login("supervisor")
    on_day = client.get(reverse("court:docket", args=[court.public_id, day])).content.decode()
    next_day = client.get(
        reverse("court:docket", args=[court.public_id, day + dt.timedelta(days=1)])
    ).content.decode()
    assert "23:30 · Status hearing" in on_day and "Test North" in on_day
    assert "23:30" not in next_day and "Test North" not in next_day


def test_docket_queries_do_not_grow_with_rows(world, court, login):
    supervisor = world.user("supervisor")
    day = dt.date(2026, 12, 10)
    first = hearing(court, supervisor, day, dt.time(9))
    second = hearing(court, supervisor, day, dt.time(14), kind="staffing")
    docket_entries.add_to_docket(actor=supervisor, hearing=first, participant=world.north_person)
    client = login("supervisor")
    url = reverse("court:docket", args=[court.public_id, day])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for index in range(5):
        person = make_participant(supervisor, world.drug, world.north, f"Extra{index}")
        make_case(court, person, f"26-CR-90{index}", supervisor)
        docket_entries.add_to_docket(actor=supervisor, hearing=first, participant=person)
        docket_entries.add_to_docket(actor=supervisor, hearing=second, participant=person)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count("26-CR-90") >= 10
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_add_hearing_form_asks_which_when_the_time_happens_twice(world, court, login):
    client = login("supervisor")
    url = reverse("court:calendar", args=[court.public_id])
    data = {
        "add": "hearing",
        "hearing-kind": "status",
        "hearing-local_date": "2026-11-01",
        "hearing-local_time": "01:30",
    }
    before = counts()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "This time happens twice that night: earlier (EDT) or later (EST)?" in html
    assert '<option value="1">Later (EST)</option>' in html
    assert counts() == before
    response = client.post(url, {**data, "hearing-fold": "1"})
    assert response.status_code == 302
    assert Hearing.objects.get().starts_at == dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)


def test_add_hearing_form_refuses_the_gap_next_to_the_time(world, court, login):
    response = login("supervisor").post(
        reverse("court:calendar", args=[court.public_id]),
        {
            "add": "hearing",
            "hearing-kind": "status",
            "hearing-local_date": "2026-03-08",
            "hearing-local_time": "02:30",
        },
    )
    assert response.status_code == 422
    assert "does not exist in America/New_York" in response.content.decode()
    assert not Hearing.objects.exists()


def test_series_form_lays_out_the_dates(world, court, login):
    response = login("director").post(
        reverse("court:calendar", args=[court.public_id]),
        {
            "add": "series",
            "series-kind": "status",
            "series-weekday": "3",
            "series-local_time": "09:00",
            "series-every_weeks": "1",
            "series-starts_on": "2026-12-01",
            "series-ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    days = list(Hearing.objects.values_list("local_date", flat=True))
    assert days == [dt.date(2026, 12, d) for d in (3, 10, 17, 24, 31)]


def test_add_to_docket_page_offers_only_workable_people(world, court, login, thursday):
    supervisor = world.user("supervisor")
    upcoming = hearing(court, supervisor, today(court) + dt.timedelta(days=6))
    client = login("casemanager")
    url = reverse("court:docket_add", args=[court.public_id, upcoming.public_id])
    before = (counts()["entries"], entry_state())
    response = client.post(url, {"participant": str(world.south_person.public_id)})
    assert response.status_code == 422
    assert NOT_ADDABLE in response.content.decode()
    assert (counts()["entries"], entry_state()) == before
    assert not AuditEvent.objects.filter(action="docket.add", actor__username="casemanager")
    response = client.post(url, {"participant": str(world.north_person.public_id)})
    assert response.status_code == 302
    assert upcoming.entries.get().recorded_by == world.user("casemanager")


def test_result_page_records_and_returns_to_the_docket(world, court, login, thursday):
    client = login("casemanager")
    entry = thursday["north"]
    url = reverse("court:result", args=[court.public_id, entry.public_id])
    response = client.post(url, {"appearance": ""})
    assert response.status_code == 422
    assert "Choose: appeared" in response.content.decode()
    response = client.post(url, {"appearance": "failed", "outcome": "Bench warrant held 7 days"})
    assert response.status_code == 302
    assert response.url == reverse("court:docket", args=[court.public_id, thursday["day"]])
    entry.refresh_from_db()
    assert (entry.appearance, entry.outcome) == ("failed", "Bench warrant held 7 days")
    assert AuditEvent.objects.filter(action="docket.result", actor__username="casemanager").exists()


def test_staffing_page_saves_a_recommendation_for_a_visible_entry_only(
    world, court, login, thursday
):
    client = login("casemanager")
    url = reverse("court:staffing", args=[court.public_id, thursday["meeting"].local_date])
    html = client.get(url).content.decode()
    assert "Test North" in html and "26-CR-0101" in html
    response = client.post(
        url,
        {
            "entry": str(thursday["staffing"].public_id),
            "recommendation": "Incentive: gift card",
            "staffing_note": "Found work this week",
        },
    )
    assert response.status_code == 302
    thursday["staffing"].refresh_from_db()
    assert thursday["staffing"].recommendation == "Incentive: gift card"
    before = entry_state()
    response = client.post(
        url, {"entry": str(thursday["south"].public_id), "recommendation": "Sanction"}
    )
    assert response.status_code == 404
    assert entry_state() == before


def test_hearing_page_moves_and_cancels(world, court, login):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, dt.date(2026, 12, 10))
    client = login("supervisor")
    url = reverse("court:hearing", args=[court.public_id, row.public_id])
    response = client.post(
        url, {"action": "reschedule", "local_date": "2026-12-11", "local_time": "10:15"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.local_date, row.local_time) == (dt.date(2026, 12, 11), dt.time(10, 15))
    assert login("casemanager").post(url, {"action": "cancel"}).status_code == 422
    assert client.post(url, {"action": "cancel", "reason": "Holiday"}).status_code == 302
    row.refresh_from_db()
    assert (row.status, row.note) == (HearingStatus.CANCELLED, "Holiday")


def test_participant_panel_shows_next_hearing_and_last_result(world, court, login, thursday):
    supervisor = world.user("supervisor")
    docket_entries.record_hearing_result(
        actor=supervisor,
        entry=thursday["north"],
        appearance="appeared",
        outcome="Continued",
        next_date=today(court) + dt.timedelta(days=5),
        schedule_next=True,
    )
    html = (
        login("casemanager")
        .get(reverse("participants:detail", args=[world.north_person.public_id]))
        .content.decode()
    )
    assert "Court dates" in html
    assert "Next hearing:" in html
    assert "Appeared" in html and "Continued" in html
    history = login("casemanager").get(
        reverse("court:participant_hearings", args=[world.north_person.public_id])
    )
    text = history.content.decode()
    assert "26-CR-0101" in text and "Continued" in text
    assert DocketEntry.objects.filter(participant=world.north_person).count() == 3
    assert HearingKind.STAFFING.label in text
