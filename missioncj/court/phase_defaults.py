"""A default set of court phases a court can adopt with one click, then adapt.

EXAMPLE TO ADAPT, not a standard: it follows one published local design (four phases of
16, 16, 20 and 20 weeks; testing at least twice a week in phase 1 and weekly in phase 2, random
after that; 30, 60 and 120 days of consecutive clean time to advance; see docs/court.md). Every
court sets its own rules; the attendance, sanction-free and task values below are placeholders
a team is expected to change. "Random" testing in phases 3 and 4 is kept at one random call-in a
week on average, because testing is the last service to be reduced."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

DEFAULT_PHASES: list[dict[str, Any]] = [
    {
        "number": 1,
        "name": "Stabilization",
        "min_days": 112,  # 16 weeks
        "negative_days": 30,
        "attendance_percent": 90,
        "no_sanctions_days": 14,
        "tasks": ["Orientation completed", "Treatment plan signed"],
        "tests_per_week": Decimal("2"),
        "hearing_every_days": 14,
    },
    {
        "number": 2,
        "name": "Early recovery",
        "min_days": 112,  # 16 weeks
        "negative_days": 60,
        "attendance_percent": 90,
        "no_sanctions_days": 30,
        "tasks": ["State ID obtained", "Recovery support person named"],
        "tests_per_week": Decimal("1"),
        "hearing_every_days": 14,
    },
    {
        "number": 3,
        "name": "Active recovery",
        "min_days": 140,  # 20 weeks
        "negative_days": 120,
        "attendance_percent": 85,
        "no_sanctions_days": 60,
        "tasks": ["Working, in school or volunteering", "Community service completed"],
        "tests_per_week": Decimal("1"),
        "hearing_every_days": 28,
    },
    {
        "number": 4,
        "name": "Continuing care",
        "min_days": 140,  # 20 weeks
        "negative_days": 120,
        "attendance_percent": 80,
        "no_sanctions_days": 90,
        "tasks": ["Relapse-prevention plan written", "Aftercare plan in place"],
        "tests_per_week": Decimal("1"),
        "hearing_every_days": 28,
    },
]
