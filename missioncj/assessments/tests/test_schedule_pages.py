"""Schedule pages and API: adopt a profile, edit a timepoint (bad input changes nothing), the
follow-up report with its target line and locator information, the participant panel; scoping
and audit for each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from missioncj.assessments import schedule_services
from missioncj.assessments.models import Schedule, Timepoint
from missioncj.assessments.tests.factories import give
from missioncj.assessments.tests.test_api import api
from missioncj.core.models import AuditEvent
from missioncj.participants.models import CollateralContact, Phone


@pytest.fixture
def mission(world):
    return schedule_services.adopt_profile(
        actor=world.user("director"), program=world.drug, profile="mission"
    )


def _schedules_url(world):
    return reverse("assessments:schedules", args=[world.drug.public_id])


def _counts():
    return (Schedule.objects.count(), Timepoint.objects.count(), AuditEvent.objects.count())


def test_director_adopts_a_profile_from_the_page(world, login):
    client = login("director")
    html = client.get(_schedules_url(world)).content.decode()
    assert "Adopt MISSION-CJ outcome measures" in html
    response = client.post(_schedules_url(world), {"profile": "mission"})
    assert response.status_code == 302
    schedule = Schedule.objects.get(program=world.drug)
    assert schedule.profile == "mission" and schedule.timepoints.count() == 5
    html = client.get(_schedules_url(world)).content.decode()
    assert "Adopt MISSION-CJ outcome measures" not in html  # adopted once
    assert "5 mo 0 d → due 6 mo 0 d → 8 mo 0 d" in html


def test_unknown_profile_is_refused_and_changes_nothing(world, login):
    client = login("director")
    client.get(_schedules_url(world))
    before = _counts()
    response = client.post(_schedules_url(world), {"profile": "nope"})
    assert response.status_code == 422
    assert "There is no profile" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("persona", ["casemanager", "peer", "clinician", "court", "outsider"])
def test_schedule_pages_are_for_directors_and_supervisors(world, login, mission, persona):
    client = login(persona)
    client.get("/")
    m6 = mission.timepoints.get(code="m6")
    before = _counts()
    urls = [
        _schedules_url(world),
        reverse("assessments:schedule_edit", args=[world.drug.public_id, mission.public_id]),
        reverse("assessments:timepoint_new", args=[world.drug.public_id, mission.public_id]),
        reverse(
            "assessments:timepoint_edit",
            args=[world.drug.public_id, mission.public_id, m6.public_id],
        ),
        reverse("assessments:follow_up", args=[world.drug.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"profile": "gpra", "name": "x"}).status_code == 404, url
    remove = reverse(
        "assessments:timepoint_remove",
        args=[world.drug.public_id, mission.public_id, m6.public_id],
    )
    assert client.post(remove).status_code == 404
    assert _counts() == before


def test_a_schedule_of_another_program_is_404(world, login, mission):
    client = login("outsider")  # directs nothing in the drug court; see conftest
    url = reverse("assessments:schedule_edit", args=[world.reentry.public_id, mission.public_id])
    assert client.get(url).status_code == 404


def _timepoint_post(**changes):
    data = {
        "code": "m6",
        "label": "6 months",
        "instruments": ["phq9", "gad7"],
        "anchor": "enrollment",
        "due_months": "6",
        "due_days": "0",
        "opens_months": "5",
        "opens_days": "0",
        "closes_months": "8",
        "closes_days": "0",
        "repeat_months": "",
        "follow_up": "on",
        "ends_at_discharge": "on",
        "preset": "",
        "order": "2",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_edit_a_timepoint_window(world, login, mission):
    m6 = mission.timepoints.get(code="m6")
    url = reverse(
        "assessments:timepoint_edit", args=[world.drug.public_id, mission.public_id, m6.public_id]
    )
    client = login("supervisor")
    html = client.get(url).content.decode()
    assert 'name="opens_months" value="5"' in html
    response = client.post(url, _timepoint_post(opens_months="4"))
    assert response.status_code == 302
    m6.refresh_from_db()
    assert m6.opens_months == 4
    assert sorted(i.code for i in m6.instruments.all()) == ["gad7", "phq9"]
    assert AuditEvent.objects.filter(
        action="schedule.timepoint.update", actor=world.user("supervisor")
    ).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"opens_months": "7"}, "The window must open on or before the due date."),
        ({"closes_months": "5"}, "The window must close on or after the due date."),
        ({"preset": "interview_type"}, "Write each answer as item=number"),
        ({"preset": "zz=1"}, "No instrument of this timepoint has the item zz."),
        ({"instruments": []}, "This field is required."),
        ({"code": "m12"}, "This schedule already has a timepoint"),
        ({"due_months": "lots"}, "Enter a whole number."),
    ],
)
def test_bad_timepoint_input_is_explained_and_changes_nothing(
    world, login, mission, changes, message
):
    m6 = mission.timepoints.get(code="m6")
    url = reverse(
        "assessments:timepoint_edit", args=[world.drug.public_id, mission.public_id, m6.public_id]
    )
    client = login("director")
    client.get(url)
    before = _counts()
    response = client.post(url, _timepoint_post(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    m6.refresh_from_db()
    assert (m6.opens_months, m6.closes_months, m6.code) == (5, 8, "m6")
    assert _counts() == before


def test_add_and_remove_a_timepoint(world, login, mission):
    client = login("director")
    url = reverse("assessments:timepoint_new", args=[world.drug.public_id, mission.public_id])
    response = client.post(
        url,
        _timepoint_post(
            code="m24",
            label="24 months",
            due_months="24",
            opens_months="23",
            closes_months="26",
            order="9",
        ),
    )
    assert response.status_code == 302
    added = mission.timepoints.get(code="m24")
    remove = reverse(
        "assessments:timepoint_remove",
        args=[world.drug.public_id, mission.public_id, added.public_id],
    )
    assert client.post(remove).status_code == 302
    assert not mission.timepoints.filter(code="m24").exists()
    assert AuditEvent.objects.filter(action="schedule.timepoint.remove").count() == 1


def test_edit_the_schedule_target(world, login, mission):
    url = reverse("assessments:schedule_edit", args=[world.drug.public_id, mission.public_id])
    client = login("director")
    data = {"name": mission.name, "target_percent": "85", "lead_days": "45", "active": "on"}
    assert client.post(url, data).status_code == 302
    mission.refresh_from_db()
    assert (str(mission.target_rate), mission.lead_days) == ("0.85", 45)
    before = _counts()
    response = client.post(url, {**data, "target_percent": "120"})
    assert response.status_code == 422 and "less than or equal to 100" in response.content.decode()
    assert _counts() == before


def test_follow_up_report_shows_rates_target_and_locators(world, login):
    # A one-month window (5 Oct to 5 Nov 2026), long closed by today: a deterministic rate.
    schedule = Schedule.objects.create(program=world.drug, name="PHQ-9 check")
    timepoint = Timepoint.objects.create(
        schedule=schedule, code="m1", label="1 month", due_months=1, opens_months=1, closes_months=2
    )
    from missioncj.assessments.models import Instrument

    timepoint.instruments.set([Instrument.objects.get(code="phq9")])
    give(world.user("casemanager"), world.north_person, on=dt.date(2026, 10, 12))
    later = Timepoint.objects.create(
        schedule=schedule,
        code="y5",
        label="5 years",
        due_months=60,
        opens_months=0,  # open from enrollment for five years: coming due for everyone
        closes_months=61,
        order=1,
    )
    later.instruments.set([Instrument.objects.get(code="gad7")])
    Phone.objects.create(participant=world.south_person, number="555-0142", label="mobile")
    CollateralContact.objects.create(
        participant=world.south_person, name="Ana Ruiz", relationship="sister", phone="555-0199"
    )
    client = login("supervisor")
    html = client.get(
        reverse("assessments:follow_up", args=[world.drug.public_id])
    ).content.decode()
    assert "PHQ-9 check: 50.0%" in html  # north on time, south missed
    assert "(1 of 2; target 80%)" in html and "below target" in html
    assert 'role="img"' in html and "Target 80%" in html
    assert "555-0142" in html and "Ana Ruiz (sister)" in html
    assert "window closed 5 Nov 2026" in html  # the missed list
    event = AuditEvent.objects.filter(action="follow_up.report").get()
    assert event.actor == world.user("supervisor")
    assert event.after and str(world.south_person.public_id) in event.after["shown"]


def test_participant_panel_and_api_schedule(world, login, mission):
    client = login("casemanager")
    person = world.north_person
    html = client.get(reverse("participants:detail", args=[person.public_id])).content.decode()
    assert "Assessment schedule" in html and "MISSION-CJ outcome measures · 6 months" in html
    assert "5 Feb 2027 \N{EN DASH} 5 May 2027" in html
    response = api(world.user("casemanager")).get(
        f"/api/v1/participants/{person.public_id}/schedule"
    )
    assert response.status_code == 200
    rows = {r["timepoint"]: r for r in response.json()}
    assert rows["m6"]["opens"] == "2027-02-05" and rows["m6"]["closes"] == "2027-05-05"
    assert rows["discharge"]["state"] == "waiting"
    assert rows["baseline"]["instruments"] == ["phq9", "gad7", "pcl5", "bam", "barc10"]
    assert AuditEvent.objects.filter(
        action="api.schedule.read", actor=world.user("casemanager")
    ).exists()


def test_api_follow_up_scoped_to_program_overseers(world, login, mission):
    url = f"/api/v1/programs/{world.drug.public_id}/follow-up"
    response = api(world.user("director")).get(url)
    assert response.status_code == 200
    body = response.json()
    assert [s["schedule"] for s in body["schedules"]] == ["MISSION-CJ outcome measures"]
    assert body["schedules"][0]["overall"]["target"] == 0.8
    clients = [api(world.user(p)) for p in ("casemanager", "outsider", "court")]
    before = AuditEvent.objects.count()
    for client in clients:
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.count() == before
