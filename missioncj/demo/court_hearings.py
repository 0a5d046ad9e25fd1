"""Demo court calendar: Thursday 09:00 status hearings and Wednesday 14:00 team staffing from
about three months ago to six weeks ahead, enrolled participants on the docket every week in
phase 1 and every other week later, with past appearances, outcomes and recommendations — all
through the hearings services."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from missioncj.accounts.models import PROGRAM_ROLES, Membership
from missioncj.court.models import Appearance, Court, Hearing, HearingKind, PhaseMove
from missioncj.court.policies import can_configure
from missioncj.court.services import docket_entries
from missioncj.court.services import hearings as services
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

WEEKS_BACK = 13
WEEKS_AHEAD = 6
APPEARANCES = [Appearance.APPEARED, Appearance.REMOTE, Appearance.EXCUSED, Appearance.FAILED]
APPEARANCE_WEIGHTS = [80, 6, 6, 8]
OUTCOMES = {
    Appearance.APPEARED: [
        "Continued in phase; judge praised progress",
        "Continued in phase; reminded to attend all groups",
        "Incentive given: fishbowl drawing",
        "Continued; curfew extended to 11 pm",
        "Continued; community service hours reviewed",
    ],
    Appearance.REMOTE: ["Continued; appeared by video from work"],
    Appearance.EXCUSED: ["Excused: medical appointment; continued"],
    Appearance.FAILED: [
        "Bench warrant issued, held 7 days",
        "Failed to appear; status in one week",
    ],
}
RECOMMENDATIONS = [
    ("Continue in phase; praise clean tests", "All tests negative since last staffing."),
    ("Incentive: gift card for 30 days negative", "Started part-time work at the warehouse."),
    ("Service adjustment: add weekly individual session", "Struggling after a family loss."),
    ("Sanction: 8 hours community service for missed test", "Missed a random call-in on Monday."),
    ("Consider phase promotion at next staffing", "Meets clean-days criterion; tasks pending."),
    ("Continue; case manager to help with housing application", "Sober-house bed opening soon."),
]


def _planner(program: Program, court: Court, lead_user: Any) -> Any:
    """Who lays out the calendar: the lead if they configure the court, else the program's
    director or supervisor."""
    if can_configure(lead_user, court):
        return lead_user
    membership = (
        Membership.objects.filter(program=program, role__in=PROGRAM_ROLES, active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _series(
    planner: Any, court: Court, kind: str, weekday: int, time: dt.time, room: str, today: dt.date
) -> list[Hearing]:
    series = services.create_series(
        actor=planner,
        court=court,
        kind=kind,
        weekday=weekday,
        local_time=time,
        starts_on=today - dt.timedelta(weeks=WEEKS_BACK),
        ends_on=today + dt.timedelta(weeks=WEEKS_AHEAD),
        room=room,
        today=today,
    )
    return list(series.hearings.order_by("local_date"))


def add_hearings(
    rng: random.Random, today: dt.date, program: Program, lead_user: Any, court: Court
) -> None:
    planner = _planner(program, court, lead_user)
    if planner is None:
        return
    status_days = _series(planner, court, HearingKind.STATUS, 3, dt.time(9), "Courtroom 3B", today)
    staffing = {
        h.local_date: h
        for h in _series(
            planner, court, HearingKind.STAFFING, 2, dt.time(14), "Conference room 2", today
        )
    }
    episodes = list(
        Episode.objects.filter(program=program, status=EpisodeStatus.ENROLLED)
        .select_related("participant")
        .order_by("pk")
    )
    phase_of: dict[int, int] = {}
    for move in PhaseMove.objects.filter(episode__in=episodes).order_by("on", "pk"):
        phase_of[move.episode_id] = move.phase.number
    # Results are only recorded for hearings that have begun, by the clock and by the demo's
    # today (a demo anchored in the past stops there).
    zone = program.zone
    end_of_today = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    held_before = min(timezone.now(), end_of_today)
    for episode in episodes:
        every = 1 if phase_of.get(episode.pk, 1) == 1 else 2
        start = episode.enrolled_date or episode.referral_date
        eligible = [h for h in status_days if h.local_date >= start]
        mine = eligible[rng.randrange(every) :: every]
        for index, hearing in enumerate(mine):
            _put_on(rng, planner, episode, hearing, staffing, mine, index, held_before)


def _put_on(
    rng: random.Random,
    planner: Any,
    episode: Episode,
    hearing: Hearing,
    staffing: dict[dt.date, Hearing],
    mine: list[Hearing],
    index: int,
    held_before: dt.datetime,
) -> None:
    participant = episode.participant
    entry = docket_entries.add_to_docket(actor=planner, hearing=hearing, participant=participant)
    meeting = staffing.get(hearing.local_date - dt.timedelta(days=1))
    if meeting is not None:
        staffed = docket_entries.add_to_docket(
            actor=planner, hearing=meeting, participant=participant
        )
        if meeting.starts_at < held_before:
            recommendation, note = rng.choice(RECOMMENDATIONS)
            docket_entries.record_staffing(
                actor=planner, entry=staffed, recommendation=recommendation, staffing_note=note
            )
    if hearing.starts_at < held_before:
        appearance = rng.choices(APPEARANCES, weights=APPEARANCE_WEIGHTS)[0]
        following = mine[index + 1].local_date if index + 1 < len(mine) else None
        docket_entries.record_hearing_result(
            actor=planner,
            entry=entry,
            appearance=appearance,
            outcome=rng.choice(OUTCOMES[appearance]),
            next_date=following,
        )
