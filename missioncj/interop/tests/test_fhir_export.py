"""The FHIR export service: resources validate with the R4B models, only granted categories
are built, notes never leave, and every export writes its disclosures and export record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from missioncj.assessments.tests.factories import full_set, give
from missioncj.care.models import Attendance, Contact
from missioncj.interop.fhir import export
from missioncj.interop.fhir.common import INSTRUMENT_SYSTEM, LOINC, Entry
from missioncj.interop.fhir.export import export_participant, export_program, recipient_for
from missioncj.interop.models import ExportKind, ExportRecord
from missioncj.interop.tests.fhir_checks import codings, parse
from missioncj.interop.tests.fhir_world import GOAL, PARTY, SECRETS, full_record, party_consent
from missioncj.privacy.models import Category, Channel, Disclosure, RecipientKind
from missioncj.privacy.services.consents import RecipientInput, record_consent, revoke_consent
from missioncj.privacy.wording import notice_text

TO_PARTY = recipient_for(PARTY, False)


@pytest.fixture
def north(world):
    full_record(world.north_person, world.user("casemanager"), world.user("clinician"))
    return world.north_person


def _export(world, person, username="casemanager", recipient=TO_PARTY, purpose="tpo"):
    return export_participant(
        actor=world.user(username), participant=person, recipient=recipient, purpose=purpose
    )


def test_granted_attendance_and_assessments_validate_and_are_recorded(world, north):
    consent = party_consent(north, world.user("casemanager"))
    result = _export(world, north)
    resources = parse(result.content)
    assert set(resources) == {
        "Patient",
        "EpisodeOfCare",
        "Encounter",
        "Observation",
        "QuestionnaireResponse",
        "Consent",
    }
    # Plan, goals and referrals were not granted: none of them is built.
    text = result.content.decode()
    assert GOAL not in text and "Oak Street Recovery House" not in text
    assert [p["id"] for p in resources["Patient"]] == [str(north.public_id)]
    signed = Contact.objects.filter(participant=north, signed_at__isnull=False).count()
    groups = Attendance.objects.filter(participant=north).count()
    assert len(resources["Encounter"]) == signed + groups == 5
    assert {e["status"] for e in resources["Encounter"]} == {"finished", "cancelled"}
    assert [c["id"] for c in resources["Consent"]] == [str(consent.public_id)]
    disclosure = Disclosure.objects.get()
    assert disclosure.participant == north
    assert disclosure.channel == Channel.EXPORT
    assert disclosure.actor == world.user("casemanager")
    assert disclosure.recipient_label == PARTY
    assert disclosure.sha256 == hashlib.sha256(result.content).hexdigest()
    assert disclosure.categories == [Category.ATTENDANCE, Category.ASSESSMENTS]
    assert list(disclosure.consents.all()) == [consent]
    row = ExportRecord.objects.get()
    assert (row.kind, row.identified, row.disclosure_count, row.participant_count) == (
        ExportKind.FHIR,
        True,
        1,
        1,
    )
    assert row.sha256 == disclosure.sha256 and row.program == world.drug
    assert row.row_count == len(json.loads(result.content)["entry"])


def test_scores_carry_the_loinc_total_and_panel_codes(world, north):
    party_consent(north, world.user("casemanager"), [Category.ASSESSMENTS])
    resources = parse(_export(world, north).content)
    totals = {
        o["valueInteger"]: codings(o) for o in resources["Observation"] if "valueInteger" in o
    }
    assert (LOINC, "44261-6") in totals[10]  # PHQ-9 2+2+2+2+1+1
    assert (INSTRUMENT_SYSTEM, "phq9") in totals[10]
    assert (LOINC, "70274-6") in totals[7]  # GAD-7, seven ones
    panels = [codings(o) for o in resources["Observation"] if "hasMember" in o]
    assert {(LOINC, "44249-1"), (LOINC, "69737-5")} <= set().union(*panels)
    responses = resources["QuestionnaireResponse"]
    assert {r["questionnaire"] for r in responses} == {
        "http://loinc.org/q/44249-1",
        "http://loinc.org/q/69737-5",
    }
    phq = next(r for r in responses if r["questionnaire"].endswith("44249-1"))
    first = phq["item"][0]
    assert first["linkId"] == "q1"
    assert first["answer"][0]["valueCoding"]["display"] == "More than half the days"
    assert "Encounter" not in resources


def test_an_instrument_without_a_loinc_code_gets_the_local_code_only(world, north):
    give(world.user("casemanager"), north, "barc10", full_set("barc10"), on=dt.date(2026, 10, 3))
    party_consent(north, world.user("casemanager"), [Category.ASSESSMENTS])
    resources = parse(_export(world, north).content)
    barc = [o for o in resources["Observation"] if (INSTRUMENT_SYSTEM, "barc10") in codings(o)]
    assert len(barc) == 1
    assert {system for system, _ in codings(barc[0])} == {INSTRUMENT_SYSTEM}


def test_plan_builds_care_plan_goals_and_referrals(world, north):
    party_consent(north, world.user("casemanager"), [Category.PLAN])
    resources = parse(_export(world, north).content)
    assert set(resources) == {
        "Patient",
        "EpisodeOfCare",
        "CarePlan",
        "Goal",
        "ServiceRequest",
        "Task",
        "Consent",
    }
    (plan,) = resources["CarePlan"]
    assert plan["status"] == "active" and plan["intent"] == "plan"
    assert {g["description"]["text"] for g in resources["Goal"]} == {GOAL, "Find steady work"}
    assert plan["activity"][0]["detail"]["description"] == "Apply to two sober houses"
    (request,) = resources["ServiceRequest"]
    assert request["status"] == "active"
    assert request["performer"] == [{"display": "Oak Street Recovery House"}]
    assert request["basedOn"] == [{"reference": f"urn:uuid:{plan['id']}"}]
    tasks = sorted(resources["Task"], key=lambda t: t["authoredOn"])
    assert [t["status"] for t in tasks] == ["requested", "accepted"]
    assert {t["focus"]["reference"] for t in tasks} == {f"urn:uuid:{request['id']}"}


def test_notes_and_counseling_notes_never_leave(world, north):
    party_consent(
        north, world.user("casemanager"), [Category.ATTENDANCE, Category.ASSESSMENTS, Category.PLAN]
    )
    content = _export(world, north).content.decode()
    for secret in (*SECRETS, "First meeting with North"):
        assert secret not in content, secret
    assert "42CFRPart2" in content and "NORDSCLCD" in content
    (person,) = parse(content.encode())["Patient"]
    assert escape(notice_text()) in person["text"]["div"]
    assert "address" not in person and "telecom" not in person


def test_no_consent_is_refused_with_the_reason_and_records_nothing(world, north):
    with pytest.raises(ValidationError) as caught:
        _export(world, north)
    assert caught.value.message_dict["recipient"] == [f"No consent names {PARTY} for this purpose."]
    assert not Disclosure.objects.exists()
    assert not ExportRecord.objects.exists()


def test_wrong_purpose_and_missing_recipient_are_refused(world, north):
    party_consent(north, world.user("casemanager"))
    with pytest.raises(ValidationError, match="No consent names"):
        _export(world, north, purpose="patient_request")
    with pytest.raises(ValidationError) as caught:
        _export(world, north, purpose="gossip")
    assert "purpose" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        recipient_for("  ", False)
    assert "recipient" in caught.value.message_dict
    assert not Disclosure.objects.exists() and not ExportRecord.objects.exists()


def test_provider_class_recipient_on_a_tpo_consent(world, north):
    record_consent(
        actor=world.user("casemanager"),
        participant=north,
        episode=north.episodes.get(),
        kind="tpo",
        categories=[Category.PLAN],
        recipients=[RecipientInput(kind=RecipientKind.PROVIDER_CLASS, name="Treating providers")],
        purpose="tpo",
        expiry_event="none",
        signer_name=north.legal_name,
        signature_kind="typed",
        signature_text=north.legal_name,
        signed_at=dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC),
    )
    result = _export(world, north, recipient=recipient_for("", True))
    assert "CarePlan" in parse(result.content)
    assert Disclosure.objects.get().categories == [Category.PLAN]
    # The same consent does not cover a party named by name only.
    with pytest.raises(ValidationError, match="No consent names"):
        _export(world, north, recipient=recipient_for("Some Clinic", False))


def test_program_export_is_one_bundle_of_the_consented(world, north):
    south = world.south_person
    party_consent(north, world.user("casemanager"))
    result = export_program(
        actor=world.user("director"), program=world.drug, recipient=TO_PARTY, purpose="tpo"
    )
    resources = parse(result.content)
    assert [p["id"] for p in resources["Patient"]] == [str(north.public_id)]
    assert str(south.public_id) not in result.content.decode()
    assert [o.participant for o in result.left_out] == [south]
    assert result.left_out[0].reason == f"No consent names {PARTY} for this purpose."
    assert [d.participant for d in Disclosure.objects.all()] == [north]
    row = ExportRecord.objects.get()
    assert (row.name, row.participant_count, row.disclosure_count) == ("fhir.program", 1, 1)


def test_program_export_with_nobody_consented_records_nothing(world, north):
    with pytest.raises(ValidationError, match="no participant has a consent in force"):
        export_program(
            actor=world.user("director"), program=world.drug, recipient=TO_PARTY, purpose="tpo"
        )
    assert not Disclosure.objects.exists() and not ExportRecord.objects.exists()


def test_revocation_between_decide_and_record_drops_the_participant(world, north, monkeypatch):
    south = world.south_person
    first = party_consent(north, world.user("casemanager"))
    party_consent(south, world.user("cm.south"))
    real = export.render
    calls = []

    def racing(plan):
        calls.append([item.participant for item in plan.carried])
        if len(calls) == 1:
            revoke_consent(actor=world.user("supervisor"), consent=first, how="signed letter")
        return real(plan)

    monkeypatch.setattr(export, "render", racing)
    result = export_program(
        actor=world.user("supervisor"), program=world.drug, recipient=TO_PARTY, purpose="tpo"
    )
    assert calls == [[north, south], [south]]
    assert str(north.public_id) not in result.content.decode()
    rows = list(Disclosure.objects.all())
    assert [d.participant for d in rows] == [south]
    assert rows[0].sha256 == hashlib.sha256(result.content).hexdigest()
    assert ExportRecord.objects.get().disclosure_count == 1
    assert [(o.participant, o.reason) for o in result.left_out] == [(north, export.RACED)]


def test_revocation_of_the_only_participant_records_nothing(world, north, monkeypatch):
    consent = party_consent(north, world.user("casemanager"))
    real = export.render

    def racing(plan):
        revoke_consent(actor=world.user("supervisor"), consent=consent, how="phone")
        return real(plan)

    monkeypatch.setattr(export, "render", racing)
    with pytest.raises(ValidationError, match="stopped covering"):
        _export(world, north)
    assert not Disclosure.objects.exists() and not ExportRecord.objects.exists()


def test_an_invalid_resource_is_refused_by_the_r4b_model(db):
    with pytest.raises(ValueError):
        Entry(uuid.uuid4(), {"resourceType": "Encounter", "status": "finished", "class": "AMB"})
    with pytest.raises(ValueError):
        Entry(uuid.uuid4(), {"resourceType": "Patient", "birthDate": "17 May 1990"})


def test_a_consent_to_one_program_carries_only_that_programs_records(world, north):
    from missioncj.accounts.models import Role
    from missioncj.accounts.services import grant_role
    from missioncj.participants import services as people

    party_consent(north, world.user("casemanager"))  # given in the drug program
    grant_role(actor=None, user=world.user("director"), program=world.reentry, role=Role.DIRECTOR)
    other = people.open_episode(
        actor=world.user("director"),
        participant=north,
        program=world.reentry,
        team=world.reentry_team,
        referral_date=dt.date(2026, 9, 20),
    )
    result = _export(world, north, username="director")
    resources = parse(result.content)
    carried = {e["id"] for e in resources["EpisodeOfCare"]}
    assert str(other.public_id) not in carried
    assert str(north.episodes.get(program=world.drug).public_id) in carried
