"""The demo court record: the drug court has a calendar (weekly status hearings and staffing),
phases, responses, cases and random testing; the re-entry program, which has no treatment-court
calendar, has cases (probation) and random testing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.court.services.courts import create_court
from missioncj.demo.court_cases import add_cases
from missioncj.demo.court_hearings import add_hearings
from missioncj.demo.court_phases import add_phases
from missioncj.demo.court_testing import add_testing
from missioncj.notify.services import opt_in
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

COURTS = {
    "drug": (
        "Harbor County Drug Court, Part 2",
        "Harbor County Courthouse, 200 Water St, Courtroom 4",
        "Hon. Teresa Alvarez",
    ),
    "reentry": (
        "Harbor County Superior Court, Probation Part",
        "Harbor County Courthouse, 200 Water St, Courtroom 7",
        "Hon. Marcus Bell",
    ),
}


def add_court(rng: random.Random, today: dt.date, program: Program, lead: Any, key: str) -> None:
    name, location, judge = COURTS[key]
    court = create_court(actor=None, program=program, name=name, location=location, judge=judge)
    if key == "drug":
        add_phases(rng, today, program, lead, court)
    add_testing(rng, today, program, lead, court)
    add_cases(rng, today, program, lead, court)
    if key == "drug":
        add_hearings(rng, today, program, lead, court)
        _reminders(rng, program, lead)


def _reminders(rng: random.Random, program: Program, lead: Any) -> None:
    """About two in three of the drug court's enrolled participants agreed to text reminders
    at their first phone number (reminders for their coming hearings are planned at once)."""
    for episode in (
        Episode.objects.filter(program=program, status=EpisodeStatus.ENROLLED)
        .select_related("participant")
        .order_by("pk")
    ):
        phone = episode.participant.phones.order_by("pk").first()
        if phone is not None and rng.random() < 0.66:
            opt_in(actor=lead, participant=episode.participant, channel="sms", address=phone.number)
