"""Who sees which consents and disclosures: the participant's consents on episodes the user may
see (`Episode.objects.visible_to`), and the participant's accounting of disclosures for anyone
who may see the participant. Outside that is a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from missioncj.court.models import Court, CourtCase, CourtSeat
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.privacy.models import Consent


def visible_episodes(user: Any, participant: Participant) -> QuerySet[Episode]:
    return (
        Episode.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )


def visible_consents(user: Any, participant: Participant) -> QuerySet[Consent]:
    return Consent.objects.filter(
        participant=participant, episode__in=visible_episodes(user, participant)
    )


def consent_or_404(user: Any, participant: Participant, consent_id: UUID) -> Consent:
    return get_object_or_404(
        visible_consents(user, participant).select_related(
            "episode__program", "court_case__court", "recorded_by", "participant"
        ),
        public_id=consent_id,
    )


def consent_episode(user: Any, participant: Participant) -> Episode | None:
    """The episode a new consent belongs to: the newest visible one that is not 'not enrolled'."""
    return visible_episodes(user, participant).exclude(status=EpisodeStatus.NOT_ENROLLED).first()


def consent_courts(episode: Episode | None) -> QuerySet[Court]:
    if episode is None:
        return Court.objects.none()
    return Court.objects.filter(program_id=episode.program_id).order_by("name")


def consent_cases(user: Any, participant: Participant) -> QuerySet[CourtCase]:
    """Open cases of the participant on visible episodes (a §2.35 consent is tied to one)."""
    from missioncj.court.models import OPEN_CASE_STATUSES

    return (
        CourtCase.objects.filter(
            participant=participant,
            episode__in=visible_episodes(user, participant),
            status__in=OPEN_CASE_STATUSES,
        )
        .select_related("court")
        .order_by("-opened_on", "-pk")
    )


def seated_people(courts: QuerySet[Court]) -> QuerySet[CourtSeat]:
    """People with an account who hold a seat at these courts (named-person recipients)."""
    return (
        CourtSeat.objects.filter(court__in=courts, active=True)
        .select_related("user", "court")
        .order_by("court__name", "seat", "user__username")
    )
