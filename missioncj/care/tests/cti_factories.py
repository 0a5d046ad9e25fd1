"""Small builders for the CTI, dose and work-queue tests (group rows are made with the ORM)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from missioncj.accounts.models import User
from missioncj.accounts.services import issue_api_token
from missioncj.care.models import (
    Attendance,
    Component,
    Contact,
    CtiBoundaryMove,
    Curriculum,
    CurriculumKind,
    CurriculumSession,
    GroupSession,
    Location,
    Modality,
    WithWhom,
)
from missioncj.care.services import log_contact
from missioncj.core.models import AuditEvent
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program

SESSION_COUNTS = {CurriculumKind.DRT: 13, CurriculumKind.PEER: 11, CurriculumKind.PROSOCIAL: 10}


def curriculum(program: Program, kind: str, sessions: int | None = None) -> Curriculum:
    """The program's curriculum of this kind (seeded when the program was created, or made
    here), with exactly `sessions` numbered sessions when given."""
    made, _ = Curriculum.objects.get_or_create(
        program=program, kind=kind, defaults={"name": f"{kind.upper()} groups"}
    )
    wanted = sessions or SESSION_COUNTS[CurriculumKind(kind)]
    if made.sessions.count() != wanted:
        made.sessions.all().delete()
        for number in range(1, wanted + 1):
            CurriculumSession.objects.create(
                curriculum=made, number=number, title=f"Session {number}"
            )
    return made


def group(
    curriculum_: Curriculum,
    number: int,
    when: dt.datetime,
    by: User,
    makeup: bool = False,
) -> GroupSession:
    return GroupSession.objects.create(
        program=curriculum_.program,
        curriculum=curriculum_,
        curriculum_version=curriculum_.version,
        session_number=number,
        occurred_at=when,
        duration_minutes=60,
        location="Office",
        is_individual_makeup=makeup,
        recorded_by=by,
    )


def attend(session: GroupSession, episode: Episode, status: str) -> Attendance:
    return Attendance.objects.create(
        group_session=session,
        episode=episode,
        participant_id=episode.participant_id,
        status=status,
    )


def contact(
    actor: User,
    episode: Episode,
    when: dt.datetime,
    components: int = int(Component.CTI),
    with_whom: str = WithWhom.PARTICIPANT,
    collateral: Any = None,
    sign: bool = True,
) -> Contact:
    return log_contact(
        actor=actor,
        episode=episode,
        occurred_at=when,
        duration_minutes=20,
        modality=Modality.PHONE,
        location=Location.REMOTE,
        components=components,
        with_whom=with_whom,
        collateral=collateral,
        note="test contact",
        sign=sign,
    )


def episode_of(participant: Participant) -> Episode:
    return participant.episodes.select_related("program", "team", "participant").get()


def local_noon(program: Program, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=program.zone)


def now_utc() -> dt.datetime:
    return timezone.now()


def counts() -> dict[str, int]:
    return {
        "moves": CtiBoundaryMove.objects.count(),
        "audit": AuditEvent.objects.count(),
        "contacts": Contact.objects.count(),
    }


def api_client(user: User) -> Client:
    token = issue_api_token(actor=None, user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def post_json(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(payload, default=str), content_type="application/json")


# --- entries for the persona x route access matrix (participants/tests/test_access_matrix.py) --


def matrix_move_post(ctx: Any) -> dict[str, Any]:
    return {"boundary": "1", "new_date": "2026-11-12", "reason": "Matrix move"}


def matrix_api_move_post(ctx: Any) -> dict[str, Any]:
    return {"boundary": 1, "new_date": "2026-11-12", "reason": "Matrix API move"}


def _moved(ctx: Any, reason: str) -> None:
    move = CtiBoundaryMove.objects.get(episode=ctx.episode, reason=reason)
    assert move.moved_by == ctx.user
    assert move.new_date == dt.date(2026, 11, 12)
    assert AuditEvent.objects.filter(
        action="cti.boundary_move", participant_public_id=ctx.participant.public_id
    ).exists()


def matrix_check_move(ctx: Any, response: Any) -> None:
    _moved(ctx, "Matrix move")


def matrix_check_api_move(ctx: Any, response: Any) -> None:
    _moved(ctx, "Matrix API move")
    assert response.json()["phases"][0]["end"] == "2026-11-12"


def matrix_check_dose(ctx: Any, response: Any) -> None:
    body = response.json()
    assert [item["episode"] for item in body] == [str(ctx.episode.public_id)]
    assert body[0]["drt"]["total"] == 13


def matrix_check_cti(ctx: Any, response: Any) -> None:
    body = response.json()
    assert [item["episode"] for item in body] == [str(ctx.episode.public_id)]
    assert [p["number"] for p in body[0]["phases"]] == [1, 2, 3]
