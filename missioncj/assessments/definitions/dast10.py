"""DAST-10. (c) Skinner 1982; widely described as free to use (terms to verify)."""

from missioncj.assessments.definitions._common import YES_NO, band, items

DEFINITION = {
    "code": "dast10",
    "name": "DAST-10 (drug use)",
    "licence": "(c) Harvey A. Skinner 1982; widely described as free to use [UNVERIFIED terms].",
    "score_entry_only": False,
    "definition": {
        "recall": "In the past 12 months (not counting alcohol or medicines taken as prescribed):",
        "loinc": {"panel": "82666-9", "total": "82667-7"},
        "unverified": ["Licence terms to verify with the copyright holder."],
        "items": items(
            [
                "Have you used drugs other than those required for medical reasons?",
                "Do you abuse more than one drug at a time?",
                "Are you always able to stop using drugs when you want to?",
                'Have you had "blackouts" or "flashbacks" as a result of drug use?',
                "Do you ever feel bad or guilty about your drug use?",
                "Does your spouse (or parents) ever complain about your involvement with drugs?",
                "Have you neglected your family because of your use of drugs?",
                "Have you engaged in illegal activities in order to obtain drugs?",
                "Have you ever experienced withdrawal symptoms (felt sick) when you stopped "
                "taking drugs?",
                "Have you had medical problems as a result of your drug use (memory loss, "
                "hepatitis, convulsions, bleeding …)?",
            ],
            YES_NO,
        ),
        "scoring": {
            "method": "sum",
            "range": [0, 10],
            "reverse": ["q3"],  # one point for "No"
            "bands": [
                band(0, 0, "none", "No problems reported"),
                band(1, 2, "low", "Low level"),
                band(3, 5, "moderate", "Moderate level"),
                band(6, 8, "substantial", "Substantial level"),
                band(9, 10, "severe", "Severe level"),
            ],
        },
    },
}
