"""GAD-7. Same release as the PHQ: no fee or permission needed."""

from missioncj.assessments.definitions._common import band, items
from missioncj.assessments.definitions.phq9 import SCALE

DEFINITION = {
    "code": "gad7",
    "name": "GAD-7 (anxiety)",
    "licence": "No fee or permission needed (Pfizer-funded, authors' release).",
    "score_entry_only": False,
    "definition": {
        "recall": "Over the last 2 weeks, how often have you been bothered by the following "
        "problems?",
        "loinc": {"panel": "69737-5", "total": "70274-6"},
        "items": items(
            [
                "Feeling nervous, anxious, or on edge",
                "Not being able to stop or control worrying",
                "Worrying too much about different things",
                "Trouble relaxing",
                "Being so restless that it is hard to sit still",
                "Becoming easily annoyed or irritable",
                "Feeling afraid, as if something awful might happen",
            ],
            SCALE,
        ),
        "scoring": {
            "method": "sum",
            "range": [0, 21],
            "bands": [
                band(0, 4, "minimal", "Minimal anxiety"),
                band(5, 9, "mild", "Mild anxiety"),
                band(10, 14, "moderate", "Moderate anxiety"),
                band(15, 21, "severe", "Severe anxiety"),
            ],
            "cutoffs": [{"code": "screen_positive", "min": 10, "label": "At or above 10"}],
        },
    },
}
