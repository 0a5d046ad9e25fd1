"""The caseload's CTI phase, dose and alert columns: right values, constant queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missioncj.care.models import AttendanceStatus, CurriculumKind
from missioncj.care.services.cti import move_cti_boundary
from missioncj.care.tests.cti_factories import attend, contact, curriculum, episode_of, group
from missioncj.conftest import make_participant


def row_html(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    return html[start : html.index("</tr>", start)]


def test_caseload_shows_phase_dose_and_alerts(world, login):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    drt = curriculum(world.drug, CurriculumKind.DRT)
    for number in (1, 2, 3, 4):
        attend(
            group(drt, number, dt.datetime(2026, 10, number, 15, tzinfo=dt.UTC), cm),
            episode,
            AttendanceStatus.PRESENT,
        )
    html = login("casemanager").get(reverse("care:caseload")).content.decode()
    row = row_html(html, "Test North")
    assert "DRT 4/13 · Peer 0/11" in row
    assert "day" in row and "left" in row  # e.g. "Try-out · 39 days left"
    assert "1 alert" in row  # no CTI contact since 10 Sep
    assert "Work queue (1)" in html
    assert 'data-label="CTI phase"' in row


def test_a_program_wide_caseload_counts_the_alerts_of_its_rows_only(world, login, monkeypatch):
    # Past WHOLE_QUEUE_UP_TO open episodes the caseload does not work out the whole queue:
    # the rows still show their own alerts, the button shows no number.
    from missioncj.care import alerts

    def whole_queue(*args, **kwargs):
        raise AssertionError("the whole work queue was worked out")

    monkeypatch.setattr(alerts, "WHOLE_QUEUE_UP_TO", 0)
    monkeypatch.setattr(alerts, "alerts_for_user", whole_queue)
    html = login("supervisor").get(reverse("care:caseload")).content.decode()
    assert "1 alert" in row_html(html, "Test North")  # no CTI contact since 10 Sep
    assert ">Work queue</a>" in html
    assert "Work queue (" not in html


def test_caseload_alerts_clear_when_a_contact_is_logged(world, login):
    contact(
        world.user("casemanager"),
        episode_of(world.north_person),
        timezone.now() - dt.timedelta(hours=2),
    )
    html = login("casemanager").get(reverse("care:caseload")).content.decode()
    row = row_html(html, "Test North")
    assert "alert" not in row.split('data-label="Alerts"')[1].split("</td>")[0]
    assert "Work queue (0)" in html


def test_caseload_phase_follows_a_moved_boundary(world, login):
    episode = episode_of(world.north_person)
    today = timezone.now().astimezone(world.drug.zone).date()
    # Push the end of try-out (start of transfer) to ten days from today.
    move_cti_boundary(
        actor=world.user("casemanager"),
        episode=episode,
        boundary=2,
        new_date=today + dt.timedelta(days=10),
        reason="test",
    )
    move_cti_boundary(
        actor=world.user("casemanager"),
        episode=episode,
        boundary=1,
        new_date=today - dt.timedelta(days=3),
        reason="test",
    )
    row = row_html(
        login("casemanager").get(reverse("care:caseload")).content.decode(), "Test North"
    )
    assert "Try-out · 10 days left" in row


def test_caseload_queries_do_not_grow_with_participants(world, login):
    cm = world.user("casemanager")
    drt = curriculum(world.drug, CurriculumKind.DRT)
    client = login("casemanager")

    made: list[object] = []

    def add(n: int) -> None:
        for i in range(n):
            person = make_participant(cm, world.drug, world.north, f"Many{len(made)}")
            made.append(person)
            episode = episode_of(person)
            status = AttendanceStatus.ABSENT if i % 2 else AttendanceStatus.PRESENT
            attend(group(drt, 1, dt.datetime(2026, 10, 1, 15, tzinfo=dt.UTC), cm), episode, status)
            if i % 3 == 0:
                move_cti_boundary(
                    actor=cm,
                    episode=episode,
                    boundary=3,
                    new_date=dt.date(2027, 3, 20),
                    reason="test",
                )

    def measure() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("care:caseload"))
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    add(4)  # with North: 5 people
    five, html = measure()
    assert html.count('data-label="CTI phase"') == 5
    add(20)  # 25 people
    twenty_five, html = measure()
    assert html.count('data-label="CTI phase"') == 25
    assert html.count("DRT 1/13") == 12  # North has none; every second new one was present
    assert five == twenty_five, (five, twenty_five)


def test_safety_plan_link_when_the_route_exists(world, login):
    from django.urls import NoReverseMatch

    html = login("casemanager").get(reverse("care:caseload")).content.decode()
    try:
        url = reverse("care:safety_plan", args=[world.north_person.public_id])
    except NoReverseMatch:
        assert "Safety plan" not in html
    else:
        assert f'href="{url}"' in html


def test_caseload_puts_the_longest_without_contact_first_with_its_figures(world, login):
    import csv
    import io

    cm = world.user("casemanager")
    alpha = make_participant(cm, world.drug, world.north, "Alpha")
    now = timezone.now()
    for days in (40, 2):
        contact(cm, episode_of(alpha), now - dt.timedelta(days=days))
    contact(cm, episode_of(alpha), now - dt.timedelta(hours=1), sign=False)  # a draft counts
    client = login("casemanager")
    html = client.get(reverse("care:caseload")).content.decode()
    # North's only contact is from September: longest without contact, first.
    assert html.index(">Test North</a>") < html.index(">Test Alpha</a>")
    response = client.get(reverse("care:caseload"), {"format": "csv"})
    rows = {
        row["Name"]: row
        for row in csv.DictReader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    }
    assert rows["Test Alpha"]["Contacts (30 days)"] == "2"
    assert rows["Test North"]["Contacts (30 days)"] == "0"
    assert rows["Test North"]["Last contact"].startswith("2026-09-10")
    newest = (now - dt.timedelta(hours=1)).astimezone(dt.UTC)
    assert rows["Test Alpha"]["Last contact"][:10] in {
        newest.date().isoformat(),
        newest.astimezone(world.drug.zone).date().isoformat(),
    }


def test_the_caseload_dose_is_the_full_dose_without_the_contact_history(world):
    from missioncj.care.dose import doses, phases_and_sessions
    from missioncj.participants.models import Episode

    cm = world.user("casemanager")
    drt = curriculum(world.drug, CurriculumKind.DRT)
    for n, last in enumerate(["Moved", "Plain", "Attended"]):
        episode = episode_of(make_participant(cm, world.drug, world.north, last))
        if last == "Moved":
            move_cti_boundary(
                actor=cm, episode=episode, boundary=1, new_date=dt.date(2026, 9, 20), reason="x"
            )
        if last == "Attended":
            for number in (1, 2):
                attend(
                    group(drt, number, dt.datetime(2026, 10, 5 + n, 15, tzinfo=dt.UTC), cm),
                    episode,
                    AttendanceStatus.PRESENT,
                )
        contact(cm, episode, timezone.now() - dt.timedelta(days=n + 1))
    episodes = list(Episode.objects.select_related("program", "participant"))
    full, light = doses(episodes), phases_and_sessions(episodes)
    assert set(full) == set(light) and len(light) >= 4
    for pk, item in full.items():
        assert (light[pk].current, light[pk].days_left) == (item.current, item.days_left)
        assert [s.text for s in (light[pk].drt, light[pk].peer, light[pk].prosocial)] == [
            s.text for s in item.session_list
        ]
    assert {light[pk].drt.text for pk in light} >= {"2/13", "0/13"}
    assert any(light[pk].current is not None for pk in light)
