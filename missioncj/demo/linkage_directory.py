"""The demo directory for Harbor County (invented organizations and addresses): MAT, outpatient
and intensive outpatient treatment, mental health, a recovery community center, recovery
coaches, sober homes, shelters, legal aid, benefits, the workforce center, community health
and dental care, transit. Built as an HSDS JSON document and loaded through the importer, as
a county's resource guide would be; each program also keeps a few entries of its own."""

from __future__ import annotations

import random
from typing import Any

from missioncj.linkage.hsds.imports import ImportResult, import_directory
from missioncj.linkage.hsds.jsonio import write_json
from missioncj.linkage.services.directory import (
    add_phone,
    add_schedule,
    create_location,
    create_organization,
    create_service,
    place_service,
)
from missioncj.programs.models import Program

CENTER = (41.50, -71.30)
SOURCE = "Harbor County Resource Guide"
TOWNS = [("Harbor City", "02890"), ("Port Ellery", "02891"), ("Westmarsh", "02893")]
WEEKDAYS = "MO TU WE TH FR"
# name, street, [(service, categories, free, Spanish, eligibility, hours)]
ORGANIZATIONS: list[tuple[str, str, list[tuple[str, str, bool | None, bool, str, str]]]] = [
    (
        "Harbor Bay Recovery Clinic",
        "118 Cannery Row",
        [
            ("Buprenorphine and naltrexone clinic", "mat", None, True, "Adults 18+", "07-15"),
            ("Intensive outpatient program (IOP)", "sud_treatment", None, True, "Adults", "09-13"),
        ],
    ),
    (
        "Eastshore Opioid Treatment Program",
        "40 Foundry Lane",
        [("Methadone dosing and counseling", "mat", None, False, "Adults 18+", "06-14")],
    ),
    (
        "Tidewater Counseling Center",
        "225 Chapel Street",
        [
            ("Outpatient substance use counseling", "sud_treatment", None, True, "", "09-19"),
            ("Co-occurring mental health therapy", "mental_health", None, True, "", "09-19"),
        ],
    ),
    (
        "Harbor County Behavioral Health",
        "9 Granite Avenue",
        [
            ("Walk-in mental health crisis clinic", "mental_health", True, True, "", "08-20"),
            ("Psychiatric medication management", "mental_health", None, False, "", "09-17"),
        ],
    ),
    (
        "Lighthouse Recovery Community Center",
        "62 Mill Street",
        [
            ("All-recovery drop-in center", "recovery_center", True, True, "", "10-20"),
            ("Recovery coaching", "recovery_coach", True, True, "Adults in recovery", "10-18"),
        ],
    ),
    (
        "Second Tide Peer Recovery Network",
        "17 Anchor Way",
        [("Jail and court recovery coaches", "recovery_coach", True, False, "", "08-16")],
    ),
    (
        "Safe Harbor Sober Homes",
        "301 Linden Street",
        [("Recovery residences (men and women)", "sober_housing", False, False, "", "09-17")],
    ),
    (
        "Open Door Shelter",
        "14 Depot Square",
        [("Emergency shelter beds", "shelter", True, True, "Adults 18+", "17-23")],
    ),
    (
        "Harbor County Legal Aid Society",
        "88 Court Street",
        [
            ("Record sealing and expungement clinic", "legal_aid", True, True, "", "09-16"),
            ("Housing and eviction defense", "legal_aid", True, True, "", "09-16"),
        ],
    ),
    (
        "Harbor County Department of Human Services",
        "500 State Road",
        [("SNAP, cash assistance and Medicaid applications", "benefits", True, True, "", "08-16")],
    ),
    (
        "Harbor Works Career Center",
        "73 Ferry Street",
        [
            ("Second-chance employment services", "employment", True, True, "", "08-16"),
            ("Forklift and OSHA-10 training", "employment", True, False, "Adults 18+", "09-15"),
        ],
    ),
    (
        "Bayside Community Health Center",
        "150 Union Avenue",
        [
            ("Primary care (sliding scale)", "medical", False, True, "", "08-18"),
            ("Dental clinic", "dental", False, True, "", "08-17"),
        ],
    ),
    (
        "Harbor Area Transit Authority",
        "1 Terminal Plaza",
        [("Reduced-fare bus pass", "transportation", True, True, "Income-eligible", "07-19")],
    ),
]


def _hours(service_id: str, span: str) -> list[dict[str, Any]]:
    opens, closes = (f"{int(h):02d}:00" for h in span.split("-"))
    return [
        {
            "id": f"{service_id}-hours",
            "service_id": service_id,
            "freq": "WEEKLY",
            "byday": ",".join(WEEKDAYS.split()),
            "opens_at": opens,
            "closes_at": closes,
        }
    ]


def directory_document(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    """The county resource guide as HSDS JSON tables (deterministic for a given rng)."""
    doc: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in [
            "organization",
            "service",
            "location",
            "address",
            "service_at_location",
            "schedule",
            "phone",
            "language",
            "accessibility",
            "cost_option",
        ]
    }
    for n, (org_name, street, services) in enumerate(ORGANIZATIONS, start=1):
        org, loc = f"hc-org-{n:02d}", f"hc-loc-{n:02d}"
        town, postal = TOWNS[n % len(TOWNS)]
        doc["organization"].append({"id": org, "name": org_name, "description": ""})
        lat = CENTER[0] + rng.uniform(-0.08, 0.08)
        lon = CENTER[1] + rng.uniform(-0.08, 0.08)
        doc["location"].append(
            {
                "id": loc,
                "organization_id": org,
                "name": f"{org_name} · {town}",
                "latitude": f"{lat:.6f}",
                "longitude": f"{lon:.6f}",
                "transportation": f"Bus {rng.randint(1, 12)} to {street.split(' ', 1)[1]}",
            }
        )
        doc["address"].append(
            {
                "id": f"{loc}-a",
                "location_id": loc,
                "address_1": street,
                "city": town,
                "state_province": "RI",
                "postal_code": postal,
                "country": "US",
            }
        )
        if rng.random() < 0.7:
            doc["accessibility"].append(
                {"id": f"{loc}-acc", "location_id": loc, "description": "Wheelchair accessible"}
            )
        doc["phone"].append(
            {"id": f"{org}-ph", "organization_id": org, "number": f"(555) 555-02{n:02d}"}
        )
        for m, (name, category, free, spanish, eligibility, span) in enumerate(services, 1):
            sid = f"{org}-svc-{m}"
            doc["service"].append(
                {
                    "id": sid,
                    "organization_id": org,
                    "name": name,
                    "status": "active",
                    "category": category,
                    "eligibility_description": eligibility,
                    "fees_description": "" if free else "Most insurance and Medicaid accepted.",
                    "application_process": rng.choice(["Walk in", "Call for an appointment"]),
                }
            )
            doc["service_at_location"].append(
                {"id": f"{sid}-at", "service_id": sid, "location_id": loc}
            )
            doc["schedule"] += _hours(sid, span)
            doc["language"].append({"id": f"{sid}-en", "service_id": sid, "name": "English"})
            if spanish:
                doc["language"].append({"id": f"{sid}-es", "service_id": sid, "name": "Spanish"})
            if free is not None:
                option = {"id": f"{sid}-cost", "service_id": sid}
                doc["cost_option"].append(
                    {**option, "option": "Free", "amount": 0}
                    if free
                    else {**option, "option": "Fee"}
                )
    return doc


def add_directory(rng: random.Random, program: Program, lead: Any) -> ImportResult:
    """Import the county guide into the program, then add one entry of the program's own."""
    data = write_json(directory_document(rng))
    result = import_directory(actor=None, program=program, source_name=SOURCE, data=data)
    org = create_organization(
        actor=lead, program=program, name="St. Brendan's Community Kitchen", description=""
    )
    service = create_service(
        actor=lead,
        organization=org,
        name="Hot lunch and food pantry",
        categories=["other"],
        free=True,
        languages=["English", "Spanish"],
        eligibility_description="Anyone; no ID needed",
    )
    location = create_location(
        actor=lead,
        organization=org,
        name="Parish hall",
        address_1="12 Harbor Hill Road",
        city="Harbor City",
        state_province="RI",
        postal_code="02890",
        latitude=f"{CENTER[0] + 0.004:.6f}",
        longitude=f"{CENTER[1] - 0.006:.6f}",
        accessibility=["Wheelchair accessible"],
    )
    place_service(actor=lead, service=service, location=location)
    for weekday in (0, 2, 4):
        add_schedule(
            actor=lead,
            service=service,
            location=location,
            weekday=weekday,
            opens_at="11:30",
            closes_at="13:30",
        )
    add_phone(actor=lead, organization=org, number="(555) 555-0299")
    return result
