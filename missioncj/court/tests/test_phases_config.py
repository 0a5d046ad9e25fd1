"""Configuring a court's phases: the service (numbering, values, removal, defaults), the pages
and the API, by persona; bad input changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.court.models import CourtPhase
from missioncj.court.phase_defaults import DEFAULT_PHASES
from missioncj.court.services.phases import (
    adopt_default_phases,
    define_phase,
    remove_phase,
    update_phase,
)
from missioncj.court.tests.phases_helpers import api_client, counts, start, with_defaults

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
STAFF = {"director", "supervisor", "casemanager", "peer", "clinician"}
CONFIGURE = {"director", "supervisor"}


def define(world: Any, court: Any, **values: Any) -> CourtPhase:
    arguments = {"actor": world.user("director"), "court": court, "number": 1, "name": "One"}
    arguments.update(values)
    return define_phase(**arguments)


def test_define_phase_with_criteria_is_audited(world, court):
    phase = define(world, court, min_days=90, negative_days=30, tasks=[" State ID ", ""])
    assert (phase.number, phase.min_days, phase.tasks) == (1, 90, ["State ID"])
    assert phase.tests_per_week == Decimal("2") and phase.hearing_every_days == 14
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.phase.create"
    assert event.after is not None and event.after["negative_days"] == 30


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"min_days": -1}, "min_days", "cannot be negative"),
        ({"negative_days": -5}, "negative_days", "cannot be negative"),
        ({"no_sanctions_days": 4000}, "no_sanctions_days", "more than 3650"),
        ({"attendance_percent": 101}, "attendance_percent", "0 to 100"),
        ({"tests_per_week": Decimal("7.5")}, "tests_per_week", "between 0 and 7"),
        ({"tests_per_week": Decimal("1.25")}, "tests_per_week", "one decimal"),
        ({"tests_per_week": "lots"}, "tests_per_week", "from 0 to 7"),
        ({"hearing_every_days": 0}, "hearing_every_days", "every 1 to 365"),
        ({"name": "  "}, "name", "Give the phase a name"),
        ({"tasks": ["ID", "id"]}, "tasks", "listed twice"),
        ({"min_days": "ten"}, "min_days", "whole number"),
        ({"number": 2}, "number", "the next one is 1"),
        ({"number": 0}, "number", "starting at 1"),
    ],
)
def test_bad_values_name_the_field_and_save_nothing(world, court, values, field, words):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        define(world, court, **values)
    assert words in " ".join(caught.value.message_dict[field])
    assert counts() == before


def test_numbers_are_consecutive_without_duplicates(world, court):
    define(world, court)
    define(world, court, number=2, name="Two")
    before = counts()
    with pytest.raises(ValidationError) as dup:
        define(world, court, number=2, name="Again")
    assert "Phase 2 already exists" in dup.value.message_dict["number"][0]
    with pytest.raises(ValidationError) as gap:
        define(world, court, number=4, name="Gap")
    assert "the next one is 3" in gap.value.message_dict["number"][0]
    assert counts() == before


def test_only_director_or_supervisor_configures(world, court, reentry_court):
    before = counts()
    for username in ("casemanager", "peer", "court", "outsider"):
        with pytest.raises(ValidationError) as refused:
            define(world, court, actor=world.user(username))
        assert "director or supervisor" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        define(world, reentry_court)  # the drug court's director, another program's court
    assert counts() == before
    assert define(world, court, actor=world.user("supervisor")).number == 1


def test_update_changes_values_keeps_number_and_audits_the_difference(world, court):
    phase = define(world, court, min_days=90)
    update_phase(actor=world.user("supervisor"), phase=phase, min_days=100, attendance_percent=80)
    phase.refresh_from_db()
    assert (phase.number, phase.min_days, phase.attendance_percent) == (1, 100, 80)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.phase.update"
    assert event.before == {"number": 1, "min_days": 90, "attendance_percent": 0}
    assert event.after == {"number": 1, "min_days": 100, "attendance_percent": 80}
    before = counts()
    with pytest.raises(ValidationError) as caught:
        update_phase(actor=world.user("director"), phase=phase, number=3)
    assert "number" in caught.value.message_dict
    with pytest.raises(ValidationError):
        update_phase(actor=world.user("director"), phase=phase, attendance_percent=120)
    phase.refresh_from_db()
    assert phase.attendance_percent == 80 and counts() == before


def test_remove_renumbers_later_phases_but_never_an_entered_one(world, court):
    with_defaults(world, court)
    director = world.user("director")
    remove_phase(actor=director, phase=court.phases.get(number=2))
    assert list(court.phases.values_list("number", "name")) == [
        (1, "Stabilization"),
        (2, "Active recovery"),
        (3, "Continuing care"),
    ]
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "court.phase.remove"
    assert event.after == {"renumbered": {"3": 2, "4": 3}}
    start(world, court)  # someone enters Phase 1
    before = counts()
    with pytest.raises(ValidationError) as entered:
        remove_phase(actor=director, phase=court.phases.get(number=1))
    assert "Participants have been in Phase 1" in entered.value.messages[0]
    assert counts() == before
    remove_phase(actor=director, phase=court.phases.get(number=3))
    assert court.phases.count() == 2


def test_adopt_defaults_once(world, court):
    made = adopt_default_phases(actor=world.user("director"), court=court)
    assert [p.min_days for p in made] == [112, 112, 140, 140]
    assert [p.negative_days for p in made[:3]] == [30, 60, 120]
    assert [p.tests_per_week for p in made[:2]] == [Decimal("2"), Decimal("1")]
    assert len(made) == len(DEFAULT_PHASES)
    before = counts()
    with pytest.raises(ValidationError) as again:
        adopt_default_phases(actor=world.user("director"), court=court)
    assert "already has phases" in again.value.messages[0]
    assert counts() == before


# --- pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_phases_page_by_persona(world, login, court, reentry_court, username):
    with_defaults(world, court)
    client = login(username)
    page = client.get(reverse("court:phases", args=[court.public_id]))
    other = client.get(reverse("court:phases", args=[reentry_court.public_id]))
    new = client.get(reverse("court:phase_new", args=[court.public_id]))
    assert page.status_code == (200 if username in STAFF else 404)
    assert other.status_code == (200 if username == "outsider" else 404)
    assert new.status_code == (200 if username in CONFIGURE else 404)
    if username in STAFF:
        html = page.content.decode()
        assert "Stabilization" in html and "112" in html
        assert ("Change</a>" in html) == (username in CONFIGURE)


@pytest.mark.parametrize("username", ["casemanager", "court", "outsider", "evaluator"])
def test_out_of_scope_configuration_posts_change_nothing(world, login, court, username):
    client = login(username)
    phase = define(world, court, min_days=10)
    before = counts()
    urls = [
        reverse("court:phases", args=[court.public_id]),
        reverse("court:phase_new", args=[court.public_id]),
        reverse("court:phase_edit", args=[court.public_id, phase.public_id]),
        reverse("court:phase_remove", args=[court.public_id, phase.public_id]),
    ]
    for url in urls:
        response = client.post(url, {"number": "2", "name": "X", "min_days": "1"})
        assert response.status_code == 404, url
    assert counts() == before
    phase.refresh_from_db()
    assert phase.min_days == 10


def _form(**values: Any) -> dict[str, Any]:
    data = {
        "name": "Phase",
        "min_days": "60",
        "negative_days": "30",
        "attendance_percent": "90",
        "no_sanctions_days": "30",
        "tasks": "State ID obtained\nSponsor named\n",
        "tests_per_week": "2",
        "hearing_every_days": "14",
    }
    data.update(values)
    return data


def test_adopt_add_edit_and_remove_through_the_pages(world, login, court):
    client = login("supervisor")
    here = reverse("court:phases", args=[court.public_id])
    assert "Adopt the default phases" in client.get(here).content.decode()
    assert client.post(here).status_code == 302
    assert court.phases.count() == 4
    response = client.post(
        reverse("court:phase_new", args=[court.public_id]), _form(number="5", name="Alumni")
    )
    assert response.status_code == 302
    alumni = court.phases.get(number=5)
    assert alumni.tasks == ["State ID obtained", "Sponsor named"]
    edit = reverse("court:phase_edit", args=[court.public_id, alumni.public_id])
    assert "Sponsor named" in client.get(edit).content.decode()
    assert client.post(edit, _form(name="Alumni", min_days="45")).status_code == 302
    alumni.refresh_from_db()
    assert alumni.min_days == 45
    remove = reverse("court:phase_remove", args=[court.public_id, alumni.public_id])
    assert client.post(remove).status_code == 302
    assert court.phases.count() == 4


def test_bad_form_values_show_the_service_message_and_save_nothing(world, login, court):
    client = login("director")
    before = counts()
    response = client.post(
        reverse("court:phase_new", args=[court.public_id]),
        _form(number="1", attendance_percent="120", min_days="-3", tests_per_week="9"),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "percentage from 0 to 100" in html
    assert "cannot be negative" in html
    assert "between 0 and 7" in html
    assert counts() == before


# --- API ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_api_court_phases_by_persona(world, court, username):
    with_defaults(world, court)
    response = api_client(world.user(username)).get(f"/api/v1/courts/{court.public_id}/phases")
    assert response.status_code == (200 if username in STAFF else 404)
    if response.status_code == 200:
        body = response.json()
        assert [p["number"] for p in body] == [1, 2, 3, 4]
        assert body[0]["min_days"] == 112 and body[0]["tasks"][0] == "Orientation completed"
