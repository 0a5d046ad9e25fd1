"""The program report's sums (program, team, staff, phase, week), what evaluators see (no
names, page and API), the filters, the criteria settings form, the participant's weekly view,
and queries that do not grow with the number of participants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.care.models import Component
from missioncj.care.tests.cti_factories import api_client
from missioncj.core.models import AuditEvent
from missioncj.outcomes.fidelity_report import program_fidelity
from missioncj.outcomes.models import OutcomeSettings
from missioncj.outcomes.tests import fidelity_factories as ff

D = dt.date
RANGE = {"start": "2026-01-05", "end": "2026-02-22"}
TODAY = D(2026, 11, 27)


@pytest.fixture
def two(world):
    """North (the known weeks, by the case manager) and South (two CTI contacts by cm.south)."""
    ff.one_month_phases(world.drug)
    north = ff.known_weeks(
        world.user("casemanager"),
        ff.enrolled_episode(world.user("casemanager"), world.drug, world.north, "Known"),
    )
    south = ff.enrolled_episode(world.user("cm.south"), world.drug, world.south, "Second")
    ff.contact(world.user("cm.south"), south, D(2026, 1, 8), ff.CTI)
    ff.contact(world.user("cm.south"), south, D(2026, 2, 9), ff.CTI)
    return north, south


def _report(world, user="director", **extra):
    return program_fidelity(
        world.user(user),
        world.drug,
        start=extra.pop("start", ff.ENROLLED),
        end=extra.pop("end", ff.THROUGH),
        today=TODAY,
        **extra,
    )


def test_program_team_phase_and_week_sums(world, two):
    report = _report(world, identified=True)
    s = report.summary
    assert (len(s.participants), s.weeks, s.target_weeks, s.met_weeks) == (2, 14, 14, 8)
    assert s.counts.as_dict() == {
        "cti": 6,
        "drt": 4,
        "peer": 2,
        "prosocial": 1,
        "collateral": 1,
        "vocational": 1,
        "linkage_made": 2,
        "linkage_completed": 1,
    }
    assert s.rates["cti"] == 0.43 and s.met_percent == 57.1
    teams = {
        t.label: (len(t.participants), t.weeks, t.met_weeks, t.counts.cti) for t in report.teams
    }
    assert teams == {"Team North": (1, 7, 5, 4), "Team South": (1, 7, 3, 2)}
    assert [(p.label, p.weeks, p.met_weeks) for p in report.phases] == [
        ("Transition", 10, 5),
        ("Try-out", 4, 3),
    ]
    assert len(report.weeks) == 7
    first_monday, first = report.weeks[0]
    assert first_monday == D(2026, 1, 5) and (len(first.participants), first.met_weeks) == (2, 2)
    assert report.classes["high"] + report.classes["low"] == 2
    assert [p.item.episode.participant.last_name for p in report.participants or []] == [
        "Known",
        "Second",
    ]


def test_staff_sums(world, two):
    staff = {line.label: line for line in _report(world).staff}
    cm = staff[str(world.user("casemanager"))]
    # Signed in range from enrollment on: 8, 14, 20 (collateral), 30 Jan, 7 and 10 Feb.
    assert (cm.contacts, cm.cti, cm.collateral, cm.vocational) == (6, 4, 1, 1)
    assert (len(cm.participants), cm.participant_weeks, cm.cti_rate) == (1, 7, 0.57)
    assert cm.facilitated == {"drt": 5, "peer": 2, "prosocial": 1}
    south = staff[str(world.user("cm.south"))]
    assert (south.contacts, south.cti, south.participant_weeks) == (2, 2, 7)


def test_filters_by_team_and_range(world, two):
    by_team = _report(world, team=world.south)
    assert (len(by_team.summary.participants), by_team.summary.counts.cti) == (1, 2)
    late = _report(world, start=D(2026, 2, 11), end=ff.THROUGH)  # picks the week of 9 Feb
    assert (late.summary.weeks, late.summary.met_weeks) == (4, 3)
    assert [p.label for p in late.phases] == ["Try-out"]


def test_queries_do_not_grow_with_participants(world):
    ff.one_month_phases(world.drug)
    actor = world.user("casemanager")

    def add(n: int) -> None:
        for i in range(n):
            episode = ff.enrolled_episode(actor, world.drug, world.north, f"Many{i:02d}-{n}")
            ff.contact(actor, episode, D(2026, 1, 8), ff.CTI | int(Component.VOCATIONAL))
            ff.session(actor, episode, "drt", 1, D(2026, 1, 13), "present")
            ff.referral(actor, episode, D(2026, 1, 9), D(2026, 1, 12))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            report = _report(world, identified=True)
        assert report.summary.counts.cti == len(report.summary.participants)
        return len(queries)

    add(2)
    count()  # the first read also works out the user's scope (cached on the user)
    small = count()
    add(4)
    assert count() == small <= 11


def _two_are_enough(world) -> None:
    """Evaluators see figures about 11 or more people by default; these tests have two."""
    from missioncj.outcomes.services import update_outcome_settings

    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=2)


def test_an_evaluator_sees_no_figures_about_too_few_people(world, two, login):
    url = reverse("outcomes:fidelity", args=[world.drug.public_id])
    html = login("evaluator").get(url, RANGE).content.decode()
    assert "Fewer than 11 people match these filters" in html
    assert "Participant-weeks" not in html
    body = (
        api_client(world.user("evaluator"))
        .get(f"/api/v1/programs/{world.drug.public_id}/fidelity", RANGE)
        .json()
    )
    assert set(body) == {"program", "suppressed"}
    assert "Participant-weeks" in login("director").get(url, RANGE).content.decode()


def test_evaluator_sees_no_names_on_the_page(world, two, login):
    _two_are_enough(world)
    url = reverse("outcomes:fidelity", args=[world.drug.public_id])
    director = login("director").get(url, RANGE).content.decode()
    assert "Fidelity Known" in director and "By participant" in director
    response = login("evaluator").get(url, RANGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Participant-weeks" in html and "14" in html
    assert "Fidelity Known" not in html and "Fidelity Second" not in html
    assert "By participant" not in html
    assert str(two[0].participant.public_id) not in html
    # By group: both people are in one race group of two, shown at a threshold of 2.
    assert "High fidelity by group" in html
    assert "High fidelity by race" in html


def test_evaluator_sees_no_names_in_the_api(world, two):
    _two_are_enough(world)
    url = f"/api/v1/programs/{world.drug.public_id}/fidelity"
    body = api_client(world.user("evaluator")).get(url, RANGE).json()
    assert body["summary"]["participant_weeks"] == 14
    assert "participants" not in body
    text = str(body)
    assert "Known" not in text and str(two[0].participant.public_id) not in text
    named = api_client(world.user("supervisor")).get(url, RANGE).json()
    assert [p["name"] for p in named["participants"]] == [
        two[0].participant.display_name,
        two[1].participant.display_name,
    ]
    assert named["participants"][0]["score"]["value"] == 68.6
    event = AuditEvent.objects.filter(action="api.fidelity.program_report").latest("pk")
    assert event.actor == world.user("supervisor")


def test_bad_filters_are_422(world, login):
    url = reverse("outcomes:fidelity", args=[world.drug.public_id])
    response = login("director").get(url, {"start": "2026-03-01", "end": "2026-02-01"})
    assert response.status_code == 422
    assert "The start must be on or before the end." in response.content.decode()
    api = api_client(world.user("director"))
    response = api.get(
        f"/api/v1/programs/{world.drug.public_id}/fidelity",
        {"start": "2026-03-01", "end": "2026-02-01"},
    )
    assert response.status_code == 422


def _settings_post(**changes):
    data = {"high_fidelity_percent": "75"}
    for key in ("cti_weeks_met", "drt_sessions"):
        data.update({f"{key}_on": "on", f"{key}_weight": "2", f"{key}_target": "70"})
    data.update(changes)
    return data


def test_settings_form_saves_through_the_service(world, login):
    url = reverse("outcomes:fidelity_settings", args=[world.drug.public_id])
    client = login("supervisor")
    assert "CTI contact target met: weight" in client.get(url).content.decode()
    response = client.post(url, _settings_post())
    assert response.status_code == 302
    row = OutcomeSettings.objects.get(program=world.drug)
    assert row.high_fidelity_percent == 75
    assert row.fidelity_criteria == [
        {"key": "cti_weeks_met", "weight": 2.0, "target": 70.0},
        {"key": "drt_sessions", "weight": 2.0, "target": 70.0},
    ]
    assert AuditEvent.objects.filter(action="outcome_settings.update").exists()


@pytest.mark.parametrize(
    ("changes", "message", "beside"),
    [
        (
            {"drt_sessions_target": "150"},
            "DRT sessions vs expected: the target must be from 1 to 100 (% of expected).",
            "drt_sessions_target",
        ),
        (
            {"cti_weeks_met_weight": "0"},
            "CTI contact target met: the weight must be a number above 0, at most 100.",
            "cti_weeks_met_weight",
        ),
        (
            {"high_fidelity_percent": "120"},
            "Give a percentage from 1 to 100.",
            "high_fidelity_percent",
        ),
        ({"cti_weeks_met_on": "", "drt_sessions_on": ""}, "Count at least one criterion.", None),
    ],
)
def test_settings_form_refuses_bad_input(world, login, changes, message, beside):
    url = reverse("outcomes:fidelity_settings", args=[world.drug.public_id])
    client = login("director")
    audit = AuditEvent.objects.count()
    data = {k: v for k, v in _settings_post(**changes).items() if v != ""}
    response = client.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count(message) == 1  # once, beside its field
    if beside:
        errors = html.split(f'id="id_{beside}_errors"')[1]
        assert errors.index(message) < errors.index("</div>")
    assert not OutcomeSettings.objects.filter(program=world.drug).exists()
    assert AuditEvent.objects.count() == audit


def test_participant_weekly_page_and_api(world, two, login):
    north = two[0]
    url = reverse("outcomes:participant_fidelity", args=[north.participant.public_id])
    html = login("peer").get(url).content.decode()
    assert "Totals by CTI phase" in html and "Transition" in html and "Not met" in html
    event = AuditEvent.objects.filter(action="fidelity.participant").latest("pk")
    assert event.participant_public_id == north.participant.public_id
    body = (
        api_client(world.user("casemanager"))
        .get(f"/api/v1/participants/{north.participant.public_id}/fidelity")
        .json()
    )
    weeks = body[0]["weeks"]
    assert weeks[0] == {
        "week": "2026-01-05",
        "last_day": "2026-01-11",
        "phase": 1,
        "contact_every_days": 7,
        "cti_met": True,
        "cti": 1,
        "drt": 0,
        "peer": 0,
        "prosocial": 0,
        "collateral": 0,
        "vocational": 0,
        "linkage_made": 1,
        "linkage_completed": 0,
    }
    assert weeks[2]["cti_met"] is False and weeks[2]["collateral"] == 1
    assert [p["met_weeks"] for p in body[0]["phases"]][:2] == [4, 1]


def test_report_and_participant_link_are_listed(world, two, login):
    hub = login("evaluator").get(reverse("outcomes:program", args=[world.drug.public_id]))
    assert reverse("outcomes:fidelity", args=[world.drug.public_id]) in hub.content.decode()
    page = login("casemanager").get(
        reverse("participants:detail", args=[two[0].participant.public_id])
    )
    link = reverse("outcomes:participant_fidelity", args=[two[0].participant.public_id])
    assert link in page.content.decode()


def test_the_report_downloads_as_csv_without_names(world, two, login):
    _two_are_enough(world)
    import csv
    import io

    from missioncj.interop.models import ExportRecord

    url = reverse("outcomes:fidelity", args=[world.drug.public_id])
    response = login("evaluator").get(url, {**RANGE, "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Section", "Line", "Participants"]
    program = next(r for r in rows if r[0] == "Program")
    assert program[1] == world.drug.name and program[2] == "2"
    assert "Fidelity Known" not in text and "Fidelity Second" not in text
    record = ExportRecord.objects.get()
    assert (record.name, record.identified, record.kind) == ("outcomes.fidelity", False, "table")
