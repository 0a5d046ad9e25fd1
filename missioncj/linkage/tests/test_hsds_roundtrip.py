"""HSDS round trips: import → export → import into a fresh program gives the same directory
(JSON and CSV); re-importing the same file changes nothing; an edited file updates in place
and retires what it no longer has."""

from __future__ import annotations

import pytest

from missioncj.core.models import AuditEvent
from missioncj.linkage.hsds.exports import export_directory
from missioncj.linkage.hsds.imports import import_directory
from missioncj.linkage.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Source,
    SourceKind,
)
from missioncj.linkage.services.directory import create_organization, create_service
from missioncj.linkage.tests.directory_helpers import as_json, county_document, dump
from missioncj.programs.models import CourtType
from missioncj.programs.services import create_organization as create_agency
from missioncj.programs.services import create_program


def _fresh_program(name: str):
    agency = create_agency(actor=None, name=f"{name} agency")
    return create_program(
        actor=None,
        organization=agency,
        name=name,
        court_type=CourtType.REENTRY,
        time_zone="America/Chicago",
    )


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_import_export_import_gives_the_same_directory(world, fmt):
    director = world.user("director")
    import_directory(
        actor=director,
        program=world.drug,
        source_name="County guide",
        data=as_json(county_document()),
    )
    # An own entry travels in the export too.
    org = create_organization(actor=director, program=world.drug, name="Own Org")
    create_service(actor=director, organization=org, name="Own service", categories=["legal_aid"])
    first = dump(world.drug)
    assert len(first["services"]) == 21

    exported = export_directory(actor=director, program=world.drug, fmt=fmt)
    fresh = _fresh_program(f"Fresh {fmt}")
    result = import_directory(
        actor=None, program=fresh, source_name="From drug court", data=exported
    )
    assert result.counts.total("created") > 0
    assert dump(fresh) == first

    # Export of the copy imports into a third program as the same directory again.
    again = export_directory(actor=None, program=fresh, fmt=fmt)
    third = _fresh_program(f"Third {fmt}")
    import_directory(actor=None, program=third, source_name="copy", data=again)
    assert dump(third) == first


def test_export_is_stable(world):
    import_directory(
        actor=None, program=world.drug, source_name="g", data=as_json(county_document())
    )
    for fmt in ("json", "csv"):
        one = export_directory(actor=None, program=world.drug, fmt=fmt)
        assert one == export_directory(actor=None, program=world.drug, fmt=fmt)


def test_reimport_of_the_same_file_changes_nothing(world):
    data = as_json(county_document())
    first = import_directory(actor=None, program=world.drug, source_name="g", data=data)
    before = dump(world.drug)
    counts = {m: m.objects.count() for m in (Organization, Service, Location)}
    second = import_directory(actor=None, program=world.drug, source_name="g", data=data)
    assert second.source == first.source
    assert second.counts.total("created") == 0
    assert second.counts.total("updated") == 0
    assert second.counts.total("retired") == 0
    assert second.counts.unchanged["service"] == 20
    assert dump(world.drug) == before
    assert {m: m.objects.count() for m in counts} == counts


def test_edited_file_updates_in_place_and_retires_what_is_gone(world):
    doc = county_document()
    import_directory(actor=None, program=world.drug, source_name="g", data=as_json(doc))
    service = Service.objects.get(source_key="hc-org-01-svc-1")
    doc["service"][0]["name"] = "Buprenorphine clinic (renamed)"
    doc["location"][0]["latitude"] = "41.555555"
    gone = doc["service"].pop()
    doc["service_at_location"] = [
        r for r in doc["service_at_location"] if r["service_id"] != gone["id"]
    ]
    doc["schedule"] = [r for r in doc["schedule"] if r["service_id"] != gone["id"]]
    doc["language"] = [r for r in doc["language"] if r["service_id"] != gone["id"]]
    doc["cost_option"] = [r for r in doc["cost_option"] if r["service_id"] != gone["id"]]
    result = import_directory(actor=None, program=world.drug, source_name="g", data=as_json(doc))
    assert result.counts.updated["service"] == 1
    assert result.counts.updated["location"] == 1
    assert result.counts.retired["service"] == 1
    service.refresh_from_db()
    assert service.name == "Buprenorphine clinic (renamed)"  # the same row, updated
    assert str(Location.objects.get(source_key="hc-loc-01").latitude) == "41.555555"
    retired = Service.objects.get(source_key=gone["id"])
    assert retired.retired_at is not None and retired.status == "inactive"
    assert Service.objects.filter(source_key=gone["id"]).count() == 1
    # It comes back when the file has it again.
    doc["service"].append(gone)
    import_directory(actor=None, program=world.drug, source_name="g", data=as_json(doc))
    retired.refresh_from_db()
    assert retired.retired_at is None and retired.status == "active"


def test_import_is_one_audit_event_with_counts(world):
    director = world.user("director")
    before = AuditEvent.objects.count()
    import_directory(
        actor=director, program=world.drug, source_name="g", data=as_json(county_document())
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "linkage.directory.import" and event.actor == director
    assert event.after is not None and event.after["created"]["service"] == 20
    source = Source.objects.get(program=world.drug, name="g")
    assert source.kind == SourceKind.HSDS and source.imported_at is not None


def test_categories_from_taxonomy_terms_and_attributes(world):
    doc = {
        "organization": [{"id": "o", "name": "Org"}],
        "service": [
            {"id": "s1", "organization_id": "o", "name": "One", "category": "Mental Health"},
            {"id": "s2", "organization_id": "o", "name": "Two"},
            {"id": "s3", "organization_id": "o", "name": "Three", "category": "knitting"},
        ],
        "taxonomy_term": [
            {"id": "t1", "code": "BT-1", "name": "Medication Assisted Treatment"},
            {"id": "t2", "code": "sober_housing", "name": "x"},
        ],
        "attribute": [
            {"id": "a1", "link_id": "s2", "link_type": "service", "taxonomy_term_id": "t1"},
            {"id": "a2", "link_id": "s2", "taxonomy_term_id": "t2"},
            {"id": "a3", "link_id": "o", "link_type": "organization", "taxonomy_term_id": "t2"},
        ],
    }
    import_directory(actor=None, program=world.drug, source_name="t", data=as_json(doc))
    got = {s.source_key: s.categories for s in Service.objects.all()}
    assert got == {"s1": ["mental_health"], "s2": ["mat", "sober_housing"], "s3": ["other"]}


def test_a_new_id_for_the_same_service_at_the_same_place_keeps_the_row(world):
    doc = county_document()
    import_directory(actor=None, program=world.drug, source_name="g", data=as_json(doc))
    row = ServiceAtLocation.objects.get(source_key=doc["service_at_location"][0]["id"])
    doc["service_at_location"][0]["id"] = "renumbered"
    result = import_directory(actor=None, program=world.drug, source_name="g", data=as_json(doc))
    row.refresh_from_db()
    assert (row.source_key, row.retired_at) == ("renumbered", None)
    assert result.counts.updated["service_at_location"] == 1
    assert result.counts.retired["service_at_location"] == 0
