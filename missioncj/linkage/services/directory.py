"""Writes for a program's own directory entries: organizations, services, locations, services
at locations, schedules and phones. Each verb takes a keyword-only `actor`, checks every field
(all problems at once, keyed by field), changes nothing when any is refused, and writes its
audit event in the same transaction.

Imported entries (HSDS, Meeting Guide) are changed only by re-importing their source; the
verbs here refuse them. An own entry's `source_key` is its public id."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.linkage.directory_access import require
from missioncj.linkage.directory_fields import Checker
from missioncj.linkage.directory_rows import (
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    PHONE_FIELDS,
    SCHEDULE_FIELDS,
    SERVICE_FIELDS,
    clean_location,
    clean_organization,
    clean_phone,
    clean_schedule,
    clean_service,
)
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Source,
    SourceKind,
)
from missioncj.programs.models import Program

OWN_SOURCE_NAME = "Program entries"
E = TypeVar("E", Organization, Service, Location, ServiceAtLocation, Schedule, DirectoryPhone)


def own_source(program: Program, actor: Any = None) -> Source:
    source, _ = Source.objects.get_or_create(
        program=program,
        kind=SourceKind.OWN,
        defaults={"name": OWN_SOURCE_NAME, "created_by": actor if actor else None},
    )
    return source


def _program_of(entry: Any) -> Program:
    return Program.objects.get(pk=entry.source.program_id)


def _own(entry: Any, field: str) -> None:
    if entry.source.kind != SourceKind.OWN or entry.retired_at is not None:
        what = "retired" if entry.retired_at else f"imported from “{entry.source.name}”"
        raise ValidationError({field: f"This entry is {what}; it cannot be changed here."})


def _known(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError({name: "Not a field of this entry." for name in unknown})


def _insert(entry: E, *, actor: Any, action: str, fields: tuple[str, ...]) -> E:
    entry.source_key = str(entry.public_id)
    entry.save()
    record(
        kind=AuditKind.CREATE,
        action=action,
        actor=actor,
        subject=entry,
        after=snapshot(entry, fields),
    )
    return entry


def _change(
    entry: E, cleaned: dict[str, Any], *, actor: Any, action: str, fields: tuple[str, ...]
) -> E:
    before = snapshot(entry, fields)
    for name, value in cleaned.items():
        setattr(entry, name, value)
    after = snapshot(entry, fields)
    if after != before:
        entry.save()
        record(
            kind=AuditKind.UPDATE,
            action=action,
            actor=actor,
            subject=entry,
            before=before,
            after=after,
        )
    return entry


def _merged(entry: Any, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, Any]:
    return {**{name: getattr(entry, name) for name in fields}, **changes}


# --- organizations --------------------------------------------------------------------------


@transaction.atomic
def create_organization(*, actor: Any, program: Program, **fields: Any) -> Organization:
    require(actor, program, "edit")
    _known(fields, ORGANIZATION_FIELDS)
    c = Checker()
    cleaned = clean_organization(c, fields)
    c.raise_any()
    entry = Organization(source=own_source(program, actor), **cleaned)
    return _insert(
        entry, actor=actor, action="linkage.organization.create", fields=ORGANIZATION_FIELDS
    )


def _update_entry(
    actor: Any, entry: Any, changes: dict[str, Any], clean: Any, fields: Any, kind: str
) -> Any:
    """Change an own entry: the fields sent, merged with the stored ones and checked whole."""
    require(actor, _program_of(entry), "edit")
    _own(entry, "name")
    _known(changes, fields)
    c = Checker()
    cleaned = clean(c, _merged(entry, fields, changes))
    c.raise_any()
    return _change(entry, cleaned, actor=actor, action=f"linkage.{kind}.update", fields=fields)


@transaction.atomic
def update_organization(*, actor: Any, organization: Organization, **changes: Any) -> Organization:
    return _update_entry(
        actor, organization, changes, clean_organization, ORGANIZATION_FIELDS, "organization"
    )


# --- services -------------------------------------------------------------------------------


@transaction.atomic
def create_service(*, actor: Any, organization: Organization, **fields: Any) -> Service:
    require(actor, _program_of(organization), "edit")
    _own(organization, "organization")
    _known(fields, SERVICE_FIELDS)
    c = Checker()
    cleaned = clean_service(c, fields)
    c.raise_any()
    entry = Service(source=organization.source, organization=organization, **cleaned)
    return _insert(entry, actor=actor, action="linkage.service.create", fields=SERVICE_FIELDS)


@transaction.atomic
def update_service(*, actor: Any, service: Service, **changes: Any) -> Service:
    return _update_entry(actor, service, changes, clean_service, SERVICE_FIELDS, "service")


# --- locations and services at them ---------------------------------------------------------


@transaction.atomic
def create_location(*, actor: Any, organization: Organization, **fields: Any) -> Location:
    require(actor, _program_of(organization), "edit")
    _own(organization, "organization")
    _known(fields, LOCATION_FIELDS)
    c = Checker()
    cleaned = clean_location(c, fields)
    c.raise_any()
    entry = Location(source=organization.source, organization=organization, **cleaned)
    return _insert(entry, actor=actor, action="linkage.location.create", fields=LOCATION_FIELDS)


@transaction.atomic
def update_location(*, actor: Any, location: Location, **changes: Any) -> Location:
    return _update_entry(actor, location, changes, clean_location, LOCATION_FIELDS, "location")


@transaction.atomic
def place_service(*, actor: Any, service: Service, location: Location) -> ServiceAtLocation:
    """Offer the service at the location (once; placing it again returns the same row)."""
    require(actor, _program_of(service), "edit")
    _own(service, "service")
    _own(location, "location")
    if location.organization_id != service.organization_id:
        raise ValidationError({"location": "Choose a location of the service's organization."})
    found = ServiceAtLocation.objects.filter(service=service, location=location).first()
    if found is not None:
        return found
    entry = ServiceAtLocation(source=service.source, service=service, location=location)
    return _insert(
        entry, actor=actor, action="linkage.service_at_location.create", fields=("service",)
    )


# --- hours and phones -----------------------------------------------------------------------


@transaction.atomic
def add_schedule(
    *, actor: Any, service: Service, location: Location | None = None, **fields: Any
) -> Schedule:
    """Opening hours for one weekday: of the service, or of the service at one location."""
    _known(fields, SCHEDULE_FIELDS)
    c = Checker()
    cleaned = clean_schedule(c, fields)
    c.raise_any()
    at = place_service(actor=actor, service=service, location=location) if location else None
    require(actor, _program_of(service), "edit")
    _own(service, "service")
    entry = Schedule(
        source=service.source,
        service=None if at else service,
        service_at_location=at,
        **cleaned,
    )
    return _insert(entry, actor=actor, action="linkage.schedule.create", fields=SCHEDULE_FIELDS)


@transaction.atomic
def add_phone(
    *,
    actor: Any,
    organization: Organization | None = None,
    service: Service | None = None,
    location: Location | None = None,
    **fields: Any,
) -> DirectoryPhone:
    owner = service or location or organization
    if owner is None:
        raise ValidationError({"number": "Say whose phone this is."})
    require(actor, _program_of(owner), "edit")
    for field, entry in (("organization", organization), ("service", service)):
        if entry is not None:
            _own(entry, field)
    if location is not None:
        _own(location, "location")
    _known(fields, PHONE_FIELDS)
    c = Checker()
    cleaned = clean_phone(c, fields)
    c.raise_any()
    phone = DirectoryPhone(
        source=owner.source,
        organization=organization,
        service=service,
        location=location,
        **cleaned,
    )
    return _insert(phone, actor=actor, action="linkage.phone.create", fields=PHONE_FIELDS)


# --- retiring -------------------------------------------------------------------------------


def _children(entry: Any) -> list[Any]:
    if isinstance(entry, Organization):
        return [*entry.services.all(), *entry.locations.all(), *entry.phones.all()]
    if isinstance(entry, Service):
        return [*entry.at_locations.all(), *entry.schedules.all(), *entry.phones.all()]
    if isinstance(entry, Location):
        return [*entry.services_here.all(), *entry.phones.all()]
    if isinstance(entry, ServiceAtLocation):
        return list(entry.schedules.all())
    return []


@transaction.atomic
def retire_entry(*, actor: Any, entry: Any) -> Any:
    """Take an own entry (and what hangs on it) out of the directory; the rows stay for the
    referrals that name them. A retired service is also marked inactive."""
    require(actor, _program_of(entry), "edit")
    _own(entry, "entry")
    now = timezone.now()
    pending = [entry]
    while pending:
        row = pending.pop()
        if row.retired_at is not None:
            continue
        row.retired_at = now
        if isinstance(row, Service):
            row.status = ServiceStatus.INACTIVE
        row.save()
        pending.extend(_children(row))
    record(
        kind=AuditKind.UPDATE,
        action=f"linkage.{entry._meta.model_name}.retire",
        actor=actor,
        subject=entry,
        after={"retired_at": now.isoformat()},
    )
    return entry
