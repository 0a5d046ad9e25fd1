"""The directory's entry services: every field checked, all problems at once, nothing saved on
a refusal, an audit event with each change, imported entries left to their source, and only
the roles that may edit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from missioncj.core.models import AuditEvent
from missioncj.linkage.hsds.imports import import_directory
from missioncj.linkage.models import Location, Organization, Service, ServiceStatus, SourceKind
from missioncj.linkage.services.directory import (
    add_phone,
    add_schedule,
    create_location,
    create_organization,
    create_service,
    place_service,
    retire_entry,
    update_location,
    update_service,
)
from missioncj.linkage.tests.directory_helpers import as_json, county_document


@pytest.fixture
def org(world):
    return create_organization(actor=world.user("peer"), program=world.drug, name="Harbor Org")


def _messages(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_create_service_with_everything_is_audited(world, org):
    peer = world.user("peer")
    service = create_service(
        actor=peer,
        organization=org,
        name="Recovery coaching",
        categories=["recovery_coach", "mat"],
        languages="English; Spanish",
        free="yes",
        eligibility_description="Adults in recovery",
        minimum_age="18",
        fees_description="",
    )
    assert service.categories == ["mat", "recovery_coach"]  # in the list's order
    assert service.languages == ["English", "Spanish"]
    assert service.free is True and service.minimum_age == 18
    assert service.source.kind == SourceKind.OWN and service.source_key == str(service.public_id)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.subject_public_id) == (
        "linkage.service.create",
        peer,
        str(service.public_id),
    )
    assert event.after is not None and event.after["name"] == "Recovery coaching"


def test_service_problems_come_together_and_nothing_is_saved(world, org):
    before = (Service.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        create_service(
            actor=world.user("peer"),
            organization=org,
            name="",
            categories=["mat", "astrology"],
            url="ftp://example.org",
            email="nope",
            minimum_age="65",
            maximum_age="18",
            free="maybe",
        )
    assert _messages(caught) == {
        "name": ["Give the service's name."],
        "categories": ["Unknown category: astrology. Choose from the list."],
        "url": ["Give a web address starting with https:// or http://."],
        "email": ["Give an e-mail address like name@example.org."],
        "free": ["Answer yes, no, or leave it blank for unknown."],
        "maximum_age": ["The maximum age is below the minimum age."],
    }
    assert (Service.objects.count(), AuditEvent.objects.count()) == before


def test_location_coordinates_are_checked(world, org):
    peer = world.user("peer")
    with pytest.raises(ValidationError) as caught:
        create_location(actor=peer, organization=org, name="Office", latitude="91", longitude="x")
    assert _messages(caught) == {
        "latitude": ["A latitude lies between -90 and 90 (this is 91)."],
        "longitude": ["Give the longitude in decimal degrees, e.g. 41.5 (not “x”)."],
    }
    with pytest.raises(ValidationError) as caught:
        create_location(actor=peer, organization=org, latitude="41.5")
    assert set(_messages(caught)) == {"latitude", "name"}
    location = create_location(
        actor=peer, organization=org, address_1="1 Main St", latitude="41.5", longitude="-71.3"
    )
    assert location.latitude == Decimal("41.500000")
    assert Location.objects.count() == 1


def test_update_records_before_and_after_and_skips_no_change(world, org):
    peer = world.user("peer")
    service = create_service(actor=peer, organization=org, name="Counseling")
    update_service(actor=peer, service=service, name="Counseling (evenings)", free=False)
    event = AuditEvent.objects.latest("pk")
    assert event.action == "linkage.service.update"
    assert event.before is not None and event.after is not None
    assert (event.before["name"], event.after["name"]) == ("Counseling", "Counseling (evenings)")
    count = AuditEvent.objects.count()
    update_service(actor=peer, service=service, name="Counseling (evenings)")
    assert AuditEvent.objects.count() == count
    with pytest.raises(ValidationError) as caught:
        update_service(actor=peer, service=service, colour="blue")
    assert _messages(caught) == {"colour": ["Not a field of this entry."]}


def test_schedules_and_phones(world, org):
    peer = world.user("peer")
    service = create_service(actor=peer, organization=org, name="Clinic")
    location = create_location(actor=peer, organization=org, name="Clinic site")
    hours = add_schedule(
        actor=peer,
        service=service,
        location=location,
        weekday="2",
        opens_at="09:00",
        closes_at="17:30",
    )
    assert hours.service_at_location is not None and hours.service is None
    assert hours.service_at_location.location == location
    assert (hours.weekday, hours.opens_at) == (2, dt.time(9, 0))
    with pytest.raises(ValidationError) as caught:
        add_schedule(actor=peer, service=service, weekday="8", opens_at="25:00", closes_at="")
    assert _messages(caught) == {
        "weekday": ["Choose a day of the week (0 = Monday … 6 = Sunday)."],
        "opens_at": ["Give a time of day as HH:MM from 00:00 to 23:59 (not “25:00”)."],
        "closes_at": ["Give the closing time."],
    }
    with pytest.raises(ValidationError) as caught:
        add_phone(actor=peer, service=service, number="call us", type="pigeon")
    assert set(_messages(caught)) == {"number", "type"}
    phone = add_phone(actor=peer, service=service, number="(555) 555-0200", type="text")
    assert phone.source == service.source


def test_place_service_once_and_only_at_its_organization(world, org):
    peer = world.user("peer")
    service = create_service(actor=peer, organization=org, name="Clinic")
    here = create_location(actor=peer, organization=org, name="Here")
    assert place_service(actor=peer, service=service, location=here) == place_service(
        actor=peer, service=service, location=here
    )
    other = create_organization(actor=peer, program=world.drug, name="Other")
    there = create_location(actor=peer, organization=other, name="There")
    with pytest.raises(ValidationError) as caught:
        place_service(actor=peer, service=service, location=there)
    assert "location" in _messages(caught)


def test_retire_takes_the_entry_and_what_hangs_on_it_out(world, org):
    peer = world.user("peer")
    service = create_service(actor=peer, organization=org, name="Clinic")
    add_phone(actor=peer, service=service, number="555-0101")
    retire_entry(actor=peer, entry=org)
    service.refresh_from_db()
    assert service.retired_at is not None and service.status == ServiceStatus.INACTIVE
    assert service.phones.get().retired_at is not None
    assert AuditEvent.objects.latest("pk").action == "linkage.organization.retire"
    with pytest.raises(ValidationError):
        update_service(actor=peer, service=service, name="Back")


def test_imported_entries_change_only_by_reimport(world):
    import_directory(
        actor=None, program=world.drug, source_name="g", data=as_json(county_document())
    )
    service = Service.objects.earliest("pk")
    location = Location.objects.earliest("pk")
    with pytest.raises(ValidationError) as caught:
        update_service(actor=world.user("director"), service=service, name="Mine now")
    assert "imported from “g”" in _messages(caught)["name"][0]
    with pytest.raises(ValidationError):
        update_location(actor=world.user("director"), location=location, name="x")
    with pytest.raises(ValidationError):
        create_service(actor=world.user("director"), organization=service.organization, name="x")


@pytest.mark.parametrize("username", ["clinician", "court", "evaluator", "outsider", "admin"])
def test_only_editing_roles_of_the_program_may_write(world, username):
    with pytest.raises(PermissionDenied):
        create_organization(actor=world.user(username), program=world.drug, name="Nope")
    assert not Organization.objects.exists()


def test_only_directors_and_supervisors_import(world):
    data = as_json(county_document())
    for username in ("casemanager", "peer", "clinician", "outsider"):
        with pytest.raises(PermissionDenied):
            import_directory(
                actor=world.user(username), program=world.drug, source_name="g", data=data
            )
    import_directory(actor=world.user("supervisor"), program=world.drug, source_name="g", data=data)
    assert Service.objects.count() == 20
