"""Columbia Suicide Severity Rating Scale, screener version (free for clinical and community use;
no mental-health training needed to ask; Columbia Lighthouse Project).

Branching: Q1 and Q2 always; Q3-Q5 only if Q2 is yes; Q6 always; Q6b (past 3 months) only if Q6
is yes. Triage, first rule that holds (the colour-coded triage version):

- high:     Q4 or Q5 yes, or Q6 yes with the behaviour in the past 3 months;
- moderate: Q3 yes, or Q6 yes with the behaviour more than 3 months ago (lifetime only);
- low:      Q1 or Q2 yes (and nothing above);
- none:     otherwise.

Any level but none is a positive screen and raises a safety alert.
"""

from missioncj.assessments.definitions._common import YES_NO

AFTER_Q2 = {"item": "q2", "op": "==", "value": 1}


def _yes(item: str) -> dict:
    return {"item": item, "op": "==", "value": 1}


DEFINITION = {
    "code": "cssrs",
    "name": "C-SSRS screener (suicide risk)",
    "licence": "Free for clinical and community use (Columbia Lighthouse Project).",
    "score_entry_only": False,
    "definition": {
        "recall": "Questions 1-5: in the past month.",
        "loinc": {"panel": None, "total": None},
        "unverified": ["LOINC panel codes exist but were not checked."],
        "items": [
            {
                "id": "q1",
                "text": "Have you wished you were dead or wished you could go to sleep and not "
                "wake up?",
                "options": YES_NO,
                "required": True,
            },
            {
                "id": "q2",
                "text": "Have you actually had any thoughts of killing yourself?",
                "options": YES_NO,
                "required": True,
            },
            {
                "id": "q3",
                "text": "Have you been thinking about how you might do this?",
                "options": YES_NO,
                "required": True,
                "show_if": AFTER_Q2,
            },
            {
                "id": "q4",
                "text": "Have you had these thoughts and had some intention of acting on them?",
                "options": YES_NO,
                "required": True,
                "show_if": AFTER_Q2,
            },
            {
                "id": "q5",
                "text": "Have you started to work out or worked out the details of how to kill "
                "yourself? Do you intend to carry out this plan?",
                "options": YES_NO,
                "required": True,
                "show_if": AFTER_Q2,
            },
            {
                "id": "q6",
                "text": "Have you ever done anything, started to do anything, or prepared to do "
                "anything to end your life?",
                "options": YES_NO,
                "required": True,
            },
            {
                "id": "q6b",
                "text": "Was this within the past 3 months?",
                "options": YES_NO,
                "required": True,
                "show_if": _yes("q6"),
            },
        ],
        "scoring": {
            "method": "triage",
            "triage": [
                {
                    "code": "high",
                    "label": "High risk",
                    "safety": True,
                    "when": {"any": [_yes("q4"), _yes("q5"), _yes("q6b")]},
                },
                {
                    "code": "moderate",
                    "label": "Moderate risk",
                    "safety": True,
                    "when": {"any": [_yes("q3"), _yes("q6")]},
                },
                {
                    "code": "low",
                    "label": "Low risk",
                    "safety": True,
                    "when": {"any": [_yes("q1"), _yes("q2")]},
                },
                {"code": "none", "label": "No risk identified", "safety": False, "when": None},
            ],
        },
    },
}
