"""The FHIR export pages and API: preview of what the decision grants, downloads that write
disclosures by the actor, 422 with the reason when nothing may go, 404 out of scope — and the
program-wide POSTs from every persona."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.interop.models import ExportRecord
from missioncj.interop.tests.fhir_checks import parse
from missioncj.interop.tests.fhir_world import PARTY, full_record, party_consent
from missioncj.participants.tests.test_access_matrix import PERSONAS
from missioncj.privacy.models import Channel, Disclosure

FORM = {"recipient": PARTY, "purpose": "tpo"}
IN_SCOPE = {"director": {"drug"}, "supervisor": {"drug"}}


def api(world, username):
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def page_url(person):
    return reverse("interop:participant_fhir", kwargs={"public_id": person.public_id})


def api_url(person):
    return f"/api/v1/participants/{person.public_id}/fhir"


@pytest.fixture
def north(world):
    full_record(world.north_person, world.user("casemanager"))
    return world.north_person


def test_preview_shows_what_is_granted_and_records_the_read(world, login, north):
    party_consent(north, world.user("casemanager"))
    response = login("casemanager").get(page_url(north), FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Attendance and contacts, Assessment scores" in html
    assert "Download FHIR Bundle" in html
    event = AuditEvent.objects.get(action="fhir.preview")
    assert event.actor == world.user("casemanager")
    assert event.after is not None and event.after["shown"] == [str(north.public_id)]
    assert not Disclosure.objects.exists()


def test_preview_without_consent_says_why(world, login, north):
    html = login("casemanager").get(page_url(north), FORM).content.decode()
    assert "Nothing can be sent" in html
    assert f"No consent names {PARTY} for this purpose." in html
    assert "Download FHIR Bundle" not in html


def test_page_download_is_a_disclosure(world, login, north):
    party_consent(north, world.user("casemanager"))
    response = login("peer").post(page_url(north), FORM)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    assert "Encounter" in parse(response.content)
    disclosure = Disclosure.objects.get()
    assert (disclosure.actor, disclosure.channel) == (world.user("peer"), Channel.EXPORT)
    assert ExportRecord.objects.get().sha256 == disclosure.sha256


def test_page_refusal_is_422_with_the_reason_and_nothing_recorded(world, login, north):
    response = login("casemanager").post(page_url(north), FORM)
    assert response.status_code == 422
    assert f"No consent names {PARTY} for this purpose." in response.content.decode()
    response = login("casemanager").post(page_url(north), {"recipient": "", "purpose": "tpo"})
    assert response.status_code == 422
    assert "Write the recipient&#x27;s name as it reads on the consent." in (
        response.content.decode()
    )
    response = login("casemanager").get(page_url(north), {"recipient": "X", "purpose": "nope"})
    assert response.status_code == 422
    assert not Disclosure.objects.exists() and not ExportRecord.objects.exists()


def test_api_download_preview_and_refusal(world, north):
    client = api(world, "casemanager")
    response = client.post(api_url(north), json.dumps(FORM), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "recipient"],
            "msg": f"No consent names {PARTY} for this purpose.",
            "type": "value_error",
        }
    ]
    assert not Disclosure.objects.exists() and not ExportRecord.objects.exists()
    party_consent(north, world.user("casemanager"))
    preview = client.get(api_url(north), FORM).json()
    assert preview["participants"] == [
        {
            "participant": str(north.public_id),
            "name": north.display_name,
            "included": True,
            "granted": ["attendance", "assessments"],
            # Partly granted: the reason names what stays behind.
            "reason": "The consent in force does not include: treatment-plan progress.",
        }
    ]
    assert not Disclosure.objects.exists()
    response = client.post(api_url(north), json.dumps(FORM), content_type="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert Disclosure.objects.get().sha256 == ExportRecord.objects.get().sha256


def test_evaluator_and_team_staff_cannot_reach_the_program_export(world, login, north):
    party_consent(north, world.user("casemanager"))
    url = reverse("interop:program_fhir", kwargs={"program_id": world.drug.public_id})
    for username in ("evaluator", "casemanager", "court", "admin"):
        assert login(username).get(url, FORM).status_code == 404
        assert login(username).post(url, FORM).status_code == 404
    assert (
        not Disclosure.objects.exists()
        and not AuditEvent.objects.filter(action="fhir.preview").exists()
    )


def test_program_page_preview_names_who_is_in_and_out(world, login, north):
    party_consent(north, world.user("casemanager"))
    url = reverse("interop:program_fhir", kwargs={"program_id": world.drug.public_id})
    html = login("supervisor").get(url, FORM).content.decode()
    assert "Included (1)" in html and "Left out (1)" in html
    assert "Test South" in html and f"Not sent: No consent names {PARTY}" in html


@pytest.mark.parametrize("how", ["page", "api"])
@pytest.mark.parametrize("username", PERSONAS)
def test_program_export_post_by_persona(world, login, username, how):
    for key, person, cm in (
        ("drug", world.north_person, "casemanager"),
        ("reentry", world.reentry_person, "outsider"),
    ):
        party_consent(person, world.user(cm))
        program = getattr(world, key)
        if how == "page":
            url = reverse("interop:program_fhir", kwargs={"program_id": program.public_id})
            response = login(username).post(url, FORM)
        else:
            url = f"/api/v1/programs/{program.public_id}/fhir"
            response = api(world, username).post(
                url, json.dumps(FORM), content_type="application/json"
            )
        where = f"{username} → {how} for {key}"
        if key not in IN_SCOPE.get(username, set()):
            assert response.status_code == 404, where
            assert not Disclosure.objects.filter(participant=person).exists(), where
            continue
        assert response.status_code == 200, where
        disclosure = Disclosure.objects.get(participant=person)
        assert disclosure.actor == world.user(username), where
        assert disclosure.channel == Channel.EXPORT
        assert ExportRecord.objects.get(program=program).actor == world.user(username)
    assert ExportRecord.objects.count() == len(IN_SCOPE.get(username, ()))


def test_api_provider_class_preview_and_missing_recipient(world, north):
    client = api(world, "supervisor")
    body = client.get(api_url(north), {"provider_class": "true", "purpose": "tpo"}).json()
    assert body["recipient"] == "Treating providers, payers and program operations"
    assert [p["included"] for p in body["participants"]] == [False]
    response = client.post(
        api_url(north), json.dumps({"purpose": "tpo"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "recipient"
    assert not Disclosure.objects.exists() and not ExportRecord.objects.exists()
