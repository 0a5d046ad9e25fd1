"""One batch of rows of every kind the pages list (see query_scene.py).

Each batch brings one more participant onto the north participant's team (their case in the
scene's court, their consent, their place on the scene's docket and group) and, for that new
person and for the north participant alike, one more of everything a participant's pages
show; then one more of everything a program's, a court's and a team's pages list. Rows go
through the services, or the factories the app's own tests use where a service is not the
point (directory entries, group attendance).
"""

from __future__ import annotations

from typing import Any

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.conftest import make_participant
from missioncj.core.tests import query_growth_care, query_growth_court, query_growth_reach
from missioncj.programs.models import CourtType
from missioncj.programs.services import create_program, create_team


def add_batch(scene: Any, number: int) -> None:
    world = scene.world
    newcomer = make_participant(
        scene.user("casemanager"), world.drug, world.north, f"Grown{number:02d}"
    )
    people = [scene.person, newcomer]
    for person in people:
        episode = person.episodes.select_related("program", "team", "participant").get()
        query_growth_care.for_participant(scene, episode, number)
        query_growth_court.for_participant(scene, episode, number)
        query_growth_reach.for_participant(scene, episode, number)
    _programs(scene, number)
    query_growth_care.for_program(scene, number)
    query_growth_court.for_program(scene, number)
    query_growth_reach.for_program(scene, number)


def _programs(scene: Any, number: int) -> None:
    """Another team in the drug court, another case manager on the north team, and another
    program the director runs."""
    world = scene.world
    staff = create_user(
        actor=None, username=f"cm.grown{number}", password=None, display_name=f"Grown {number}"
    )
    grant_role(actor=None, user=staff, program=world.drug, role=Role.CASE_MANAGER, team=world.north)
    create_team(actor=None, program=world.drug, name=f"Team Grown {number}")
    program = create_program(
        actor=None,
        organization=world.drug.organization,
        name=f"Grown Program {number}",
        court_type=CourtType.REENTRY,
        time_zone="America/Denver",
    )
    create_team(actor=None, program=program, name=f"Grown Team {number}")
    grant_role(actor=None, user=scene.user("director"), program=program, role=Role.DIRECTOR)
