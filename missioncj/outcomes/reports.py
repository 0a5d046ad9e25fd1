"""The program's outcome reports, as listed on its Outcomes page. Each report module registers
itself from `outcomes/wiring.py`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    label: str
    url_name: str  # reversed with program_id
    blurb: str
    evaluator: bool = True  # evaluators may open it (aggregates only)
    order: int = 50


REPORTS: list[Report] = []


def register(report: Report) -> Report:
    if report not in REPORTS:
        REPORTS.append(report)
        REPORTS.sort(key=lambda r: (r.order, r.label))
    return report
