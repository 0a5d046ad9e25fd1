"""Writes for assessments: loading instrument definitions, drafts, completion (with scoring and
safety alerts in the same transaction), corrections and acknowledging alerts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from missioncj.assessments import scoring
from missioncj.assessments.definitions import shipped
from missioncj.assessments.models import (
    Administration,
    AdministrationStatus,
    Instrument,
    InstrumentVersion,
    SafetyAlert,
    VersionSource,
)
from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import workable_episode
from missioncj.participants.services import can_work_in, local_today

ADMIN_FIELDS = [
    "instrument_version",
    "episode",
    "administered_on",
    "status",
    "responses",
    "total",
    "band",
    "corrects",
]


# --- instruments --------------------------------------------------------------------------------


def digest(definition: Any) -> str:
    encoded = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def _new_version(
    instrument: Instrument,
    definition: dict[str, Any],
    source: str,
    note: str,
    actor: Any = None,
    make_current: bool = True,
) -> InstrumentVersion:
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    if make_current:
        instrument.versions.filter(is_current=True).update(is_current=False)
    return InstrumentVersion.objects.create(
        instrument=instrument,
        number=number,
        definition=definition,
        digest=digest(definition),
        source=source,
        note=note,
        is_current=make_current,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def sync_instruments() -> list[tuple[str, str]]:
    """Load the shipped definitions (`assessments/definitions/`); idempotent.

    A shipped definition whose content differs from the newest shipped version of that
    instrument becomes a new version. It becomes current unless a program has published a
    local correction that is current (that correction stays current). Returns (code, what
    happened) pairs. Reference data, not participant data: not in the audit chain.
    """
    done: list[tuple[str, str]] = []
    for order, spec in enumerate(shipped()):
        errors = scoring.check_definition(spec["definition"])
        if errors:
            raise ValueError(f"{spec['code']}: {errors}")
        instrument, created = Instrument.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "licence": spec["licence"],
                "score_entry_only": spec["score_entry_only"],
                "order": order,
            },
        )
        if not created:
            fields = {
                "name": spec["name"],
                "licence": spec["licence"],
                "score_entry_only": spec["score_entry_only"],
                "order": order,
            }
            if any(getattr(instrument, k) != v for k, v in fields.items()):
                Instrument.objects.filter(pk=instrument.pk).update(**fields)
        latest = instrument.versions.filter(source=VersionSource.SHIPPED).order_by("-number")
        newest = latest.first()
        if newest is not None and newest.digest == digest(spec["definition"]):
            done.append((spec["code"], "unchanged"))
            continue
        current = instrument.versions.filter(is_current=True).first()
        keep_local = current is not None and current.source == VersionSource.LOCAL
        version = _new_version(
            instrument,
            spec["definition"],
            VersionSource.SHIPPED,
            "shipped definition",
            make_current=not keep_local,
        )
        done.append((spec["code"], f"version {version.number}"))
    return done


@transaction.atomic
def publish_version(
    *, actor: Any, instrument: Instrument, definition: Any, note: str
) -> InstrumentVersion:
    """A program's correction (bands, cut-offs, LOINC codes …): a new current version.
    Administrations already given keep the version they were scored with."""
    errors = scoring.check_definition(definition)
    if not note.strip():
        errors.append("Say what was corrected and on whose authority.")
    if errors:
        raise ValidationError({"definition": errors})
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    version = _new_version(instrument, definition, VersionSource.LOCAL, note.strip(), actor)
    record(
        kind=AuditKind.CREATE,
        action="instrument.version.publish",
        actor=actor,
        subject=version,
        after={"instrument": instrument.code, "number": version.number, "note": version.note},
    )
    return version


def current_version(instrument: Instrument) -> InstrumentVersion:
    version = instrument.versions.filter(is_current=True).first()
    if version is None:
        raise ValidationError({"instrument": "This instrument has no current version."})
    return version


# --- administrations ----------------------------------------------------------------------------


def workable_episode_or_none(actor: Any, participant: Participant) -> Episode | None:
    try:
        return workable_episode(actor, participant)
    except ValidationError:
        return None


def _problems_error(problems: list[scoring.Problem]) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.item, []).append(problem.message)
    return ValidationError(errors)


def _check_date(episode: Episode, on: dt.date) -> None:
    if on > local_today(episode.program):
        raise ValidationError({"administered_on": "This date is in the future."})
    if on < episode.referral_date:
        raise ValidationError({"administered_on": "This date is before the referral."})


def _audit(actor: Any, admin: Administration, action: str, before: dict | None = None) -> None:
    record(
        kind=AuditKind.UPDATE if before is not None else AuditKind.CREATE,
        action=action,
        actor=actor,
        participant=admin.participant,
        subject=admin,
        before=before,
        after=snapshot(admin, ADMIN_FIELDS),
    )


@transaction.atomic
def save_draft(
    *,
    actor: Any,
    participant: Participant,
    responses: dict[str, Any],
    administered_on: dt.date,
    instrument: Instrument | None = None,
    administration: Administration | None = None,
    episode: Episode | None = None,
) -> Administration:
    """Create or update a draft. Partial answers are fine; wrong ids or values are not."""
    if administration is not None:
        administration = Administration.objects.select_for_update().get(pk=administration.pk)
        if administration.is_completed:
            raise ValidationError(
                {"status": "A completed assessment cannot change; record a correction."}
            )
        if administration.participant_id != participant.pk:
            raise ValidationError({"administration": "Not this participant's assessment."})
        episode = administration.episode
    work_episode = workable_episode(actor, participant, episode)
    version = (
        administration.instrument_version
        if administration is not None
        else current_version(instrument)  # type: ignore[arg-type]
    )
    problems = scoring.validate(version.definition, responses, partial=True)
    if problems:
        raise _problems_error(problems)
    _check_date(work_episode, administered_on)
    if administration is None:
        administration = Administration(
            participant=participant,
            episode=work_episode,
            instrument_version=version,
            administered_on=administered_on,
            administered_by=actor,
            responses=dict(responses),
        )
        return create_recorded(
            administration,
            actor=actor,
            action="assessment.draft",
            fields=ADMIN_FIELDS,
            participant=participant,
        )
    before = snapshot(administration, ADMIN_FIELDS)
    administration.responses = dict(responses)
    administration.administered_on = administered_on
    administration.full_clean()
    administration.save()
    _audit(actor, administration, "assessment.draft.update", before)
    return administration


def _safety_reason(version: InstrumentVersion, scores: dict[str, Any]) -> str:
    labels = [f["label"] for f in scores["flags"] if f.get("safety")]
    return f"{version.instrument.name}: {'; '.join(labels)}"[:300]


@transaction.atomic
def complete(
    *,
    actor: Any,
    administration: Administration,
    responses: dict[str, Any] | None = None,
    administered_on: dt.date | None = None,
) -> Administration:
    """Validate fully, score and close a draft; a positive suicide-risk screen raises a
    SafetyAlert in the same transaction. Completed administrations never change."""
    administration = (
        Administration.objects.select_for_update(of=("self",))
        .select_related("participant", "instrument_version__instrument", "episode__program")
        .get(pk=administration.pk)
    )
    if administration.is_completed:
        raise ValidationError({"status": "This assessment is already completed."})
    workable_episode(actor, administration.participant, administration.episode)
    before = snapshot(administration, ADMIN_FIELDS)
    if responses is not None:
        administration.responses = dict(responses)
    if administered_on is not None:
        _check_date(administration.episode, administered_on)
        administration.administered_on = administered_on
    version = administration.instrument_version
    try:
        scores = scoring.score(
            version.definition, administration.responses, sex=administration.participant.sex
        )
    except scoring.InvalidResponses as exc:
        raise _problems_error(exc.problems) from exc
    administration.scores = scores
    administration.total = scores["total"]
    administration.band = scores["band"] or ""
    administration.band_label = scores["band_label"]
    administration.status = AdministrationStatus.COMPLETED
    administration.completed_at = timezone.now()
    administration.full_clean()
    administration.save()
    _audit(actor, administration, "assessment.complete", before)
    if scores["safety"]:
        raise_safety_alert(actor=actor, administration=administration, scores=scores)
    return administration


def raise_safety_alert(
    *, actor: Any, administration: Administration, scores: dict[str, Any]
) -> SafetyAlert:
    alert = SafetyAlert(
        participant=administration.participant,
        episode=administration.episode,
        administration=administration,
        reason=_safety_reason(administration.instrument_version, scores),
        raised_at=timezone.now(),
    )
    return create_recorded(
        alert,
        actor=actor,
        action="safety_alert.raise",
        fields=["administration", "reason", "raised_at"],
        participant=administration.participant,
    )


@transaction.atomic
def record_administration(
    *,
    actor: Any,
    participant: Participant,
    instrument: Instrument,
    responses: dict[str, Any],
    administered_on: dt.date,
    episode: Episode | None = None,
) -> Administration:
    """Draft and complete in one step (the API): any problem saves nothing."""
    version = current_version(instrument)
    problems = scoring.validate(version.definition, responses)
    if problems:
        raise _problems_error(problems)
    draft = save_draft(
        actor=actor,
        participant=participant,
        instrument=instrument,
        responses=responses,
        administered_on=administered_on,
        episode=episode,
    )
    return complete(actor=actor, administration=draft)


@transaction.atomic
def start_correction(*, actor: Any, administration: Administration) -> Administration:
    """A new draft with the same answers, linked to the completed administration it corrects."""
    if not administration.is_completed:
        raise ValidationError(
            {"status": "Only a completed assessment is corrected; edit the draft."}
        )
    if administration.corrections.filter(status=AdministrationStatus.DRAFT).exists():
        raise ValidationError({"status": "A correction of this assessment is already in draft."})
    episode = workable_episode(actor, administration.participant, administration.episode)
    draft = Administration(
        participant=administration.participant,
        episode=episode,
        instrument_version=administration.instrument_version,
        administered_on=administration.administered_on,
        administered_by=actor,
        responses=dict(administration.responses),
        corrects=administration,
    )
    return create_recorded(
        draft,
        actor=actor,
        action="assessment.correction.start",
        fields=ADMIN_FIELDS,
        participant=administration.participant,
    )


@transaction.atomic
def acknowledge_alert(*, actor: Any, alert: SafetyAlert) -> SafetyAlert:
    alert = (
        SafetyAlert.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "participant")
        .get(pk=alert.pk)
    )
    if not can_work_in(actor, alert.episode.program, alert.episode.team):
        raise ValidationError({"alert": "You do not work with this participant's team."})
    if alert.acknowledged_at is not None:
        raise ValidationError({"alert": "This alert was already acknowledged."})
    alert.acknowledged_by = actor
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="safety_alert.acknowledge",
        actor=actor,
        participant=alert.participant,
        subject=alert,
        before={"acknowledged_at": None},
        after=snapshot(alert, ["acknowledged_by", "acknowledged_at"]),
    )
    return alert


def record_read(*, actor: Any, participant: Participant, action: str, shown: list[Any]) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=actor,
        participant=participant,
        subject=participant,
        after={"administrations": [str(a.public_id) for a in shown]},
    )


def record_prefill_read(
    *, actor: Any, participant: Participant, version: InstrumentVersion, items: dict[str, Any]
) -> None:
    """Filling a form from the record reads the record: audited when anything was filled."""
    if not items:
        return
    record(
        kind=AuditKind.READ,
        action="assessment.prefill",
        actor=actor,
        participant=participant,
        subject=participant,
        after={"instrument": version.instrument.code, "items": sorted(items)},
    )
