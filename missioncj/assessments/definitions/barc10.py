"""BARC-10 (Brief Assessment of Recovery Capital). Free, no permission (PhenX); brief labels."""

from missioncj.assessments.definitions._common import band, items, options

DEFINITION = {
    "code": "barc10",
    "name": "BARC-10 (recovery capital)",
    "licence": "Free, no permission needed (PhenX); one site cites CC BY-NC-ND [UNVERIFIED].",
    "score_entry_only": False,
    "definition": {
        "recall": "How much do you agree with each statement?",
        "loinc": {"panel": None, "total": None},
        "unverified": ["LOINC codes not checked.", "Licence: one source cites CC BY-NC-ND."],
        "items": items(
            [
                "Other things in life matter more to me than using",
                "In general I am happy with my life",
                "I have enough energy for the tasks I set myself",
                "I am proud of my community and feel part of it",
                "I get lots of support from friends",
                "My life is challenging and fulfilling without alcohol or drugs",
                "My living space helps my recovery",
                "I take full responsibility for my actions",
                "I am happy dealing with a range of professional people",
                "I am making good progress on my recovery journey",
            ],
            options(
                "Strongly disagree",
                "Disagree",
                "Somewhat disagree",
                "Somewhat agree",
                "Agree",
                "Strongly agree",
                start=1,
            ),
        ),
        "scoring": {
            "method": "sum",
            "range": [10, 60],
            "bands": [
                band(10, 46, "below", "Below 47"),
                band(47, 60, "high", "47 or more: predicts sustained remission"),
            ],
            "cutoffs": [{"code": "remission", "min": 47, "label": "47 or more"}],
        },
    },
}
