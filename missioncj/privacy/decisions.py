"""The one disclosure decision: may this information about this participant go to this
recipient, for this purpose, at this moment — and on which consent?

Every path out of the program (staffing packets, prints, court-partner pages and API reads,
exports) asks `decide`; lists of who a partner may see come from `consented_participant_ids`,
which applies the same rule. The rule itself (`covers`) is a pure function over `ConsentFacts`
so it can be checked against thousands of generated cases; `load_facts` reads those facts
from the database.

A consent covers a disclosure when all of these hold at that moment:
- it was signed (not refused), and signed at or before that moment;
- it has not been revoked at or before that moment;
- its expiry date (a day in the program's time zone) has not passed;
- its expiry event has not happened: for a criminal-justice consent (42 CFR 2.35), and any
  consent ending at case disposition, the case is not disposed; for one ending with treatment,
  the episode is not closed;
- a single-disclosure consent has not been used already;
- it names the recipient (a person, their seat at a court, that court's team, a named party, or
  the class of treating providers), for this purpose;
- it lists the category asked for. Clinical notes and SUD counseling notes never go to a court
  recipient, whatever a consent says, and counseling notes only on their own consent.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from missioncj.court.models import OPEN_CASE_STATUSES, CourtSeat
from missioncj.participants.models import OPEN_STATUSES, Participant
from missioncj.privacy.models import (
    Answer,
    Category,
    Consent,
    ConsentKind,
    ConsentRecipient,
    Disclosure,
    RecipientKind,
)

NEVER_TO_COURT = frozenset({Category.CLINICAL_NOTES.value, Category.COUNSELING_NOTES.value})
_LONG_AGO = dt.date.min


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Recipient:
    """Who would receive the information. A signed-in user carries the court seats they hold;
    a packet is addressed to a court's team (or one seat there); an outside party by name."""

    label: str
    user_id: int | None = None
    seats: frozenset[tuple[int, str]] = frozenset()
    court_id: int | None = None
    seat: str = ""
    party: str = ""
    provider_class: bool = False

    @property
    def is_court(self) -> bool:
        return bool(self.seats) or self.court_id is not None

    @classmethod
    def for_user(cls, user: Any) -> Recipient:
        seats = frozenset(
            CourtSeat.objects.filter(user=user, active=True).values_list("court_id", "seat")
        )
        return cls(label=str(user), user_id=user.pk, seats=seats)

    @classmethod
    def for_court(cls, court: Any, seat: str = "") -> Recipient:
        from missioncj.court.models import Seat

        label = f"{Seat(seat).label}, {court}" if seat else f"{court} team"
        return cls(label=label, court_id=court.pk, seat=seat)

    @classmethod
    def for_party(cls, name: str, provider_class: bool = False) -> Recipient:
        return cls(label=name.strip(), party=name.strip(), provider_class=provider_class)


@dataclass(frozen=True)
class RecipientTerm:
    """One recipient named on a consent."""

    kind: str
    user_id: int | None = None
    court_id: int | None = None
    seat: str = ""
    name: str = ""

    def names(self, recipient: Recipient) -> bool:
        if self.kind == RecipientKind.PERSON:
            return recipient.user_id is not None and self.user_id == recipient.user_id
        if self.kind == RecipientKind.SEAT:
            return (self.court_id, self.seat) in recipient.seats or (
                bool(recipient.seat)
                and recipient.court_id == self.court_id
                and recipient.seat == self.seat
            )
        if self.kind == RecipientKind.COURT_TEAM:
            return recipient.court_id == self.court_id or any(
                court_id == self.court_id for court_id, _ in recipient.seats
            )
        if self.kind == RecipientKind.PARTY:
            return bool(recipient.party) and _norm(self.name) == _norm(recipient.party)
        if self.kind == RecipientKind.PROVIDER_CLASS:
            return recipient.provider_class
        return False


@dataclass(frozen=True)
class ConsentFacts:
    """What the rule needs to know about one consent, read at the moment of the decision."""

    consent_id: int
    kind: str
    given: bool
    purpose: str
    categories: frozenset[str]
    recipients: tuple[RecipientTerm, ...]
    signed_at: dt.datetime
    revoked_at: dt.datetime | None = None
    expires_on: dt.date | None = None
    expiry_event: str = ""
    case_closed_on: dt.date | None = None  # the court case's final disposition, if any
    episode_closed_on: dt.date | None = None
    used: bool = False  # a single-disclosure consent already relied on
    time_zone: str = "UTC"
    label: str = ""
    participant_id: int = 0

    def why_not_valid(self, at: dt.datetime) -> str:
        """'' when the consent is in force at `at`, otherwise the reason it is not."""
        if not self.given:
            return f"{self.label} was refused"
        if at < self.signed_at:
            return f"{self.label} was not yet signed"
        if self.revoked_at is not None and self.revoked_at <= at:
            return f"{self.label} was revoked on {self.revoked_at:%Y-%m-%d}"
        day = at.astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()
        if self.expires_on is not None and day > self.expires_on:
            return f"{self.label} expired on {self.expires_on:%Y-%m-%d}"
        ends_with_case = (
            self.kind == ConsentKind.CRIMINAL_JUSTICE or self.expiry_event == "case_disposition"
        )
        if ends_with_case and self.case_closed_on is not None and day >= self.case_closed_on:
            return f"{self.label} ended: the court case was disposed"
        if (
            self.expiry_event == "end_of_treatment"
            and self.episode_closed_on is not None
            and day >= self.episode_closed_on
        ):
            return f"{self.label} ended with treatment"
        if self.kind == ConsentKind.SINGLE and self.used:
            return f"{self.label} was for one disclosure, already made"
        return ""

    def names(self, recipient: Recipient) -> bool:
        return any(term.names(recipient) for term in self.recipients)

    def covers(
        self, recipient: Recipient, purpose: str, category: str | None, at: dt.datetime
    ) -> bool:
        """True when this consent allows `category` (None: only that the person takes part)
        to go to `recipient` for `purpose` at `at`."""
        if self.why_not_valid(at) or self.purpose != purpose or not self.names(recipient):
            return False
        if category is None:
            return True
        if category in NEVER_TO_COURT and recipient.is_court:
            return False
        if (category == Category.COUNSELING_NOTES) != (self.kind == ConsentKind.COUNSELING_NOTES):
            return False
        return category in self.categories


@dataclass(frozen=True)
class Decision:
    allowed: bool
    participant_id: int
    recipient: Recipient
    purpose: str
    at: dt.datetime
    requested: tuple[str, ...]
    granted: tuple[str, ...]
    denied: tuple[str, ...]
    consent_ids: tuple[int, ...]
    reason: str
    facts: tuple[ConsentFacts, ...] = field(default=(), repr=False)

    @property
    def any_granted(self) -> bool:
        """Something may go: every category asked for, or at least some of them, or (when none
        was asked for) the fact that the person takes part."""
        return bool(self.granted) or (not self.requested and self.allowed)


def decide_from_facts(
    facts: Iterable[ConsentFacts],
    *,
    participant_id: int,
    recipient: Recipient,
    purpose: str,
    categories: Iterable[str],
    at: dt.datetime,
) -> Decision:
    facts = tuple(sorted(facts, key=lambda f: (f.signed_at, f.consent_id), reverse=True))
    requested = tuple(dict.fromkeys(categories))
    relied: dict[int, None] = {}
    granted: list[str] = []
    denied: list[str] = []
    for category in requested or (None,):
        covering = [f for f in facts if f.covers(recipient, purpose, category, at)]
        if covering:
            relied.setdefault(covering[0].consent_id)
            if category is not None:
                granted.append(category)
        elif category is not None:
            denied.append(category)
    allowed = bool(relied) and not denied
    return Decision(
        allowed=allowed,
        participant_id=participant_id,
        recipient=recipient,
        purpose=purpose,
        at=at,
        requested=requested,
        granted=tuple(granted),
        denied=tuple(denied),
        consent_ids=tuple(relied),
        reason=_reason(facts, recipient, purpose, at, denied, relied),
        facts=facts,
    )


def _reason(
    facts: tuple[ConsentFacts, ...],
    recipient: Recipient,
    purpose: str,
    at: dt.datetime,
    denied: list[str],
    relied: dict[int, None],
) -> str:
    labels = {f.consent_id: f.label for f in facts}
    if relied and not denied:
        return "Allowed by " + "; ".join(labels[i] for i in relied) + "."
    named = [f for f in facts if f.names(recipient) and f.purpose == purpose]
    if not named:
        return f"No consent names {recipient.label} for this purpose."
    problems = [f.why_not_valid(at) for f in named]
    if all(problems):
        return "No consent in force: " + "; ".join(problems) + "."
    names = ", ".join(Category(c).label.lower() for c in denied)
    if any(c in NEVER_TO_COURT for c in denied) and recipient.is_court:
        return f"Not allowed to the court: {names} never go to a court recipient."
    return f"The consent in force does not include: {names}."


def _facts_of(consent: Consent, used_ids: set[int]) -> ConsentFacts:
    case = consent.court_case
    case_closed = None
    if case is not None:
        if case.status not in OPEN_CASE_STATUSES:
            case_closed = case.disposed_on or _LONG_AGO
        elif case.disposed_on is not None:
            case_closed = case.disposed_on
    episode = consent.episode
    episode_closed = None
    if episode.status not in OPEN_STATUSES:
        episode_closed = episode.closed_date or _LONG_AGO
    revocation = getattr(consent, "revocation", None)
    return ConsentFacts(
        consent_id=consent.pk,
        kind=consent.kind,
        given=consent.answer == Answer.GIVEN,
        purpose=consent.purpose,
        categories=frozenset(consent.categories),
        recipients=tuple(
            RecipientTerm(r.kind, r.user_id, r.court_id, r.seat, r.name)
            for r in consent.recipients.all()
        ),
        signed_at=consent.signed_at,
        revoked_at=revocation.revoked_at if revocation is not None else None,
        expires_on=consent.expires_on,
        expiry_event=consent.expiry_event,
        case_closed_on=case_closed,
        episode_closed_on=episode_closed,
        used=consent.pk in used_ids,
        time_zone=episode.program.time_zone,
        label=f"the {consent.get_kind_display().lower()} signed {consent.signed_at:%Y-%m-%d}",
        participant_id=consent.participant_id,
    )


def load_facts(consents: Any) -> list[ConsentFacts]:
    """Facts for a queryset of consents, read fresh (revocations, case and episode state)."""
    rows = list(
        consents.select_related("court_case", "episode__program", "revocation").prefetch_related(
            "recipients"
        )
    )
    return facts_of_rows(rows)


def facts_of_rows(rows: list[Consent]) -> list[ConsentFacts]:
    """Facts for consents just read with their case, episode and program, revocation and
    recipients (as `load_facts` reads them)."""
    singles = [c.pk for c in rows if c.kind == ConsentKind.SINGLE]
    used = (
        set(
            Disclosure.consents.through.objects.filter(consent_id__in=singles).values_list(
                "consent_id", flat=True
            )
        )
        if singles
        else set()
    )
    return [_facts_of(c, used) for c in rows]


def decide(
    *,
    participant: Participant,
    recipient: Recipient,
    purpose: str,
    categories: Iterable[str] = (),
    at: dt.datetime | None = None,
) -> Decision:
    """Allow or deny, with the consent(s) relied on and the reason. `categories` empty asks only
    whether the recipient may learn that the person takes part in the program."""
    at = at or timezone.now()
    facts = load_facts(Consent.objects.filter(participant=participant))
    return decide_from_facts(
        facts,
        participant_id=participant.pk,
        recipient=recipient,
        purpose=purpose,
        categories=categories,
        at=at,
    )


def decide_many(
    *,
    participant_ids: Iterable[int],
    recipient: Recipient,
    purpose: str,
    categories: Iterable[str] = (),
    at: dt.datetime | None = None,
) -> dict[int, Decision]:
    """`decide` for several participants at once: the same rule on the same facts, with their
    consents read in one go. Participant id → decision, in the order given."""
    at = at or timezone.now()
    ids = list(dict.fromkeys(participant_ids))
    categories = tuple(categories)
    facts: dict[int, list[ConsentFacts]] = {pk: [] for pk in ids}
    if ids:
        for row in load_facts(Consent.objects.filter(participant_id__in=ids)):
            facts[row.participant_id].append(row)
    return {
        pk: decide_from_facts(
            facts[pk],
            participant_id=pk,
            recipient=recipient,
            purpose=purpose,
            categories=categories,
            at=at,
        )
        for pk in ids
    }


def _naming(recipient: Recipient) -> Q:
    """Consent-recipient rows that could name `recipient` (the exact test is `names`)."""
    q = Q(pk__in=[])
    if recipient.user_id is not None:
        q |= Q(kind=RecipientKind.PERSON, user_id=recipient.user_id)
    courts = {court_id for court_id, _ in recipient.seats}
    if recipient.court_id is not None:
        courts.add(recipient.court_id)
    if courts:
        q |= Q(kind__in=[RecipientKind.SEAT, RecipientKind.COURT_TEAM], court_id__in=courts)
    if recipient.party:
        q |= Q(kind=RecipientKind.PARTY)  # names are compared loosely by `names`
    if recipient.provider_class:
        q |= Q(kind=RecipientKind.PROVIDER_CLASS)
    return q


def consented_participant_ids(
    recipient: Recipient, purpose: str, at: dt.datetime | None = None
) -> set[int]:
    """Participants this recipient may know take part, by the same rule as `decide`."""
    at = at or timezone.now()
    naming = ConsentRecipient.objects.filter(_naming(recipient), consent=OuterRef("pk"))
    candidates = Consent.objects.filter(
        Exists(naming), answer=Answer.GIVEN, purpose=purpose, signed_at__lte=at
    )
    return {
        facts.participant_id
        for facts in load_facts(candidates)
        if facts.covers(recipient, purpose, None, at)
    }
