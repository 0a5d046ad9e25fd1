"""Property tests of the disclosure rule over generated consents, recipients, categories and
moments (hypothesis, thousands of cases): nothing is allowed without a covering consent that is
signed, in force (unexpired, unrevoked, case not disposed, treatment not ended, single use not
spent), naming the recipient for that purpose and listing that category; and whenever such a
consent exists the category is allowed. The oracle below is written independently of
`ConsentFacts.covers`, as a plain reading of the rule in docs/privacy.md."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from missioncj.court.models import Seat
from missioncj.privacy.decisions import (
    ConsentFacts,
    Recipient,
    RecipientTerm,
    decide_from_facts,
)
from missioncj.privacy.models import Category, ConsentKind, Purpose, RecipientKind

BASE = dt.datetime(2026, 3, 7, 0, 0, tzinfo=dt.UTC)  # a DST weekend in the US
ZONES = ["UTC", "America/New_York", "America/Los_Angeles", "Pacific/Honolulu"]
SEATS = [Seat.JUDGE.value, Seat.PROBATION.value, Seat.COORDINATOR.value]
PARTIES = ["Harbor Clinic", "harbor  clinic", "Legal Aid", "HARBOR CLINIC "]
CATEGORIES = list(Category.values)

moments = st.integers(min_value=0, max_value=20 * 24).map(lambda h: BASE + dt.timedelta(hours=h))
days = st.integers(min_value=0, max_value=20).map(lambda d: BASE.date() + dt.timedelta(days=d))

terms = st.one_of(
    st.builds(
        RecipientTerm, kind=st.just(RecipientKind.PERSON.value), user_id=st.sampled_from([1, 2])
    ),
    st.builds(
        RecipientTerm,
        kind=st.just(RecipientKind.SEAT.value),
        court_id=st.sampled_from([10, 11]),
        seat=st.sampled_from(SEATS),
    ),
    st.builds(
        RecipientTerm,
        kind=st.just(RecipientKind.COURT_TEAM.value),
        court_id=st.sampled_from([10, 11]),
    ),
    st.builds(
        RecipientTerm, kind=st.just(RecipientKind.PARTY.value), name=st.sampled_from(PARTIES)
    ),
    st.builds(RecipientTerm, kind=st.just(RecipientKind.PROVIDER_CLASS.value)),
)


@st.composite
def consents(draw: st.DrawFn, consent_id: int) -> ConsentFacts:
    signed_at = draw(moments)
    return ConsentFacts(
        consent_id=consent_id,
        kind=draw(st.sampled_from(ConsentKind.values)),
        given=draw(st.booleans().map(lambda b: b or draw(st.booleans()))),  # mostly given
        purpose=draw(st.sampled_from(Purpose.values)),
        categories=frozenset(draw(st.sets(st.sampled_from(CATEGORIES), max_size=5))),
        recipients=tuple(draw(st.lists(terms, min_size=1, max_size=3))),
        signed_at=signed_at,
        revoked_at=draw(st.none() | moments),
        expires_on=draw(st.none() | days),
        expiry_event=draw(st.sampled_from(["", "case_disposition", "end_of_treatment", "none"])),
        case_closed_on=draw(st.none() | days),
        episode_closed_on=draw(st.none() | days),
        used=draw(st.booleans()),
        time_zone=draw(st.sampled_from(ZONES)),
        label=f"consent {consent_id}",
    )


@st.composite
def recipients(draw: st.DrawFn) -> Recipient:
    shape = draw(st.sampled_from(["user", "court", "party"]))
    if shape == "user":
        return Recipient(
            label="user",
            user_id=draw(st.sampled_from([1, 2, 3])),
            seats=frozenset(
                draw(
                    st.sets(
                        st.tuples(st.sampled_from([10, 11]), st.sampled_from(SEATS)), max_size=2
                    )
                )
            ),
        )
    if shape == "court":
        return Recipient(
            label="court",
            court_id=draw(st.sampled_from([10, 11])),
            seat=draw(st.sampled_from(["", *SEATS])),
        )
    return Recipient(
        label="party",
        party=draw(st.sampled_from(PARTIES)),
        provider_class=draw(st.booleans()),
    )


@st.composite
def scenarios(draw: st.DrawFn):
    count = draw(st.integers(min_value=0, max_value=4))
    facts = [draw(consents(i + 1)) for i in range(count)]
    requested = draw(st.lists(st.sampled_from(CATEGORIES), max_size=4, unique=True))
    return (
        facts,
        draw(recipients()),
        draw(st.sampled_from(Purpose.values)),
        requested,
        draw(moments),
    )


# --- the oracle: the rule read plainly ----------------------------------------------------


def _same_name(a: str, b: str) -> bool:
    return a.lower().split() == b.lower().split()


def oracle_names(c: ConsentFacts, r: Recipient) -> bool:
    for t in c.recipients:
        if t.kind == "person" and r.user_id is not None and t.user_id == r.user_id:
            return True
        if t.kind == "seat" and ((t.court_id, t.seat) in r.seats):
            return True
        if t.kind == "seat" and r.court_id == t.court_id and r.seat != "" and r.seat == t.seat:
            return True
        if t.kind == "court_team" and (
            r.court_id == t.court_id or t.court_id in {court for court, _ in r.seats}
        ):
            return True
        if t.kind == "party" and r.party != "" and _same_name(t.name, r.party):
            return True
        if t.kind == "provider_class" and r.provider_class:
            return True
    return False


def oracle_in_force(c: ConsentFacts, at: dt.datetime) -> bool:
    local_day = at.astimezone(zoneinfo.ZoneInfo(c.time_zone)).date()
    ends_with_case = c.kind == "criminal_justice" or c.expiry_event == "case_disposition"
    return (
        c.given
        and c.signed_at <= at
        and not (c.revoked_at is not None and c.revoked_at <= at)
        and not (c.expires_on is not None and local_day > c.expires_on)
        and not (ends_with_case and c.case_closed_on is not None and c.case_closed_on <= local_day)
        and not (
            c.expiry_event == "end_of_treatment"
            and c.episode_closed_on is not None
            and c.episode_closed_on <= local_day
        )
        and not (c.kind == "single" and c.used)
    )


def oracle_allows(c: ConsentFacts, r: Recipient, purpose: str, category: str | None, at) -> bool:
    to_court = bool(r.seats) or r.court_id is not None
    if not (oracle_in_force(c, at) and c.purpose == purpose and oracle_names(c, r)):
        return False
    if category is None:
        return True
    if category in ("clinical_notes", "counseling_notes") and to_court:
        return False
    if category == "counseling_notes" and c.kind != "counseling_notes":
        return False
    if category != "counseling_notes" and c.kind == "counseling_notes":
        return False
    return category in c.categories


@settings(max_examples=3000, deadline=None)
@given(scenarios())
def test_allowed_exactly_when_a_consent_covers(scenario) -> None:
    facts, recipient, purpose, requested, at = scenario
    decision = decide_from_facts(
        facts,
        participant_id=1,
        recipient=recipient,
        purpose=purpose,
        categories=requested,
        at=at,
    )
    by_id = {f.consent_id: f for f in facts}
    for category in requested:
        covered = any(oracle_allows(f, recipient, purpose, category, at) for f in facts)
        assert (category in decision.granted) == covered, (category, decision.reason)
        assert (category in decision.denied) == (not covered)
    if not requested:
        assert decision.allowed == any(
            oracle_allows(f, recipient, purpose, None, at) for f in facts
        )
    assert decision.allowed == (bool(decision.consent_ids) and not decision.denied)
    # Every consent relied on covers at least one granted category (or presence) by the oracle.
    for consent_id in decision.consent_ids:
        wanted = decision.granted or (None,)
        assert any(oracle_allows(by_id[consent_id], recipient, purpose, c, at) for c in wanted)
    if not decision.allowed:
        assert decision.reason and "Allowed" not in decision.reason


@settings(max_examples=400, deadline=None)
@given(scenarios(), st.integers(min_value=0, max_value=3))
def test_revocation_ends_everything_from_that_moment(scenario, pick) -> None:
    """Revoking every consent at `at` leaves nothing allowed at `at` or later."""
    facts, recipient, purpose, requested, at = scenario
    revoked = [
        ConsentFacts(**{**f.__dict__, "revoked_at": min(at, f.revoked_at or at)}) for f in facts
    ]
    later = at + dt.timedelta(hours=pick)
    decision = decide_from_facts(
        revoked,
        participant_id=1,
        recipient=recipient,
        purpose=purpose,
        categories=requested,
        at=later,
    )
    assert not decision.granted and not decision.allowed


@settings(max_examples=400, deadline=None)
@given(scenarios())
def test_notes_never_reach_a_court_recipient(scenario) -> None:
    facts, recipient, purpose, _requested, at = scenario
    court = Recipient(label="court", court_id=10, seats=recipient.seats)
    decision = decide_from_facts(
        facts,
        participant_id=1,
        recipient=court,
        purpose=purpose,
        categories=["clinical_notes", "counseling_notes"],
        at=at,
    )
    assert decision.granted == ()
