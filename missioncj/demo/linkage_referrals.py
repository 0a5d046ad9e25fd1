"""Demo support networks and referrals: most enrolled participants have a network of two to
four ties, and the program's referrals sit in every closed-loop status. Everything goes through
the linkage services (deterministic from the demo rng). Referrals go to off-directory places
unless the program's directory has a service for the need, so this does not depend on the
directory demo."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.linkage.policies import program_services
from missioncj.linkage.services.network import add_tie, end_tie
from missioncj.linkage.services.referrals import create_referral, record_step
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

TIES = [
    ("sponsor", ["Ray M.", "Denise K.", "Luis P.", "Tom W."]),
    ("recovery_coach", ["Harbor RCC coach", "Alicia (coach)"]),
    ("family", ["Mother", "Sister", "Brother", "Grandmother", "Partner"]),
    ("friend", ["Marcus", "Jen", "Old friend from work"]),
    ("employer", ["Harbor Diner", "Dockside Warehouse", "City Parks crew"]),
    ("home_group", ["Tuesday Night Hope (AA)", "Clean & Free (NA)", "SMART at the library"]),
    ("treatment_provider", ["Harbor Outpatient", "Dr. Osei (MAT)", "Bayview Counseling"]),
    ("probation", ["Officer Grant", "Officer Rivera"]),
    ("faith", ["St. Anne's", "Bethel AME"]),
    ("housing", ["Oxford House Elm", "Landlord Mr. Chen"]),
]
PLACES = {
    "mat": ("Harbor Bridge Clinic (MAT)", "(555) 555-0311 · 40 Dock St"),
    "sud_treatment": ("Bayview Outpatient", "(555) 555-0312"),
    "mental_health": ("Harbor Community Mental Health", "(555) 555-0313"),
    "recovery_center": ("Harbor Recovery Community Center", "12 Front St, drop-in 9-5"),
    "sober_housing": ("Oxford House Maple", "House president, (555) 555-0315"),
    "employment": ("Harbor Works job center", "(555) 555-0316"),
    "benefits": ("County benefits office", "Room 110, 1 Court Sq"),
    "legal_aid": ("Harbor Legal Aid", "(555) 555-0318"),
    "medical": ("Harbor Free Clinic", "Walk-in Tue/Thu"),
    "transportation": ("Harbor Transit reduced fare", "Transit office, Main St"),
}
# Status paths after "referred"; cycled so every status appears in every program.
PATHS = [
    [],
    ["scheduled"],
    ["attended"],
    ["scheduled", "attended", "engaged"],
    ["declined"],
    ["scheduled", "no_show"],
    ["ineligible"],
    ["attended", "engaged", "closed"],
    ["scheduled", "attended"],
    ["declined", "closed"],
]
CONFIRMERS = ["peer", "peer", "participant", "receiver", "staff"]


def _network(rng: random.Random, lead: Any, episode: Episode, today: dt.date) -> int:
    start = episode.enrolled_date or today
    made = 0
    for role, names in rng.sample(TIES, rng.randint(2, 4)):
        since = start - dt.timedelta(days=rng.randint(0, 700)) if rng.random() < 0.8 else None
        tie = add_tie(
            actor=lead,
            participant=episode.participant,
            role=role,
            name=rng.choice(names),
            strength=rng.choice([1, 2, 2, 3, 3]),
            since=since,
            phone=f"(555) 555-04{rng.randint(0, 99):02d}" if rng.random() < 0.6 else "",
        )
        made += 1
        if rng.random() < 0.1:
            ended = min(today, start + dt.timedelta(days=rng.randint(5, 60)))
            end_tie(actor=lead, tie=tie, ended_on=max(ended, since or ended))
    return made


def _referral(
    rng: random.Random,
    lead: Any,
    episode: Episode,
    today: dt.date,
    path: list[str],
    services: list[Any],
) -> None:
    need = rng.choice(sorted(PLACES))
    service = next((s for s in services if need in (s.categories or [])), None)
    start = episode.enrolled_date or today
    span = max(0, (today - start).days)
    day = start + dt.timedelta(days=rng.randint(0, span)) if span else start
    where: dict[str, Any] = {"service": service}
    if service is None:
        where = {"place_name": PLACES[need][0], "place_contact": PLACES[need][1]}
    referral = create_referral(
        actor=lead,
        participant=episode.participant,
        episode=episode,
        need=need,
        referred_on=day,
        urgency=rng.choice(["routine", "routine", "soon", "urgent"]),
        warm_handoff=rng.random() < 0.4,
        **where,
    )
    for status in path:
        day = min(today, day + dt.timedelta(days=rng.randint(1, 12)))
        confirmed_by = rng.choice(CONFIRMERS)
        record_step(
            actor=lead,
            referral=referral,
            status=status,
            on=day,
            confirmed_by=confirmed_by,
            confirmer_name="Intake desk" if confirmed_by == "receiver" else "",
        )


def add_linkage_referrals(
    rng: random.Random, today: dt.date, program: Program, lead: Any
) -> tuple[int, int]:
    """Returns (ties, referrals) added."""
    episodes = list(
        Episode.objects.filter(program=program, status=EpisodeStatus.ENROLLED)
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    services = list(program_services(program).order_by("pk"))
    ties = referrals = 0
    for episode in episodes:
        if rng.random() < 0.8:
            ties += _network(rng, lead, episode, today)
        for _ in range(rng.randint(1, 2)):
            _referral(rng, lead, episode, today, PATHS[referrals % len(PATHS)], services)
            referrals += 1
    return ties, referrals
