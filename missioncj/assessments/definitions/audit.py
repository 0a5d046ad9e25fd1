"""AUDIT (WHO, free to use). Items 9-10 are scored 0 / 2 / 4."""

from missioncj.assessments.definitions._common import band, valued

FREQUENCY = valued(
    (0, "Never"),
    (1, "Less than monthly"),
    (2, "Monthly"),
    (3, "Weekly"),
    (4, "Daily or almost daily"),
)
HARM = valued((0, "No"), (2, "Yes, but not in the last year"), (4, "Yes, during the last year"))

FIRST_THREE = [
    {
        "id": "q1",
        "text": "How often do you have a drink containing alcohol?",
        "options": valued(
            (0, "Never"),
            (1, "Monthly or less"),
            (2, "2 to 4 times a month"),
            (3, "2 to 3 times a week"),
            (4, "4 or more times a week"),
        ),
        "required": True,
    },
    {
        "id": "q2",
        "text": "How many drinks containing alcohol do you have on a typical day when you are "
        "drinking?",
        "options": valued(
            (0, "1 or 2"), (1, "3 or 4"), (2, "5 or 6"), (3, "7 to 9"), (4, "10 or more")
        ),
        "required": True,
    },
    {
        "id": "q3",
        "text": "How often do you have six or more drinks on one occasion?",
        "options": FREQUENCY,
        "required": True,
    },
]

_LAST_YEAR = "How often during the last year have you "
DEFINITION = {
    "code": "audit",
    "name": "AUDIT (alcohol use)",
    "licence": "WHO; free to use.",
    "score_entry_only": False,
    "definition": {
        "recall": "Past year.",
        "loinc": {"panel": None, "total": "75624-7"},
        "items": [
            *FIRST_THREE,
            *[
                {"id": f"q{n}", "text": _LAST_YEAR + text, "options": FREQUENCY, "required": True}
                for n, text in [
                    (4, "found that you were not able to stop drinking once you had started?"),
                    (5, "failed to do what was normally expected of you because of drinking?"),
                    (
                        6,
                        "needed a first drink in the morning to get yourself going after a "
                        "heavy drinking session?",
                    ),
                    (7, "had a feeling of guilt or remorse after drinking?"),
                    (
                        8,
                        "been unable to remember what happened the night before because you "
                        "had been drinking?",
                    ),
                ]
            ],
            {
                "id": "q9",
                "text": "Have you or someone else been injured as a result of your drinking?",
                "options": HARM,
                "required": True,
            },
            {
                "id": "q10",
                "text": "Has a relative, friend, doctor or other health worker been concerned "
                "about your drinking or suggested you cut down?",
                "options": HARM,
                "required": True,
            },
        ],
        "scoring": {
            "method": "sum",
            "range": [0, 40],
            "bands": [
                band(0, 7, "zone1", "Zone I: low risk (alcohol education)"),
                band(8, 15, "zone2", "Zone II: hazardous (simple advice)"),
                band(16, 19, "zone3", "Zone III: harmful (brief counselling and monitoring)"),
                band(20, 40, "zone4", "Zone IV: possible dependence (refer for evaluation)"),
            ],
            "cutoffs": [{"code": "hazardous", "min": 8, "label": "Hazardous drinking (8 or more)"}],
        },
    },
}
