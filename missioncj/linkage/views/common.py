"""What the linkage pages share: the episode a page works in and its directory choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from missioncj.care import cti
from missioncj.care.dose import page_moves
from missioncj.care.models import PlanGoal
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.linkage.alerts import plan_domains_by_episode, transfer_phase
from missioncj.linkage.coverage import Gap, TieFacts, uncovered
from missioncj.linkage.models import Meeting, Service, SupportTie
from missioncj.linkage.policies import program_services
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import workable_episode


def work_episode(user: Any, participant: Participant) -> Episode | None:
    """The episode new ties and referrals go with (newest open one the user works in)."""
    try:
        return workable_episode(user, participant)
    except ValidationError:
        return None


def services_for(episode: Episode | None) -> QuerySet[Service]:
    if episode is None:
        return Service.objects.none()
    return program_services(episode.program).order_by("name")


def meetings_for(episode: Episode | None) -> QuerySet[Meeting]:
    if episode is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(source__program=episode.program, active=True).order_by("name")


def goals_for(episode: Episode | None) -> QuerySet[PlanGoal]:
    if episode is None:
        return PlanGoal.objects.none()
    return PlanGoal.objects.filter(plan__episode=episode).order_by("domain", "pk")


def transfer_check(
    participant: Participant,
    episodes: list[Episode],
    ties: list[SupportTie],
    today: dt.date | None = None,
) -> tuple[cti.Phase | None, list[Gap]]:
    """(phase 3 of an episode in transfer of care, uncovered plan needs) — (None, []) when no
    visible episode is in transfer of care."""
    active = [e for e in episodes if cti.is_active(e)]
    moves = page_moves(episodes, [e.pk for e in active])
    for episode in active:
        day = today or cti.local_date(dt.datetime.now(dt.UTC), episode.program.zone)
        phase = transfer_phase(episode, moves.get(episode.pk, []), day)
        if phase is None:
            continue
        domains = plan_domains_by_episode([episode.pk])[episode.pk]
        facts = [
            TieFacts(t.role, frozenset(t.service.categories or []) if t.service else frozenset())
            for t in ties
            if t.ended_on is None
        ]
        return phase, uncovered(domains, facts)
    return None, []


def record_read(user: Any, participant: Participant, action: str, shown: list[str]) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=user,
        participant=participant,
        after={"shown": shown},
    )
