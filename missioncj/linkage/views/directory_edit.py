"""Adding and editing the program's own directory entries: organizations, services, locations,
hours and phones, and retiring a service. Directors, supervisors, case managers and peers of
the program; anyone else (and any imported entry) gets a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from missioncj.core.forms import submit
from missioncj.linkage.directory_access import program_for
from missioncj.linkage.directory_rows import LOCATION_FIELDS, ORGANIZATION_FIELDS, SERVICE_FIELDS
from missioncj.linkage.models import Location, Organization, Service, SourceKind
from missioncj.linkage.services import directory as entries
from missioncj.linkage.views.directory_forms import (
    HoursForm,
    LocationForm,
    OrganizationForm,
    PhoneForm,
    ServiceForm,
)
from missioncj.programs.models import Program

BASE = "programs/<uuid:program_id>/directory"


def _own(model: Any, program: Program, public_id: UUID | str | None) -> Any:
    rows = model.objects.filter(
        source__program=program, source__kind=SourceKind.OWN, retired_at__isnull=True
    )
    return get_object_or_404(rows, public_id=public_id)


def _choices(model: Any, program: Program, **filters: Any) -> list[tuple[str, str]]:
    rows = model.objects.filter(
        source__program=program, source__kind=SourceKind.OWN, retired_at__isnull=True, **filters
    ).order_by("name")
    return [(str(row.public_id), str(row)) for row in rows]


def _list_url(program: Program) -> str:
    return reverse("linkage:directory", args=[program.public_id])


def _service_url(program: Program, service: Service) -> str:
    return reverse("linkage:directory_service", args=[program.public_id, service.public_id])


def _page(request: HttpRequest, form: Any, program: Program, title: str, **extra: Any) -> Any:
    context = {
        "form": form,
        "program": program,
        "title": title,
        "submit": extra.pop("submit", "Save"),
        "back_url": extra.pop("back_url", _list_url(program)),
        "back_label": extra.pop("back_label", f"Directory · {program.name}"),
        **extra,
    }
    status = 422 if form.errors else 200
    return render(request, "linkage/directory_form.html", context, status=status)


def _initial(entry: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    out = {name: getattr(entry, name) for name in fields}
    for name in ("languages", "accessibility"):
        if name in out:
            out[name] = ", ".join(out[name])
    if "free" in out:
        out["free"] = {True: "yes", False: "no"}.get(out["free"], "")
    return out


# --- organizations --------------------------------------------------------------------------


def _save_organization(request: HttpRequest, program: Program, data: dict[str, Any]) -> Any:
    phone = data.pop("phone", "")
    with transaction.atomic():
        org = entries.create_organization(actor=request.user, program=program, **data)
        if phone:
            try:
                entries.add_phone(actor=request.user, organization=org, number=phone)
            except ValidationError as exc:
                raise ValidationError(
                    {"phone": exc.message_dict.get("number", exc.messages)}
                ) from exc
    return org


@login_required
def organization_new(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    form = OrganizationForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: _save_organization(request, program, data),
        done=lambda o: f"Organization “{o.name}” added.",
        then=_list_url(program),
    ) or _page(request, form, program, "Add an organization")


@login_required
def organization_edit(
    request: HttpRequest, program_id: UUID, organization_id: UUID
) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    org = _own(Organization, program, organization_id)
    form = OrganizationForm(request.POST or None, initial=_initial(org, ORGANIZATION_FIELDS))
    del form.fields["phone"]
    return submit(
        request,
        form,
        lambda data: entries.update_organization(actor=request.user, organization=org, **data),
        done=lambda o: f"Organization “{o.name}” saved.",
        then=_list_url(program),
    ) or _page(request, form, program, f"Edit {org.name}")


# --- services -------------------------------------------------------------------------------


def _organizations(program: Program) -> list[tuple[str, str]]:
    return [("", "Choose…"), *_choices(Organization, program)]


def _organization_of(program: Program, data: dict[str, Any]) -> Organization:
    key = data.pop("organization", "")
    if not key:
        raise ValidationError({"organization": "Choose the organization."})
    return _own(Organization, program, key)


@login_required
def service_new(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    initial = {"organization": request.GET.get("organization", ""), "status": "active"}
    form = ServiceForm(request.POST or None, initial=initial, organizations=_organizations(program))
    return submit(
        request,
        form,
        lambda data: entries.create_service(
            actor=request.user, organization=_organization_of(program, data), **data
        ),
        done=lambda s: f"Service “{s.name}” added.",
        then=lambda s: _service_url(program, s),
    ) or _page(request, form, program, "Add a service", intro=_intro(program))


def _intro(program: Program) -> str:
    if _choices(Organization, program):
        return ""
    return "Add the organization first; every service belongs to one."


@login_required
def service_edit(request: HttpRequest, program_id: UUID, service_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    form = ServiceForm(
        request.POST or None,
        initial=_initial(service, SERVICE_FIELDS),
        organizations=_organizations(program),
    )
    del form.fields["organization"]
    return submit(
        request,
        form,
        lambda data: entries.update_service(actor=request.user, service=service, **data),
        done=lambda s: f"Service “{s.name}” saved.",
        then=_service_url(program, service),
    ) or _page(
        request,
        form,
        program,
        f"Edit {service.name}",
        back_url=_service_url(program, service),
        back_label=service.name,
    )


@login_required
@require_POST
def service_retire(request: HttpRequest, program_id: UUID, service_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    entries.retire_entry(actor=request.user, entry=service)
    messages.success(request, f"“{service.name}” is retired from the directory.")
    return redirect(_list_url(program))


# --- locations ------------------------------------------------------------------------------


@login_required
def location_new(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    form = LocationForm(request.POST or None, organizations=_organizations(program))
    return submit(
        request,
        form,
        lambda data: entries.create_location(
            actor=request.user, organization=_organization_of(program, data), **data
        ),
        done=lambda loc: f"Location “{loc}” added; add hours on a service to offer it there.",
        then=_list_url(program),
    ) or _page(request, form, program, "Add a location", intro=_intro(program))


@login_required
def location_edit(request: HttpRequest, program_id: UUID, location_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    location = _own(Location, program, location_id)
    initial = _initial(location, LOCATION_FIELDS)
    form = LocationForm(request.POST or None, initial=initial, organizations=[])
    del form.fields["organization"]
    return submit(
        request,
        form,
        lambda data: entries.update_location(actor=request.user, location=location, **data),
        done=lambda loc: f"Location “{loc}” saved.",
        then=_list_url(program),
    ) or _page(request, form, program, f"Edit {location}")


# --- hours and phones of a service ----------------------------------------------------------


def _add_hours(request: HttpRequest, program: Program, service: Service, data: dict) -> Any:
    key = data.pop("location", "")
    location = _own(Location, program, key) if key else None
    return entries.add_schedule(actor=request.user, service=service, location=location, **data)


@login_required
def hours_add(request: HttpRequest, program_id: UUID, service_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    places = _choices(Location, program, organization=service.organization)
    form = HoursForm(request.POST or None, locations=places)
    back = {"back_url": _service_url(program, service), "back_label": service.name}
    return submit(
        request,
        form,
        lambda data: _add_hours(request, program, service, data),
        done="Hours added.",
        then=_service_url(program, service),
    ) or _page(request, form, program, f"Hours · {service.name}", submit="Add hours", **back)


@login_required
def phone_add(request: HttpRequest, program_id: UUID, service_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    form = PhoneForm(request.POST or None)
    back = {"back_url": _service_url(program, service), "back_label": service.name}
    return submit(
        request,
        form,
        lambda data: entries.add_phone(actor=request.user, service=service, **data),
        done="Phone added.",
        then=_service_url(program, service),
    ) or _page(request, form, program, f"Phone · {service.name}", submit="Add phone", **back)


urlpatterns = [
    path(f"{BASE}/organizations/new/", organization_new, name="directory_organization_new"),
    path(
        f"{BASE}/organizations/<uuid:organization_id>/edit/",
        organization_edit,
        name="directory_organization_edit",
    ),
    path(f"{BASE}/services/new/", service_new, name="directory_service_new"),
    path(f"{BASE}/services/<uuid:service_id>/edit/", service_edit, name="directory_service_edit"),
    path(
        f"{BASE}/services/<uuid:service_id>/retire/",
        service_retire,
        name="directory_service_retire",
    ),
    path(f"{BASE}/services/<uuid:service_id>/hours/", hours_add, name="directory_hours_add"),
    path(f"{BASE}/services/<uuid:service_id>/phones/", phone_add, name="directory_phone_add"),
    path(f"{BASE}/locations/new/", location_new, name="directory_location_new"),
    path(
        f"{BASE}/locations/<uuid:location_id>/edit/", location_edit, name="directory_location_edit"
    ),
]
