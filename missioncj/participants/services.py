"""Every write to participants and episodes. Each call is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import (
    OPEN_STATUSES,
    Address,
    CollateralContact,
    DischargeReason,
    Episode,
    EpisodeStatus,
    Identifier,
    Participant,
    Phone,
)
from missioncj.participants.policies import can_work_in
from missioncj.programs.models import Program, Team

PERSON_FIELDS = [
    "first_name",
    "middle_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "gender_identity",
    "race",
    "ethnicity",
    "veteran_status",
    "preferred_language",
]
EPISODE_FIELDS = [
    "status",
    "program",
    "team",
    "referral_date",
    "referral_source",
    "screening_date",
    "enrolled_date",
    "closed_date",
    "discharge_reason",
    "closing_note",
]


def local_today(program: Program) -> dt.date:
    return timezone.now().astimezone(program.zone).date()


def _check_dob(value: dt.date) -> None:
    today = timezone.now().date()
    if value > today:
        raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
    if value.year < today.year - 110:
        raise ValidationError({"date_of_birth": "Date of birth is more than 110 years ago."})


def _check_not_future(program: Program, field: str, value: dt.date | None) -> None:
    if value is not None and value > local_today(program):
        raise ValidationError({field: "This date is in the future."})


def _require_write_scope(actor: Any, program: Program, team: Team | None) -> None:
    if team is not None and team.program_id != program.pk:
        raise ValidationError({"team": "That team belongs to a different program."})
    if not can_work_in(actor, program, team):
        raise ValidationError(
            {"team": "You can only add participants to your own team or program."}
        )


def check_referral(
    *, actor: Any, program: Program, team: Team | None, referral_date: dt.date, **person: Any
) -> Participant:
    """The checks of a referral's person and dates, without writing anything (the referral
    form runs them before looking for possible matches): the unsaved participant, or a
    ValidationError keyed by field."""
    _require_write_scope(actor, program, team)
    participant = Participant(created_by=actor if getattr(actor, "pk", None) else None, **person)
    participant.full_clean(exclude=["created_by"])
    _check_dob(participant.date_of_birth)
    _check_not_future(program, "referral_date", referral_date)
    return participant


@transaction.atomic
def create_participant(
    *,
    actor: Any,
    program: Program,
    team: Team | None,
    referral_date: dt.date,
    referral_source: str = "",
    identifiers: list[dict[str, str]] | None = None,
    phones: list[dict[str, Any]] | None = None,
    **person: Any,
) -> Participant:
    """A referral: the person, their first episode, and any identifiers and phones given."""
    participant = check_referral(
        actor=actor, program=program, team=team, referral_date=referral_date, **person
    )
    participant.save()
    record(
        kind=AuditKind.CREATE,
        action="participant.create",
        actor=actor,
        participant=participant,
        subject=participant,
        after=snapshot(participant, PERSON_FIELDS),
    )
    open_episode(
        actor=actor,
        participant=participant,
        program=program,
        team=team,
        referral_date=referral_date,
        referral_source=referral_source,
    )
    for item in identifiers or []:
        add_identifier(actor=actor, participant=participant, **item)
    for phone in phones or []:
        add_phone(actor=actor, participant=participant, **phone)
    return participant


@transaction.atomic
def update_participant(*, actor: Any, participant: Participant, **changes: Any) -> Participant:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    before = snapshot(participant, PERSON_FIELDS)
    for name, value in changes.items():
        setattr(participant, name, value)
    participant.full_clean(exclude=["created_by"])
    _check_dob(participant.date_of_birth)
    participant.save()
    after = snapshot(participant, PERSON_FIELDS)
    changed = {k for k in after if after[k] != before[k]}
    record(
        kind=AuditKind.UPDATE,
        action="participant.update",
        actor=actor,
        participant=participant,
        subject=participant,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return participant


def _save_child(actor: Any, participant: Participant, child: Any, action: str, fields: list[str]):
    child.full_clean(exclude=["participant"])
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError as exc:
        raise ValidationError({"value": "This is already recorded for this participant."}) from exc
    record(
        kind=AuditKind.CREATE,
        action=action,
        actor=actor,
        participant=participant,
        subject=participant,
        after=snapshot(child, fields),
    )
    return child


@transaction.atomic
def add_identifier(
    *, actor: Any, participant: Participant, kind: str, value: str, issuer: str = ""
) -> Identifier:
    identifier = Identifier(participant=participant, kind=kind, value=value.strip(), issuer=issuer)
    return _save_child(
        actor, participant, identifier, "identifier.create", ["kind", "value", "issuer"]
    )


@transaction.atomic
def add_phone(
    *,
    actor: Any,
    participant: Participant,
    number: str,
    label: str = "",
    consent_to_text: bool = False,
) -> Phone:
    phone = Phone(
        participant=participant,
        number=number.strip(),
        label=label,
        consent_to_text=consent_to_text,
        consent_recorded_at=timezone.now() if consent_to_text else None,
    )
    return _save_child(actor, participant, phone, "phone.create", ["number", "consent_to_text"])


@transaction.atomic
def add_address(*, actor: Any, participant: Participant, **fields: Any) -> Address:
    address = Address(participant=participant, **fields)
    if address.is_current:
        participant.addresses.filter(is_current=True).update(is_current=False)
    return _save_child(
        actor, participant, address, "address.create", ["line1", "city", "state", "kind"]
    )


@transaction.atomic
def add_collateral(*, actor: Any, participant: Participant, **fields: Any) -> CollateralContact:
    collateral = CollateralContact(participant=participant, **fields)
    return _save_child(
        actor, participant, collateral, "collateral.create", ["name", "relationship"]
    )


@transaction.atomic
def open_episode(
    *,
    actor: Any,
    participant: Participant,
    program: Program,
    team: Team | None,
    referral_date: dt.date,
    referral_source: str = "",
) -> Episode:
    """A referral into a program; a person coming back after discharge gets a new episode."""
    _require_write_scope(actor, program, team)
    _check_not_future(program, "referral_date", referral_date)
    if participant.episodes.filter(program=program, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            {"program": "This person already has an open episode in this program."}
        )
    episode = Episode(
        participant=participant,
        program=program,
        team=team,
        referral_date=referral_date,
        referral_source=referral_source,
    )
    return create_recorded(
        episode, actor=actor, action="episode.open", fields=EPISODE_FIELDS, participant=participant
    )


_NEXT = {
    EpisodeStatus.SCREENING: {EpisodeStatus.REFERRED},
    EpisodeStatus.ENROLLED: {EpisodeStatus.REFERRED, EpisodeStatus.SCREENING},
    EpisodeStatus.DISCHARGED: {EpisodeStatus.ENROLLED},
    EpisodeStatus.NOT_ENROLLED: {EpisodeStatus.REFERRED, EpisodeStatus.SCREENING},
}


@transaction.atomic
def change_status(
    *,
    actor: Any,
    episode: Episode,
    status: str,
    on: dt.date,
    reason: str = "",
    note: str = "",
    team: Team | None = None,
) -> Episode:
    """Move an episode along referral → screening → enrolled → discharged (or not enrolled)."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    target = EpisodeStatus(status)
    if episode.status not in _NEXT.get(target, ()):
        now = episode.get_status_display().lower()
        raise ValidationError(
            {"status": f"An episode that is {now} cannot become {target.label.lower()}."}
        )
    _check_not_future(episode.program, "on", on)
    before = snapshot(episode, EPISODE_FIELDS)
    if team is not None:
        _require_write_scope(actor, episode.program, team)
        episode.team = team
    if target == EpisodeStatus.SCREENING:
        episode.screening_date = on
    elif target == EpisodeStatus.ENROLLED:
        if episode.team_id is None:
            raise ValidationError({"team": "Assign a team before enrolling."})
        episode.enrolled_date = on
    else:
        if target == EpisodeStatus.DISCHARGED:
            if reason not in DischargeReason.values:
                raise ValidationError({"reason": "Choose a discharge reason."})
            episode.discharge_reason = reason
        episode.closed_date = on
        episode.closing_note = note
    earliest = {
        EpisodeStatus.SCREENING: episode.referral_date,
        EpisodeStatus.ENROLLED: episode.screening_date or episode.referral_date,
        EpisodeStatus.DISCHARGED: episode.enrolled_date,
        EpisodeStatus.NOT_ENROLLED: episode.screening_date or episode.referral_date,
    }[target]
    if earliest is not None and on < earliest:
        raise ValidationError({"on": f"This date is before {earliest:%d %b %Y}, an earlier step."})
    episode.status = target
    episode.full_clean()
    episode.save()
    record(
        kind=AuditKind.TRANSITION,
        action=f"episode.{target.value}",
        actor=actor,
        participant=episode.participant,
        subject=episode,
        before=before,
        after=snapshot(episode, EPISODE_FIELDS),
    )
    return episode


def record_read(*, actor: Any, participant: Participant, what: str = "participant.read") -> None:
    """A participant record was shown to someone (page or API)."""
    record(
        kind=AuditKind.READ, action=what, actor=actor, participant=participant, subject=participant
    )


@transaction.atomic
def assign_team(*, actor: Any, episode: Episode, team: Team) -> Episode:
    """Hand an episode to another team of the same program (e.g. a caseload rebalance)."""
    episode = Episode.objects.select_for_update().select_related("program").get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError({"team": "A closed episode keeps the team it had."})
    if team.program_id != episode.program_id:
        raise ValidationError({"team": "That team belongs to a different program."})
    if not can_work_in(actor, episode.program, team):
        raise ValidationError({"team": "You can only assign teams in your own program."})
    before = snapshot(episode, ["team"])
    episode.team = team
    episode.save(update_fields=["team", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="episode.assign_team",
        actor=actor,
        participant=episode.participant,
        subject=episode,
        before=before,
        after=snapshot(episode, ["team"]),
    )
    return episode
