"""PHQ-9. No fee or permission needed (Pfizer-funded; authors' release)."""

from missioncj.assessments.definitions._common import band, items, options

SCALE = options("Not at all", "Several days", "More than half the days", "Nearly every day")

DEFINITION = {
    "code": "phq9",
    "name": "PHQ-9 (depression)",
    "licence": "No fee or permission needed (Pfizer-funded, authors' release).",
    "score_entry_only": False,
    "definition": {
        "recall": "Over the last 2 weeks, how often have you been bothered by any of the "
        "following problems?",
        "loinc": {"panel": "44249-1", "total": "44261-6"},
        "items": items(
            [
                "Little interest or pleasure in doing things",
                "Feeling down, depressed, or hopeless",
                "Trouble falling or staying asleep, or sleeping too much",
                "Feeling tired or having little energy",
                "Poor appetite or overeating",
                "Feeling bad about yourself, or that you are a failure or have let yourself "
                "or your family down",
                "Trouble concentrating on things, such as reading the newspaper or watching "
                "television",
                "Moving or speaking so slowly that other people could have noticed, or the "
                "opposite: being so fidgety or restless that you have been moving around a lot "
                "more than usual",
                "Thoughts that you would be better off dead, or of hurting yourself in some way",
            ],
            SCALE,
        ),
        "scoring": {
            "method": "sum",
            "range": [0, 27],
            "bands": [
                band(0, 4, "minimal", "Minimal depression"),
                band(5, 9, "mild", "Mild depression"),
                band(10, 14, "moderate", "Moderate depression"),
                band(15, 19, "moderately_severe", "Moderately severe depression"),
                band(20, 27, "severe", "Severe depression"),
            ],
            "cutoffs": [{"code": "screen_positive", "min": 10, "label": "At or above 10"}],
            "flags": [
                {
                    "code": "self_harm",
                    "when": {"item": "q9", "op": ">=", "value": 1},
                    "safety": True,
                    "label": "Item 9: thoughts of being better off dead or of self-harm",
                }
            ],
        },
    },
}
