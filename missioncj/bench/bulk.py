"""Bulk work: a 10,000-row HSDS directory import (read, validate every row, store; inside a
transaction that is rolled back, so the database is unchanged) and a 100,000-row streamed
CSV export through the product's one table writer, with its peak memory.

The export streams contacts (the largest clinical table) through `interop.tables.write_table`
— the writer every download uses — and reads the spooled file out as a response would send it.
When the table holds fewer rows than asked (the small demo), it is read again from the start
until the count is reached; the JSON says how many passes it took."""

from __future__ import annotations

import itertools
import os
import tracemalloc
from collections.abc import Iterator
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from missioncj.bench import facts as f
from missioncj.bench.ops import Context, Operation, Target
from missioncj.bench.pages import preferred
from missioncj.bench.sql import fetch_chunks, marks, t
from missioncj.care.models import Contact
from missioncj.core.exports import Column
from missioncj.interop.tables import Table, write_table
from missioncj.linkage.hsds.imports import import_directory
from missioncj.linkage.hsds.jsonio import write_json
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Source,
    SourceKind,
)
from missioncj.participants.models import Participant
from missioncj.programs.models import Program

IMPORT = Target(p95_ms=10_000)
EXPORT = Target(p95_ms=10_000, flat_memory=True)
ROWS_PER_ORGANIZATION = 10  # organization, location, address, phone, 2 x (service, at, hours)
SOURCE = "Benchmark import (rolled back)"
CHUNK = 2000
SEND_CHUNK = 64 * 1024
FLAT = 1.5  # peak memory at N rows at most this many times the peak at N/2 rows


class RolledBack(Exception):
    """Raised inside the import's transaction so nothing it wrote is kept."""


# --- import --------------------------------------------------------------------------------------


def hsds_document(rows: int) -> dict[str, list[dict[str, Any]]]:
    """A valid HSDS directory of `rows` rows (rounded down to whole organizations)."""
    doc: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "organization",
            "service",
            "location",
            "address",
            "service_at_location",
            "schedule",
            "phone",
        )
    }
    for n in range(1, rows // ROWS_PER_ORGANIZATION + 1):
        org, loc = f"bench-org-{n}", f"bench-loc-{n}"
        doc["organization"].append(
            {"id": org, "name": f"Benchmark Agency {n}", "description": "Benchmark row."}
        )
        doc["location"].append(
            {
                "id": loc,
                "organization_id": org,
                "name": f"Benchmark Agency {n} · Main office",
                "latitude": f"{41.8 + (n % 100) / 1000:.6f}",
                "longitude": f"{-71.4 - (n % 100) / 1000:.6f}",
            }
        )
        doc["address"].append(
            {
                "id": f"{loc}-a",
                "location_id": loc,
                "address_1": f"{n} Main Street",
                "city": "Providence",
                "state_province": "RI",
                "postal_code": "02903",
                "country": "US",
            }
        )
        doc["phone"].append(
            {"id": f"{org}-ph", "organization_id": org, "number": f"(555) 555-{n % 10000:04d}"}
        )
        for m, category in enumerate(("sud_treatment", "recovery_coach"), start=1):
            sid = f"{org}-svc-{m}"
            doc["service"].append(
                {
                    "id": sid,
                    "organization_id": org,
                    "name": f"Benchmark service {n}.{m}",
                    "status": "active",
                    "category": category,
                    "description": "Walk in, weekdays.",
                }
            )
            doc["service_at_location"].append(
                {"id": f"{sid}-at", "service_id": sid, "location_id": loc}
            )
            doc["schedule"].append(
                {
                    "id": f"{sid}-hours",
                    "service_id": sid,
                    "freq": "WEEKLY",
                    "byday": "MO",
                    "opens_at": "09:00",
                    "closes_at": "17:00",
                }
            )
    return doc


def document_rows(doc: dict[str, list[dict[str, Any]]]) -> int:
    return sum(len(rows) for rows in doc.values())


def _next_ids(*tables: type[models.Model]) -> Iterator[int]:
    top = 0
    for model in tables:
        top = max(top, model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0)
    return itertools.count(top + 1)


def planned_rows(program: Program, doc: dict[str, list[dict[str, Any]]]) -> list[tuple]:
    """The rows the import stores, as (model, objects) with explicit keys, for the
    hand-written INSERTs the import is compared with."""
    ids = _next_ids(
        Source, Organization, Service, Location, ServiceAtLocation, Schedule, DirectoryPhone
    )
    source = Source(pk=next(ids), program=program, name=SOURCE, kind=SourceKind.HSDS)
    keyed = {"source": source}
    orgs, locations, phones, services, ats, hours = [], [], [], [], [], []
    for row in doc["organization"]:
        orgs.append(Organization(pk=next(ids), source_key=row["id"], name=row["name"], **keyed))
    by_org = {o.source_key: o for o in orgs}
    addresses = {a["location_id"]: a for a in doc["address"]}
    for row in doc["location"]:
        a = addresses[row["id"]]
        locations.append(
            Location(
                pk=next(ids),
                source_key=row["id"],
                organization=by_org[row["organization_id"]],
                name=row["name"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                address_1=a["address_1"],
                city=a["city"],
                state_province=a["state_province"],
                postal_code=a["postal_code"],
                **keyed,
            )
        )
    by_loc = {loc.source_key: loc for loc in locations}
    for row in doc["phone"]:
        phones.append(
            DirectoryPhone(
                pk=next(ids),
                source_key=row["id"],
                organization=by_org[row["organization_id"]],
                number=row["number"],
                **keyed,
            )
        )
    for row in doc["service"]:
        services.append(
            Service(
                pk=next(ids),
                source_key=row["id"],
                organization=by_org[row["organization_id"]],
                name=row["name"],
                description=row["description"],
                categories=[row["category"]],
                **keyed,
            )
        )
    by_service = {s.source_key: s for s in services}
    for row in doc["service_at_location"]:
        ats.append(
            ServiceAtLocation(
                pk=next(ids),
                source_key=row["id"],
                service=by_service[row["service_id"]],
                location=by_loc[row["location_id"]],
                **keyed,
            )
        )
    for row in doc["schedule"]:
        hours.append(
            Schedule(
                pk=next(ids),
                source_key=f"{row['id']}:MO",
                service=by_service[row["service_id"]],
                weekday=0,
                opens_at="09:00",
                closes_at="17:00",
                **keyed,
            )
        )
    tables: list[tuple[type[models.Model], list[Any]]] = [
        (Source, [source]),
        (Organization, orgs),
        (Location, locations),
        (DirectoryPhone, phones),
        (Service, services),
        (ServiceAtLocation, ats),
        (Schedule, hours),
    ]
    return [_insert(model, objects) for model, objects in tables]


def _insert(model: type[models.Model], objects: list[Any]) -> tuple[str, list[list[Any]]]:
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"INSERT INTO {t(model)} ({columns}) VALUES ({marks(fields)})"
    now = timezone.now()
    params = []
    for obj in objects:
        for name in ("created_at", "updated_at"):
            if hasattr(obj, name):
                setattr(obj, name, now)
        params.append(
            [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        )
    return sql, params


def import_op(ctx: Context) -> Operation:
    program = Program.objects.get(public_id=ctx.facts.report_program)
    user = f.overseer(program, preferred(ctx, "director", "supervisor"))
    doc = hsds_document(ctx.import_rows)
    data = write_json(doc)
    inserts = planned_rows(program, doc)

    def run(_: int) -> None:
        try:
            with transaction.atomic():
                import_directory(actor=user, program=program, source_name=SOURCE, data=data)
                raise RolledBack
        except RolledBack:
            pass

    def hand_sql(_: int) -> int:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for sql, params in inserts:
                    cursor.executemany(sql, params)
                raise RolledBack
        except RolledBack:
            pass
        return sum(len(params) for _, params in inserts)

    return Operation(
        name="import_10k",
        label=f"Import {document_rows(doc):,} HSDS rows (validate + store)",
        target=IMPORT,
        run=run,
        hand_sql=hand_sql,
        rows=document_rows(doc),
        note=f"as {user.username}; JSON, {len(data) // 1024} KiB; rolled back",
        heavy=True,
    )


# --- export --------------------------------------------------------------------------------------

COLUMNS = [
    Column("contact", "Contact id"),
    Column("participant", "Participant id"),
    Column("occurred_at", "When"),
    Column("minutes", "Minutes"),
    Column("modality", "Modality"),
    Column("location", "Location"),
    Column("with_whom", "With"),
    Column("components", "Components"),
    Column("signed_at", "Signed"),
    Column("note", "Note"),
]
FIELDS = (
    "public_id",
    "participant__public_id",
    "occurred_at",
    "duration_minutes",
    "modality",
    "location",
    "with_whom",
    "components",
    "signed_at",
    "note",
)


def contact_rows(limit: int, passes: list[int]) -> Iterator[tuple]:
    """`limit` contact rows, reading the table again from the start when it holds fewer."""
    produced = 0
    while produced < limit:
        before = produced
        rows = Contact.objects.order_by("pk").values_list(*FIELDS)[: limit - produced]
        for row in rows.iterator(chunk_size=CHUNK):
            produced += 1
            yield row
        passes.append(1)
        if produced == before:
            return


def export_once(limit: int) -> int:
    passes: list[int] = []
    written = write_table(Table("contacts", COLUMNS, contact_rows(limit, passes)), "csv")
    try:
        while written.file.read(SEND_CHUNK):
            pass
    finally:
        written.file.close()
    return written.rows


def export_sql(limit: int) -> int:
    sql = (
        f"SELECT c.public_id, p.public_id, c.occurred_at, c.duration_minutes, c.modality, "
        f"c.location, c.with_whom, c.components, c.signed_at, c.note FROM {t(Contact)} c "
        f"JOIN {t(Participant)} p ON p.id = c.participant_id ORDER BY c.id LIMIT %s"
    )
    produced = 0
    while produced < limit:
        before = produced
        for _ in fetch_chunks(sql, [limit - produced], CHUNK):
            produced += 1
        if produced == before:
            break
    return produced


def rss_kib(field: str = "VmRSS") -> int:
    """Resident memory of this process (VmRSS) or its peak (VmHWM), in KiB (0 if unknown)."""
    try:
        with open(f"/proc/{os.getpid()}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def traced_peak(limit: int) -> int:
    tracemalloc.start()
    try:
        export_once(limit)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def export_op(ctx: Context) -> Operation:
    limit = ctx.export_rows
    table_rows = Contact.objects.count()
    start = {"rss": rss_kib(), "peak": rss_kib("VmHWM")}

    def after() -> dict[str, Any]:
        rss, peak = rss_kib(), rss_kib("VmHWM")
        full, half = traced_peak(limit), traced_peak(max(limit // 2, 1))
        ratio = round(full / half, 2) if half else None
        return {
            "rows": limit,
            "table_rows": table_rows,
            "passes": -(-limit // table_rows) if table_rows else 0,
            "tracemalloc_peak_mib": round(full / 2**20, 2),
            "tracemalloc_peak_half_mib": round(half / 2**20, 2),
            "peak_ratio_to_half": ratio,
            "rss_growth_mib": round((rss - start["rss"]) / 1024, 1),
            "rss_peak_growth_mib": round((peak - start["peak"]) / 1024, 1),
            "flat_memory": ratio is not None and ratio <= FLAT,
        }

    return Operation(
        name="export_100k",
        label=f"Export {limit:,} rows, streamed CSV (peak memory)",
        target=EXPORT,
        run=lambda i: export_once(limit),
        hand_sql=lambda i: export_sql(limit),
        rows=limit,
        note=f"contacts through interop.tables.write_table; table holds {table_rows:,} rows",
        heavy=True,
        after=after,
    )
