"""Who may see and do what in linkage. Ties belong to the participant (whoever sees the
participant sees them); referrals belong to an episode, so only episodes the user sees show
theirs. Program-wide referral figures are for those who oversee the program."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from missioncj.accounts.scope import scope_of
from missioncj.linkage.models import LinkageSettings, Referral, Service, SupportTie
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program


def visible_referrals(user: Any) -> QuerySet[Referral]:
    return Referral.objects.filter(episode__in=Episode.objects.visible_to(user))


def participant_referrals(
    user: Any, participant: Participant, episodes: list[Episode] | None = None
) -> QuerySet[Referral]:
    """`episodes`, when given, are the participant's episodes as
    `Episode.objects.visible_to(user)` returned them (the scope is not read again)."""
    rows = (
        visible_referrals(user)
        if episodes is None
        else Referral.objects.filter(episode_id__in=[e.pk for e in episodes])
    )
    return rows.filter(participant=participant).select_related(
        "service", "plan_goal", "episode__program", "created_by"
    )


def participant_referral(user: Any, participant: Participant, referral_id: UUID) -> Referral:
    return get_object_or_404(participant_referrals(user, participant), public_id=referral_id)


def participant_tie(participant: Participant, tie_id: UUID) -> SupportTie:
    return get_object_or_404(
        SupportTie.objects.filter(participant=participant).select_related("service", "meeting"),
        public_id=tie_id,
    )


def overseen_programs(user: Any) -> QuerySet[Program]:
    """Programs whose referral report and settings the user may open (director, supervisor)."""
    return Program.objects.filter(pk__in=scope_of(user).program_ids)


def program_services(program: Program) -> QuerySet[Service]:
    """Directory services a referral or tie in this program may name."""
    return Service.objects.filter(source__program=program).exclude(status="defunct")


def settings_for(program: Program) -> LinkageSettings:
    """The program's settings, or unsaved defaults when none were stored."""
    found = LinkageSettings.objects.filter(program=program).first()
    return found or LinkageSettings(program=program)
