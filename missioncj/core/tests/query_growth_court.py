"""Growth for the court record: cases with charges, conditions and progress, hearings with
results and staffing notes, phase moves, responses and drug tests for each participant; a
court, a phase, a hearing with its docket and a seated partner for the program (see
query_growth.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.core.tests.query_growth_care import at, day
from missioncj.court.models import CourtCase, PhaseMove, RandomSchedule, Seat
from missioncj.court.services import (
    cases,
    conditions,
    docket_entries,
    hearings,
    phase_moves,
    phases,
    random_testing,
    responses,
)
from missioncj.court.services.courts import create_court
from missioncj.court.services.seats import assign_seat
from missioncj.court.tests import testing_factories as testing
from missioncj.participants.models import Episode
from missioncj.participants.services import local_today


def for_participant(scene: Any, episode: Episode, number: int) -> None:
    supervisor = scene.user("supervisor")
    person = episode.participant
    tag = f"{person.last_name}-{number}"
    case = _case_of(scene, episode, number)
    if person.pk == scene.person.pk:
        case = scene.case  # the case whose page the walk asks for
    cases.add_charge(
        actor=supervisor, case=case, statute=f"HC 12-{number}", description=tag, level="felony"
    )
    condition = conditions.add_condition(
        actor=supervisor,
        case=case,
        kind="community_service",
        description=f"Hours {tag}",
        ordered_on=day(episode, 0),
        due_on=day(episode, number, 120),
        unit="hours",
        required=Decimal("40"),
    )
    conditions.record_progress(
        actor=supervisor, condition=condition, on=day(episode, number), amount=Decimal("4")
    )
    _phase_move(scene, episode, number)
    if not RandomSchedule.objects.filter(episode=episode).exists():
        random_testing.start_random_testing(
            actor=supervisor,
            episode=episode,
            starts_on=day(episode, 0),
            seed=hashlib.sha256(tag.encode()).hexdigest(),
        )
    responses.record_response(
        actor=supervisor,
        episode=episode,
        kind="incentive" if number % 2 else "sanction",
        behaviour=f"Behaviour {tag}",
        response=f"Response {tag}",
        magnitude="low",
        decided_on=day(episode, number),
        delivered_on=day(episode, number) if number % 2 else None,
        decided_by="Hon. Matrix",
    )
    test = testing.collected(supervisor, episode, at(episode, number, 13))
    testing.resulted(supervisor, test, at(episode, number, 18), positives=("thc",))


def _case_of(scene: Any, episode: Episode, number: int) -> CourtCase:
    """A new case in the scene's court for each batch (its consent for the newcomer too)."""
    from missioncj.core.tests.query_scene import consent_for_court

    case = cases.open_case(
        actor=scene.user("supervisor"),
        participant=episode.participant,
        episode=episode,
        court=scene.court,
        docket_number=f"GR-{episode.pk}-{number}",
        status="post_plea",
        opened_on=day(episode, 0),
        charges=[{"statute": "HC 9-2201", "description": "Theft", "level": "misdemeanor"}],
    )
    if episode.participant_id != scene.person.pk:
        consent_for_court(scene, case)
    return case


def _phase_move(scene: Any, episode: Episode, number: int) -> None:
    supervisor = scene.user("supervisor")
    on = day(episode, number)
    latest = PhaseMove.objects.filter(episode=episode).order_by("on", "pk").last()
    if latest is None:
        phase_moves.start_phase(
            actor=supervisor, episode=episode, court=scene.court, on=on, decided_by="Hon. Matrix"
        )
    elif latest.phase.number == 1:
        phase_moves.promote(
            actor=supervisor, episode=episode, on=on, decided_by="Hon. Matrix", reason="Growth"
        )
    else:
        phase_moves.demote(
            actor=supervisor,
            episode=episode,
            to_number=1,
            on=on,
            decided_by="Hon. Matrix",
            reason="Growth",
        )


def for_program(scene: Any, number: int) -> None:
    supervisor = scene.user("supervisor")
    program = scene.world.drug
    create_court(actor=supervisor, program=program, name=f"Grown Court {number}")
    phases.define_phase(
        actor=supervisor,
        court=scene.court,
        number=scene.court.phases.count() + 1,
        name=f"Aftercare {number}",
    )
    partner = create_user(actor=None, username=f"partner{number}", password=None)
    grant_role(actor=None, user=partner, program=program, role=Role.COURT_PARTNER)
    assign_seat(actor=None, court=scene.court, user=partner, seat=Seat.PROBATION)
    # A hearing already held, with everyone on the team's cases on its docket and results.
    held = hearings.schedule_hearing(
        actor=supervisor,
        court=scene.court,
        kind="status",
        local_date=local_today(program) - dt.timedelta(days=20 - number),
        local_time=dt.time(9, 0),
    )
    staffing = scene.series.hearings.order_by("local_date").first()
    people = CourtCase.objects.filter(court=scene.court).values_list("participant", flat=True)
    for participant in scene.world.drug.episodes.filter(participant__in=people).select_related(
        "participant"
    ):
        person = participant.participant
        for hearing in (held, scene.hearing, staffing):
            if hearing.entries.filter(participant=person).exists():
                continue
            entry = docket_entries.add_to_docket(
                actor=supervisor, hearing=hearing, participant=person
            )
            if hearing == held:
                docket_entries.record_hearing_result(
                    actor=supervisor,
                    entry=entry,
                    appearance="appeared",
                    outcome=f"Continued {number}",
                    next_date=scene.hearing.local_date,
                )
            elif hearing == staffing:
                docket_entries.record_staffing(
                    actor=supervisor,
                    entry=entry,
                    recommendation="Continue",
                    staffing_note=f"Note {number}",
                )
