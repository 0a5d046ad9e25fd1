"""Shared pieces of the audit-report tests: events written at a chosen moment through the real
`record()`, the report read over the API page by page, and an independent statement of who
should see which events (the oracle the report is checked against)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.test import Client

from missioncj.accounts.models import Membership
from missioncj.core.audit import record
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.participants.models import Episode
from missioncj.participants.tests.test_access_matrix import api_client

URL = "/privacy/audit/"
API = "/api/v1/audit-events"
READERS = ("director", "supervisor", "admin")
NOT_READERS = ("casemanager", "peer", "clinician", "court", "evaluator", "outsider")


def write_events(
    when: dt.datetime,
    count: int,
    *,
    actor: Any,
    participant: Any = None,
    action: str = "test.event",
    kind: str = AuditKind.READ,
    after: dict[str, Any] | None = None,
) -> list[AuditEvent]:
    """`count` events all stamped `when` (equal timestamps on purpose)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        return [
            record(
                kind=AuditKind(kind),
                action=action,
                actor=actor,
                participant=participant,
                subject=participant,
                after=after,
            )
            for _ in range(count)
        ]


def walk_api(client: Client, query: dict[str, Any], limit: int = 50) -> list[dict]:
    """Every page of the API answer (the whole bodies), following `next`."""
    bodies: list[dict] = []
    params = {**query, "limit": str(limit)}
    while True:
        response = client.get(API, params)
        assert response.status_code == 200, response.content[:400]
        bodies.append(response.json())
        if not bodies[-1]["next"]:
            return bodies
        params = {**query, "limit": str(limit), "after": bodies[-1]["next"]}


def api_events(user: Any, **query: Any) -> list[dict]:
    return [row for body in walk_api(api_client(user), query, limit=500) for row in body["items"]]


def expected_hashes(world: Any, username: str, low: dt.datetime, high: dt.datetime) -> set[str]:
    """Who sees what, written out independently of the report's code: the administrator every
    event; a drug-court director or supervisor the events about anyone with a drug-court
    episode or by anyone holding a drug-court role."""
    events = AuditEvent.objects.filter(occurred_at__gte=low, occurred_at__lt=high)
    if username == "admin":
        return set(events.values_list("hash", flat=True))
    people = set(
        Episode.objects.filter(program=world.drug).values_list("participant__public_id", flat=True)
    )
    staff = set(Membership.objects.filter(program=world.drug).values_list("user_id", flat=True))
    return {
        e.hash
        for e in events
        if e.participant_public_id in people or (e.actor_id is not None and e.actor_id in staff)
    }
