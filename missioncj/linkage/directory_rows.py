"""The fields of each directory entry, cleaned in one place: the entry services (forms, API)
and the HSDS importer call the same `clean_*` with a dict keyed by our field names, and get
back the values to store. Problems are collected on the `Checker` under our field names."""

from __future__ import annotations

import zoneinfo
from typing import Any

from missioncj.linkage.directory_fields import Checker, as_text, split_list

ORGANIZATION_FIELDS = ("name", "alternate_name", "description", "email", "website")
SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "categories",
    "status",
    "url",
    "email",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "application_process",
    "fees_description",
    "free",
    "wait_time",
    "languages",
    "interpretation_services",
)
LOCATION_FIELDS = (
    "name",
    "description",
    "address_1",
    "address_2",
    "city",
    "state_province",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "transportation",
    "accessibility",
)
SCHEDULE_FIELDS = ("weekday", "opens_at", "closes_at", "time_zone", "description")
PHONE_FIELDS = ("number", "extension", "type", "description")


def clean_organization(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": c.text("name", data.get("name"), 300, required="Give the organization's name."),
        "alternate_name": c.text("alternate_name", data.get("alternate_name"), 300),
        "description": c.text("description", data.get("description"), 10_000),
        "email": c.email("email", data.get("email")),
        "website": c.url("website", data.get("website")),
    }


def clean_service(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": c.text("name", data.get("name"), 300, required="Give the service's name."),
        "alternate_name": c.text("alternate_name", data.get("alternate_name"), 300),
        "description": c.text("description", data.get("description"), 10_000),
        "categories": c.categories("categories", data.get("categories")),
        "status": c.status("status", data.get("status")),
        "url": c.url("url", data.get("url")),
        "email": c.email("email", data.get("email")),
        "eligibility_description": c.text(
            "eligibility_description", data.get("eligibility_description"), 10_000
        ),
        "minimum_age": c.age("minimum_age", data.get("minimum_age")),
        "maximum_age": c.age("maximum_age", data.get("maximum_age")),
        "application_process": c.text(
            "application_process", data.get("application_process"), 10_000
        ),
        "fees_description": c.text("fees_description", data.get("fees_description"), 10_000),
        "free": c.flag("free", data.get("free")),
        "wait_time": c.text("wait_time", data.get("wait_time"), 200),
        "languages": split_list(data.get("languages")),
        "interpretation_services": c.text(
            "interpretation_services", data.get("interpretation_services"), 300
        ),
    }
    if any(len(name) > 100 for name in out["languages"]):
        c.add("languages", "Name each language in at most 100 characters.")
    c.ages_in_order(out["minimum_age"], out["maximum_age"])
    return out


def clean_location(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": c.text("name", data.get("name"), 300),
        "description": c.text("description", data.get("description"), 10_000),
        "address_1": c.text("address_1", data.get("address_1"), 300),
        "address_2": c.text("address_2", data.get("address_2"), 300),
        "city": c.text("city", data.get("city"), 120),
        "state_province": c.text("state_province", data.get("state_province"), 60),
        "postal_code": c.text("postal_code", data.get("postal_code"), 20),
        "country": as_text(data.get("country")).upper() or "US",
        "latitude": c.coordinate("latitude", data.get("latitude"), 90),
        "longitude": c.coordinate("longitude", data.get("longitude"), 180),
        "transportation": c.text("transportation", data.get("transportation"), 300),
        "accessibility": split_list(data.get("accessibility")),
    }
    if len(out["country"]) != 2 or not out["country"].isalpha():
        c.add("country", f"Give the two-letter country code, e.g. US (not “{out['country']}”).")
    one_coordinate = (out["latitude"] is None) != (out["longitude"] is None)
    if one_coordinate and not {"latitude", "longitude"} & set(c.found):
        c.add("latitude", "Give both latitude and longitude, or neither.")
    if not (out["name"] or out["address_1"]):
        c.add("name", "Give the location a name or a street address.")
    return out


def clean_schedule(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    zone = c.text("time_zone", data.get("time_zone"), 64)
    if zone:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            c.add("time_zone", f"Unknown time zone “{zone}”; use a name like America/New_York.")
    return {
        "weekday": c.weekday("weekday", data.get("weekday")),
        "opens_at": c.time("opens_at", data.get("opens_at"), required="Give the opening time."),
        "closes_at": c.time("closes_at", data.get("closes_at"), required="Give the closing time."),
        "time_zone": zone,
        "description": c.text("description", data.get("description"), 300),
    }


def clean_phone(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": c.phone_number("number", data.get("number")),
        "extension": c.text("extension", data.get("extension"), 20),
        "type": c.phone_type("type", data.get("type")),
        "description": c.text("description", data.get("description"), 300),
    }
