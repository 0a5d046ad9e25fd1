"""What a court partner may see, decided afresh on every request.

The partner's world is the set of participants with a consent in force that names them (as a
person, their seat at a court, or that court's team) for monitoring the court case:
`consented_participant_ids(Recipient.for_user(user), COURT_MONITORING)`. Lists, search,
counts and dockets start from that set; a participant's page shows only the categories
`decide` grants. Nothing is cached between requests, so a revocation, an expiry, a disposed
case or an ended seat takes effect on the next one.

Every read of participant data is a disclosure: the page or JSON body is rendered first, then
`record_disclosure` is called with its exact bytes (one row per participant shown), then it is
returned. A disclosure refused at that moment (the consent just ended) is a 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from missioncj.accounts.scope import is_court_partner
from missioncj.court.models import Court, CourtCase, CourtSeat, DocketEntry, Hearing, HearingStatus
from missioncj.participants.models import IdentifierKind, Participant
from missioncj.participants.services import local_today
from missioncj.privacy.decisions import (
    Decision,
    Recipient,
    consented_participant_ids,
    decide,
    decide_many,
)
from missioncj.privacy.models import Category, Consent, Purpose
from missioncj.privacy.packets import ConsentScope, consent_scope
from missioncj.privacy.sections import Section, build_sections, episode_for, packet_period
from missioncj.privacy.services.disclosures import DisclosureRefused, record_disclosures

PURPOSE = Purpose.COURT_MONITORING
UPCOMING_HEARINGS = 8


@dataclass(frozen=True)
class PartnerView:
    """One request's view: who is asking, their seats, and the consented set right now."""

    user: Any
    recipient: Recipient
    at: dt.datetime
    ids: frozenset[int]

    @property
    def court_ids(self) -> set[int]:
        return {court_id for court_id, _ in self.recipient.seats}

    def seats(self) -> QuerySet[CourtSeat]:
        return (
            CourtSeat.objects.filter(user=self.user, active=True)
            .select_related("court__program")
            .order_by("court__name", "seat")
        )

    def people(self, query: str = "") -> QuerySet[Participant]:
        return search(Participant.objects.filter(pk__in=self.ids), query, self.court_ids)

    def participant(self, public_id: Any) -> Participant:
        """The participant if consented now, else 404 (the same answer as for no such id)."""
        found = Participant.objects.filter(pk__in=self.ids, public_id=public_id).first()
        if found is None:
            raise Http404
        return found

    def decision(self, participant: Participant, categories: Iterable[str] = ()) -> Decision:
        return decide(
            participant=participant,
            recipient=self.recipient,
            purpose=PURPOSE,
            categories=categories,
            at=self.at,
        )

    def identity(self, participant: Participant) -> Decision:
        """May the partner learn that this person takes part (listed, no category)?"""
        decision = self.decision(participant)
        if not decision.any_granted:
            raise Http404
        return decision

    def identities(self, people: Iterable[Participant]) -> dict[int, Decision]:
        """`identity` for each of several participants, their consents read in one go."""
        decisions = decide_many(
            participant_ids=[p.pk for p in people],
            recipient=self.recipient,
            purpose=PURPOSE,
            at=self.at,
        )
        if not all(d.any_granted for d in decisions.values()):
            raise Http404
        return decisions

    def granted(self, participant: Participant) -> Decision:
        """The decision for every category the consents in force allow, or identity only."""
        every = self.decision(participant, Category.values)
        if every.granted:
            return self.decision(participant, every.granted)
        return self.identity(participant)


def partner_view(user: Any) -> PartnerView:
    if not is_court_partner(user):
        raise Http404
    recipient = Recipient.for_user(user)
    at = timezone.now()
    return PartnerView(
        user=user,
        recipient=recipient,
        at=at,
        ids=frozenset(consented_participant_ids(recipient, PURPOSE, at)),
    )


def search(people: QuerySet[Participant], query: str, court_ids: set[int]) -> QuerySet[Participant]:
    """Each word must start a name, a docket number at the partner's courts, or a court docket
    identifier; always inside `people` (the consented set)."""
    for word in query.split()[:4]:
        people = people.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
            | Q(middle_name__istartswith=word)
            | Q(court_cases__docket_number__istartswith=word, court_cases__court_id__in=court_ids)
            | Q(
                identifiers__kind=IdentifierKind.COURT_DOCKET,
                identifiers__value__istartswith=word,
            )
        )
    return people.distinct().order_by("last_name", "first_name", "pk")


def cases_shown(view: PartnerView, participant: Participant, decision: Decision) -> list[CourtCase]:
    """The participant's cases at the partner's courts, and the case of the consent relied on."""
    return cases_of_many(view, {participant.pk: decision})[participant.pk]


def cases_of_many(view: PartnerView, decisions: dict[int, Decision]) -> dict[int, list[CourtCase]]:
    """`cases_shown` for several participants (participant id → decision) in two queries."""
    relied = {pk for decision in decisions.values() for pk in decision.consent_ids}
    case_of_consent = dict(
        Consent.objects.filter(pk__in=relied, court_case__isnull=False).values_list(
            "pk", "court_case_id"
        )
    )
    cases = (
        CourtCase.objects.filter(participant_id__in=decisions)
        .filter(Q(court_id__in=view.court_ids) | Q(pk__in=set(case_of_consent.values())))
        .select_related("court")
        .order_by("-opened_on", "pk")
    )
    shown: dict[int, list[CourtCase]] = {pk: [] for pk in decisions}
    for case in cases:
        relied_cases = {
            case_of_consent.get(pk) for pk in decisions[case.participant_id].consent_ids
        }
        if case.court_id in view.court_ids or case.pk in relied_cases:
            shown[case.participant_id].append(case)
    return shown


@dataclass(frozen=True)
class Listed:
    participant: Participant
    decision: Decision
    cases: list[CourtCase]


def listed(view: PartnerView, people: Iterable[Participant]) -> list[Listed]:
    people = list(people)
    decisions = view.identities(people)
    cases = cases_of_many(view, decisions)
    return [Listed(p, decisions[p.pk], cases[p.pk]) for p in people]


@dataclass(frozen=True)
class DocketDay:
    hearing: Hearing
    people: list[Participant]  # only consented participants on this hearing
    packet: bool = False  # the first hearing of its court and day with anyone consented


def upcoming(view: PartnerView, limit: int = UPCOMING_HEARINGS) -> list[DocketDay]:
    """The next scheduled hearings and staffing meetings at the partner's courts (dates and
    times); who is on each only for consented participants."""
    courts = Court.objects.filter(pk__in=view.court_ids).select_related("program")
    when = Q(pk__in=[])
    for court in courts:
        when |= Q(court=court, local_date__gte=local_today(court.program))
    hearings = list(
        Hearing.objects.filter(when, status=HearingStatus.SCHEDULED)
        .select_related("court")
        .order_by("local_date", "local_time", "pk")[:limit]
    )
    entries = DocketEntry.objects.filter(
        hearing__in=hearings, participant_id__in=view.ids
    ).select_related("participant")
    by_hearing: dict[int, list[Participant]] = {}
    for entry in entries.order_by("participant__last_name", "participant__first_name"):
        by_hearing.setdefault(entry.hearing_id, []).append(entry.participant)
    with_people = {(h.court_id, h.local_date) for h in hearings if by_hearing.get(h.pk)}
    days = []
    for h in hearings:
        key = (h.court_id, h.local_date)
        days.append(DocketDay(h, by_hearing.get(h.pk, []), packet=key in with_people))
        with_people.discard(key)  # one packet button per court and day
    return days


def seated_court(view: PartnerView, public_id: Any) -> Court:
    """A court where the partner holds a seat now, else 404 (the same as no such court)."""
    court = (
        Court.objects.filter(pk__in=view.court_ids, public_id=public_id)
        .select_related("program")
        .first()
    )
    if court is None:
        raise Http404
    return court


def sections(view: PartnerView, participant: Participant, decision: Decision) -> list[Section]:
    """One section per granted category (`sections.build_sections`), for the period since the
    participant's previous court hearing up to today, at the court of the case the consent
    relied on is tied to (all courts when it names none)."""
    court = (
        Court.objects.filter(cases__consents__pk__in=decision.consent_ids)
        .select_related("program")
        .first()
    )
    episode = episode_for(participant)
    start, end = packet_period(
        participant, local_today(episode.program), court=court, episode=episode
    )
    return build_sections(participant, decision.granted, start, end, episode=episode, court=court)


def consent_copies(decision: Decision) -> list[ConsentScope]:
    """What the consents relied on say (42 CFR 2.32: a copy or explanation goes along)."""
    consents = (
        Consent.objects.filter(pk__in=decision.consent_ids)
        .select_related("episode__program")
        .prefetch_related("recipients")
    )
    return [consent_scope(c) for c in consents]


def disclose(
    view: PartnerView,
    decisions: Iterable[Decision],
    *,
    channel: str,
    content: bytes,
    description: str,
) -> None:
    """Record one disclosure per decision for `content` (all or none); refused → 404."""
    try:
        record_disclosures(
            actor=view.user,
            decisions=list(decisions),
            channel=channel,
            content=content,
            description=description,
        )
    except DisclosureRefused as exc:
        raise Http404 from exc
