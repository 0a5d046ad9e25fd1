"""The instruments this release ships, one module per instrument (plain data).

Each module has DEFINITION = {"code", "name", "licence", "score_entry_only", "definition"};
`definition` is what an InstrumentVersion stores and what `assessments.scoring` reads.
`assessments.services.sync_instruments()` loads them into the database.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

MODULES = [
    "phq9",
    "gad7",
    "pcl5",
    "audit",
    "auditc",
    "dast10",
    "bam",
    "barc10",
    "cssrs",
    "proxy",
    "lsir",
    # funder interviews: recorded, not scored
    "gpra",
    "suprt_a",
    "suprt_c",
]


def shipped() -> list[dict[str, Any]]:
    return [import_module(f"{__name__}.{name}").DEFINITION for name in MODULES]
