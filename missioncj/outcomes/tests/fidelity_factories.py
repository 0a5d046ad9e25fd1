"""A hand-built participant for the fidelity tests: known contacts, sessions and referrals over
seven known weeks that cross from transition into try-out.

The drug program is set to one-month phases (contact every 7 / 14 / 30 days). Enrollment is
Wednesday 7 Jan 2026, so transition runs 7 Jan to 6 Feb, try-out 7 Feb to 6 Mar, transfer of care
7 Mar to 6 Apr. Through Sunday 22 Feb there are seven weeks (Mondays 5 Jan … 16 Feb); the week
of 2 Feb crosses into try-out on Saturday 7 Feb and is labelled transition (its Monday)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.accounts.models import User
from missioncj.care.models import Component, CurriculumKind, WithWhom
from missioncj.care.tests import cti_factories as f
from missioncj.linkage.models import Referral
from missioncj.participants import services as people
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program, Team

ENROLLED = dt.date(2026, 1, 7)
THROUGH = dt.date(2026, 2, 22)
D = dt.date


def one_month_phases(program: Program) -> Program:
    Program.objects.filter(pk=program.pk).update(
        cti_transition_months=1, cti_tryout_months=1, cti_transfer_months=1
    )
    program.refresh_from_db()
    return program


def enrolled_episode(actor: User, program: Program, team: Team, last: str) -> Episode:
    participant = people.create_participant(
        actor=actor,
        program=program,
        team=team,
        referral_date=D(2026, 1, 2),
        first_name="Fidelity",
        last_name=last,
        date_of_birth=D(1988, 3, 4),
        identifiers=[{"kind": "court_docket", "value": f"26FD{abs(hash(last)) % 10000:04d}"}],
    )
    episode = participant.episodes.get()
    people.change_status(
        actor=actor, episode=episode, status=EpisodeStatus.SCREENING, on=D(2026, 1, 5)
    )
    people.change_status(actor=actor, episode=episode, status=EpisodeStatus.ENROLLED, on=ENROLLED)
    return Episode.objects.select_related("program", "team", "participant").get(pk=episode.pk)


def contact(actor: User, episode: Episode, day: dt.date, components: int, **extra: Any) -> None:
    f.contact(actor, episode, f.local_noon(episode.program, day), components, **extra)


def session(actor: User, episode: Episode, kind: str, number: int, day: dt.date, status: str):
    curriculum = f.curriculum(episode.program, kind)
    meeting = f.group(curriculum, number, f.local_noon(episode.program, day), actor)
    meeting.facilitators.add(actor)
    return f.attend(meeting, episode, status)


def referral(actor: User, episode: Episode, on: dt.date, attended: dt.date | None) -> Referral:
    return Referral.objects.create(
        participant=episode.participant,
        episode=episode,
        place_name="Recovery centre",
        need="recovery_center",
        status="attended" if attended else "referred",
        status_on=attended or on,
        referred_on=on,
        first_attended_on=attended,
        created_by=actor,
    )


CTI = int(Component.CTI)


def known_weeks(actor: User, episode: Episode) -> Episode:
    """The seven known weeks (see the module docstring and test_fidelity.py)."""
    contact(actor, episode, D(2026, 1, 6), CTI)  # before enrollment: not counted
    contact(actor, episode, D(2026, 1, 8), CTI)  # week 1
    contact(actor, episode, D(2026, 1, 14), CTI)  # week 2
    contact(actor, episode, D(2026, 1, 21), CTI, sign=False)  # week 3, a draft: not counted
    aunt = people.add_collateral(
        actor=actor, participant=episode.participant, name="Aunt", relationship="aunt"
    )
    contact(
        actor,
        episode,
        D(2026, 1, 20),
        int(Component.TRAUMA),
        with_whom=WithWhom.COLLATERAL,
        collateral=aunt,
    )
    contact(actor, episode, D(2026, 1, 30), CTI)  # week 4
    contact(actor, episode, D(2026, 2, 7), CTI)  # week 5, Saturday, first day of try-out
    contact(actor, episode, D(2026, 2, 10), int(Component.VOCATIONAL))  # week 6
    drt, peer, prosocial = CurriculumKind.DRT, CurriculumKind.PEER, CurriculumKind.PROSOCIAL
    session(actor, episode, drt, 1, D(2026, 1, 13), "present")  # week 2
    session(actor, episode, drt, 2, D(2026, 1, 20), "present")  # week 3
    session(actor, episode, drt, 3, D(2026, 1, 27), "absent")  # not counted
    session(actor, episode, drt, 3, D(2026, 1, 29), "makeup")  # week 4
    session(actor, episode, drt, 1, D(2026, 2, 3), "present")  # week 5 (a repeat of session 1)
    session(actor, episode, peer, 1, D(2026, 1, 15), "present")  # week 2
    session(actor, episode, peer, 2, D(2026, 2, 12), "present")  # week 6
    session(actor, episode, prosocial, 1, D(2026, 2, 19), "present")  # week 7
    referral(actor, episode, D(2026, 1, 9), D(2026, 1, 16))  # made week 1, completed week 2
    referral(actor, episode, D(2026, 2, 11), None)  # made week 6
    return episode
