"""Shipped schedule profiles: the MISSION-CJ outcome measures and the two SAMHSA funder
interviews. A program adopts one (services.adopt_profile) and gets an ordinary schedule it can
edit on its schedules page: windows, instruments, target rate and notice time are the program's
to correct, no code needed.

A timepoint's dates are (months, days) from its anchor; see schedules.py.
"""

from __future__ import annotations

from typing import Any


def _tp(
    code: str,
    label: str,
    instruments: list[str],
    *,
    anchor: str = "enrollment",
    due: tuple[int, int] = (0, 0),
    opens: tuple[int, int] = (0, 0),
    closes: tuple[int, int] = (0, 0),
    repeat_months: int | None = None,
    follow_up: bool = True,
    ends_at_discharge: bool = True,
    preset: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "label": label,
        "instruments": instruments,
        "anchor": anchor,
        "due_months": due[0],
        "due_days": due[1],
        "opens_months": opens[0],
        "opens_days": opens[1],
        "closes_months": closes[0],
        "closes_days": closes[1],
        "repeat_months": repeat_months,
        "follow_up": follow_up,
        "ends_at_discharge": ends_at_discharge,
        "preset": preset or {},
    }


OUTCOME_SET = ["phq9", "gad7", "pcl5", "bam", "barc10"]

PROFILES: dict[str, dict[str, Any]] = {
    "mission": {
        "name": "MISSION-CJ outcome measures",
        "note": (
            "The measures the published MISSION-CJ studies used, at baseline, 3, 6 and 12 "
            "months and discharge. Windows follow the funder convention of one month before "
            "to two months after the anniversary; a program chooses its own."
        ),
        "unverified": ["Windows and the 3-month set are a program choice, not a published rule."],
        "target_rate": "0.80",
        "lead_days": 30,
        "timepoints": [
            _tp("baseline", "Baseline", OUTCOME_SET, due=(0, 14), closes=(0, 30), follow_up=False),
            _tp(
                "m3",
                "3 months",
                ["phq9", "gad7", "barc10"],
                due=(3, 0),
                opens=(2, 0),
                closes=(4, 0),
            ),
            _tp("m6", "6 months", OUTCOME_SET, due=(6, 0), opens=(5, 0), closes=(8, 0)),
            _tp("m12", "12 months", OUTCOME_SET, due=(12, 0), opens=(11, 0), closes=(14, 0)),
            _tp(
                "discharge",
                "Discharge",
                OUTCOME_SET,
                anchor="discharge",
                closes=(0, 30),
                follow_up=False,
            ),
        ],
    },
    "suprt": {
        "name": "SAMHSA SUPRT",
        "note": (
            "SAMHSA Unified Performance Reporting Tool (from 1 Oct 2025): SUPRT-A completed by "
            "staff from the record at every assessment; SUPRT-C, the client's voluntary "
            "self-report, is offered at the same times. Baseline within 30 days of intake, "
            "6-month reassessment 180 days after baseline ± 30 days, annual on each anniversary "
            "± 30 days, close-out within 30 days of the end of care; a close-out before a "
            "reassessment window ends the schedule."
        ),
        "unverified": [
            "Windows are taken from grantee guidance, not from the SUPRT QxQ guide itself.",
            "Assessment type codes (1 baseline, 2 reassessment, 3 annual, 4 close-out).",
        ],
        "target_rate": "0.80",
        "lead_days": 30,
        "timepoints": [
            _tp(
                "baseline",
                "Baseline",
                ["suprt_a"],
                due=(0, 30),
                closes=(0, 30),
                follow_up=False,
                preset={"interview_type": 1},
            ),
            _tp(
                "reassessment",
                "6-month reassessment",
                ["suprt_a"],
                anchor="baseline",
                due=(0, 180),
                opens=(0, 150),
                closes=(0, 210),
                preset={"interview_type": 2},
            ),
            _tp(
                "annual",
                "Annual",
                ["suprt_a"],
                anchor="baseline",
                due=(12, 0),
                opens=(12, -30),
                closes=(12, 30),
                repeat_months=12,
                preset={"interview_type": 3},
            ),
            _tp(
                "closeout",
                "Close-out",
                ["suprt_a"],
                anchor="discharge",
                due=(0, 30),
                closes=(0, 30),
                follow_up=False,
                preset={"interview_type": 4},
            ),
        ],
    },
    "gpra": {
        "name": "CSAT GPRA",
        "note": (
            "CSAT GPRA Client Outcome Measures: intake, 6-month follow-up counted only 5 to 8 "
            "months after the intake interview, and discharge. At least 80% of intakes need a "
            "6-month follow-up in window. The follow-up is owed even after discharge."
        ),
        "unverified": [
            "Intake and discharge windows (30 and 14 days) are a program convention.",
        ],
        "target_rate": "0.80",
        "lead_days": 30,
        "timepoints": [
            _tp(
                "baseline",
                "Intake",
                ["gpra"],
                due=(0, 0),
                closes=(0, 30),
                follow_up=False,
                preset={"interview_type": 1},
            ),
            _tp(
                "m6",
                "6-month follow-up",
                ["gpra"],
                anchor="baseline",
                due=(6, 0),
                opens=(5, 0),
                closes=(8, 0),
                ends_at_discharge=False,
                preset={"interview_type": 2},
            ),
            _tp(
                "discharge",
                "Discharge",
                ["gpra"],
                anchor="discharge",
                closes=(0, 14),
                follow_up=False,
                preset={"interview_type": 5},
            ),
        ],
    },
}
