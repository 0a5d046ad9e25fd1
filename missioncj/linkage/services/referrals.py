"""Closed-loop referrals: create one, then move it along `TRANSITIONS` one dated, confirmed
step at a time. Illegal moves and impossible dates are refused with a message and change
nothing. Linkage never sends anything outside the program: information for a provider goes
through the privacy app's print-for-recipient page (docs/linkage.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.accounts.scope import scope_of
from missioncj.care.models import PlanGoal
from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.linkage.models import (
    OPEN_REFERRAL_STATUSES,
    TRANSITIONS,
    ConfirmedBy,
    LinkageSettings,
    Referral,
    ReferralStatus,
    ReferralStep,
    Service,
    ServiceCategory,
    Urgency,
)
from missioncj.linkage.services._dates import fmt, not_future
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import require_work_scope, workable_episode
from missioncj.programs.models import Program

REFERRAL_FIELDS = [
    "episode",
    "service",
    "place_name",
    "place_contact",
    "need",
    "plan_goal",
    "urgency",
    "warm_handoff",
    "status",
    "status_on",
    "referred_on",
    "first_attended_on",
]
STEP_FIELDS = ["status", "on", "confirmed_by", "confirmer_name", "note"]
MAX_STUCK_DAYS = 365


def _label(status: str) -> str:
    return str(ReferralStatus(status).label).lower()


def allowed_moves(status: str) -> list[str]:
    return [s.value for s in ReferralStatus if s.value in TRANSITIONS.get(status, frozenset())]


def _where(
    errors: dict[str, str],
    episode: Episode,
    service: Service | None,
    place_name: str,
    place_contact: str,
) -> None:
    if service is not None:
        if service.source.program_id != episode.program_id:
            errors["service"] = "Choose a service from this program's directory."
        return
    if not place_name:
        errors["place_name"] = "Choose a directory service or name the place."
    elif len(place_name) > 300:
        errors["place_name"] = "Keep the name to 300 characters."
    if place_name and not place_contact:
        errors["place_contact"] = (
            "Say how to reach a place that is not in the directory (phone, address or person)."
        )
    elif len(place_contact) > 300:
        errors["place_contact"] = "Keep this to 300 characters."


@transaction.atomic
def create_referral(
    *,
    actor: Any,
    participant: Participant,
    need: str,
    referred_on: dt.date,
    service: Service | None = None,
    place_name: str = "",
    place_contact: str = "",
    plan_goal: PlanGoal | None = None,
    urgency: str = Urgency.ROUTINE,
    warm_handoff: bool = False,
    episode: Episode | None = None,
    note: str = "",
) -> Referral:
    episode = workable_episode(actor, participant, episode)
    place_name, place_contact = (place_name or "").strip(), (place_contact or "").strip()
    errors: dict[str, str] = {}
    _where(errors, episode, service, place_name, place_contact)
    if need not in ServiceCategory.values:
        errors["need"] = "Choose the need this referral serves."
    if urgency not in Urgency.values:
        errors["urgency"] = "Urgency is routine, within a week, or urgent."
    if plan_goal is not None and plan_goal.plan.episode_id != episode.pk:
        errors["plan_goal"] = "Choose a goal of this participant's treatment plan."
    if referred_on is None:
        errors["referred_on"] = "Give the date of the referral."
    elif problem := not_future(referred_on, episode.program, "The referral date"):
        errors["referred_on"] = problem
    if len((note or "").strip()) > 300:
        errors["note"] = "Keep the note to 300 characters."
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        participant=participant,
        episode=episode,
        service=service,
        place_name="" if service else place_name,
        place_contact="" if service else place_contact,
        need=need,
        plan_goal=plan_goal,
        urgency=urgency,
        warm_handoff=bool(warm_handoff),
        status=ReferralStatus.REFERRED,
        status_on=referred_on,
        referred_on=referred_on,
        created_by=actor,
    )
    create_recorded(
        referral,
        actor=actor,
        action="referral.create",
        fields=REFERRAL_FIELDS,
        participant=participant,
    )
    ReferralStep.objects.create(
        referral=referral,
        status=ReferralStatus.REFERRED,
        on=referred_on,
        confirmed_by=ConfirmedBy.STAFF,
        confirmer_name=getattr(actor, "display_name", "") or actor.username,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    return referral


def _step_errors(
    referral: Referral, status: str, on: dt.date | None, confirmed_by: str, confirmer_name: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if status not in ReferralStatus.values:
        errors["status"] = "Choose a status."
    elif status not in TRANSITIONS[referral.status]:
        moves = allowed_moves(referral.status)
        can = ", ".join(_label(s) for s in moves) if moves else "nothing (it is closed)"
        errors["status"] = (
            f"A referral that is {_label(referral.status)} cannot move to {_label(status)}; "
            f"it can move to {can}."
        )
    if on is None:
        errors["on"] = "Give the date."
    elif on < referral.referred_on:
        errors["on"] = f"The date cannot be before the referral ({fmt(referral.referred_on)})."
    elif on < referral.status_on:
        errors["on"] = (
            f"The date cannot be before the previous step "
            f"({_label(referral.status)} on {fmt(referral.status_on)})."
        )
    elif problem := not_future(on, referral.episode.program, "The date"):
        errors["on"] = problem
    if confirmed_by not in ConfirmedBy.values:
        errors["confirmed_by"] = (
            "Say who confirmed it: the receiver, the peer, the participant or staff."
        )
    elif confirmed_by == ConfirmedBy.RECEIVER and not confirmer_name:
        errors["confirmer_name"] = "Name the person at the receiving provider who confirmed it."
    if len(confirmer_name) > 200:
        errors["confirmer_name"] = "Keep the name to 200 characters."
    return errors


@transaction.atomic
def record_step(
    *,
    actor: Any,
    referral: Referral,
    status: str,
    on: dt.date,
    confirmed_by: str,
    confirmer_name: str = "",
    note: str = "",
) -> ReferralStep:
    """Move the referral to `status` on `on`, as confirmed by `confirmed_by`."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "participant")
        .get(pk=referral.pk)
    )
    require_work_scope(actor, referral.episode, field="referral")
    confirmer_name, note = (confirmer_name or "").strip(), (note or "").strip()
    errors = _step_errors(referral, status, on, confirmed_by, confirmer_name)
    if len(note) > 300:
        errors["note"] = "Keep the note to 300 characters."
    if errors:
        raise ValidationError(errors)
    before = snapshot(referral, REFERRAL_FIELDS)
    referral.status = status
    referral.status_on = on
    if status == ReferralStatus.ATTENDED and referral.first_attended_on is None:
        referral.first_attended_on = on
    referral.save(update_fields=["status", "status_on", "first_attended_on", "updated_at"])
    step = ReferralStep.objects.create(
        referral=referral,
        status=status,
        on=on,
        confirmed_by=confirmed_by,
        confirmer_name=confirmer_name,
        note=note,
        recorded_by=actor,
    )
    record(
        kind=AuditKind.TRANSITION,
        action="referral.step",
        actor=actor,
        participant=referral.participant,
        subject=referral,
        before=before,
        after={**snapshot(referral, REFERRAL_FIELDS), "step": snapshot(step, STEP_FIELDS)},
    )
    return step


def stuck_statuses() -> list[str]:
    """Statuses a referral can sit in waiting for something (the closed ones cannot)."""
    return [s for s in OPEN_REFERRAL_STATUSES if s != ReferralStatus.ENGAGED]


@transaction.atomic
def update_settings(*, actor: Any, program: Program, stuck_days: dict[str, Any]) -> LinkageSettings:
    """Directors and supervisors set how long a referral may sit in each status (blank: never
    stuck in that status)."""
    if program.pk not in scope_of(actor).program_ids:
        raise ValidationError({"program": "Only the program's director or supervisor may do this."})
    errors: dict[str, str] = {}
    clean: dict[str, int | None] = {}
    for status, value in stuck_days.items():
        if status not in stuck_statuses():
            errors[status] = "Stuck days are set only for open statuses."
            continue
        if value in (None, ""):
            clean[status] = None
            continue
        try:
            days = int(value)
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= MAX_STUCK_DAYS:
            errors[status] = (
                f"Give a whole number of days from 1 to {MAX_STUCK_DAYS}, or leave blank."
            )
        clean[status] = days
    if errors:
        raise ValidationError(errors)
    settings_row, _ = LinkageSettings.objects.select_for_update().get_or_create(program=program)
    before = {"stuck_days": settings_row.stuck_days}
    settings_row.stuck_days = {**(settings_row.stuck_days or {}), **clean}
    settings_row.save()
    record(
        kind=AuditKind.UPDATE,
        action="linkage.settings",
        actor=actor,
        subject=program,
        before=before,
        after={"stuck_days": settings_row.stuck_days},
    )
    return settings_row
