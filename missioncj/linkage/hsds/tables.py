"""The HSDS 3.0 tables we read and write, their columns, and what each column becomes.

`columns` maps an HSDS column to our field (`None`: an id or a link, handled by the
validator). `ignored` are HSDS columns we accept and do not keep, so a complete HSDS file
imports; any other column is refused ("wrong column"). The table name is the key of the JSON
object; `csv` is the file's name inside the zip. docs/linkage.md has the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Table:
    name: str
    csv: str
    columns: dict[str, str | None]
    required: tuple[str, ...] = ("id",)
    ignored: frozenset[str] = field(default_factory=frozenset)

    @property
    def allowed(self) -> set[str]:
        return set(self.columns) | set(self.ignored)


def _t(name: str, csv: str, columns: dict[str, str | None], *req: str, ignored: str = "") -> Table:
    return Table(name, csv, columns, ("id", *req), frozenset(ignored.split()))


TABLES: tuple[Table, ...] = (
    _t(
        "organization",
        "organizations.csv",
        {
            "id": None,
            "name": "name",
            "alternate_name": "alternate_name",
            "description": "description",
            "email": "email",
            "website": "website",
            "url": "website",  # HSDS 2.0 name
        },
        "name",
        ignored="tax_status tax_id year_incorporated legal_status logo uri parent_organization_id",
    ),
    _t(
        "service",
        "services.csv",
        {
            "id": None,
            "organization_id": None,
            "name": "name",
            "alternate_name": "alternate_name",
            "description": "description",
            "url": "url",
            "email": "email",
            "status": "status",
            "interpretation_services": "interpretation_services",
            "application_process": "application_process",
            "fees_description": "fees_description",
            "fees": "fees_description",  # HSDS 2.0 name
            "wait_time": "wait_time",
            "eligibility_description": "eligibility_description",
            "minimum_age": "minimum_age",
            "maximum_age": "maximum_age",
            "category": "categories",  # our extension: ServiceCategory codes, ";"-separated
        },
        "organization_id",
        "name",
        ignored="program_id accreditations licenses alert assured_date assurer_email "
        "last_modified eligibility",
    ),
    _t(
        "location",
        "locations.csv",
        {
            "id": None,
            "organization_id": None,
            "name": "name",
            "description": "description",
            "transportation": "transportation",
            "latitude": "latitude",
            "longitude": "longitude",
        },
        "organization_id",
        ignored="location_type url alternate_name external_identifier external_identifier_type",
    ),
    _t(
        "address",
        "addresses.csv",
        {
            "id": None,
            "location_id": None,
            "address_type": None,
            "address_1": "address_1",
            "address_2": "address_2",
            "city": "city",
            "state_province": "state_province",
            "postal_code": "postal_code",
            "country": "country",
        },
        "location_id",
        ignored="attention region",
    ),
    _t(
        "service_at_location",
        "service_at_location.csv",
        {"id": None, "service_id": None, "location_id": None},
        "service_id",
        "location_id",
        ignored="description",
    ),
    _t(
        "schedule",
        "schedules.csv",
        {
            "id": None,
            "service_id": None,
            "service_at_location_id": None,
            "location_id": None,
            "freq": None,
            "byday": "weekday",
            "opens_at": "opens_at",
            "closes_at": "closes_at",
            "timezone": "time_zone",
            "description": "description",
        },
        "byday",
        "opens_at",
        "closes_at",
        ignored="valid_from valid_to dtstart until count wkst interval byweekno bymonthday "
        "byyearday schedule_link attending_type notes",
    ),
    _t(
        "phone",
        "phones.csv",
        {
            "id": None,
            "organization_id": None,
            "service_id": None,
            "location_id": None,
            "service_at_location_id": None,
            "number": "number",
            "extension": "extension",
            "type": "type",
            "description": "description",
        },
        "number",
        ignored="contact_id language",
    ),
    _t(
        "language",
        "languages.csv",
        {"id": None, "service_id": None, "name": None, "code": None},
        "service_id",
        ignored="location_id phone_id note",
    ),
    _t(
        "accessibility",
        "accessibility.csv",
        {"id": None, "location_id": None, "description": None, "details": None},
        "location_id",
        ignored="url",
    ),
    _t(
        "cost_option",
        "cost_options.csv",
        {"id": None, "service_id": None, "option": None, "amount": None},
        "service_id",
        ignored="valid_from valid_to currency amount_description",
    ),
    _t(
        "taxonomy_term",
        "taxonomy_terms.csv",
        {"id": None, "code": None, "name": None},
        ignored="description parent_id taxonomy language taxonomy_id term_uri",
    ),
    _t(
        "attribute",
        "attributes.csv",
        {"id": None, "link_id": None, "taxonomy_term_id": None, "link_type": None},
        "link_id",
        "taxonomy_term_id",
        ignored="link_entity value label",
    ),
)
BY_NAME = {table.name: table for table in TABLES}
BY_CSV = {table.csv: table for table in TABLES}

# Where each row was in its file: `file` names the JSON table or the CSV file; `index` is the
# position in the JSON array (from 0) or the line of the CSV file (the header is line 1).
Row = tuple[int, dict[str, Any]]


@dataclass
class TableRows:
    file: str
    rows: list[Row] = field(default_factory=list)


Tables = dict[str, TableRows]


@dataclass(frozen=True)
class Problem:
    file: str
    index: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.index is not None:
            where += f" {'line' if self.file.endswith('.csv') else 'index'} {self.index}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "index": self.index, "field": self.field, "msg": self.message}


def unknown_columns(table: Table, columns: list[str]) -> list[str]:
    return [name for name in columns if name not in table.allowed]


def wrong_column(table: Table, file: str, index: int | None, name: str) -> Problem:
    expected = ", ".join(sorted(table.columns))
    return Problem(file, index, name, f"Unknown column “{name}”; {table.name} has {expected}.")
