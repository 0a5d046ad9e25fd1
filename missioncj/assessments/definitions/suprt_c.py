"""SAMHSA Unified Performance Reporting Tool (SUPRT), client / caregiver form: self-report,
voluntary, at the same assessment points as the administrative form. Recorded, not scored.

If the participant declines, only the assessment type and `participated` are recorded. The
questions cover social drivers of health (housing, employment, education, transportation,
basic needs), substance use, criminal justice, health and social connectedness. Everything
here is paraphrased from public grantee guidance and UNVERIFIED.
"""

from missioncj.assessments.definitions._common import YES_NO, options, valued
from missioncj.assessments.definitions._interview import (
    EMPLOYMENT_OPTIONS,
    HEALTH_OPTIONS,
    HOUSING_OPTIONS,
    choice,
    count,
    days,
    is_,
)

A = "A About this assessment"
S = "B Social drivers of health"
U = "C Substance use"
J = "D Criminal justice"
H = "E Health"
G = "F Social connectedness"

TOOK_PART = is_("participated", 1)
AGREE = options("Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree", start=1)

ITEMS = [
    choice(
        "interview_type",
        "Assessment type",
        A,
        valued(
            (1, "Baseline"),
            (2, "Six-month reassessment"),
            (3, "Annual reassessment"),
            (4, "Closeout"),
        ),
    ),
    choice(
        "participated",
        "Did the participant (or caregiver) take part?",
        A,
        valued((1, "Yes"), (0, "Declined")),
    ),
    # Social drivers of health
    choice(
        "housing_stability",
        "Housing right now",
        S,
        valued(
            (1, "Has stable housing"),
            (2, "Has housing but is worried about losing it"),
            (3, "Does not have stable housing"),
        ),
        show_if=TOOK_PART,
    ),
    choice(
        "housing_type", "Where the participant lives now", S, HOUSING_OPTIONS, show_if=TOOK_PART
    ),
    choice("employment", "Employment status", S, EMPLOYMENT_OPTIONS, show_if=TOOK_PART),
    choice(
        "education",
        "Highest education completed",
        S,
        valued(
            (1, "Less than high school"),
            (2, "High school diploma or equivalent"),
            (3, "Some college or vocational training"),
            (4, "College degree or higher"),
        ),
        show_if=TOOK_PART,
    ),
    choice("in_school", "Now in school or job training", S, YES_NO, show_if=TOOK_PART),
    choice(
        "transportation",
        "Lack of transport kept the participant from appointments, work or basic needs, past "
        "30 days",
        S,
        YES_NO,
        show_if=TOOK_PART,
    ),
    choice(
        "basic_needs",
        "How hard it is to pay for basics such as food, housing and heating",
        S,
        valued((1, "Very hard"), (2, "Somewhat hard"), (3, "Not hard")),
        show_if=TOOK_PART,
    ),
    # Substance use
    days("alcohol_days", "Days of any alcohol use, past 30 days", U, TOOK_PART),
    days("alcohol_intox_days", "Days of drinking to intoxication, past 30 days", U, TOOK_PART),
    days("drug_days", "Days of any illegal drug use, past 30 days", U, TOOK_PART),
    days("opioid_days", "Days of opioid use not as prescribed, past 30 days", U, TOOK_PART),
    # Criminal justice
    count("arrests", "Times arrested, past 30 days", J, TOOK_PART, high=99),
    days("jail_nights", "Nights in jail or prison, past 30 days", J, TOOK_PART),
    # Health
    choice("health", "Overall health right now", H, HEALTH_OPTIONS, show_if=TOOK_PART),
    days("poor_mental_health_days", "Days mental health was not good, past 30 days", H, TOOK_PART),
    # Social connectedness
    choice(
        "support",
        "Has someone to turn to when having trouble",
        G,
        YES_NO,
        show_if=TOOK_PART,
    ),
    days(
        "recovery_meeting_days",
        "Days attended recovery or mutual-help meetings, past 30 days",
        G,
        TOOK_PART,
    ),
    choice("belongs", "Feels part of a community", G, AGREE, show_if=TOOK_PART),
]

DEFINITION = {
    "code": "suprt_c",
    "name": "SUPRT client form (self-report)",
    "licence": "Federal data collection (SAMHSA). Voluntary for the participant. Items here are "
    "paraphrased from public grantee guidance, not the official wording; a program corrects "
    "them by publishing a version.",
    "score_entry_only": False,
    "definition": {
        "recall": "Voluntary: ask the participant (or caregiver); record a refusal as declined. "
        "Questions about use, arrests and days cover the past 30 days.",
        "loinc": {"panel": None, "total": None},
        "unverified": [
            "The client form's existence, voluntary status and content are from grantee "
            "guidance; item wording, order and answer codes are paraphrased and local.",
            "Which social drivers of health it asks (housing, employment, education, "
            "transportation, basic needs) and their answer scales are UNVERIFIED.",
        ],
        "domains": {
            "substance_use": ["alcohol_days", "drug_days", "opioid_days"],
            "living_situation": ["housing_stability", "housing_type"],
            "education_employment_income": ["employment", "education", "basic_needs"],
            "criminal_justice": ["arrests", "jail_nights"],
            "health": ["health", "poor_mental_health_days"],
            "social_connectedness": ["support", "recovery_meeting_days", "belongs"],
        },
        "items": ITEMS,
        "scoring": {
            "method": "record",
            "label": "Recorded",
            "label_item": "interview_type",
            "flags": [
                {
                    "code": "declined",
                    "label": "Participant declined",
                    "when": is_("participated", 0),
                }
            ],
        },
    },
}
