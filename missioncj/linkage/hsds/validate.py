"""Checking a whole HSDS file before anything is stored.

`validate(tables)` checks every row of every table — required columns, duplicate ids, links to
ids that are not in the file, and each value through the same `clean_*` the entry services use
— and returns a `Plan` (what to store, keyed by id) with the list of problems. Child tables
fold into their parents: address → location fields, accessibility → location, language and
cost_option → service, attribute + taxonomy_term → service categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from missioncj.linkage.directory_fields import Checker, as_text, split_list
from missioncj.linkage.directory_rows import (
    clean_location,
    clean_organization,
    clean_phone,
    clean_schedule,
    clean_service,
)
from missioncj.linkage.hsds.categories import category_for
from missioncj.linkage.hsds.tables import BY_NAME, TABLES, Problem, Row, Tables

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ENTRY_TABLES = ("organization", "service", "location", "service_at_location", "schedule", "phone")


Links = dict[str, tuple[str, str] | None]  # our foreign key → (table, id in the file)


@dataclass
class Planned:
    fields: dict[str, Any]
    links: Links = field(default_factory=dict)


@dataclass
class Plan:
    rows: dict[str, dict[str, Planned]] = field(
        default_factory=lambda: {name: {} for name in ENTRY_TABLES}
    )

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.rows.items()}


def validate(tables: Tables) -> tuple[Plan, list[Problem]]:
    return _Validator(tables).run()


class _Validator:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, Row]] = {t.name: {} for t in TABLES}
        self.plan = Plan()

    def run(self) -> tuple[Plan, list[Problem]]:
        for table in TABLES:
            self._index(table.name)
        categories = self._categories()
        languages = self._grouped("language", "service_id", self._language)
        free = self._cost()
        access = self._grouped("accessibility", "location_id", self._accessibility)
        addresses = self._addresses()
        self._organizations()
        self._services(categories, languages, free)
        self._locations(addresses, access)
        self._services_at_locations()
        self._schedules()
        self._phones()
        # A schedule row for several days is checked once per day: say each problem once.
        return self.plan, list(dict.fromkeys(self.problems))

    # --- helpers --------------------------------------------------------------------------

    def file(self, table: str) -> str:
        return self.tables[table].file

    def rows(self, table: str) -> list[Row]:
        return list(self.ids[table].values())

    def add(self, table: str, index: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(self.file(table), index, column, message))

    def _index(self, table: str) -> None:
        if table not in self.tables:
            return
        spec = BY_NAME[table]
        for index, values in self.tables[table].rows:
            missing = [c for c in spec.required if not as_text(values.get(c))]
            for column in missing:
                self.add(table, index, column, f"Required: give the {column}.")
            key = as_text(values.get("id"))
            if not key:
                continue
            if key in self.ids[table]:
                first = self.ids[table][key][0]
                self.add(table, index, "id", f"Duplicate id “{key}” (first at {first}).")
                continue
            if not missing:
                self.ids[table][key] = (index, values)

    def ref(self, table: str, row: Row, column: str, target: str) -> str | None:
        """The id a link column names, if it names a row of `target` in this file."""
        key = as_text(row[1].get(column))
        if not key:
            return None
        if key not in self.ids[target]:
            self.add(table, row[0], column, f"No {target} with id “{key}” in this file.")
            return None
        return key

    def report(self, table: str, index: int, c: Checker, back: dict[str, str]) -> bool:
        for name, messages in c.found.items():
            for message in messages:
                self.add(table, index, back.get(name, name), message)
        return not c.found

    def mapped(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for column, ours in BY_NAME[table].columns.items():
            if ours and as_text(values.get(column)):
                out[ours] = values[column]
        return out

    def back(self, table: str, values: dict[str, Any]) -> dict[str, str]:
        """Our field → the column the file used (for messages)."""
        out: dict[str, str] = {}
        for column, ours in BY_NAME[table].columns.items():
            if ours and (ours not in out or column in values):
                out[ours] = column
        return out

    # --- child tables folded into their parents ---------------------------------------------

    def _grouped(self, table: str, column: str, value: Any) -> dict[str, list[Any]]:
        target = "service" if column == "service_id" else "location"
        out: dict[str, list[Any]] = {}
        for row in self.rows(table):
            parent = self.ref(table, row, column, target)
            item = value(table, row)
            if parent and item and item not in out.setdefault(parent, []):
                out[parent].append(item)
        return out

    def _language(self, table: str, row: Row) -> str | None:
        name = as_text(row[1].get("name")) or as_text(row[1].get("code"))
        if not name:
            self.add(table, row[0], "name", "Give the language's name or code.")
        return name or None

    def _accessibility(self, table: str, row: Row) -> str | None:
        text = as_text(row[1].get("description")) or as_text(row[1].get("details"))
        if not text:
            self.add(table, row[0], "description", "Say what the accessibility feature is.")
        return text or None

    def _cost(self) -> dict[str, bool]:
        free: dict[str, bool] = {}
        for row in self.rows("cost_option"):
            service = self.ref("cost_option", row, "service_id", "service")
            amount_text = as_text(row[1].get("amount"))
            amount = None
            if amount_text:
                try:
                    amount = Decimal(amount_text)
                except InvalidOperation:
                    self.add("cost_option", row[0], "amount", "Give the amount as a number.")
            words = as_text(row[1].get("option")).lower()
            no_cost = amount == 0 or "free" in words or "no cost" in words
            if service:
                free[service] = free.get(service, False) or no_cost
        return free

    def _categories(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for row in self.rows("attribute"):
            kind = as_text(row[1].get("link_type")).lower()
            term_key = self.ref("attribute", row, "taxonomy_term_id", "taxonomy_term")
            if kind not in ("", "service"):
                continue  # attributes of other entries carry nothing we keep
            service = self.ref("attribute", row, "link_id", "service")
            if service and term_key:
                term = self.ids["taxonomy_term"][term_key][1]
                code = category_for(as_text(term.get("code")), as_text(term.get("name")))
                if code not in out.setdefault(service, []):
                    out[service].append(code)
        return out

    def _addresses(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row in self.rows("address"):
            location = self.ref("address", row, "location_id", "location")
            kind = as_text(row[1].get("address_type")).lower()
            if kind not in ("", "physical", "postal", "virtual"):
                self.add("address", row[0], "address_type", "Use physical, postal or virtual.")
            if location and (location not in out or kind in ("", "physical")):
                if out.get(location, {}).get("_physical"):
                    continue  # the first physical address is the one we keep
                out[location] = {**self.mapped("address", row[1]), "_physical": kind != "postal"}
        return out

    # --- the entries -------------------------------------------------------------------------

    def _organizations(self) -> None:
        for index, values in self.rows("organization"):
            c = Checker()
            cleaned = clean_organization(c, self.mapped("organization", values))
            if self.report("organization", index, c, self.back("organization", values)):
                self.plan.rows["organization"][as_text(values["id"])] = Planned(cleaned)

    def _services(
        self,
        categories: dict[str, list[str]],
        languages: dict[str, list[Any]],
        free: dict[str, bool],
    ) -> None:
        for row in self.rows("service"):
            index, values = row
            key = as_text(values["id"])
            organization = self.ref("service", row, "organization_id", "organization")
            data = self.mapped("service", values)
            named = [category_for(term, term) for term in split_list(values.get("category"))]
            data["categories"] = named + categories.get(key, [])
            data["languages"] = languages.get(key, [])
            data["free"] = free.get(key)
            c = Checker()
            cleaned = clean_service(c, data)
            if self.report("service", index, c, self.back("service", values)) and organization:
                links: Links = {"organization": ("organization", organization)}
                self.plan.rows["service"][key] = Planned(cleaned, links)

    def _locations(
        self, addresses: dict[str, dict[str, Any]], access: dict[str, list[Any]]
    ) -> None:
        for row in self.rows("location"):
            index, values = row
            key = as_text(values["id"])
            organization = self.ref("location", row, "organization_id", "organization")
            address = {k: v for k, v in addresses.get(key, {}).items() if k != "_physical"}
            data = {**self.mapped("location", values), **address, "accessibility": access.get(key)}
            c = Checker()
            cleaned = clean_location(c, data)
            back = {**self.back("location", values), **dict.fromkeys(address, "address")}
            if self.report("location", index, c, back) and organization:
                links: Links = {"organization": ("organization", organization)}
                self.plan.rows["location"][key] = Planned(cleaned, links)

    def _services_at_locations(self) -> None:
        pairs: dict[tuple[str, str], int] = {}
        for row in self.rows("service_at_location"):
            service = self.ref("service_at_location", row, "service_id", "service")
            location = self.ref("service_at_location", row, "location_id", "location")
            if not (service and location):
                continue
            if (service, location) in pairs:
                message = f"This service is already at this location ({pairs[service, location]})."
                self.add("service_at_location", row[0], "location_id", message)
                continue
            pairs[service, location] = row[0]
            links: Links = {"service": ("service", service), "location": ("location", location)}
            self.plan.rows["service_at_location"][as_text(row[1]["id"])] = Planned({}, links)

    def _days(self, row: Row) -> list[int]:
        days = [d.upper() for d in split_list(row[1].get("byday"))]
        wrong = [d for d in days if d not in DAYS]
        if wrong:
            message = f"Use two-letter day codes MO, TU, WE, TH, FR, SA, SU (not “{wrong[0]}”)."
            self.add("schedule", row[0], "byday", message)
        freq = as_text(row[1].get("freq")).upper()
        if freq not in ("", "WEEKLY"):
            self.add("schedule", row[0], "freq", "Only weekly hours are kept: use WEEKLY.")
        return [DAYS.index(d) for d in days if d in DAYS]

    def _schedules(self) -> None:
        for row in self.rows("schedule"):
            index, values = row
            at = self.ref("schedule", row, "service_at_location_id", "service_at_location")
            service = self.ref("schedule", row, "service_id", "service")
            if not (at or service or self._named(values, "service_at_location_id", "service_id")):
                column = "location_id" if as_text(values.get("location_id")) else "service_id"
                message = "Name the service_id or service_at_location_id these hours are for."
                self.add("schedule", index, column, message)
                continue
            days = self._days(row)
            zone = as_text(values.get("timezone"))
            zone = "" if zone.lstrip("+-").replace(".", "").isdigit() else zone  # an offset
            links: Links = {"service_at_location": ("service_at_location", at)} if at else {}
            if not at and service:
                links = {"service": ("service", service)}
            for day in days:
                data = {**self.mapped("schedule", values), "weekday": day, "time_zone": zone}
                c = Checker()
                cleaned = clean_schedule(c, data)
                key = as_text(values["id"]) + ("" if len(days) == 1 else f":{DAYS[day]}")
                if self.report("schedule", index, c, self.back("schedule", values)) and links:
                    self.plan.rows["schedule"][key] = Planned(cleaned, links)

    @staticmethod
    def _named(values: dict[str, Any], *columns: str) -> bool:
        return any(as_text(values.get(column)) for column in columns)

    def _phones(self) -> None:
        for row in self.rows("phone"):
            index, values = row
            links: Links = {}
            for column, target in (
                ("organization_id", "organization"),
                ("service_id", "service"),
                ("location_id", "location"),
            ):
                key = self.ref("phone", row, column, target)
                links[target] = (target, key) if key else None
            at = self.ref("phone", row, "service_at_location_id", "service_at_location")
            if at and at in self.plan.rows["service_at_location"]:
                pair = self.plan.rows["service_at_location"][at].links
                links["service"] = links["service"] or pair["service"]
                links["location"] = links["location"] or pair["location"]
            if not any(links.values()) and not at:
                if not self._named(values, *(c for c in BY_NAME["phone"].columns if "_id" in c)):
                    self.add("phone", index, "service_id", "Say whose phone this is.")
                continue
            c = Checker()
            cleaned = clean_phone(c, self.mapped("phone", values))
            if self.report("phone", index, c, self.back("phone", values)) and any(links.values()):
                self.plan.rows["phone"][as_text(values["id"])] = Planned(cleaned, links)
