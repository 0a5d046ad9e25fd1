"""CSAT GPRA Client Outcome Measures for Discretionary Programs: interviews at intake, six
months after intake and discharge (three months for designated programs only).

Recorded, not scored. The item list is a compact paraphrase of sections A-K (H is not used);
the interview-type codes are the ones the GPRA data codebook uses (1 intake, 2 six-month,
4 three-month, 5 discharge). Branching: sections B-G and the intake-only parts of A are asked
only when the interview was conducted; planned services and demographics only at intake;
I (follow-up status) only at follow-ups; J and K only at discharge. I, J and K are filled by
staff even when no interview took place.
"""

from missioncj.assessments.definitions._common import YES_NO, options, valued
from missioncj.assessments.definitions._interview import (
    EMPLOYMENT_OPTIONS,
    ETHNICITY_MAP,
    ETHNICITY_OPTIONS,
    HEALTH_OPTIONS,
    HOUSING_OPTIONS,
    RACE_MAP,
    RACE_OPTIONS,
    SEX_MAP,
    SEX_OPTIONS,
    VETERAN_MAP,
    YES_NO_UNKNOWN,
    all_of,
    any_of,
    choice,
    count,
    days,
    is_,
    number,
)

A = "A Record management"
B = "B Drug and alcohol use"
C = "C Family and living conditions"
D = "D Education, employment and income"
E = "E Crime and criminal justice status"
F = "F Mental and physical health"
G = "G Social connectedness"
I_ = "I Follow-up status"
J = "J Discharge status"
K = "K Services received"

DONE = is_("conducted", 1)
INTAKE = all_of(DONE, is_("interview_type", 1))
FOLLOW_UP = any_of(is_("interview_type", 2), is_("interview_type", 4))
DISCHARGE = is_("interview_type", 5)


def _since_intake(item: dict) -> dict:
    """Services at discharge are counted over the whole episode, not since the last interview."""
    return {**item, "source_since": "episode"}


ITEMS = [
    # A Record management
    choice(
        "interview_type",
        "Interview type",
        A,
        valued(
            (1, "Intake"),
            (2, "Six-month follow-up"),
            (4, "Three-month follow-up"),
            (5, "Discharge"),
        ),
    ),
    choice("conducted", "Was the interview conducted?", A, YES_NO),
    choice(
        "not_conducted_reason",
        "Why was it not conducted?",
        A,
        valued(
            (1, "Could not be located"),
            (2, "Declined"),
            (3, "In jail, prison or another institution and not reachable"),
            (4, "Died"),
            (5, "Other"),
        ),
        show_if=is_("conducted", 0),
    ),
    choice(
        "client_type",
        "Client type",
        A,
        valued((1, "Treatment client"), (2, "Client in recovery (no treatment from the grant)")),
    ),
    choice(
        "cod_screened",
        "Was the participant screened for co-occurring mental health and substance use disorders?",
        A,
        YES_NO,
        show_if=DONE,
    ),
    choice(
        "cod_positive",
        "Result of the co-occurring screen",
        A,
        valued((1, "Positive"), (0, "Negative")),
        show_if=is_("cod_screened", 1),
    ),
    choice("planned_case_management", "Planned: case management", A, YES_NO, show_if=INTAKE),
    choice("planned_peer", "Planned: peer recovery support", A, YES_NO, show_if=INTAKE),
    choice(
        "planned_treatment",
        "Planned: mental health or substance use treatment",
        A,
        YES_NO,
        show_if=INTAKE,
    ),
    choice(
        "planned_employment",
        "Planned: employment or education support",
        A,
        YES_NO,
        show_if=INTAKE,
    ),
    number("age", "Age in years", A, low=10, high=110, show_if=INTAKE, source="participant.age"),
    choice(
        "sex",
        "Sex",
        A,
        SEX_OPTIONS,
        show_if=INTAKE,
        source="participant.sex",
        source_map=SEX_MAP,
    ),
    choice(
        "hispanic",
        "Hispanic or Latino",
        A,
        ETHNICITY_OPTIONS,
        show_if=INTAKE,
        source="participant.ethnicity",
        source_map=ETHNICITY_MAP,
    ),
    choice(
        "race",
        "Race",
        A,
        RACE_OPTIONS,
        show_if=INTAKE,
        source="participant.race",
        source_map=RACE_MAP,
    ),
    choice(
        "military",
        "Has served in the armed forces",
        A,
        YES_NO_UNKNOWN,
        show_if=INTAKE,
        source="participant.veteran",
        source_map=VETERAN_MAP,
    ),
    # B Drug and alcohol use (past 30 days)
    days("alcohol_days", "Days of any alcohol use, past 30 days", B, DONE),
    days("alcohol_intox_days", "Days of drinking to intoxication, past 30 days", B, DONE),
    days("drug_days", "Days of any illegal drug use, past 30 days", B, DONE),
    days("opioid_days", "Days of opioid use (heroin, fentanyl, pills not as prescribed)", B, DONE),
    days("cannabis_days", "Days of cannabis use, past 30 days", B, DONE),
    days("stimulant_days", "Days of stimulant use (cocaine, methamphetamine)", B, DONE),
    choice("injected", "Injected drugs in the past 30 days", B, YES_NO, show_if=DONE),
    # C Family and living conditions
    choice(
        "housing",
        "Where the participant lived most of the past 30 days",
        C,
        HOUSING_OPTIONS,
        show_if=DONE,
    ),
    choice(
        "stress",
        "Stress from use of alcohol or drugs, past 30 days",
        C,
        options("Not at all", "Somewhat", "Considerably", "Extremely"),
        show_if=DONE,
    ),
    choice(
        "activities_reduced",
        "Use reduced or gave up important activities, past 30 days",
        C,
        options("Not at all", "Somewhat", "Considerably", "Extremely"),
        show_if=DONE,
    ),
    # D Education, employment and income
    choice(
        "school",
        "Currently enrolled in school or job training",
        D,
        valued((0, "Not enrolled"), (1, "Enrolled full time"), (2, "Enrolled part time")),
        show_if=DONE,
    ),
    choice("employment", "Employment status", D, EMPLOYMENT_OPTIONS, show_if=DONE),
    number(
        "income_wages", "Income from wages, past 30 days (dollars)", D, high=99999, show_if=DONE
    ),
    number(
        "income_other",
        "Income from all other sources, past 30 days (dollars)",
        D,
        high=99999,
        show_if=DONE,
    ),
    # E Crime and criminal justice status
    count("arrests", "E1 Times arrested, past 30 days", E, DONE, high=99),
    count("drug_arrests", "E2 Arrests for drug-related offences, past 30 days", E, DONE, high=99),
    days("jail_nights", "E3 Nights in jail or prison, past 30 days", E, DONE),
    count("crimes", "E4 Times committed a crime, past 30 days", E, DONE, high=99),
    choice("awaiting", "E5 Awaiting charges, trial or sentencing", E, YES_NO, show_if=DONE),
    choice("supervision", "E6 On parole or probation", E, YES_NO, show_if=DONE),
    # F Mental and physical health
    choice("health", "Overall health right now", F, HEALTH_OPTIONS, show_if=DONE),
    days("inpatient_physical", "Nights in hospital for physical health, past 30 days", F, DONE),
    days("inpatient_mental", "Nights in hospital for mental health, past 30 days", F, DONE),
    days("inpatient_sud", "Nights of inpatient substance use treatment, past 30 days", F, DONE),
    count(
        "outpatient_physical",
        "Outpatient visits for physical health, past 30 days",
        F,
        DONE,
        high=99,
    ),
    count(
        "outpatient_mental", "Outpatient visits for mental health, past 30 days", F, DONE, high=99
    ),
    count(
        "outpatient_sud",
        "Outpatient substance use treatment visits, past 30 days",
        F,
        DONE,
        high=99,
    ),
    count(
        "er_physical", "Emergency room visits for physical health, past 30 days", F, DONE, high=99
    ),
    count("er_mental", "Emergency room visits for mental health, past 30 days", F, DONE, high=99),
    count("er_sud", "Emergency room visits for substance use, past 30 days", F, DONE, high=99),
    days("depression_days", "Days with serious depression, past 30 days", F, DONE),
    days("anxiety_days", "Days with serious anxiety or tension, past 30 days", F, DONE),
    choice("trauma", "Has ever experienced violence or trauma", F, YES_NO, show_if=DONE),
    # G Social connectedness
    days(
        "recovery_meeting_days",
        "Days attended recovery or mutual-help meetings, past 30 days",
        G,
        DONE,
    ),
    choice(
        "support",
        "Has someone to turn to when having trouble",
        G,
        valued((1, "Yes, family or friends"), (2, "Yes, someone else"), (0, "No one")),
        show_if=DONE,
    ),
    # I Follow-up status (staff)
    choice(
        "followup_status",
        "Follow-up status",
        I_,
        valued(
            (1, "Located and interviewed"),
            (2, "Located, declined the interview"),
            (3, "Located, in jail, prison or another institution"),
            (4, "Not located"),
            (5, "Died"),
            (6, "Other"),
        ),
        show_if=FOLLOW_UP,
    ),
    choice(
        "still_in_services",
        "Still receiving services from this program",
        I_,
        YES_NO,
        show_if=FOLLOW_UP,
    ),
    # J Discharge status (staff)
    choice(
        "discharge_reason",
        "Reason for discharge",
        J,
        valued(
            (1, "Completed or graduated"),
            (2, "Terminated by the program"),
            (3, "Left on own (withdrew)"),
            (4, "Transferred"),
            (5, "Died"),
            (6, "Other"),
        ),
        show_if=DISCHARGE,
        source="episode.discharge_reason",
        source_map={
            "graduated": 1,
            "terminated": 2,
            "withdrew": 3,
            "transferred": 4,
            "deceased": 5,
            "other": 6,
        },
    ),
    number(
        "days_in_program",
        "Days from enrollment to discharge",
        J,
        high=3650,
        show_if=DISCHARGE,
        source="episode.days_enrolled",
    ),
    # K Services received during the episode (staff)
    _since_intake(
        count(
            "svc_case_management",
            "Case management contacts",
            K,
            DISCHARGE,
            "services.case_management",
        )
    ),
    _since_intake(
        count("svc_peer", "Peer recovery support contacts", K, DISCHARGE, "services.peer")
    ),
    _since_intake(
        count(
            "svc_cod_groups",
            "Co-occurring treatment group sessions attended",
            K,
            DISCHARGE,
            "groups.drt",
        )
    ),
    _since_intake(
        count(
            "svc_recovery_groups",
            "Peer-led recovery group sessions attended",
            K,
            DISCHARGE,
            "groups.peer",
        )
    ),
    _since_intake(
        count(
            "svc_vocational",
            "Employment or education support contacts",
            K,
            DISCHARGE,
            "services.vocational",
        )
    ),
    _since_intake(
        count("svc_trauma", "Trauma-informed care contacts", K, DISCHARGE, "services.trauma")
    ),
    _since_intake(
        count(
            "svc_linkage",
            "Linkage to community supports contacts",
            K,
            DISCHARGE,
            "services.linkage",
        )
    ),
    count("svc_mental_health", "Mental health treatment sessions (other providers)", K, DISCHARGE),
    count("svc_sud_treatment", "Substance use treatment sessions (other providers)", K, DISCHARGE),
]

DEFINITION = {
    "code": "gpra",
    "name": "GPRA client outcome measures (CSAT)",
    "licence": "Federal data collection (OMB 0930-0208). Items here are paraphrased and "
    "compacted, not the official wording; a program corrects them by publishing a version.",
    "score_entry_only": False,
    "definition": {
        "recall": "Interviewer-completed. Questions about use, crime and treatment cover the "
        "past 30 days. Staff complete sections I, J and K from the record.",
        "loinc": {"panel": None, "total": None},
        "unverified": [
            "Item wording is paraphrased and the item list is compacted; check it against the "
            "current CSAT GPRA tool and its question-by-question guide.",
            "Answer codes (other than the interview type) are local, not the official codes; "
            "refused / don't know codes are not modelled.",
            "Section H is not included; which items are intake-only is from a section summary.",
            "E1-E6 wording is paraphrased from a table of contents.",
            "Income items (wages, other) simplify the official income sources list.",
            "Section K counts come from this system's contacts and group attendance over the "
            "episode; the official section counts days of each service.",
        ],
        "domains": {
            "substance_use": ["alcohol_days", "drug_days", "opioid_days", "injected"],
            "living_situation": ["housing"],
            "education_employment_income": ["school", "employment", "income_wages"],
            "criminal_justice": ["arrests", "jail_nights", "supervision"],
            "health": ["health", "depression_days", "inpatient_mental"],
            "social_connectedness": ["recovery_meeting_days", "support"],
            "services_received": ["svc_case_management", "svc_peer", "svc_mental_health"],
        },
        "items": ITEMS,
        "scoring": {
            "method": "record",
            "label": "Recorded",
            "label_item": "interview_type",
            "flags": [
                {
                    "code": "not_conducted",
                    "label": "Interview not conducted",
                    "when": is_("conducted", 0),
                }
            ],
        },
    },
}
