"""The directory pages: list with search and category filter (and its htmx partial), the
service page, adding and editing own entries by form, retiring, the import page (refused
files list every problem and change nothing) and the downloads; the program-page link."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.linkage.hsds.csvio import write_zip
from missioncj.linkage.hsds.imports import import_directory
from missioncj.linkage.models import Location, Organization, Schedule, Service, Source
from missioncj.linkage.services.directory import create_organization
from missioncj.linkage.tests.directory_helpers import as_json, county_document


@pytest.fixture
def guide(world):
    import_directory(
        actor=None, program=world.drug, source_name="County guide", data=as_json(county_document())
    )
    return world.drug


def _url(name: str, program, *args) -> str:
    return reverse(f"linkage:{name}", args=[program.public_id, *args])


def test_list_search_and_category(world, login, guide):
    client = login("peer")
    html = client.get(_url("directory", guide)).content.decode()
    assert "20 services" in html and "Dental clinic" in html
    html = client.get(_url("directory", guide), {"q": "legal aid"}).content.decode()
    assert "2 services found" in html and "Record sealing" in html and "Dental clinic" not in html
    html = client.get(_url("directory", guide), {"category": "mat"}).content.decode()
    assert "2 services found" in html and "Methadone" in html
    assert "Emergency shelter beds" not in html
    partial = client.get(_url("directory", guide), {"q": "shelter"}, headers={"HX-Request": "true"})
    assert "Emergency shelter beds" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_service_page_shows_what_a_participant_needs(world, login, guide):
    service = Service.objects.get(name="Walk-in mental health crisis clinic")
    html = (
        login("clinician").get(_url("directory_service", guide, service.public_id)).content.decode()
    )
    assert "Harbor County Behavioral Health" in html
    assert "Monday 08:00 to 20:00" in html
    assert "(555) 555-0204" in html
    assert "Spanish" in html and "Free" in html
    location = Location.objects.get(source_key="hc-loc-04")
    assert f"{location.latitude}, {location.longitude}" in html
    assert "9 Granite Avenue" in html
    assert "Edit" not in html  # imported entries are changed by re-importing


def test_peer_adds_organization_service_location_hours_and_phone(world, login):
    client = login("peer")
    program = world.drug
    response = client.post(
        _url("directory_organization_new", program),
        {"name": "Harbor Kitchen", "phone": "(555) 555-0250"},
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="Harbor Kitchen")
    assert org.phones.get().number == "(555) 555-0250"
    response = client.post(
        _url("directory_service_new", program),
        {
            "organization": str(org.public_id),
            "name": "Food pantry",
            "categories": ["other"],
            "free": "yes",
            "languages": "English, Spanish",
            "status": "active",
        },
    )
    service = Service.objects.get(name="Food pantry")
    assert response.status_code == 302 and response["Location"].endswith(f"{service.public_id}/")
    assert service.languages == ["English", "Spanish"] and service.free is True
    client.post(
        _url("directory_location_new", program),
        {
            "organization": str(org.public_id),
            "name": "Hall",
            "latitude": "41.5",
            "longitude": "-71.3",
        },
    )
    location = Location.objects.get(name="Hall")
    client.post(
        _url("directory_hours_add", program, service.public_id),
        {
            "weekday": "4",
            "opens_at": "11:00",
            "closes_at": "13:00",
            "location": str(location.public_id),
        },
    )
    hours = Schedule.objects.get()
    assert hours.service_at_location is not None and hours.service_at_location.location == location
    client.post(
        _url("directory_phone_add", program, service.public_id),
        {"number": "555-0111", "type": "text"},
    )
    html = client.get(_url("directory_service", program, service.public_id)).content.decode()
    assert "Friday 11:00 to 13:00" in html and "555-0111" in html and "Hall" in html
    response = client.post(
        _url("directory_service_edit", program, service.public_id),
        {"name": "Pantry", "status": "active", "free": "no"},
    )
    service.refresh_from_db()
    assert (service.name, service.free) == ("Pantry", False)
    client.post(_url("directory_service_retire", program, service.public_id))
    service.refresh_from_db()
    assert service.retired_at is not None
    assert client.get(_url("directory_service", program, service.public_id)).status_code == 404


def test_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(world, login):
    org = create_organization(actor=world.user("peer"), program=world.drug, name="Org")
    client = login("casemanager")
    client.get(_url("directory", world.drug))  # signed in (an audited event) before counting
    before = (Location.objects.count(), AuditEvent.objects.count())
    response = client.post(
        _url("directory_location_new", world.drug),
        {"organization": str(org.public_id), "name": "X", "latitude": "200", "longitude": "1"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "A latitude lies between -90 and 90 (this is 200)." in html
    assert 'id="id_latitude_errors"' in html
    assert (Location.objects.count(), AuditEvent.objects.count()) == before


def test_imported_entries_are_not_editable_by_form(world, login, guide):
    service = Service.objects.earliest("pk")
    client = login("director")
    assert client.get(_url("directory_service_edit", guide, service.public_id)).status_code == 404
    assert (
        client.post(_url("directory_service_retire", guide, service.public_id)).status_code == 404
    )
    service.refresh_from_db()
    assert service.retired_at is None


def test_other_programs_entries_are_404(world, login):
    org = create_organization(actor=world.user("outsider"), program=world.reentry, name="Theirs")
    response = login("director").get(_url("directory_organization_edit", world.drug, org.public_id))
    assert response.status_code == 404
    response = login("director").post(
        _url("directory_service_new", world.drug),
        {"organization": str(org.public_id), "name": "x", "status": "active"},
    )
    assert response.status_code == 422  # not one of this program's organizations
    assert not Service.objects.exists()


def test_import_page_imports_and_reports_counts(world, login):
    client = login("supervisor")
    upload = SimpleUploadedFile("guide.zip", write_zip(county_document()), "application/zip")
    response = client.post(
        _url("directory_import", world.drug), {"source": "211", "file": upload}, follow=True
    )
    assert "Imported “211”: " in response.content.decode()
    assert Service.objects.filter(source__name="211").count() == 20
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor) == ("linkage.directory.import", world.user("supervisor"))


def test_import_page_refuses_a_bad_file_and_lists_every_problem(world, login):
    doc = county_document()
    doc["schedule"][1]["opens_at"] = "25:00"
    doc["location"][0]["latitude"] = "north"
    upload = SimpleUploadedFile("guide.json", json.dumps(doc).encode(), "application/json")
    response = login("director").post(
        _url("directory_import", world.drug), {"source": "211", "file": upload}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was imported: 2 problems" in html
    assert "Give a time of day as HH:MM from 00:00 to 23:59 (not “25:00”)." in html
    assert "latitude" in html
    assert not Source.objects.exists() and not Service.objects.exists()


def test_downloads_are_hsds_files(world, login, guide):
    client = login("clinician")
    response = client.get(_url("directory_export", guide, "json"))
    assert response["Content-Type"] == "application/json"
    assert len(json.loads(response.content)["service"]) == 20
    response = client.get(_url("directory_export", guide, "csv"))
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {
        "organizations.csv",
        "services.csv",
        "locations.csv",
        "schedules.csv",
        "phones.csv",
    } <= set(names)
    assert client.get(_url("directory_export", guide, "xml")).status_code == 404


def test_program_page_links_to_the_directory_and_staff_find_their_own(world, login):
    html = login("director").get(reverse("programs:list")).content.decode()
    assert _url("directory", world.drug) in html
    response = login("peer").get(reverse("linkage:directory_home"))
    assert response.status_code == 302 and response["Location"] == _url("directory", world.drug)
    html = login("court").get(reverse("linkage:directory_home")).content.decode()
    assert "You do not work in a program's directory." in html
