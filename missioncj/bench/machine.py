"""The machine, the software and the data a run measured: CPU model and cores, memory, load,
Python, Django and database versions, and the rows in every table."""

from __future__ import annotations

import os
import platform
import sqlite3
from typing import Any

import django
from django.apps import apps
from django.db import connection

from missioncj.core.models import AuditChainHead, AuditEvent

# Tables a run may change: the audit events its reads write (and their chain heads' hashes).
AUDIT_TABLES = {AuditEvent._meta.db_table, AuditChainHead._meta.db_table}


def _proc(path: str, key: str) -> str:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def database_version() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def describe() -> dict[str, Any]:
    memory = _proc("/proc/meminfo", "MemTotal")
    kib = int(memory.split()[0]) if memory else 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count() or 0
    return {
        "cpu": _proc("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gib": round(kib / 2**20, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database_version(),
    }


def tables() -> list[str]:
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(names & existing)


def counts(skip: set[str] | None = None) -> dict[str, int]:
    """Rows in every table (one COUNT(*) each)."""
    out = {}
    with connection.cursor() as cursor:
        for table in tables():
            if skip and table in skip:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            out[table] = int(cursor.fetchone()[0])
    return out


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, list[int]]:
    """Tables (audit tables aside) whose row count is not what it was."""
    return {
        table: [before.get(table, 0), after.get(table, 0)]
        for table in sorted(set(before) | set(after))
        if table not in AUDIT_TABLES and before.get(table, 0) != after.get(table, 0)
    }
