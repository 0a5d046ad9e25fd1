"""The demo's meetings: about 40 per program, every fellowship, the mix the finder needs, and
the same list from the same seed."""

from __future__ import annotations

import random

from missioncj.demo.linkage_meetings import add_meetings, demo_feeds
from missioncj.linkage.models import Fellowship, Meeting


def test_same_seed_same_feeds():
    assert demo_feeds(random.Random(7)) == demo_feeds(random.Random(7))


def test_demo_meetings_load_through_the_import(world):
    created = add_meetings(random.Random(2026), world.drug, world.user("supervisor"))
    rows = Meeting.objects.filter(source__program=world.drug)
    assert 35 <= created == rows.count() <= 55
    assert set(rows.values_list("fellowship", flat=True)) == set(Fellowship.values) - {"other"}
    types = [m.types for m in rows]
    assert any("S" in t for t in types) and any("X" in t for t in types)
    assert any(m.online for m in rows) and any(m.latitude is not None for m in rows)
    hours = {m.start_time.hour for m in rows}
    assert hours & {7} and hours & {12} and hours & {18, 19, 20}
