"""The work queue: each alert is raised by the data and cleared when the data changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from missioncj.care.alerts import alerts_for_episodes, alerts_for_user
from missioncj.care.models import AttendanceStatus, CurriculumKind, TreatmentPlan
from missioncj.care.services.cti import move_cti_boundary
from missioncj.care.tests.cti_factories import (
    api_client,
    attend,
    contact,
    curriculum,
    episode_of,
    group,
    local_noon,
)
from missioncj.core.models import AuditEvent
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus


def utc(year: int, month: int, day: int, hour: int = 17) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=dt.UTC)


def kinds(world: Any, now: dt.datetime, person: Any = None) -> set[str]:
    episode = episode_of(person or world.north_person)
    return {a.kind for a in alerts_for_episodes([episode], now)}


def test_cti_contact_alert_raised_and_cleared(world):
    now = utc(2026, 10, 1)  # transition, weekly target; last CTI contact 10 Sep
    alerts = alerts_for_episodes([episode_of(world.north_person)], now)
    cti = [a for a in alerts if a.kind == "cti_contact"]
    assert len(cti) == 1
    assert cti[0].due == dt.date(2026, 9, 17)
    assert cti[0].overdue
    assert "No CTI contact in 21 days" in cti[0].message
    assert "every 7 days" in cti[0].message
    assert cti[0].url == reverse("care:log_contact", args=[world.north_person.public_id])
    contact(world.user("peer"), episode_of(world.north_person), utc(2026, 9, 29))
    assert "cti_contact" not in kinds(world, now)


def test_a_draft_or_other_component_does_not_clear_the_cti_alert(world):
    from missioncj.care.models import Component

    now = utc(2026, 10, 1)
    episode = episode_of(world.north_person)
    contact(world.user("peer"), episode, utc(2026, 9, 29), sign=False)
    contact(world.user("peer"), episode, utc(2026, 9, 30), int(Component.PEER))
    assert "cti_contact" in kinds(world, now)


def test_phase_ending_raised_and_cleared_by_a_move(world):
    assert "phase_ending" not in kinds(world, utc(2026, 10, 20))
    now = utc(2026, 11, 1)  # transition's last day is 4 Nov
    alerts = alerts_for_episodes([episode_of(world.north_person)], now)
    ending = [a for a in alerts if a.kind == "phase_ending"]
    assert len(ending) == 1
    assert ending[0].due == dt.date(2026, 11, 4)
    assert "Transition ends" in ending[0].message
    move_cti_boundary(
        actor=world.user("casemanager"),
        episode=episode_of(world.north_person),
        boundary=1,
        new_date=dt.date(2026, 11, 20),
        reason="Extended",
    )
    assert "phase_ending" not in kinds(world, now)


def test_missed_groups_raised_and_cleared(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    drt = curriculum(world.drug, CurriculumKind.DRT)
    peer = curriculum(world.drug, CurriculumKind.PEER)
    now = utc(2026, 10, 20)
    attend(group(drt, 1, utc(2026, 10, 1), cm), episode, AttendanceStatus.PRESENT)
    attend(group(drt, 2, utc(2026, 10, 8), cm), episode, AttendanceStatus.ABSENT)
    attend(group(peer, 1, utc(2026, 10, 9), cm), episode, AttendanceStatus.ABSENT)
    assert "missed_groups" not in kinds(world, now)  # one absence per curriculum so far
    attend(group(drt, 3, utc(2026, 10, 15), cm), episode, AttendanceStatus.ABSENT)
    missed = [a for a in alerts_for_episodes([episode], now) if a.kind == "missed_groups"]
    assert len(missed) == 1
    assert missed[0].due == dt.date(2026, 10, 15)
    assert drt.name in missed[0].message
    # Excused is not absent; the newest two are then excused + absent: cleared.
    attend(group(drt, 4, utc(2026, 10, 17), cm), episode, AttendanceStatus.EXCUSED)
    assert "missed_groups" not in kinds(world, now)
    # Another member's absences do not raise North's alert.
    south = episode_of(world.south_person)
    attend(group(drt, 5, utc(2026, 10, 18), cm), south, AttendanceStatus.ABSENT)
    attend(group(drt, 6, utc(2026, 10, 19), cm), south, AttendanceStatus.ABSENT)
    assert "missed_groups" not in kinds(world, now)
    assert "missed_groups" in kinds(world, now, world.south_person)


def test_plan_review_raised_and_cleared(world):
    now = utc(2026, 10, 20)
    episode = episode_of(world.north_person)
    plan = TreatmentPlan.objects.create(
        episode=episode,
        started_on=dt.date(2026, 9, 10),
        next_review_on=dt.date(2026, 11, 30),
        created_by=world.user("casemanager"),
    )
    assert "plan_review" not in kinds(world, now)
    plan.next_review_on = dt.date(2026, 10, 25)  # within 7 days
    plan.save()
    review = [a for a in alerts_for_episodes([episode], now) if a.kind == "plan_review"]
    assert len(review) == 1 and review[0].due == dt.date(2026, 10, 25)
    assert not review[0].overdue
    plan.next_review_on = dt.date(2026, 10, 1)  # past
    plan.save()
    review = [a for a in alerts_for_episodes([episode], now) if a.kind == "plan_review"]
    assert review[0].overdue and "was due" in review[0].message
    plan.next_review_on = dt.date(2027, 1, 18)  # reviewed: next one far away
    plan.save()
    assert "plan_review" not in kinds(world, now)


def test_planned_end_raised_and_cleared(world):
    # Planned end: 5 Sep 2026 + 6 months = 5 Mar 2027.
    assert "planned_end" not in kinds(world, utc(2027, 2, 1))
    now = utc(2027, 2, 25)
    end = [a for a in alerts_for_episodes([episode_of(world.north_person)], now)]
    planned = [a for a in end if a.kind == "planned_end"]
    assert len(planned) == 1 and planned[0].due == dt.date(2027, 3, 5)
    world.drug.planned_length_months = 12
    world.drug.save()
    assert "planned_end" not in kinds(world, now)


def test_discharged_and_referred_episodes_raise_nothing(world):
    now = utc(2026, 10, 1)
    people.change_status(
        actor=world.user("casemanager"),
        episode=episode_of(world.north_person),
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 9, 20),
        reason="withdrew",
    )
    assert kinds(world, now) == set()
    assert {a.participant for a in alerts_for_user(world.user("casemanager"), now)} == set()


def test_user_queue_is_scoped(world):
    now = utc(2026, 10, 1)

    def people_in(username: str) -> set[str]:
        return {a.participant.last_name for a in alerts_for_user(world.user(username), now)}

    assert people_in("casemanager") == {"North"}
    assert people_in("peer") == {"North"}
    assert people_in("supervisor") == {"North", "South"}
    assert people_in("director") == {"North", "South"}
    assert people_in("outsider") == {"Reentry"}
    assert people_in("court") == set()
    assert people_in("evaluator") == set()
    assert people_in("admin") == set()


# --- the page and the API (real clock: the world's last CTI contact was 10 Sep 2026) ----------


def test_work_queue_page_raised_and_cleared(world, login):
    client = login("casemanager")
    html = client.get(reverse("care:work_queue")).content.decode()
    assert "Work queue" in html
    assert "Test North" in html and "CTI contact due" in html
    assert "Test South" not in html and "Test Reentry" not in html
    assert reverse("care:log_contact", args=[world.north_person.public_id]) in html
    event = AuditEvent.objects.filter(action="work_queue.view").order_by("-pk").first()
    assert event is not None and event.after == {"shown": [str(world.north_person.public_id)]}
    episode = episode_of(world.north_person)
    contact(world.user("casemanager"), episode, timezone.now() - dt.timedelta(hours=1))
    html = client.get(reverse("care:work_queue")).content.decode()
    assert "CTI contact due" not in html


def test_work_queue_page_groups_by_team_for_supervisors(world, login):
    html = login("supervisor").get(reverse("care:work_queue")).content.decode()
    assert "Drug Court · Team North" in html and "Drug Court · Team South" in html
    assert html.index("Team North") < html.index("Team South")
    assert "Test Reentry" not in html
    html = login("court").get(reverse("care:work_queue")).content.decode()
    assert "Your role does not include a caseload." in html
    assert "Test North" not in html


def test_a_work_queue_too_big_for_one_page_shows_one_team_at_a_time(world, login, monkeypatch):
    from missioncj.care import alerts

    monkeypatch.setattr(alerts, "WHOLE_QUEUE_UP_TO", 1)  # the supervisor sees 2 open episodes
    client = login("supervisor")

    def page(**query: str) -> tuple[str, str]:
        html = client.get(reverse("care:work_queue"), query).content.decode()
        start = html.index('<nav aria-label="Teams"')
        end = html.index("</nav>", start)
        return html[start:end], html[end:]

    nav, queue = page()
    north, south = str(world.north.public_id), str(world.south.public_id)
    assert f'href="?team={north}" aria-current="page">Drug Court · Team North' in nav
    assert f'href="?team={south}">Drug Court · Team South' in nav
    assert nav.count("(1 open)") == 2
    assert "Test North" in queue and "Test South" not in queue
    event = AuditEvent.objects.filter(action="work_queue.view").order_by("-pk").first()
    assert event is not None and event.after == {"shown": [str(world.north_person.public_id)]}
    nav, queue = page(team=south)
    assert f'href="?team={south}" aria-current="page"' in nav
    assert "Test South" in queue and "Test North" not in queue
    # An unknown team is the first team, not an error and not everyone.
    nav, queue = page(team="nonsense")
    assert "Test North" in queue and "Test South" not in queue
    # A download is the whole queue.
    download = client.get(reverse("care:work_queue"), {"format": "csv"})
    body = b"".join(download.streaming_content).decode()
    assert "North" in body and "South" in body
    # Under the bound there is no team chooser.
    monkeypatch.setattr(alerts, "WHOLE_QUEUE_UP_TO", 200)
    assert 'aria-label="Teams"' not in client.get(reverse("care:work_queue")).content.decode()


def test_api_work_queue(world):
    response = api_client(world.user("outsider")).get("/api/v1/work-queue")
    assert response.status_code == 200
    body = response.json()
    assert {item["participant"] for item in body} == {str(world.reentry_person.public_id)}
    assert any(item["kind"] == "cti_contact" for item in body)
    assert AuditEvent.objects.filter(action="api.work_queue.list").count() == 1
    assert api_client(world.user("evaluator")).get("/api/v1/work-queue").json() == []


def test_plan_link_falls_back_to_the_participant_page_or_uses_the_plan_route(world):
    from django.urls import NoReverseMatch

    from missioncj.care.alerts import plan_url

    episode = episode_of(world.north_person)
    url = plan_url(world.north_person, episode)
    try:
        expected = reverse(
            "care:plan",
            kwargs={"public_id": world.north_person.public_id, "episode_id": episode.public_id},
        )
    except NoReverseMatch:
        expected = reverse("participants:detail", args=[world.north_person.public_id])
    assert url == expected


def test_contact_dates_use_local_noon(world):
    # Sanity for the helpers above: local noon in New York is 16:00 or 17:00 UTC.
    assert local_noon(world.drug, dt.date(2026, 7, 1)).astimezone(dt.UTC).hour == 16
