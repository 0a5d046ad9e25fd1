"""The follow-up report (page and API) starts from the read choke point: a restricted
participant on Team South is neither named nor counted for a supervisor off that team, and is
there for someone who directs the program and works on Team South."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.assessments.models import Instrument, Schedule, Timepoint
from missioncj.assessments.tests.test_api import api
from missioncj.privacy.services.restricted import restrict_participant

SOUTH = "Test South"


@pytest.fixture
def restricted_south(world):
    """A one-month PHQ-9 follow-up (missed by now) and a four-month one (open now), South
    restricted, and `lead.south`: a supervisor of the program who is on Team South too."""
    schedule = Schedule.objects.create(program=world.drug, name="PHQ-9 check")
    for code, due, opens, closes in (("m1", 1, 1, 2), ("m4", 3, 2, 5)):
        timepoint = Timepoint.objects.create(
            schedule=schedule,
            code=code,
            label=code,
            due_months=due,
            opens_months=opens,
            closes_months=closes,
        )
        timepoint.instruments.set([Instrument.objects.get(code="phq9")])
    restrict_participant(
        actor=world.user("director"), participant=world.south_person, reason="Staff relative"
    )
    lead = create_user(actor=None, username="lead.south", password="x" * 12)
    grant_role(actor=None, user=lead, program=world.drug, role=Role.SUPERVISOR)
    grant_role(actor=None, user=lead, program=world.drug, role=Role.CASE_MANAGER, team=world.south)
    TOTP.activate(lead, generate_totp_secret())  # pages require MFA, as for every persona
    world.users["lead.south"] = lead
    return world


def test_page_hides_the_restricted_record_from_a_supervisor_off_its_team(restricted_south, login):
    world = restricted_south
    url = reverse("assessments:follow_up", args=[world.drug.public_id])
    html = login("supervisor").get(url).content.decode()
    assert "Test North" in html
    assert SOUTH not in html and str(world.south_person.public_id) not in html
    html = login("lead.south").get(url).content.decode()
    assert SOUTH in html and "Test North" in html


def test_api_hides_the_restricted_record_from_a_supervisor_off_its_team(restricted_south):
    world = restricted_south
    url = f"/api/v1/programs/{world.drug.public_id}/follow-up"
    south, north = str(world.south_person.public_id), str(world.north_person.public_id)
    body = api(world.user("supervisor")).get(url).json()
    shown = {row["participant"] for row in body["coming_due"]}
    assert north in shown and south not in shown
    assert body["schedules"][0]["timepoints"][0]["due"] == 1  # North only is counted
    body = api(world.user("lead.south")).get(url).json()
    assert {row["participant"] for row in body["coming_due"]} == {north, south}
    assert body["schedules"][0]["timepoints"][0]["due"] == 2
