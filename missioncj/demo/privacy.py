"""The demo privacy record: the court coordinator persona holds the coordinator seat at the
drug court; most drug-court participants with a case signed a criminal-justice consent naming
that court's team (signed when the case opened, for at least a year, revocable after six
months); a few named only the judge, and a few refused."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from missioncj.court.models import Court, CourtCase, Seat
from missioncj.court.services.seats import assign_seat
from missioncj.privacy.models import Answer, Category, ConsentKind, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent
from missioncj.programs.models import Program

BASE = [Category.ATTENDANCE, Category.DRUG_TESTS, Category.PHASE, Category.RESPONSES]


def add_privacy(
    rng: random.Random, today: dt.date, program: Program, lead: Any, coordinator: Any
) -> int:
    """Returns the number of consents recorded."""
    court = Court.objects.get(program=program)
    assign_seat(actor=None, court=court, user=coordinator, seat=Seat.COORDINATOR)
    cases = CourtCase.objects.filter(court=court).select_related("participant", "episode__program")
    recorded = 0
    for case in cases.order_by("pk"):
        roll = rng.random()
        signed_day = case.opened_on
        signed_at = dt.datetime.combine(signed_day, dt.time(10, 30), tzinfo=program.zone)
        signed_at = min(signed_at, timezone.now())
        categories = BASE + ([Category.ASSESSMENTS] if rng.random() < 0.4 else [])
        recipients = [RecipientInput(kind=RecipientKind.COURT_TEAM, court=court)]
        if 0.80 <= roll < 0.88:
            recipients = [RecipientInput(kind=RecipientKind.SEAT, court=court, seat=Seat.JUDGE)]
        name = case.participant.legal_name
        record_consent(
            actor=lead,
            participant=case.participant,
            episode=case.episode,
            kind=ConsentKind.CRIMINAL_JUSTICE,
            answer=Answer.REFUSED if roll >= 0.94 else Answer.GIVEN,
            categories=categories,
            recipients=recipients,
            court_case=case,
            expires_on=max(signed_day + dt.timedelta(days=365), today + dt.timedelta(days=20)),
            revocable_from=signed_day + dt.timedelta(days=180),
            signer_name=name,
            signature_kind=SignatureKind.TYPED,
            signature_text=name,
            signed_at=signed_at,
        )
        recorded += 1
    return recorded
