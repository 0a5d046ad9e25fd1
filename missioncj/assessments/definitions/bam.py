"""Brief Addiction Monitor, Likert (0-4) version. VA-developed (VISN 4 MIRECC), freely used.

Brief item labels only. Item 7 (days of use per substance) is asked only when item 6 is above 0;
items 7 and 17 are in no subscale. There is no total: the developers stress item-level review.
"""

from missioncj.assessments.definitions._common import options

SCALE = options("0 (none / not at all)", "1", "2", "3", "4 (most / extremely)")
LABELS = {
    1: "Physical health in general (0 excellent … 4 poor)",
    2: "Nights with trouble falling or staying asleep",
    3: "Days felt depressed, anxious, angry or very upset",
    4: "Days drank any alcohol",
    5: "Days had at least 5 drinks (4 for women)",
    6: "Days used illegal or street drugs, or misused prescription medicines",
    8: "How much bothered by cravings or urges to drink or use",
    9: "Confidence in ability to be completely abstinent",
    10: "Days attended self-help meetings",
    11: "Days in risky situations",
    12: "Religion or spirituality helps support recovery",
    13: "Days spent time in work, school or volunteer activities",
    14: "Enough income to pay for necessities",
    15: "How much bothered by arguments or problems with family or friends",
    16: "Days in contact with supportive family or friends",
    17: "Satisfaction with progress toward recovery goals",
}
SUBSTANCES = [
    ("a", "marijuana"),
    ("b", "sedatives or tranquilizers"),
    ("c", "cocaine or crack"),
    ("d", "stimulants"),
    ("e", "opioids"),
    ("f", "inhalants"),
    ("g", "other drugs"),
]


def _items() -> list[dict]:
    out: list[dict] = []
    for n in range(1, 18):
        if n == 7:
            out.extend(
                {
                    "id": f"q7{letter}",
                    "text": f"7{letter.upper()}. Days used {name}",
                    "options": SCALE,
                    "required": True,
                    "show_if": {"item": "q6", "op": ">=", "value": 1},
                }
                for letter, name in SUBSTANCES
            )
            continue
        out.append({"id": f"q{n}", "text": LABELS[n], "options": SCALE, "required": True})
    return out


def _q(*numbers: int) -> list[str]:
    return [f"q{n}" for n in numbers]


DEFINITION = {
    "code": "bam",
    "name": "BAM (Brief Addiction Monitor)",
    "licence": "VA-developed (VISN 4 MIRECC); freely used.",
    "score_entry_only": False,
    "definition": {
        "recall": "In the past 30 days:",
        "loinc": {"panel": None, "total": None},
        "unverified": ["LOINC codes not checked.", "Flag thresholds are vendor guidance."],
        "items": _items(),
        "scoring": {
            "method": "subscales",
            "subscales": [
                {
                    "code": "use",
                    "label": "Use (items 4, 5, 6)",
                    "items": _q(4, 5, 6),
                    "range": [0, 12],
                    "concern": {"op": ">=", "value": 1, "label": "Any use reported"},
                },
                {
                    "code": "risk",
                    "label": "Risk factors (items 1, 2, 3, 8, 11, 15)",
                    "items": _q(1, 2, 3, 8, 11, 15),
                    "range": [0, 24],
                    "concern": {"op": ">=", "value": 12, "label": "Risk 12 or more"},
                },
                {
                    "code": "protective",
                    "label": "Protective factors (items 9, 10, 12, 13, 14, 16)",
                    "items": _q(9, 10, 12, 13, 14, 16),
                    "range": [0, 24],
                    "concern": {"op": "<=", "value": 12, "label": "Protective 12 or less"},
                },
            ],
        },
    },
}
