"""Court fixtures: the drug court's calendar (and the re-entry program's, for scoping)."""

from __future__ import annotations

from typing import Any

import pytest

from missioncj.court.models import Court
from missioncj.court.services.courts import create_court


@pytest.fixture
def court(world: Any) -> Court:
    return create_court(
        actor=None,
        program=world.drug,
        name="Drug Court, Part 3",
        location="County Courthouse, 100 Main St, Room 3B",
        judge="Hon. R. Ortiz",
    )


@pytest.fixture
def reentry_court(world: Any) -> Court:
    return create_court(actor=None, program=world.reentry, name="Re-entry Court")
