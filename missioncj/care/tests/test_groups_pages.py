"""Group pages: record once, every member's page shows it, scope per viewer, make-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from missioncj.care.models import Attendance, GroupSession
from missioncj.care.tests.test_groups_sessions import (
    WHEN,
    counts,
    drt,
    episode,
    record,
    second_north,
)
from missioncj.conftest import World
from missioncj.participants.models import Participant


def group_post(world: World, members: dict[Participant, tuple[str, str]], **extra: Any) -> dict:
    data: dict[str, Any] = {
        "curriculum": str(drt(world.drug).public_id),
        "session_number": "4",
        "occurred_at": "2026-10-06T18:00",
        "duration_minutes": "90",
        "location": "Courthouse room 2",
        "facilitators": ["casemanager", "peer"],
        "note": "Urge surfing practice.",
    }
    for person, (status, note) in members.items():
        key = episode(person).public_id
        data[f"status_{key}"] = status
        data[f"note_{key}"] = note
    data.update(extra)
    return data


def detail(person: Participant) -> str:
    return reverse("participants:detail", args=[person.public_id])


def test_record_page_lists_my_enrolled_members_as_cards(world, login):
    second = second_north(world)
    html = login("casemanager").get(reverse("care:group_new")).content.decode()
    title = drt(world.drug).sessions.get(number=4).title
    assert f'<option value="4">4. {title}</option>' in html
    assert html.count('class="member"') == 2
    assert "Test North" in html and "Test Second" in html
    assert "Test South" not in html and "Test Reentry" not in html
    # Every member defaults to "not in this group".
    for person in (world.north_person, second):
        key = episode(person).public_id
        assert f'name="status_{key}" value="" id="id_status_{key}_4" checked' in html
    assert 'type="datetime-local"' in html
    # The current user is the default facilitator.
    import re

    boxes = re.findall(r'<input type="checkbox" name="facilitators" value="([^"]+)"[^>]*>', html)
    checked = re.findall(
        r'<input type="checkbox" name="facilitators" value="([^"]+)"[^>]*checked>', html
    )
    assert {"casemanager", "peer", "director", "cm.south"} <= set(boxes)
    assert "court" not in boxes and "outsider" not in boxes
    assert checked == ["casemanager"]


def test_recording_once_lands_on_every_members_page(world, login):
    second = second_north(world)
    client = login("casemanager")
    before = counts()
    response = client.post(
        reverse("care:group_new"),
        group_post(
            world,
            {world.north_person: ("present", "Shared a plan"), second: ("absent", "")},
        ),
    )
    assert response.status_code == 302
    group = GroupSession.objects.get()
    assert response["Location"] == reverse("care:group_detail", args=[group.public_id])
    assert counts()["groups"] == before["groups"] + 1
    assert counts()["attendance"] == before["attendance"] + 2
    # 18:00 in New York on 6 Oct is 22:00 UTC.
    assert group.occurred_at == WHEN
    assert {u.username for u in group.facilitators.all()} == {"casemanager", "peer"}
    title = drt(world.drug).sessions.get(number=4).title
    for person, status, note in (
        (world.north_person, "Present", "Shared a plan"),
        (second, "Absent", ""),
    ):
        assert Attendance.objects.filter(participant=person).count() == 1
        html = client.get(detail(person)).content.decode()
        entry = f"Dual Recovery Therapy · session 4: {title} — {status}"
        assert html.count(entry) == 1  # the timeline entry
        assert 'class="entry entry-group"' in html
        assert 'id="groups-panel-h">Groups</h2>' in html
        assert f'<span class="att att-{status.lower()}">{status}</span>' in html  # the panel
        if note:
            assert note in html
        assert reverse("care:group_detail", args=[group.public_id]) in html


def test_members_left_out_get_no_row(world, login):
    second = second_north(world)
    login("casemanager").post(
        reverse("care:group_new"),
        group_post(world, {world.north_person: ("present", ""), second: ("", "")}),
    )
    assert list(Attendance.objects.values_list("participant__last_name", flat=True)) == ["North"]


def test_a_time_that_does_not_exist_is_refused(world, login):
    client = login("casemanager")
    before = counts()
    # 8 March 2026, 2:30 am: clocks in New York jump from 2:00 to 3:00.
    data = group_post(world, {world.north_person: ("present", "")}, occurred_at="2026-03-08T02:30")
    response = client.post(reverse("care:group_new"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "be interpreted in time zone America/New_York" in html
    assert counts() == before


def test_form_shows_service_errors_and_saves_nothing(world, login):
    client = login("casemanager")
    before = counts()
    response = client.post(reverse("care:group_new"), group_post(world, {}))
    assert response.status_code == 422
    assert "Mark at least one member" in response.content.decode()
    future = (dt.datetime.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("care:group_new"),
        group_post(world, {world.north_person: ("present", "")}, occurred_at=future),
    )
    assert response.status_code == 422
    assert "A group cannot be recorded before it happens." in response.content.decode()
    response = client.post(
        reverse("care:group_new"),
        group_post(world, {world.north_person: ("present", "")}, duration_minutes="601"),
    )
    assert response.status_code == 422
    response = client.post(
        reverse("care:group_new"),
        group_post(world, {world.north_person: ("present", "")}, session_number="14"),
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert counts() == before


def test_case_manager_cannot_add_a_team_south_member_from_the_page(world, login):
    client = login("casemanager")
    before = counts()
    # Not offered on the form; a forged field for them is ignored, so nothing is recorded.
    response = client.post(
        reverse("care:group_new"), group_post(world, {world.south_person: ("present", "")})
    )
    assert response.status_code == 422
    assert "Mark at least one member" in response.content.decode()
    assert counts() == before
    assert not Attendance.objects.filter(participant=world.south_person).exists()


def test_mixed_group_shows_each_viewer_only_their_members(world, login):
    group = record(
        world,
        actor="supervisor",
        attendance=[
            (episode(world.north_person), "present", "North note"),
            (episode(world.south_person), "present", "South note"),
        ],
    )
    url = reverse("care:group_detail", args=[group.public_id])
    html = login("casemanager").get(url).content.decode()
    assert "Test North" in html and "North note" in html
    assert "Test South" not in html and "South note" not in html
    assert "Members on caseloads you do not work with are not listed." in html
    html = login("cm.south").get(url).content.decode()
    assert "Test South" in html and "Test North" not in html
    html = login("supervisor").get(url).content.decode()
    assert "Test South" in html and "Test North" in html
    assert "not listed" not in html
    # The list page counts only the viewer's members.
    html = login("casemanager").get(reverse("care:group_list")).content.decode()
    assert "1 member you work with" in html


def test_outsider_cannot_see_the_drug_court_group(world, login):
    group = record(world)
    client = login("outsider")
    assert client.get(reverse("care:group_detail", args=[group.public_id])).status_code == 404
    html = client.get(reverse("care:group_list")).content.decode()
    assert str(group.public_id) not in html
    for username in ("court", "evaluator", "admin"):
        response = login(username).get(reverse("care:group_detail", args=[group.public_id]))
        assert response.status_code == 404, username


def test_correction_form_changes_one_member(world, login):
    group = record(
        world,
        actor="supervisor",
        attendance=[
            (episode(world.north_person), "absent", ""),
            (episode(world.south_person), "absent", ""),
        ],
    )
    client = login("casemanager")
    url = reverse(
        "care:attendance_update", args=[group.public_id, episode(world.north_person).public_id]
    )
    response = client.post(url, {"status": "excused", "note": "Doctor"})
    assert response.status_code == 302
    assert group.attendance.get(participant=world.north_person).status == "excused"
    before = counts()
    south = reverse(
        "care:attendance_update", args=[group.public_id, episode(world.south_person).public_id]
    )
    assert client.post(south, {"status": "present"}).status_code == 404
    response = client.post(url, {"status": "excused", "note": "Doctor"})
    assert response.status_code == 422
    assert "Nothing was changed" in response.content.decode()
    assert counts() == before
    assert group.attendance.get(participant=world.south_person).status == "absent"
    assert client.get(url).status_code == 405


def test_makeup_page_is_prefilled_and_counts_the_missed_session(world, login):
    record(world, attendance=[(episode(world.north_person), "present", "")])  # session 4 done
    client = login("casemanager")
    page = client.get(detail(world.north_person)).content.decode()
    url = reverse("care:makeup_new", args=[world.north_person.public_id])
    assert url in page and "Record an individual make-up" in page
    html = client.get(url).content.decode()
    title4 = drt(world.drug).sessions.get(number=4).title
    assert f"4. {title4} · completed" in html
    assert '<option value="1" selected>' in html  # the first session not yet completed
    response = client.post(
        url,
        {
            "curriculum": str(drt(world.drug).public_id),
            "session_number": "2",
            "occurred_at": "2026-10-08T10:00",
            "duration_minutes": "30",
            "location": "Office",
            "facilitators": ["casemanager"],
            "note": "Went through the decisional balance.",
        },
    )
    assert response.status_code == 302
    row = Attendance.objects.get(participant=world.north_person, group_session__session_number=2)
    assert row.status == "makeup" and row.group_session.is_individual_makeup
    assert row.note == "Went through the decisional balance."
    html = client.get(detail(world.north_person)).content.decode()
    title2 = drt(world.drug).sessions.get(number=2).title
    assert f"Dual Recovery Therapy · session 2: {title2} — Make-up" in html
    assert "Individual make-up" in html


def test_roles_without_groups_are_told_so_and_change_nothing(world, login):
    client = login("court")
    before = counts()
    html = client.get(reverse("care:group_new")).content.decode()
    assert "Your role does not include running groups." in html
    client.post(reverse("care:group_new"), group_post(world, {world.north_person: ("present", "")}))
    assert counts()["groups"] == before["groups"]
    assert counts()["attendance"] == before["attendance"]


def test_header_links_to_groups(world, login):
    html = login("peer").get(reverse("care:caseload")).content.decode()
    assert f'<a href="{reverse("care:group_list")}">Groups</a>' in html


def test_choosing_another_curriculum_reloads_its_sessions(world, login):
    peer = drt(world.drug).program.curricula.get(kind="peer")
    client = login("casemanager")
    html = client.get(
        reverse("care:group_new"), {"curriculum": str(peer.public_id)}
    ).content.decode()
    assert f'<option value="11">11. {peer.sessions.get(number=11).title}</option>' in html
    assert 'hx-get="/groups/new/"' in html and 'hx-select="#group-body"' in html
