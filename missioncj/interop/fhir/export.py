"""The FHIR export through privacy: decide, build only what is granted, serialise, record.

For each participant (the episodes the actor may see; for a program, that program's):
`privacy.decisions.decide` for the recipient and purpose at this moment over the exported
categories (attendance, assessments, plan). Only granted categories are built; a participant
with nothing granted is left out of a program export, and a one-participant export is refused
with the decision's reason. After serialising, one `Disclosure` per participant carried (the
SHA-256 of the exact bytes, channel export) and one `ExportRecord` are written in one
transaction. A consent that stopped covering in between (revoked, expired, used) refuses its
disclosure: nothing is recorded, that participant is dropped and the bundle is built again.

    export_participant(*, actor, participant, recipient, purpose) -> FhirExport
    export_program(*, actor, program, recipient, purpose) -> FhirExport
    plan_participant(*, actor, participant, recipient, purpose) -> FhirPlan  (no build)
    plan_program(*, actor, program, recipient, purpose) -> FhirPlan
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.interop.fhir.bundle import EXPORT_CATEGORIES, bundle_bytes, participant_entries
from missioncj.interop.fhir.common import Entry
from missioncj.interop.models import ExportKind, ExportRecord
from missioncj.interop.services import record_export
from missioncj.participants.models import Episode, Participant
from missioncj.privacy.decisions import Decision, Recipient, decide
from missioncj.privacy.models import Category, Channel, Consent, Disclosure, Purpose
from missioncj.privacy.services.disclosures import DisclosureRefused, record_disclosures
from missioncj.programs.models import Program

PROVIDER_CLASS_LABEL = "Treating providers, payers and program operations"
RACED = "The consent stopped covering this while the export was made."


def recipient_for(name: str, provider_class: bool) -> Recipient:
    """An outside party by name, or (ticked) the class of treating providers (TPO)."""
    name = " ".join((name or "").split())
    if not name and not provider_class:
        raise ValidationError(
            {"recipient": "Write the recipient's name as it reads on the consent."}
        )
    if len(name) > 200:
        raise ValidationError({"recipient": "Keep the recipient's name under 200 characters."})
    label = name or PROVIDER_CLASS_LABEL
    return Recipient(label=label, party=name, provider_class=provider_class)


def check_purpose(purpose: str) -> str:
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": "Choose a purpose from the list."})
    return purpose


@dataclass
class Carried:
    participant: Participant
    episodes: list[Episode]
    decision: Decision

    @property
    def granted_labels(self) -> list[str]:
        return [Category(c).label for c in self.decision.granted]


@dataclass(frozen=True)
class LeftOut:
    participant: Participant
    reason: str


@dataclass
class FhirPlan:
    recipient: Recipient
    purpose: str
    program: Program | None
    carried: list[Carried] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


@dataclass
class FhirExport:
    content: bytes
    disclosures: list[Disclosure]
    record: ExportRecord
    carried: list[Carried]
    left_out: list[LeftOut]


def _by_participant(episodes: Iterable[Episode]) -> list[tuple[Participant, list[Episode]]]:
    grouped: dict[int, tuple[Participant, list[Episode]]] = {}
    for episode in episodes:
        grouped.setdefault(episode.participant_id, (episode.participant, []))[1].append(episode)
    return sorted(
        grouped.values(), key=lambda pair: (pair[0].last_name, pair[0].first_name, pair[0].pk)
    )


def _decide_all(
    plan: FhirPlan, groups: list[tuple[Participant, list[Episode]]], refused: dict[int, str]
) -> FhirPlan:
    now = timezone.now()
    for participant, episodes in groups:
        if participant.pk in refused:
            plan.left_out.append(LeftOut(participant, refused[participant.pk]))
            continue
        decision = decide(
            participant=participant,
            recipient=plan.recipient,
            purpose=plan.purpose,
            categories=EXPORT_CATEGORIES,
            at=now,
        )
        # A consent is given to one program (42 CFR 2.31: it names the discloser): only the
        # episodes of the programs whose consents the decision relies on are carried.
        consenting = set(
            Consent.objects.filter(pk__in=decision.consent_ids).values_list(
                "episode__program_id", flat=True
            )
        )
        covered = [e for e in episodes if e.program_id in consenting]
        if decision.granted and covered:
            plan.carried.append(Carried(participant, covered, decision))
        elif decision.granted:
            plan.left_out.append(
                LeftOut(participant, "No consent given to the program of these records.")
            )
        else:
            plan.left_out.append(LeftOut(participant, decision.reason))
    return plan


def _visible(actor: Any) -> Any:
    return Episode.objects.visible_to(actor).select_related("participant", "program")


def plan_participant(
    *,
    actor: Any,
    participant: Participant,
    recipient: Recipient,
    purpose: str,
    refused: dict[int, str] | None = None,
) -> FhirPlan:
    """The caller has checked the actor may see the participant; only the episodes the actor
    sees are carried."""
    episodes = list(_visible(actor).filter(participant=participant).order_by("referral_date", "pk"))
    programs = {e.program for e in episodes}
    plan = FhirPlan(
        recipient, check_purpose(purpose), programs.pop() if len(programs) == 1 else None
    )
    return _decide_all(plan, _by_participant(episodes), refused or {})


def plan_program(
    *,
    actor: Any,
    program: Program,
    recipient: Recipient,
    purpose: str,
    refused: dict[int, str] | None = None,
) -> FhirPlan:
    """Every participant of the program the actor may see (restricted records only with the
    access the read choke point gives)."""
    episodes = _visible(actor).filter(program=program).order_by("referral_date", "pk")
    plan = FhirPlan(recipient, check_purpose(purpose), program)
    return _decide_all(plan, _by_participant(episodes), refused or {})


def record_preview(*, actor: Any, plan: FhirPlan, subject: Any) -> None:
    """Showing who would be carried or left out (and why) is a read of those records."""
    participant = subject if isinstance(subject, Participant) else None
    record(
        kind=AuditKind.READ if participant else AuditKind.LIST,
        action="fhir.preview",
        actor=actor,
        participant=participant,
        subject=subject,
        after={
            "recipient": plan.recipient.label,
            "purpose": plan.purpose,
            "shown": [str(i.participant.public_id) for i in plan.carried]
            + [str(o.participant.public_id) for o in plan.left_out],
        },
    )


def render(plan: FhirPlan) -> tuple[bytes, int]:
    """The Bundle of everyone carried, and how many resources it holds."""
    entries: list[Entry] = []
    for item in plan.carried:
        entries.extend(
            participant_entries(
                item.participant, item.episodes, item.decision.granted, item.decision.consent_ids
            )
        )
    return bundle_bytes(entries), len(entries)


def _refused_participant(plan: FhirPlan, refusal: DisclosureRefused) -> int:
    for item in plan.carried:
        again = decide(
            participant=item.participant,
            recipient=item.decision.recipient,
            purpose=item.decision.purpose,
            categories=item.decision.granted,
        )
        if not again.allowed:
            return item.participant.pk
    raise refusal


def _record(actor: Any, plan: FhirPlan, content: bytes, rows: int, name: str) -> FhirExport:
    description = f"FHIR export for {plan.recipient.label}"
    with transaction.atomic():
        disclosures = record_disclosures(
            actor=actor,
            decisions=[item.decision for item in plan.carried],
            channel=Channel.EXPORT,
            content=content,
            description=description,
        )
        row = record_export(
            actor=actor,
            kind=ExportKind.FHIR,
            name=name,
            file_format="fhir+json",
            content=content,
            identified=True,
            program=plan.program,
            recipient_label=plan.recipient.label,
            participant_count=len(plan.carried),
            row_count=rows,
            disclosure_count=len(disclosures),
        )
    return FhirExport(content, disclosures, row, plan.carried, plan.left_out)


def _export(
    *, actor: Any, plan_again: Callable[[dict[int, str]], FhirPlan], name: str, nobody: str
) -> FhirExport:
    refused: dict[int, str] = {}
    while True:
        plan = plan_again(refused)
        if not plan.carried:
            reason = plan.left_out[0].reason if len(plan.left_out) == 1 else nobody
            raise ValidationError({"recipient": reason})
        content, rows = render(plan)
        try:
            return _record(actor, plan, content, rows, name)
        except DisclosureRefused as refusal:
            refused[_refused_participant(plan, refusal)] = RACED


def export_participant(
    *, actor: Any, participant: Participant, recipient: Recipient, purpose: str
) -> FhirExport:
    """One participant's Bundle for the recipient; a ValidationError (field `recipient`) with
    the decision's reason when nothing may go. The caller has checked the actor sees them."""
    return _export(
        actor=actor,
        plan_again=lambda refused: plan_participant(
            actor=actor,
            participant=participant,
            recipient=recipient,
            purpose=purpose,
            refused=refused,
        ),
        name="fhir.participant",
        nobody="Nothing can be sent: no consent in force covers this recipient and purpose.",
    )


def export_program(
    *, actor: Any, program: Program, recipient: Recipient, purpose: str
) -> FhirExport:
    """One `collection` Bundle of every participant of the program with something granted."""
    return _export(
        actor=actor,
        plan_again=lambda refused: plan_program(
            actor=actor, program=program, recipient=recipient, purpose=purpose, refused=refused
        ),
        name="fhir.program",
        nobody=f"Nothing can be sent: no participant has a consent in force naming "
        f"{recipient.label} for this purpose.",
    )
