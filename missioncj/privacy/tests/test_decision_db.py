"""The decision on the stored record: consents recorded through the service, revoked, expired
or ended by the case's disposition, checked against the rule for generated scenarios; and
the 42 CFR 2.35 revocation lock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from missioncj.court.models import Seat
from missioncj.court.services.cases import dispose_case
from missioncj.privacy.decisions import Recipient, consented_participant_ids, decide
from missioncj.privacy.models import Category, ConsentKind, Purpose, RecipientKind
from missioncj.privacy.services.consents import RecipientInput, revoke_consent
from missioncj.privacy.tests.conftest import SIGNED

SIGNED_DAY = dt.date(2026, 9, 6)  # SIGNED in New York
COURT_CATEGORIES = [c for c in Category.values if c not in ("clinical_notes", "counseling_notes")]


class _Rollback(Exception):
    pass


def _at(day_offset: int) -> dt.datetime:
    # 16:00 UTC is the same New York day.
    return SIGNED.replace(hour=16) + dt.timedelta(days=day_offset)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    categories=st.sets(st.sampled_from(COURT_CATEGORIES), min_size=1),
    asked=st.lists(st.sampled_from(COURT_CATEGORIES), max_size=3, unique=True),
    names=st.sampled_from(["team", "coordinator", "judge", "person", "other_person"]),
    expires_after=st.integers(min_value=1, max_value=8),
    revoke_after=st.none() | st.integers(min_value=0, max_value=8),
    disposed_after=st.none() | st.integers(min_value=1, max_value=8),
    asked_after=st.integers(min_value=0, max_value=10),
)
# The edges, always tried: the day of disposition, the moment of revocation, the last day.
@example(
    categories={"attendance"},
    asked=["attendance"],
    names="team",
    expires_after=8,
    revoke_after=None,
    disposed_after=3,
    asked_after=3,
)
@example(
    categories={"attendance"},
    asked=[],
    names="coordinator",
    expires_after=8,
    revoke_after=None,
    disposed_after=3,
    asked_after=2,
)
@example(
    categories={"drug_tests"},
    asked=["drug_tests"],
    names="person",
    expires_after=8,
    revoke_after=4,
    disposed_after=None,
    asked_after=4,
)
@example(
    categories={"phase"},
    asked=["phase"],
    names="team",
    expires_after=5,
    revoke_after=None,
    disposed_after=None,
    asked_after=5,
)
@example(
    categories={"phase"},
    asked=["phase"],
    names="team",
    expires_after=5,
    revoke_after=None,
    disposed_after=None,
    asked_after=6,
)
def test_stored_consents_decide_like_the_rule(
    world,
    north_case,
    coordinator_seat,
    consent,
    categories,
    asked,
    names,
    expires_after,
    revoke_after,
    disposed_after,
    asked_after,
) -> None:
    court = north_case.court
    recipient_input = {
        "team": RecipientInput(kind=RecipientKind.COURT_TEAM, court=court),
        "coordinator": RecipientInput(kind=RecipientKind.SEAT, court=court, seat=Seat.COORDINATOR),
        "judge": RecipientInput(kind=RecipientKind.SEAT, court=court, seat=Seat.JUDGE),
        "person": RecipientInput(kind=RecipientKind.PERSON, user=world.user("court")),
        "other_person": RecipientInput(kind=RecipientKind.PERSON, user=world.user("evaluator")),
    }[names]
    expires_on = SIGNED_DAY + dt.timedelta(days=expires_after)
    try:
        with transaction.atomic():
            made = consent(
                north_case,
                categories=sorted(categories),
                recipients=[recipient_input],
                expires_on=expires_on,
                revocable_from=SIGNED_DAY,
            )
            if revoke_after is not None:
                revoke_consent(
                    actor=world.user("supervisor"),
                    consent=made,
                    how="letter",
                    revoked_at=_at(revoke_after),
                )
            if disposed_after is not None:
                dispose_case(
                    actor=world.user("supervisor"),
                    case=north_case,
                    disposition="graduated",
                    disposed_on=SIGNED_DAY + dt.timedelta(days=disposed_after),
                )
            at = _at(asked_after)
            partner = Recipient.for_user(world.user("court"))
            decision = decide(
                participant=world.north_person,
                recipient=partner,
                purpose=Purpose.COURT_MONITORING,
                categories=asked,
                at=at,
            )
            day = at.date()
            in_force = (
                names in ("team", "coordinator", "person")
                and day <= expires_on
                and (revoke_after is None or at < _at(revoke_after))
                # the case status is read as it is now: once disposed, it ends the consent on
                # and after its disposition day
                and (disposed_after is None or day < SIGNED_DAY + dt.timedelta(days=disposed_after))
            )
            assert set(decision.granted) == (
                {c for c in asked if c in categories} if in_force else set()
            )
            if not asked:
                assert decision.allowed == in_force
                assert (
                    world.north_person.pk
                    in consented_participant_ids(partner, Purpose.COURT_MONITORING, at)
                ) == in_force
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.parametrize(
    ("revocable_in", "disposed", "revoke_in", "allowed"),
    [
        (30, False, 29, False),
        (30, False, 30, True),
        (30, True, 1, True),
        (None, False, 40, False),  # no stated day: only at final disposition
        (None, True, 2, True),
    ],
)
def test_criminal_justice_revocation_lock(
    world, north_case, consent, revocable_in, disposed, revoke_in, allowed
) -> None:
    made = consent(
        north_case,
        revocable_from=None
        if revocable_in is None
        else SIGNED_DAY + dt.timedelta(days=revocable_in),
    )
    if disposed:
        dispose_case(
            actor=world.user("supervisor"),
            case=north_case,
            disposition="dismissed",
            disposed_on=SIGNED_DAY,
        )
    attempt = lambda: revoke_consent(  # noqa: E731
        actor=world.user("casemanager"),
        consent=made,
        how="signed letter",
        revoked_at=_at(revoke_in),
    )
    if allowed:
        attempt()
        assert made.__class__.objects.get(pk=made.pk).revocation is not None
    else:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "42 CFR 2.35" in str(refused.value)
        assert not hasattr(made.__class__.objects.get(pk=made.pk), "revocation_id")


def test_revocation_takes_effect_on_the_next_request(world, north_case, coordinator_seat, consent):
    tpo_like = consent(north_case, revocable_from=SIGNED_DAY)
    partner = Recipient.for_user(world.user("court"))
    ask = lambda: decide(  # noqa: E731
        participant=world.north_person,
        recipient=partner,
        purpose=Purpose.COURT_MONITORING,
        categories=[Category.DRUG_TESTS],
    )
    assert ask().allowed
    revoke_consent(actor=world.user("casemanager"), consent=tpo_like, how="in person, in writing")
    after = ask()
    assert not after.allowed and "revoked" in after.reason


def test_ending_a_seat_ends_what_the_partner_may_see(world, north_case, coordinator_seat, consent):
    from missioncj.court.services.seats import end_seat

    consent(
        north_case,
        recipients=[
            RecipientInput(kind=RecipientKind.SEAT, court=north_case.court, seat=Seat.COORDINATOR)
        ],
    )
    assert decide(
        participant=world.north_person,
        recipient=Recipient.for_user(world.user("court")),
        purpose=Purpose.COURT_MONITORING,
    ).allowed
    end_seat(actor=world.user("director"), seat=coordinator_seat)
    assert not decide(
        participant=world.north_person,
        recipient=Recipient.for_user(world.user("court")),
        purpose=Purpose.COURT_MONITORING,
    ).allowed


def test_counseling_notes_consent_covers_only_notes_to_a_named_party(world, north_case, consent):
    from missioncj.privacy.models import ExpiryEvent

    consent(
        north_case,
        kind=ConsentKind.COUNSELING_NOTES,
        court_case=None,
        purpose=Purpose.PATIENT_REQUEST,
        categories=[Category.COUNSELING_NOTES],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name="Dr. Lee, Harbor Clinic")],
        revocable_from=None,
        expires_on=None,
        expiry_event=ExpiryEvent.END_OF_TREATMENT,
    )
    party = Recipient.for_party("dr. lee,  harbor clinic")
    notes = decide(
        participant=world.north_person,
        recipient=party,
        purpose=Purpose.PATIENT_REQUEST,
        categories=[Category.COUNSELING_NOTES],
    )
    assert notes.allowed
    other = decide(
        participant=world.north_person,
        recipient=party,
        purpose=Purpose.PATIENT_REQUEST,
        categories=[Category.COUNSELING_NOTES, Category.DRUG_TESTS],
    )
    assert other.denied == (Category.DRUG_TESTS,)
