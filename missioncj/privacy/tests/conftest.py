"""Privacy fixtures: the drug court with a case for the north participant, the `court` persona
seated there as coordinator, and `consent(...)` to record a consent with sensible defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from missioncj.court.models import CaseStatus, Court, CourtCase, CourtSeat, Seat
from missioncj.court.services.cases import open_case
from missioncj.court.services.courts import create_court
from missioncj.court.services.seats import assign_seat
from missioncj.privacy.models import Category, Consent, ConsentKind, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent

SIGNED = dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def drug_court(world: Any) -> Court:
    return create_court(
        actor=None, program=world.drug, name="Harbor Drug Court", judge="Hon. Ortiz"
    )


@pytest.fixture
def north_case(world: Any, drug_court: Court) -> CourtCase:
    return open_case(
        actor=world.user("casemanager"),
        participant=world.north_person,
        court=drug_court,
        docket_number="26CR0001",
        status=CaseStatus.POST_PLEA,
        opened_on=dt.date(2026, 9, 1),
    )


@pytest.fixture
def south_case(world: Any, drug_court: Court) -> CourtCase:
    return open_case(
        actor=world.user("cm.south"),
        participant=world.south_person,
        court=drug_court,
        docket_number="26CR0002",
        status=CaseStatus.POST_PLEA,
        opened_on=dt.date(2026, 9, 1),
    )


@pytest.fixture
def coordinator_seat(world: Any, drug_court: Court) -> CourtSeat:
    return assign_seat(
        actor=None, court=drug_court, user=world.user("court"), seat=Seat.COORDINATOR
    )


@pytest.fixture
def consent(world: Any):
    """consent(case, categories=[...], recipients=[...], **overrides) -> a signed CJ consent
    naming the case's court team, typed signature, ending at least a year after signing."""

    def _consent(case: CourtCase, **overrides: Any) -> Consent:
        participant = case.participant
        episode = case.episode
        actor = overrides.pop("actor", None) or world.user("supervisor")
        values: dict[str, Any] = {
            "kind": ConsentKind.CRIMINAL_JUSTICE,
            "categories": [Category.ATTENDANCE, Category.DRUG_TESTS, Category.PHASE],
            "recipients": [RecipientInput(kind=RecipientKind.COURT_TEAM, court=case.court)],
            "court_case": case,
            # a year from signing, and never in the past of whoever runs the tests
            "expires_on": max(dt.date(2027, 9, 1), dt.date.today() + dt.timedelta(days=300)),
            "revocable_from": dt.date(2027, 3, 1),
            "signer_name": participant.legal_name,
            "signature_kind": SignatureKind.TYPED,
            "signature_text": participant.legal_name,
            "signed_at": SIGNED,
        }
        values.update(overrides)
        return record_consent(actor=actor, participant=participant, episode=episode, **values)

    return _consent
