"""Staffing packets and prints: one PDF for a court's docket of a day (or one participant), or
one participant's record printed for a chosen recipient — built by the same code.

For each participant: `decide` for the recipient and purpose at this moment over every category
a section can carry; only granted categories are built (`sections.build_sections`). A
participant with nothing granted is left out, and their name is nowhere in the PDF (the cover
only counts them; the staff page names them, with the reason). Every page carries the 42 CFR
2.32 notice (a running footer), and each participant's part ends with a plain explanation of
the consent relied on. After rendering, every participant included gets one `Disclosure` with
the SHA-256 of the PDF — all in one transaction: if a consent was revoked (or otherwise
stopped covering) in between, nothing is recorded, the participant is dropped and the PDF is
rendered again.

    build_packet(*, actor, court, day, recipient, participants=None) -> PacketResult
    print_for_recipient(*, actor, participant, recipient, purpose, day=None, court=None)
        -> PacketResult
    plan_packet(*, actor, court, day, recipient, participants=None) -> PacketPlan
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from missioncj.accounts.scope import is_court_partner
from missioncj.court import docket as reads
from missioncj.court.models import Court, CourtCase, DocketEntry, Hearing, HearingStatus
from missioncj.participants.models import Episode, Participant
from missioncj.privacy.decisions import (
    Decision,
    Recipient,
    consented_participant_ids,
    decide,
    decide_many,
)
from missioncj.privacy.models import (
    Category,
    Channel,
    Consent,
    ConsentKind,
    Disclosure,
    Purpose,
)
from missioncj.privacy.sections import (
    SECTION_ORDER,
    Section,
    build_sections,
    day_text,
    episode_for,
    packet_period,
)
from missioncj.privacy.services.disclosures import DisclosureRefused, record_disclosures
from missioncj.privacy.wording import FORM_STATEMENTS, notice_text

PACKET_CATEGORIES = tuple(c.value for c in SECTION_ORDER)


@dataclass(frozen=True)
class ConsentScope:
    """A plain explanation of a consent's scope (42 CFR 2.32(b): it goes with the record)."""

    kind: str
    recipients: list[str]
    information: list[str]
    information_detail: str
    purpose: str
    expiry: str
    revocation: str
    court_use: str
    signed: str


@dataclass
class Included:
    participant: Participant
    episode: Episode
    decision: Decision
    docket_number: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    sections: list[Section] = field(default_factory=list)
    consents: list[ConsentScope] = field(default_factory=list)

    @property
    def granted_labels(self) -> list[str]:
        return [Category(c).label for c in self.decision.granted]


@dataclass(frozen=True)
class LeftOut:
    participant: Participant
    reason: str


@dataclass
class PacketPlan:
    court: Court | None
    day: dt.date
    recipient: Recipient
    purpose: str
    hearings: list[Hearing]
    included: list[Included]
    left_out: list[LeftOut]


@dataclass
class PacketResult:
    pdf: bytes
    disclosures: list[Disclosure]
    left_out: list[LeftOut]
    included: list[Included] = field(default_factory=list)


# --- who is on the docket -----------------------------------------------------------------------


def docket_entries(actor: Any, court: Court, day: dt.date) -> tuple[list[Hearing], list[Any]]:
    """The day's hearings that are not cancelled and the actor's visible entries on them, one
    per participant (the read choke point: others are neither shown nor counted)."""
    hearings = [
        h
        for h in reads.docket_for(actor, court, day, entries=partner_entries(actor, court))
        if h.hearing.status != HearingStatus.CANCELLED
    ]
    if not hearings:
        raise ValidationError({"date": f"{court} has no hearing on {day_text(day)}."})
    seen: dict[int, Any] = {}
    for item in hearings:
        for entry in item.entries:
            seen.setdefault(entry.participant_id, entry)
    entries = sorted(
        seen.values(), key=lambda e: (e.participant.last_name, e.participant.first_name, e.pk)
    )
    return [h.hearing for h in hearings], entries


def partner_entries(actor: Any, court: Court) -> QuerySet[DocketEntry] | None:
    """For a court partner (who has no staff scope): the entries of participants with a consent
    in force naming them, at a court where they hold a seat; for staff, None (their scope)."""
    if not is_court_partner(actor):
        return None
    recipient = Recipient.for_user(actor)
    if court.pk not in {court_id for court_id, _ in recipient.seats}:
        return DocketEntry.objects.none()
    consented = consented_participant_ids(recipient, Purpose.COURT_MONITORING)
    return DocketEntry.objects.filter(participant_id__in=consented)


def _chosen(entries: list[Any], participants: Sequence[Participant] | None) -> list[Any]:
    if participants is None:
        return entries
    by_person = {e.participant_id: e for e in entries}
    missing = [p for p in participants if p.pk not in by_person]
    if missing:
        raise ValidationError({"participant": "That participant is not on this docket."})
    return [by_person[p.pk] for p in participants]


# --- deciding and building ----------------------------------------------------------------------


def consent_scope(consent: Consent) -> ConsentScope:
    statements = FORM_STATEMENTS.get(consent.language, FORM_STATEMENTS["en"])
    expiry = []
    if consent.expires_on:
        expiry.append(f"on {day_text(consent.expires_on)}")
    if consent.expiry_event:
        expiry.append(f"at: {consent.get_expiry_event_display().lower()}")
    revocation = consent.revocation_terms
    if consent.revocable_from:
        revocation += f" Revocable from {day_text(consent.revocable_from)}."
    signed_on = timezone.localtime(consent.signed_at, consent.episode.program.zone).date()
    signer = consent.signer_name + (
        f" ({consent.signer_authority})" if consent.signer_authority else ""
    )
    return ConsentScope(
        kind=consent.get_kind_display(),
        recipients=[r.name for r in consent.recipients.all()],
        information=[Category(c).label for c in consent.categories if c in Category.values],
        information_detail=consent.information,
        purpose=consent.get_purpose_display()
        + (f": {consent.purpose_detail}" if consent.purpose_detail else ""),
        expiry="Ends " + " or ".join(expiry) + ", whichever comes first."
        if expiry
        else "No end date.",
        revocation=revocation,
        court_use=statements["cj_use"] if consent.kind == ConsentKind.CRIMINAL_JUSTICE else "",
        # The day it was signed where the program is, not in UTC (an evening signature in
        # New York is already the next day in UTC).
        signed=f"Signed {day_text(signed_on)} by {signer}",
    )


def _decide_all(
    entries: Iterable[tuple[Participant, Episode, str]],
    recipient: Recipient,
    purpose: str,
    at: dt.datetime,
    refused: dict[int, str],
) -> tuple[list[Included], list[LeftOut]]:
    included: list[Included] = []
    left_out: list[LeftOut] = []
    entries = list(entries)
    decisions = decide_many(
        participant_ids=[p.pk for p, _, _ in entries if p.pk not in refused],
        recipient=recipient,
        purpose=purpose,
        categories=PACKET_CATEGORIES,
        at=at,
    )
    for participant, episode, docket_number in entries:
        if participant.pk in refused:
            left_out.append(LeftOut(participant, refused[participant.pk]))
            continue
        decision = decisions[participant.pk]
        if decision.granted:
            included.append(Included(participant, episode, decision, docket_number))
        else:
            left_out.append(LeftOut(participant, decision.reason))
    return included, left_out


def _fill(item: Included, court: Court | None, day: dt.date) -> None:
    item.start, item.end = packet_period(item.participant, day, court=court, episode=item.episode)
    item.sections = build_sections(
        item.participant,
        item.decision.granted,
        item.start,
        item.end,
        episode=item.episode,
        court=court,
    )
    consents = (
        Consent.objects.filter(pk__in=item.decision.consent_ids)
        .select_related("episode__program")
        .prefetch_related("recipients")
    )
    item.consents = [consent_scope(c) for c in consents]


def plan_packet(
    *,
    actor: Any,
    court: Court,
    day: dt.date,
    recipient: Recipient,
    participants: Sequence[Participant] | None = None,
    purpose: str = Purpose.COURT_MONITORING,
    refused: dict[int, str] | None = None,
) -> PacketPlan:
    """Who goes in and who is left out (with the decision's reason); sections not built."""
    hearings, entries = docket_entries(actor, court, day)
    entries = _chosen(entries, participants)
    rows = [(e.participant, e.episode, e.docket_no or "") for e in entries]
    included, left_out = _decide_all(rows, recipient, purpose, timezone.now(), refused or {})
    return PacketPlan(court, day, recipient, purpose, hearings, included, left_out)


# --- rendering and recording --------------------------------------------------------------------


def render_pdf(plan: PacketPlan, actor: Any, title: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which pages never need

    html = render_to_string(
        "privacy/packets/packet.html",
        {
            "plan": plan,
            "title": title,
            "notice": notice_text(),
            "actor": actor,
            "made_at": timezone.localtime(
                timezone.now(), plan.court.program.zone if plan.court else None
            ),
            "left_out_count": len(plan.left_out),
            "purpose_label": Purpose(plan.purpose).label,
        },
    )
    return HTML(string=html).write_pdf()


def _render_and_record(
    *, actor: Any, plan_again: Any, channel: str, title: str, description: str
) -> PacketResult:
    """Render, then record one disclosure per participant in one transaction; a refusal
    undoes every record, drops that participant and renders again."""
    refused: dict[int, str] = {}
    while True:
        plan: PacketPlan = plan_again(refused)
        if not plan.included:
            raise ValidationError(
                {"participant": "Nothing can be sent: no consent in force for anyone chosen."}
            )
        for item in plan.included:
            _fill(item, plan.court, plan.day)
        pdf = render_pdf(plan, actor, title)
        try:
            disclosures = record_disclosures(
                actor=actor,
                decisions=[item.decision for item in plan.included],
                channel=channel,
                content=pdf,
                description=description,
            )
        except DisclosureRefused as refusal:
            failed = _refused_participant(plan, refusal)
            refused[failed] = "The consent stopped covering this while the packet was made."
            continue
        return PacketResult(pdf, disclosures, plan.left_out, plan.included)


def _refused_participant(plan: PacketPlan, refusal: DisclosureRefused) -> int:
    """Which participant's disclosure was refused: the first whose decision no longer holds."""
    for item in plan.included:
        again = decide(
            participant=item.participant,
            recipient=item.decision.recipient,
            purpose=item.decision.purpose,
            categories=item.decision.granted,
        )
        if not again.allowed:
            return item.participant.pk
    raise refusal


def build_packet(
    *,
    actor: Any,
    court: Court,
    day: dt.date,
    recipient: Recipient,
    participants: Sequence[Participant] | None = None,
) -> PacketResult:
    """The staffing packet of `court` on `day` for `recipient` (a court team or seat)."""
    return _render_and_record(
        actor=actor,
        plan_again=lambda refused: plan_packet(
            actor=actor,
            court=court,
            day=day,
            recipient=recipient,
            participants=participants,
            refused=refused,
        ),
        channel=Channel.PACKET,
        title=f"Staffing packet · {court} · {day_text(day)}",
        description=f"Staffing packet, {court}, {day.isoformat()}",
    )


def _case_court(episode: Episode, court: Court | None) -> tuple[Court | None, str]:
    """The court and docket number the print is about: the episode's latest case, or its latest
    case at `court` when the print goes to that court (a court hears only of its own case)."""
    cases = CourtCase.objects.filter(episode=episode)
    if court is not None:
        cases = cases.filter(court=court)
    case = cases.select_related("court__program").order_by("-opened_on", "-pk").first()
    if case is None and court is not None:
        raise ValidationError({"court": "The participant has no case at that court."})
    return (case.court, case.docket_number) if case else (None, "")


def print_for_recipient(
    *,
    actor: Any,
    participant: Participant,
    recipient: Recipient,
    purpose: str,
    day: dt.date | None = None,
    court: Court | None = None,
) -> PacketResult:
    """One participant's record for a chosen recipient (channel PRINT), the packet's layout;
    `court` (for a court recipient) limits it to the participant's case there.
    The caller has checked the actor may see the participant."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": "Choose a purpose from the list."})
    episode = episode_for(participant)
    court, docket_number = _case_court(episode, court)
    today = day or timezone.now().astimezone(episode.program.zone).date()

    def plan_again(refused: dict[int, str]) -> PacketPlan:
        included, left_out = _decide_all(
            [(participant, episode, docket_number)], recipient, purpose, timezone.now(), refused
        )
        if left_out:
            raise ValidationError({"recipient": left_out[0].reason})
        return PacketPlan(court, today, recipient, purpose, [], included, left_out)

    return _render_and_record(
        actor=actor,
        plan_again=plan_again,
        channel=Channel.PRINT,
        title=f"Record for {recipient.label} · {day_text(today)}",
        description=f"Printed for {recipient.label}, {today.isoformat()}",
    )
