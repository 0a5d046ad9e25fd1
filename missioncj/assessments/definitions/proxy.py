"""Proxy risk triage (Bogue et al.): three file facts give 2-8 points.

The point steps and the bands are locally normed; the ones here are common examples and are
UNVERIFIED. A program corrects them by publishing a new version (see docs/assessments.md).
"""

from missioncj.assessments.definitions._common import band, valued

DEFINITION = {
    "code": "proxy",
    "name": "Proxy risk triage",
    "licence": "Free.",
    "score_entry_only": False,
    "definition": {
        "recall": "From the file: the person's age now, age at first arrest, prior arrests.",
        "loinc": {"panel": None, "total": None},
        "unverified": [
            "Point steps per item are an example; use your jurisdiction's norms.",
            "Bands 2-3 / 4-5 / 6-8 are an example (Hawaii: 4 or less lowest level, 5 or more "
            "full LSI-R).",
        ],
        "items": [
            {
                "id": "age",
                "text": "Current age",
                "options": valued((3, "Under 23"), (2, "23 to 33"), (1, "34 or older")),
                "required": True,
            },
            {
                "id": "first_arrest",
                "text": "Age at first arrest",
                "options": valued((3, "Under 17"), (2, "17 to 20"), (1, "21 or older")),
                "required": True,
            },
            {
                "id": "priors",
                "text": "Number of prior arrests",
                "options": valued((0, "None"), (1, "1 to 3"), (2, "4 or more")),
                "required": True,
            },
        ],
        "scoring": {
            "method": "sum",
            "range": [2, 8],
            "bands": [
                band(2, 3, "low", "Low (2-3) [UNVERIFIED band]"),
                band(4, 5, "moderate", "Moderate (4-5) [UNVERIFIED band]"),
                band(6, 8, "high", "High (6-8) [UNVERIFIED band]"),
            ],
        },
    },
}
