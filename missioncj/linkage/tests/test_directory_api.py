"""The directory over the JSON API: search and detail, own entries created and changed (422
with field details and nothing saved), imports by JSON body and multipart (422 naming file,
index and field; nothing imported), export, and who may write."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.linkage.hsds.csvio import write_zip
from missioncj.linkage.models import Organization, Service, Source
from missioncj.linkage.tests.directory_helpers import as_json, county_document


def api(world, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def base(world, program=None) -> str:
    return f"/api/v1/programs/{(program or world.drug).public_id}/directory"


def post(client: Client, url: str, body: dict, method: str = "post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def guide(world):
    client = api(world, "director")
    response = client.post(
        f"{base(world)}/sources?name=County",
        data=as_json(county_document()),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_import_by_json_body_reports_counts(world, guide):
    assert guide["source"] == "County" and guide["created"]["service"] == 20
    sources = api(world, "peer").get(f"{base(world)}/sources").json()
    assert [(s["name"], s["kind"]) for s in sources] == [("County", "hsds")]


def test_search_and_detail(world, guide):
    client = api(world, "clinician")
    body = client.get(f"{base(world)}/services", {"category": "legal_aid"}).json()
    assert body["count"] == 2
    assert {s["organization"]["name"] for s in body["items"]} == {"Harbor County Legal Aid Society"}
    body = client.get(f"{base(world)}/services", {"q": "methadone"}).json()
    [found] = body["items"]
    detail = client.get(f"{base(world)}/services/{found['id']}").json()
    assert detail["categories"] == ["mat"] and detail["own"] is False
    [place] = detail["locations"]
    assert place["address_1"] == "40 Foundry Lane" and place["latitude"] is not None
    assert [h["weekday"] for h in detail["hours"]] == [0, 1, 2, 3, 4]
    assert detail["phones"][0]["number"] == "(555) 555-0202"


def test_create_and_update_own_entries(world):
    client = api(world, "casemanager")
    response = post(client, f"{base(world)}/organizations", {"name": "Harbor Kitchen"})
    assert response.status_code == 201
    org = response.json()["id"]
    response = post(
        client,
        f"{base(world)}/services",
        {
            "organization": org,
            "name": "Pantry",
            "categories": ["other"],
            "free": True,
            "languages": ["Spanish"],
        },
    )
    assert response.status_code == 201
    service = response.json()["id"]
    response = post(
        client,
        f"{base(world)}/locations",
        {"organization": org, "name": "Hall", "latitude": 41.5, "longitude": "-71.3"},
    )
    assert response.status_code == 201 and response.json()["latitude"] == "41.500000"
    location = response.json()["id"]
    response = post(
        client,
        f"{base(world)}/services/{service}/schedules",
        {"weekday": 2, "opens_at": "11:00", "closes_at": "13:00", "location": location},
    )
    assert response.status_code == 201
    response = post(client, f"{base(world)}/services/{service}/phones", {"number": "555-0123"})
    assert response.status_code == 201
    response = post(client, f"{base(world)}/services/{service}", {"name": "Food pantry"}, "patch")
    assert response.status_code == 200 and response.json()["name"] == "Food pantry"
    assert response.json()["languages"] == ["Spanish"]  # fields not sent stay
    response = post(
        client, f"{base(world)}/organizations/{org}", {"website": "https://k.example"}, "patch"
    )
    assert response.json()["website"] == "https://k.example"
    detail = client.get(f"{base(world)}/services/{service}").json()
    assert detail["locations"][0]["hours"][0]["opens_at"] == "11:00:00"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "linkage.organization.create",
        "linkage.service.update",
        "linkage.schedule.create",
    } <= actions


def test_refused_write_is_422_with_every_field_and_saves_nothing(world):
    client = api(world, "peer")
    org = post(client, f"{base(world)}/organizations", {"name": "Org"}).json()["id"]
    before = (Service.objects.count(), AuditEvent.objects.count())
    response = post(
        client,
        f"{base(world)}/services",
        {"organization": org, "name": "", "categories": ["spa"], "email": "x"},
    )
    assert response.status_code == 422
    fields = {d["loc"][-1]: d["msg"] for d in response.json()["detail"]}
    assert fields == {
        "name": "Give the service's name.",
        "categories": "Unknown category: spa. Choose from the list.",
        "email": "Give an e-mail address like name@example.org.",
    }
    response = post(
        client, f"{base(world)}/services", {"organization": org, "name": "x", "minimum_age": "old"}
    )
    assert response.status_code == 422  # a schema error, in the same shape
    assert (Service.objects.count(), AuditEvent.objects.count()) == before


def test_imported_entries_are_not_writable(world, guide):
    client = api(world, "director")
    service = Service.objects.earliest("pk")
    response = post(
        client, f"{base(world)}/services/{service.public_id}", {"name": "Mine"}, "patch"
    )
    assert response.status_code == 404
    response = post(
        client,
        f"{base(world)}/services",
        {"organization": str(service.organization.public_id), "name": "x"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "organization"


def test_import_refused_names_file_index_and_field(world):
    doc = county_document()
    doc["service"][3]["organization_id"] = "missing"
    doc["schedule"][2]["closes_at"] = "24:30"
    client = api(world, "supervisor")
    response = client.post(
        f"{base(world)}/sources?name=Bad", data=as_json(doc), content_type="application/json"
    )
    assert response.status_code == 422
    details = [(d["file"], d["index"], d["field"]) for d in response.json()["detail"]]
    assert details == [("service", 3, "organization_id"), ("schedule", 2, "closes_at")]
    assert not Source.objects.exists() and not Organization.objects.exists()


def test_import_multipart_csv_zip(world):
    client = api(world, "supervisor")
    upload = SimpleUploadedFile("guide.zip", write_zip(county_document()), "application/zip")
    response = client.post(f"{base(world)}/sources?name=Zip", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json()["format"] == "csv" and response.json()["created"]["location"] == 13


@pytest.mark.parametrize("username", ["casemanager", "peer", "clinician"])
def test_only_directors_and_supervisors_import(world, username):
    response = api(world, username).post(
        f"{base(world)}/sources?name=X",
        data=as_json(county_document()),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Source.objects.exists()


def test_clinician_reads_but_does_not_write(world):
    response = post(api(world, "clinician"), f"{base(world)}/organizations", {"name": "Nope"})
    assert response.status_code == 404
    assert not Organization.objects.exists()


def test_export_in_both_formats(world, guide):
    client = api(world, "peer")
    response = client.get(f"{base(world)}/export", {"format": "json"})
    assert len(json.loads(response.content)["organization"]) == 13
    response = client.get(f"{base(world)}/export", {"format": "csv"})
    assert response["Content-Type"] == "application/zip" and response.content[:2] == b"PK"
    assert client.get(f"{base(world)}/export", {"format": "pdf"}).status_code == 422
