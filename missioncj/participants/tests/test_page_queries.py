"""The participant page makes the same number of queries whatever the length of the record,
for every role that opens it: its panels and timeline read what the page already holds (the
visible episodes) and a fixed number of rows each, never a query per row shown.

The scene (core/tests/query_scene.py) gives the north participant one of everything a panel
shows; growing it adds more of each (contacts with addenda, counseling notes, docket entries,
drug tests, assessments, referrals, outcome events, group attendance …).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.core.tests.query_scene import Scene, build_scene
from missioncj.participants.models import Participant

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
# Everyone who opens the north participant's page: their team (case manager, peer, clinician,
# who also reads the counseling notes) and the program's overseers.
READERS = ["casemanager", "peer", "clinician", "director", "supervisor"]


def page_queries(scene: Scene, persona: str, participant: Participant) -> tuple[int, bytes]:
    client = Client()
    client.force_login(scene.user(persona))
    url = reverse("participants:detail", args=[participant.public_id])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (persona, response.status_code)
    counted = [q for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
    return len(counted), response.content


def counts(scene: Scene) -> dict[str, int]:
    found: dict[str, Any] = {}
    for persona in READERS:
        found[persona], _ = page_queries(scene, persona, scene.person)
    # A restricted record opened through the director's break-the-glass grant.
    found["director (break the glass)"], body = page_queries(
        scene, "director", scene.grant.participant
    )
    assert b"break" in body.lower()
    return found


def test_participant_page_queries_do_not_grow_with_the_record(world):
    scene = build_scene(world)
    scene.grow()
    first = counts(scene)
    _, before = page_queries(scene, "clinician", scene.person)
    for _ in range(3):
        scene.grow()
    _, after = page_queries(scene, "clinician", scene.person)
    assert len(after) > len(before)  # the panels and timeline do show the new rows
    assert counts(scene) == first
