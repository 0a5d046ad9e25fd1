"""Demo mutual-help meetings around Harbor County (about 41.50, -71.30): AA, NA, SMART Recovery,
Celebrate Recovery, DRA and a veterans' group; mornings, noons and evenings, some in Spanish,
some wheelchair accessible, some online. Written as Meeting Guide JSON in code and loaded
through the same import as a real intergroup feed, one feed per fellowship."""

from __future__ import annotations

import random
from typing import Any

from missioncj.linkage.services.meeting_import import import_meeting_guide
from missioncj.programs.models import Program

CENTER = (41.50, -71.30)
TOWNS = [
    ("Harbor City", "02840"),
    ("Bayside", "02842"),
    ("Northport", "02871"),
    ("Millbrook", "02878"),
]
PLACES = ["St. Mark's Church hall", "Community Center", "Library meeting room", "YMCA"]
STREETS = ["Elm St", "Harbor Rd", "Main St", "Bay Ave", "Church St", "Mill Ln"]
GROUPS = ["Sunrise", "Harbor Lights", "Serenity", "New Freedom", "Keep It Simple", "Lifeline"]
FEEDS: list[tuple[str, str, int]] = [
    ("aa", "Harbor County Intergroup (AA)", 14),
    ("na", "Harbor Area NA", 10),
    ("smart", "SMART Recovery Harbor", 5),
    ("celebrate_recovery", "Celebrate Recovery Harbor", 4),
    ("dra", "Dual Recovery Anonymous Harbor", 3),
    ("veterans", "Harbor Veterans Peer Group", 3),
]
TIMES = ["07:00", "07:30", "12:00", "12:15", "17:30", "18:30", "19:00", "19:30", "20:00"]


def _record(rng: random.Random, fellowship: str, index: int) -> dict[str, Any]:
    town, postal = rng.choice(TOWNS)
    group = rng.choice(GROUPS)
    start = rng.choice(TIMES)
    hour, minute = map(int, start.split(":"))
    types = [rng.choice(["O", "C"])]
    if rng.random() < 0.2:
        types.append("S")
    if rng.random() < 0.5:
        types.append("X")
    online = rng.random() < 0.2
    days: Any = rng.randint(0, 6) if rng.random() < 0.7 else sorted(rng.sample(range(7), 2))
    rec: dict[str, Any] = {
        "name": f"{group} {'Grupo' if 'S' in types else 'Group'}",
        "slug": f"{fellowship}-{index:02d}",
        "day": days,
        "time": start,
        "end_time": f"{hour + 1:02d}:{minute:02d}",
        "group": group,
        "types": types,
    }
    if online:
        rec["conference_url"] = f"https://meet.example.org/{fellowship}{index:02d}"
        rec["conference_phone"] = f"+1 555 010 {rng.randint(1000, 9999)}"
    if not online or rng.random() < 0.5:
        rec.update(
            {
                "location": rng.choice(PLACES),
                "address": f"{rng.randint(1, 400)} {rng.choice(STREETS)}",
                "city": town,
                "state": "RI",
                "postal_code": postal,
                "latitude": round(CENTER[0] + rng.uniform(-0.12, 0.12), 6),
                "longitude": round(CENTER[1] + rng.uniform(-0.15, 0.15), 6),
            }
        )
    return rec


def demo_feeds(rng: random.Random) -> list[tuple[str, str, list[dict[str, Any]]]]:
    return [
        (fellowship, name, [_record(rng, fellowship, i) for i in range(count)])
        for fellowship, name, count in FEEDS
    ]


def add_meetings(rng: random.Random, program: Program, lead: Any) -> int:
    """About 40 meetings for the program; returns how many were created."""
    created = 0
    for fellowship, name, feed in demo_feeds(rng):
        result = import_meeting_guide(
            actor=lead, program=program, source_name=name, feed=feed, fellowship=fellowship
        )
        created += result.created
    return created
