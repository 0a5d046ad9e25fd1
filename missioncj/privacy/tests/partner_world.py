"""A court partner's world: the `court` persona seated as coordinator of the Harbor Drug Court,
and participants each with a different consent (or none), so tests can say exactly who the
partner may see and which categories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from missioncj.conftest import make_participant
from missioncj.court.models import (
    CaseStatus,
    Court,
    CourtCase,
    CourtSeat,
    Hearing,
    HearingKind,
    Seat,
)
from missioncj.court.services.cases import dispose_case, open_case
from missioncj.court.services.courts import create_court
from missioncj.court.services.docket_entries import add_to_docket
from missioncj.court.services.hearings import schedule_hearing
from missioncj.participants.models import Participant
from missioncj.participants.services import local_today
from missioncj.privacy.models import Answer, Category, Consent, RecipientKind
from missioncj.privacy.services.consents import RecipientInput, revoke_consent

# Who the coordinator may see, and the categories each consent grants.
VISIBLE = {
    "Coord": [Category.ATTENDANCE, Category.DRUG_TESTS],
    "Team": [Category.PHASE],
    "Person": [Category.RESPONSES],
}
HIDDEN = ["Judgeonly", "Othercourt", "Refused", "Revoked", "Expired", "Disposed", "Noconsent"]


@dataclass
class PartnerWorld:
    court: Court
    other_court: Court
    seat: CourtSeat
    people: dict[str, Participant]
    cases: dict[str, CourtCase]
    consents: dict[str, Consent] = field(default_factory=dict)
    hearing: Hearing | None = None

    def person(self, key: str) -> Participant:
        return self.people[key]


def _seat(kind: str, court: Court, seat: str = "") -> RecipientInput:
    return RecipientInput(kind=kind, court=court, seat=seat)


@pytest.fixture(name="partner_world")
def partner_world_fixture(world: Any, drug_court: Court, coordinator_seat: CourtSeat, consent: Any):
    supervisor = world.user("supervisor")
    other = create_court(actor=None, program=world.drug, name="Bayside Mental Health Court")
    people: dict[str, Participant] = {}
    cases: dict[str, CourtCase] = {}
    for number, key in enumerate([*VISIBLE, *HIDDEN], start=1):
        person = make_participant(supervisor, world.drug, world.north, key)
        people[key] = person
        cases[key] = open_case(
            actor=supervisor,
            participant=person,
            court=other if key == "Othercourt" else drug_court,
            docket_number=f"26CR{1000 + number}",
            status=CaseStatus.POST_PLEA,
            opened_on=dt.date(2026, 9, 1),
        )
    pw = PartnerWorld(drug_court, other, coordinator_seat, people, cases)
    team = RecipientKind.COURT_TEAM
    given: dict[str, dict[str, Any]] = {
        "Coord": {
            "recipients": [_seat(RecipientKind.SEAT, drug_court, Seat.COORDINATOR)],
            "revocable_from": dt.date(2026, 9, 10),  # so a test can revoke it today
        },
        "Team": {"recipients": [_seat(team, drug_court)]},
        "Person": {
            "recipients": [RecipientInput(kind=RecipientKind.PERSON, user=world.user("court"))]
        },
        "Judgeonly": {"recipients": [_seat(RecipientKind.SEAT, drug_court, Seat.JUDGE)]},
        "Othercourt": {"recipients": [_seat(team, other)]},
        "Refused": {"answer": Answer.REFUSED, "recipients": [_seat(team, drug_court)]},
        "Revoked": {"revocable_from": dt.date(2026, 9, 10)},
        "Expired": {"expires_on": dt.date(2026, 10, 1), "revocable_from": None},
        "Disposed": {},
    }
    for key, overrides in given.items():
        overrides.setdefault("categories", VISIBLE.get(key, [Category.ATTENDANCE]))
        pw.consents[key] = consent(cases[key], **overrides)
    # Revocation and disposition through the services, as staff would record them.
    revoke_consent(actor=supervisor, consent=pw.consents["Revoked"], how="signed letter")
    dispose_case(
        actor=supervisor,
        case=cases["Disposed"],
        disposition="dismissed on graduation",
        disposed_on=dt.date(2026, 11, 1),
    )
    pw.hearing = schedule_hearing(
        actor=supervisor,
        court=drug_court,
        kind=HearingKind.STATUS,
        local_date=local_today(world.drug) + dt.timedelta(days=7),
        local_time=dt.time(9, 30),
    )
    for key in ("Coord", "Judgeonly", "Noconsent"):
        add_to_docket(actor=supervisor, hearing=pw.hearing, participant=people[key])
    return pw
