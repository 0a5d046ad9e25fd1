"""What interop lists on a program's Outcomes page (registered from `InteropConfig.ready()`;
interop sits above outcomes, so it registers with it rather than being imported by it)."""

from __future__ import annotations

from missioncj.outcomes.reports import Report, register


def connect() -> None:
    register(
        Report(
            "Research extract (de-identified)",
            "interop:research_extract",
            "A zip of CSV files for evaluators and researchers: random study ids, age bands, "
            "dates moved by a per-person offset, no names, identifiers or free text.",
            evaluator=True,
            order=90,
        )
    )
    register(
        Report(
            "Funder export (GPRA, SUPRT)",
            "interop:funder_export",
            "Completed funder interviews for a period as CSV or XLSX, keyed by client id.",
            evaluator=False,
            order=91,
        )
    )
