"""Growth for what reaches beyond the care record: assessments and safety alerts, referrals
and support ties, reminders, consents and disclosures, outcome events for each participant;
assessment timepoints, directory entries, meetings and restricted records for the program
(see query_growth.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from missioncj.assessments import schedule_services
from missioncj.assessments.models import Schedule
from missioncj.assessments.tests.factories import full_set, give, phq9
from missioncj.conftest import make_participant
from missioncj.core.tests.query_growth_care import day
from missioncj.linkage.models import Service
from missioncj.linkage.services import directory
from missioncj.linkage.services.network import add_tie
from missioncj.linkage.services.referrals import create_referral, record_step
from missioncj.linkage.tests import matrix_directory
from missioncj.linkage.tests.meeting_factories import meeting, service
from missioncj.notify.services import opt_in
from missioncj.outcomes.services import record_outcome_event
from missioncj.participants.models import Episode
from missioncj.privacy.models import Category, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent
from missioncj.privacy.services.restricted import break_glass, restrict_participant


def for_participant(scene: Any, episode: Episode, number: int) -> None:
    cm = scene.user("casemanager")
    person = episode.participant
    tag = f"{person.last_name}-{number}"
    # A positive screen on the last item raises a safety alert.
    give(cm, person, responses=phq9(1, 1, 1, 1, 1, 1, 0, 0, 1), on=day(episode, number))
    give(cm, person, code="gad7", responses=full_set("gad7"), on=day(episode, number))
    listed = Service.objects.filter(source__program=episode.program).order_by("pk").last()
    where: dict[str, Any] = (
        {"service": listed}
        if listed
        else {"place_name": f"Place {tag}", "place_contact": "555-0100"}
    )
    referral = create_referral(
        actor=cm,
        participant=person,
        need="sud_treatment",
        referred_on=day(episode, number),
        **where,
    )
    record_step(
        actor=cm,
        referral=referral,
        status="scheduled",
        on=day(episode, number, 1),
        confirmed_by="receiver",
        confirmer_name="Intake desk",
    )
    add_tie(actor=cm, participant=person, role="sponsor", name=f"Sponsor {tag}", strength=2)
    opt_in(actor=cm, participant=person, channel="sms", address=f"(555) 014-{2000 + number}")
    record_consent(
        actor=scene.user("director"),
        participant=person,
        episode=episode,
        kind="tpo",
        categories=[Category.ATTENDANCE, Category.ASSESSMENTS],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name=f"Clinic {tag}")],
        purpose="tpo",
        expiry_event="end_of_treatment",
        signer_name=person.legal_name,
        signature_kind=SignatureKind.TYPED,
        signature_text=person.legal_name,
        signed_at=dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC),
    )
    record_outcome_event(
        actor=cm,
        episode=episode,
        kind="arrest",
        occurred_on=day(episode, number),
        source="court_record",
        detail=f"Arrest {tag}",
    )
    # The court partner reads the record under the consent: a disclosure each time.
    partner = Client()
    partner.force_login(scene.user("court"))
    page = reverse("privacy:partner_participant", kwargs={"public_id": person.public_id})
    assert partner.get(page).status_code == 200


def for_program(scene: Any, number: int) -> None:
    program = scene.world.drug
    director = scene.user("director")
    if number == 0:
        schedule_services.adopt_profile(actor=None, program=program, profile="mission")
    schedule = Schedule.objects.filter(program=program).order_by("pk").first()
    assert schedule is not None
    schedule_services.save_timepoint(
        actor=director,
        schedule=schedule,
        instruments=["phq9"],
        code=f"w{number}",
        label=f"Week {number}",
        anchor="enrollment",
        due_days=7 * (number + 1),
        closes_days=7 * (number + 2),
    )
    _directory(scene, number)
    meeting(program, name=f"Grown meeting {number}", weekday=number % 7)
    hidden = make_participant(
        scene.user("cm.south"), program, scene.world.south, f"Restricted{number:02d}"
    )
    hidden = restrict_participant(actor=director, participant=hidden, reason="Staff relative")
    break_glass(
        actor=director,
        participant=hidden,
        reason="Emergency: participant in crisis at the ER",
        confirm="OPEN",
    )


def _directory(scene: Any, number: int) -> None:
    """Another service with its own organization, location and hours; and more hours and
    phones on the matrix's own service (the page about one service lists them)."""
    program = scene.world.drug
    director = scene.user("director")
    service(
        program,
        name=f"Grown service {number}",
        categories=["recovery_center", "legal_aid"],
        hours=[(number % 7, dt.time(9), dt.time(17))],
        accessibility=["wheelchair"],
    )
    own = matrix_directory._own_service(scene.program_ctx("director"))
    location = directory.create_location(
        actor=director, organization=own.organization, name=f"Grown place {number}"
    )
    directory.add_schedule(
        actor=director,
        service=own,
        location=location,
        weekday=number % 7,
        opens_at=dt.time(9),
        closes_at=dt.time(12),
    )
    directory.add_phone(actor=director, service=own, number=f"555-02{number:02d}")
    org = directory.create_organization(actor=director, program=program, name=f"Grown org {number}")
    directory.create_service(
        actor=director, organization=org, name=f"Grown own service {number}", categories=["mat"]
    )
