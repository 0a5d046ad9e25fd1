"""Small builders for linkage tests. Directory rows (built on another branch) and plan rows are
made with the ORM here; referrals and ties go through the services under test."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.care.models import PlanGoal, PlanNeed, TreatmentPlan
from missioncj.linkage.models import (
    Organization,
    Referral,
    Service,
    Source,
    SourceKind,
    SupportTie,
)
from missioncj.linkage.services.network import add_tie
from missioncj.linkage.services.referrals import create_referral
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program

REFERRED_ON = dt.date(2026, 10, 1)


def directory_service(
    program: Program, name: str = "Harbor Recovery Center", categories: list[str] | None = None
) -> Service:
    source, _ = Source.objects.get_or_create(
        program=program, name="Own entries", defaults={"kind": SourceKind.OWN}
    )
    org, _ = Organization.objects.get_or_create(
        source=source, source_key=f"org-{name}", defaults={"name": f"{name} Inc."}
    )
    return Service.objects.create(
        source=source,
        source_key=f"svc-{name}",
        organization=org,
        name=name,
        categories=categories or ["recovery_center"],
    )


def episode_of(participant: Participant) -> Episode:
    return participant.episodes.select_related("program", "team", "participant").get()


def plan_for(
    episode: Episode,
    user: Any,
    needs: dict[str, str] | None = None,
    goals: list[tuple[str, str]] | None = None,
) -> TreatmentPlan:
    plan, _ = TreatmentPlan.objects.get_or_create(
        episode=episode,
        defaults={
            "started_on": dt.date(2026, 9, 10),
            "next_review_on": dt.date(2027, 3, 1),
            "created_by": user,
        },
    )
    for domain, level in (needs or {}).items():
        PlanNeed.objects.create(plan=plan, domain=domain, level=level)
    for domain, status in goals or []:
        PlanGoal.objects.create(plan=plan, domain=domain, text=f"Goal {domain}", status=status)
    return plan


def referral(
    user: Any, participant: Participant, referred_on: dt.date = REFERRED_ON, **extra: Any
) -> Referral:
    values: dict[str, Any] = {"need": "sud_treatment", "referred_on": referred_on}
    if "service" not in extra:
        values.update(place_name="St. Mark's basement AA", place_contact="Tue 7pm, 12 Elm St")
    values.update(extra)
    return create_referral(actor=user, participant=participant, **values)


def tie(
    user: Any, participant: Participant, role: str, name: str, strength: int = 2, **extra: Any
) -> SupportTie:
    return add_tie(
        actor=user, participant=participant, role=role, name=name, strength=strength, **extra
    )


def put_in_status(referral_row: Referral, status: str, on: dt.date) -> Referral:
    """Test set-up only: place a referral in a status without the service (its moves are
    what the tests check)."""
    first = on if status in ("attended", "engaged") else None
    Referral.objects.filter(pk=referral_row.pk).update(
        status=status, status_on=on, first_attended_on=first
    )
    referral_row.refresh_from_db()
    return referral_row
