"""The rows the query-count walk looks at: the test world's north participant and drug court,
with a court calendar, a docket, a group, a restricted record opened by break-the-glass, and
the court partner seated under a consent, so every page has something to show.

`Scene.grow()` adds one more batch of rows of every kind the pages list (query_growth.py);
the walk runs once after the first batch and again after more, and each route must make the
same number of queries both times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from missioncj.care.models import Component, Contact, Curriculum, GroupSession
from missioncj.care.services import log_contact
from missioncj.care.services.groups import record_group_session
from missioncj.conftest import World, make_participant
from missioncj.core.tasks import request_task
from missioncj.court.models import (
    Court,
    CourtCase,
    CourtPhase,
    DocketEntry,
    Hearing,
    HearingKind,
    HearingSeries,
    Seat,
)
from missioncj.court.services.docket_entries import add_to_docket
from missioncj.court.services.hearings import create_series
from missioncj.court.services.seats import assign_seat
from missioncj.court.tests import matrix_cases, matrix_hearings, matrix_phases
from missioncj.participants.models import BreakGlassGrant, Episode, Participant
from missioncj.participants.services import local_today
from missioncj.participants.tests import test_access_matrix as matrix
from missioncj.privacy.models import Category, ConsentKind, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent
from missioncj.privacy.services.restricted import break_glass, restrict_participant


@dataclass
class Scene:
    world: World
    person: Participant
    episode: Episode
    signed: Contact
    court: Court = field(init=False)
    case: CourtCase = field(init=False)
    phase: CourtPhase = field(init=False)
    series: HearingSeries = field(init=False)
    hearing: Hearing = field(init=False)
    entry: DocketEntry = field(init=False)
    curriculum: Curriculum = field(init=False)
    group: GroupSession = field(init=False)
    grant: BreakGlassGrant = field(init=False)
    batches: int = 0
    _ctx: dict[str, matrix.Ctx] = field(default_factory=dict)

    def user(self, persona: str) -> Any:
        return self.world.user(persona)

    def ctx(self, persona: str) -> matrix.Ctx:
        """The matrix's view of the north participant for a persona, with one draft contact
        of the persona's own (made once)."""
        if persona not in self._ctx:
            user = self.user(persona)
            in_scope = Participant.objects.visible_to(user).filter(pk=self.person.pk).exists()
            draft = log_contact(
                actor=user if in_scope else self.signed.author,
                episode=self.episode,
                occurred_at=dt.datetime(2026, 9, 20, 15, 0, tzinfo=dt.UTC),
                duration_minutes=10,
                modality="in_person",
                location="office",
                components=int(Component.PEER),
                note=f"Draft by {persona}",
                sign=False,
            )
            self._ctx[persona] = matrix.Ctx(
                self.world, user, self.person, self.episode, self.signed, draft
            )
        return self._ctx[persona]

    def program_ctx(self, persona: str) -> matrix.ProgramCtx:
        return matrix.ProgramCtx(self.world, self.user(persona), self.world.drug)

    def task_url(self) -> str:
        """A dashboard task the director asked for (each request starts from no task)."""
        from missioncj.outcomes.dashboards import threshold_for
        from missioncj.outcomes.forms import default_period

        program = self.world.drug
        period = default_period(dt.date.today())
        task = request_task(
            actor=self.user("director"),
            kind="outcomes.dashboard",
            params={
                "program_ids": [program.pk],
                "start": period["start"],
                "end": period["end"],
                "team_id": None,
                "court_id": None,
                "threshold": threshold_for([program.pk]),
            },
        )
        return reverse("api:task", kwargs={"task_id": task.public_id})

    def call_day(self) -> dt.date:
        """The latest day in the last two months the random schedule calls the north
        participant (the walk asks for that day: who is called changes from day to day)."""
        from missioncj.court.services.random_testing import phase_rates, schedule_days

        today = local_today(self.world.drug)
        days = schedule_days(
            self.episode.random_tests,
            today - dt.timedelta(days=60),
            today,
            phase_rates([self.episode.pk]).get(self.episode.pk, []),
        )
        assert days, "the north participant's random schedule calls no day"
        return days[-1]

    def grow(self) -> None:
        from missioncj.core.tests import query_growth

        query_growth.add_batch(self, self.batches)
        self.batches += 1


CONSENTED = [Category.ATTENDANCE, Category.DRUG_TESTS, Category.PHASE, Category.RESPONSES]
SIGNED_AT = dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC)


def consent_for_court(scene: Scene, case: CourtCase) -> Any:
    """The participant of `case` lets the court team of its court see CONSENTED."""
    participant = case.participant
    return record_consent(
        actor=scene.user("supervisor"),
        participant=participant,
        episode=case.episode,
        kind=ConsentKind.CRIMINAL_JUSTICE,
        categories=CONSENTED,
        recipients=[RecipientInput(kind=RecipientKind.COURT_TEAM, court=case.court)],
        court_case=case,
        expires_on=local_today(case.court.program) + dt.timedelta(days=365),
        revocable_from=dt.date(2027, 3, 1),
        signer_name=participant.legal_name,
        signature_kind=SignatureKind.TYPED,
        signature_text=participant.legal_name,
        signed_at=SIGNED_AT,
    )


def build_scene(world: World) -> Scene:
    person = world.north_person
    episode = person.episodes.select_related("program", "team").get()
    signed = Contact.objects.get(participant=person, signed_at__isnull=False)
    scene = Scene(world, person, episode, signed)
    cm = scene.ctx("casemanager")
    supervisor = scene.user("supervisor")
    scene.court = matrix_phases._court(cm)  # the matrix's court, with the default phases
    scene.case = matrix_cases._case(cm)
    scene.phase = scene.court.phases.order_by("number")[0]
    today = local_today(world.drug)
    scene.series = create_series(
        actor=supervisor,
        court=scene.court,
        kind=HearingKind.STAFFING,
        weekday=(today + dt.timedelta(days=7)).weekday(),
        local_time=dt.time(14, 0),
        starts_on=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=60),
    )
    scene.hearing = matrix_hearings._hearing(cm)  # a status hearing a week from today
    scene.entry = add_to_docket(actor=supervisor, hearing=scene.hearing, participant=person)
    assign_seat(actor=None, court=scene.court, user=scene.user("court"), seat=Seat.COORDINATOR)
    consent_for_court(scene, scene.case)
    scene.curriculum = world.drug.curricula.get(kind="drt")
    scene.group = record_group_session(
        actor=scene.user("casemanager"),
        curriculum=scene.curriculum,
        session_number=1,
        occurred_at=dt.datetime(2026, 9, 15, 14, 0, tzinfo=dt.UTC),
        duration_minutes=60,
        location="Annex",
        facilitators=[scene.user("casemanager")],
        attendance=[(episode, "present", "")],
    )
    hidden = make_participant(scene.user("cm.south"), world.drug, world.south, "Restricted")
    hidden = restrict_participant(
        actor=scene.user("director"), participant=hidden, reason="Staff relative"
    )
    scene.grant = break_glass(
        actor=scene.user("director"),
        participant=hidden,
        reason="Emergency: participant in crisis at the ER",
        confirm="OPEN",
    )
    return scene
