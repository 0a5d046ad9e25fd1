"""Demo court cases: one case per enrolled participant on the program's court, with one to three
charges (made-up statute numbers) and two to four conditions with progress — all through the
court services, so the audit chain is the same as for real work."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from missioncj.court.models import (
    CaseStatus,
    ChargeLevel,
    ConditionKind,
    ConditionStatus,
    ConditionUnit,
    Court,
    CourtCase,
)
from missioncj.court.services import cases as services
from missioncj.court.services import conditions
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

# (statute, description, level, degree) — statute numbers are invented.
CHARGES = [
    ("HC 12-3401(a)", "Possession of a controlled substance (fentanyl)", ChargeLevel.FELONY, "F3"),
    (
        "HC 12-3401(b)",
        "Possession of a controlled substance (methamphetamine)",
        ChargeLevel.FELONY,
        "F3",
    ),
    ("HC 12-3405", "Possession of drug paraphernalia", ChargeLevel.MISDEMEANOR, "M1"),
    ("HC 9-2201", "Theft under $1,000 (shoplifting)", ChargeLevel.MISDEMEANOR, "M1"),
    ("HC 9-2203", "Theft of $1,000 or more", ChargeLevel.FELONY, "F4"),
    ("HC 9-2310", "Burglary of a vehicle", ChargeLevel.FELONY, "F4"),
    ("HC 30-1102(a)", "Driving under the influence", ChargeLevel.MISDEMEANOR, "M1"),
    ("HC 30-1102(c)", "Driving under the influence, third offence", ChargeLevel.FELONY, "F4"),
    ("HC 30-0718", "Driving with a suspended licence", ChargeLevel.MISDEMEANOR, "M2"),
    ("HC 11-0412", "Trespass", ChargeLevel.MISDEMEANOR, "M2"),
    ("HC 11-0330", "Disorderly conduct", ChargeLevel.INFRACTION, ""),
    ("HC 12-3420", "Prescription fraud", ChargeLevel.FELONY, "F4"),
]
STATUSES = [CaseStatus.PRE_PLEA] * 2 + [CaseStatus.POST_PLEA] * 3 + [CaseStatus.PROBATION]
ATTORNEYS = ["Office of the Public Defender", "M. Okafor, Esq.", "L. Brandt, Esq."]
OFFICERS = ["PO D. Reyes", "PO K. Whitfield", "PO S. Tran"]


def _conditions(rng: random.Random) -> list[dict[str, Any]]:
    """Two to four conditions; treatment and testing nearly always, then a measurable one or
    two (hours, fees, restitution) and sometimes a curfew or a no-contact order."""
    pool: list[dict[str, Any]] = [
        {
            "kind": ConditionKind.COMMUNITY_SERVICE,
            "description": "Community service at the Harbor County food bank",
            "unit": ConditionUnit.HOURS,
            "required": Decimal(rng.choice([24, 40, 60, 80])),
        },
        {
            "kind": ConditionKind.FEES,
            "description": "Court costs and program fees",
            "unit": ConditionUnit.DOLLARS,
            "required": Decimal(rng.choice([150, 250, 400, 600])),
        },
        {
            "kind": ConditionKind.RESTITUTION,
            "description": "Restitution to the store",
            "unit": ConditionUnit.DOLLARS,
            "required": Decimal(rng.choice([180, 320, 750])),
        },
        {
            "kind": ConditionKind.CURFEW,
            "description": "Home by 10 pm on weeknights",
        },
        {
            "kind": ConditionKind.NO_CONTACT,
            "description": "No contact with the co-defendant",
            "protected_party": "Co-defendant named in the order",
        },
    ]
    chosen: list[dict[str, Any]] = [
        {
            "kind": ConditionKind.TREATMENT,
            "description": "Attend outpatient treatment as scheduled",
            "unit": ConditionUnit.SESSIONS,
            "required": Decimal(rng.choice([12, 16, 24])),
        },
        {"kind": ConditionKind.TESTING, "description": "Random drug and alcohol testing"},
    ]
    return chosen + rng.sample(pool, rng.randint(0, 2))


def _docket(rng: random.Random, court: Court, opened: dt.date) -> str:
    while True:
        number = f"{opened:%y}CR{rng.randint(1000, 99999):05d}"
        if not CourtCase.objects.filter(court=court, docket_number=number).exists():
            return number


def add_cases(
    rng: random.Random, today: dt.date, program: Program, lead_user: Any, court: Court
) -> int:
    """Returns the number of cases opened."""
    episodes = list(
        Episode.objects.filter(program=program, status=EpisodeStatus.ENROLLED)
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    opened = 0
    for episode in episodes:
        _case(rng, today, episode, lead_user, court)
        opened += 1
    return opened


def _case(rng: random.Random, today: dt.date, episode: Episode, lead: Any, court: Court) -> None:
    assert episode.enrolled_date is not None
    opened_on = min(episode.enrolled_date - dt.timedelta(days=rng.randint(3, 30)), today)
    charges = [
        {"statute": s, "description": d, "level": level, "degree": degree}
        for s, d, level, degree in rng.sample(CHARGES, rng.randint(1, 3))
    ]
    case = services.open_case(
        actor=lead,
        participant=episode.participant,
        episode=episode,
        court=court,
        docket_number=_docket(rng, court, opened_on),
        status=rng.choice(STATUSES),
        opened_on=opened_on,
        attorney_name=rng.choice(ATTORNEYS),
        attorney_phone=f"555-03{rng.randint(0, 99):02d}",
        probation_officer_name=rng.choice(OFFICERS),
        probation_officer_phone=f"555-04{rng.randint(0, 99):02d}",
        charges=charges,
    )
    ordered_on = min(episode.enrolled_date, today)
    for spec in _conditions(rng):
        condition = conditions.add_condition(
            actor=lead,
            case=case,
            ordered_on=ordered_on,
            due_on=ordered_on + dt.timedelta(days=rng.choice([45, 90, 120, 180])),
            **spec,
        )
        if condition.required is not None:
            _progress(rng, today, condition, lead)
        elif rng.random() < 0.08:
            conditions.set_condition_status(
                actor=lead,
                condition=condition,
                status=ConditionStatus.VIOLATED,
                note="Reported at the status hearing",
            )


def _progress(rng: random.Random, today: dt.date, condition: Any, lead: Any) -> None:
    """Steady, patchy or stalled progress; met when the amount is reached."""
    required = Decimal(condition.required)
    pace = rng.choice([1.1, 0.9, 0.7, 0.4, 0.1])
    days = max((today - condition.ordered_on).days, 0)
    entries = min(days // 10, 12)
    if entries == 0:
        return
    share = required * Decimal(str(pace)) / entries
    done = Decimal("0")
    for index in range(entries):
        amount = (share * Decimal(str(rng.uniform(0.6, 1.4)))).quantize(Decimal("1"))
        amount = min(max(amount, Decimal("1")), required - done)
        if amount <= 0:
            break
        on = condition.ordered_on + dt.timedelta(days=(index + 1) * days // (entries + 1))
        conditions.record_progress(actor=lead, condition=condition, on=on, amount=amount)
        done += amount
    if done >= required:
        conditions.set_condition_status(
            actor=lead, condition=condition, status=ConditionStatus.MET, note="Completed"
        )
