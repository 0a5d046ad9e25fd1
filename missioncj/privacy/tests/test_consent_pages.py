"""The consent pages and API: recording each kind (drawn, typed, scanned signature), the
service's messages next to their fields with nothing saved, the 2.35 lock shown on the revoke
form, the panel's states, and scope for the case manager of another team."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missioncj.court.services.cases import dispose_case
from missioncj.participants.tests.test_access_matrix import api_client
from missioncj.privacy.models import Consent, ConsentRevocation
from missioncj.privacy.tests.test_consent_service import PNG, counts


def new_url(world: Any, kind: str = "") -> str:
    url = reverse("privacy:consent_new", args=[world.north_person.public_id])
    return f"{url}?kind={kind}" if kind else url


def cj_post(world: Any, case: Any, **overrides: Any) -> dict[str, Any]:
    name = world.north_person.legal_name
    data = {
        "kind": "criminal_justice",
        "answer": "given",
        "court_case": str(case.public_id),
        "recipients": [f"team:{case.court.public_id}"],
        "categories": ["attendance", "drug_tests"],
        "purpose": "court_monitoring",
        "expires_on": "2027-09-01",
        "expiry_event": "case_disposition",
        "revocable_from": "2027-03-01",
        "language": "en",
        "signer_name": name,
        "signed_at": "2026-11-01T10:00",
        "signature_kind": "drawn",
        "signature_image": PNG,
    }
    data.update(overrides)
    return data


def test_choose_a_kind_then_the_form_offers_what_that_kind_may_hold(world, login, north_case):
    client = login("casemanager")
    html = client.get(new_url(world)).content.decode()
    assert "?kind=criminal_justice" in html and "?kind=counseling_notes" in html
    html = client.get(new_url(world, "criminal_justice")).content.decode()
    assert "26CR0001" in html and "data-signature-pad" in html and "signature.js" in html
    assert "counseling_notes" not in html and "provider_class" not in html
    html = client.get(new_url(world, "tpo")).content.decode()
    assert "provider_class" in html and 'name="court_case"' not in html


def test_record_a_criminal_justice_consent_with_a_drawn_signature(world, login, north_case):
    client = login("peer")
    response = client.post(new_url(world), cj_post(world, north_case))
    assert response.status_code == 302, response.content.decode()[:2000]
    consent = Consent.objects.get(participant=world.north_person)
    assert (consent.kind, consent.court_case, consent.signature_image) == (
        "criminal_justice",
        north_case,
        PNG,
    )
    assert next(r.name for r in consent.recipients.all()).startswith("The Harbor Drug Court team")
    html = client.get(response["Location"]).content.decode()
    assert "In force" in html and PNG in html and "Harbor Drug Court" in html
    panel = client.get(reverse("participants:detail", args=[world.north_person.public_id]))
    html = panel.content.decode()
    assert "Consents" in html and "In force" in html and "Attendance and contacts" in html


def test_bad_input_shows_the_message_next_to_the_field_and_saves_nothing(world, login, north_case):
    client = login("casemanager")
    before = counts()
    response = client.post(new_url(world), cj_post(world, north_case, court_case="", expires_on=""))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_court_case_errors"' in html and "Choose the court case" in html
    assert 'id="id_expires_on_errors"' in html and "42 CFR 2.35" in html
    assert counts() == before
    # A bad drawing keeps the rest of the form and names the signature.
    response = client.post(new_url(world), cj_post(world, north_case, signature_image="x"))
    assert response.status_code == 422
    assert "Draw the signature in the box" in response.content.decode()
    assert counts() == before


def test_scan_upload_and_its_audited_download(world, login):
    client = login("casemanager")
    name = world.north_person.legal_name
    data = {
        "kind": "single",
        "answer": "given",
        "parties": "Harbor Housing",
        "categories": ["attendance"],
        "purpose": "patient_request",
        "expires_on": "2027-01-31",
        "language": "es",
        "signer_name": name,
        "signed_at": "2026-11-01T10:00",
        "signature_kind": "scan",
        "signature_scan": SimpleUploadedFile("form.pdf", b"%PDF-1.4 x", "application/pdf"),
    }
    response = client.post(new_url(world), data)
    assert response.status_code == 302
    consent = Consent.objects.get(participant=world.north_person)
    scan_url = reverse(
        "privacy:consent_scan", args=[world.north_person.public_id, consent.public_id]
    )
    assert scan_url in client.get(response["Location"]).content.decode()
    assert client.get(scan_url).content == b"%PDF-1.4 x"
    big = dict(data, signature_scan=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 5_300_000))
    before = counts()
    response = client.post(new_url(world), big)
    assert response.status_code == 422 and "larger than 5 MB" in response.content.decode()
    assert counts() == before


def test_refusal_from_the_page(world, login):
    client = login("casemanager")
    data = {
        "kind": "tpo",
        "answer": "refused",
        "recipients": ["provider_class"],
        "categories": ["attendance"],
        "purpose": "tpo",
        "expiry_event": "none",
        "language": "en",
        "signer_name": world.north_person.legal_name,
        "signed_at": "2026-11-01T10:00",
        "signature_kind": "drawn",  # preselected on the form, left empty
    }
    response = client.post(new_url(world), data)
    assert response.status_code == 302
    assert Consent.objects.get(participant=world.north_person).answer == "refused"
    html = client.get(reverse("privacy:consents", args=[world.north_person.public_id])).content
    assert "Refused" in html.decode()


def test_revoke_page_shows_the_2_35_lock_then_revokes_once_open(world, login, north_case, consent):
    signed = consent(north_case)
    client = login("casemanager")
    url = reverse("privacy:consent_revoke", args=[world.north_person.public_id, signed.public_id])
    assert "from 1 Mar 2027 or once case 26CR0001" in client.get(url).content.decode()
    response = client.post(url, {"how": "Letter"})
    assert response.status_code == 422
    assert "cannot be revoked before 01 Mar 2027" in response.content.decode()
    assert not ConsentRevocation.objects.exists()
    dispose_case(
        actor=world.user("casemanager"),
        case=north_case,
        disposition="Dismissed on graduation",
        disposed_on=dt.date(2026, 11, 1),
    )
    assert "now: its case is disposed" in client.get(url).content.decode()
    assert client.post(url, {"how": "Letter"}).status_code == 302
    assert ConsentRevocation.objects.get().consent == signed


@pytest.fixture
def tpo_consent(world):
    def make(**kw: Any) -> Consent:
        from missioncj.privacy.models import RecipientKind
        from missioncj.privacy.services.consents import RecipientInput, record_consent

        person = world.north_person
        return record_consent(
            actor=world.user("casemanager"),
            participant=person,
            episode=person.episodes.get(),
            kind="tpo",
            categories=["attendance"],
            recipients=[RecipientInput(kind=RecipientKind.PROVIDER_CLASS)],
            expiry_event="none",
            signer_name=person.legal_name,
            signature_kind="typed",
            signature_text=person.legal_name,
            **kw,
        )

    return make


def test_revoke_from_the_page(world, login, tpo_consent):
    signed = tpo_consent()
    client = login("casemanager")
    url = reverse("privacy:consent_revoke", args=[world.north_person.public_id, signed.public_id])
    assert client.post(url, {"how": "Told the peer, signed note"}).status_code == 302
    html = client.get(
        reverse("privacy:consent_detail", args=[world.north_person.public_id, signed.public_id])
    ).content.decode()
    assert "Revoked" in html and "Told the peer, signed note" in html


def test_case_manager_of_another_team_sees_nothing(world, login, tpo_consent):
    signed = tpo_consent()
    client = login("cm.south")
    north = world.north_person.public_id
    for url in (
        reverse("privacy:consents", args=[north]),
        reverse("privacy:consent_detail", args=[north, signed.public_id]),
        reverse("privacy:consent_print", args=[north, signed.public_id]),
        reverse("privacy:disclosures", args=[north]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.get(reverse("privacy:consents", args=[world.south_person.public_id])).status_code
        == 200
    )
    api = api_client(world.user("cm.south"))
    assert api.get(f"/api/v1/participants/{north}/consents").status_code == 404
    assert api.get(f"/api/v1/participants/{north}/consents/{signed.public_id}").status_code == 404
    assert api.get(f"/api/v1/participants/{north}/disclosures").status_code == 404
    before = counts()
    response = api.post(
        f"/api/v1/participants/{north}/consents/{signed.public_id}/revocation",
        json.dumps({"how": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 404 and counts() == before


# --- API -----------------------------------------------------------------------------------------


def test_api_create_cj_consent_and_422_on_bad_input(world, north_case, coordinator_seat):
    api = api_client(world.user("casemanager"))
    url = f"/api/v1/participants/{world.north_person.public_id}/consents"
    name = world.north_person.legal_name
    body = {
        "kind": "criminal_justice",
        "categories": ["attendance", "counseling_notes"],
        "recipients": [{"kind": "person", "username": "court"}],
        "expires_on": "2027-09-01",
        "revocable_from": "2027-03-01",
        "signer_name": name,
        "signature_kind": "typed",
        "signature_text": "Somebody Else",
    }
    before = counts()
    response = api.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    fields = {tuple(d["loc"])[-1] for d in response.json()["detail"]}
    assert {"court_case", "categories", "signature_text"} <= fields
    assert counts() == before
    body |= {
        "court_case": str(north_case.public_id),
        "categories": ["attendance"],
        "signature_kind": "drawn",
        "signature_image": PNG,
    }
    response = api.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["state"] == "in_force" and created["docket_number"] == "26CR0001"
    assert created["recipients"][0]["username"] == "court"
    listed = api.get(url).json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]
    response = api.post(
        f"{url}/{created['id']}/revocation",
        json.dumps({"how": "Letter"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "cannot be revoked before" in response.json()["detail"][0]["msg"]
    assert not ConsentRevocation.objects.exists()


def test_api_unknown_recipient_and_wrong_case_are_422(world, south_case):
    api = api_client(world.user("supervisor"))
    url = f"/api/v1/participants/{world.north_person.public_id}/consents"
    before = counts()
    for body in (
        {"kind": "criminal_justice", "court_case": str(south_case.public_id)},
        {"kind": "tpo", "recipients": [{"kind": "person", "username": "peer"}]},
    ):
        response = api.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 422, body
    assert counts() == before
    assert base64  # imported for PNG
