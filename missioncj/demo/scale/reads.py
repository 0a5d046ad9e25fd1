"""Audited reads: staff open a participant's record (`participants.services.record_read`) a few
minutes before they write to it, and now and then look at their tests or court cases. How many
reads each write draws is set so the whole load reaches the scale's audit-event target."""

from __future__ import annotations

import datetime as dt

from missioncj.demo.scale.chain import PARTICIPANT, Ev
from missioncj.demo.scale.context import request_id
from missioncj.demo.scale.people import Person

ACTIONS = ["participant.read"] * 8 + ["drug_test.list", "court.cases.read"]
BEFORE = [dt.timedelta(minutes=n) for n in range(1, 31)]


def add_reads(person: Person, ratio: float) -> int:
    """`ratio` reads per write event (on average), before writes by staff."""
    rng = person.rng
    anchors = [(e.occurred_at, (e.actor_id, e.actor_label)) for e in person.events if e.actor_id]
    if not anchors or ratio <= 0:
        return 0
    first = min(e.occurred_at for e in person.events)
    wanted = ratio * len(person.events)
    draw = rng.random
    count = int(wanted) + (1 if draw() < wanted - int(wanted) else 0)
    pid, subject, size = person.public_id, person.pid, len(anchors)
    reads = []
    for _ in range(count):
        moment, actor = anchors[int(draw() * size)]
        when = moment - BEFORE[int(draw() * 30)]
        reads.append(
            Ev(
                when if when > first else first,
                "read",
                ACTIONS[int(draw() * 10)],
                actor,
                pid,
                PARTICIPANT,
                subject,
                request_id=request_id(rng),
            )
        )
    person.events.extend(reads)
    return count
