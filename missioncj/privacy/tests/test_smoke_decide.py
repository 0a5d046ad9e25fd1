from __future__ import annotations

import datetime as dt

from missioncj.privacy.decisions import Recipient, consented_participant_ids, decide
from missioncj.privacy.models import Category, Purpose

AT = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


def test_court_team_consent_allows_named_categories_only(
    world, north_case, coordinator_seat, consent
):
    consent(north_case)
    partner = Recipient.for_user(world.user("court"))
    yes = decide(
        participant=world.north_person,
        recipient=partner,
        purpose=Purpose.COURT_MONITORING,
        categories=[Category.DRUG_TESTS],
        at=AT,
    )
    assert yes.allowed, yes.reason
    no = decide(
        participant=world.north_person,
        recipient=partner,
        purpose=Purpose.COURT_MONITORING,
        categories=[Category.DRUG_TESTS, Category.ASSESSMENTS],
        at=AT,
    )
    assert not no.allowed and no.denied == (Category.ASSESSMENTS,)
    assert "assessment scores" in no.reason
    assert consented_participant_ids(partner, Purpose.COURT_MONITORING, AT) == {
        world.north_person.pk
    }
