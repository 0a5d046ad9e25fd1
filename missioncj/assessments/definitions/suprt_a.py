"""SAMHSA Unified Performance Reporting Tool (SUPRT), administrative form: completed by staff
from the record at every assessment (mandatory). Recorded, not scored.

Assessment types (item `interview_type`): 1 baseline (within 30 days of intake), 2 six-month
reassessment (180 days after baseline, plus or minus 30), 3 annual (each 12-month anniversary,
plus or minus 30), 4 closeout (within 30 days after the episode of care ends). Services
received (E) are asked from the second assessment on and count since the previous one;
demographics (F) only at baseline. All of this is from public grantee guidance and UNVERIFIED.
"""

from missioncj.assessments.definitions._common import valued
from missioncj.assessments.definitions._interview import (
    ETHNICITY_MAP,
    ETHNICITY_OPTIONS,
    RACE_MAP,
    RACE_OPTIONS,
    SEX_MAP,
    SEX_OPTIONS,
    VETERAN_MAP,
    YES_NO_UNKNOWN,
    choice,
    count,
    is_,
    number,
)

A = "A Record management"
B = "B Behavioral health history"
C = "C Behavioral health screenings"
D = "D Behavioral health diagnosis"
E = "E Services received since the previous assessment"
F = "F Demographics"

BASELINE = is_("interview_type", 1)
LATER = {"item": "interview_type", "op": "!=", "value": 1}
CLOSEOUT = is_("interview_type", 4)
SCREEN = valued((0, "Not screened"), (1, "Screened: negative"), (2, "Screened: positive"))

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
        "closeout_reason",
        "Why the episode of care ended",
        A,
        valued(
            (1, "Completed the program"),
            (2, "Discharged by the program"),
            (3, "Stopped coming or withdrew"),
            (4, "Transferred to another provider"),
            (5, "Died"),
            (6, "Other"),
        ),
        show_if=CLOSEOUT,
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
    # B Behavioral health history
    choice("history_mh_treatment", "Has had mental health treatment before", B, YES_NO_UNKNOWN),
    choice("history_sud_treatment", "Has had substance use treatment before", B, YES_NO_UNKNOWN),
    choice("history_overdose", "Has had an overdose", B, YES_NO_UNKNOWN),
    choice(
        "history_moud",
        "Receiving medication for opioid or alcohol use disorder",
        B,
        YES_NO_UNKNOWN,
    ),
    # C Behavioral health screenings (results of screens given)
    number(
        "phq9_total",
        "Latest PHQ-9 total (depression), if given",
        C,
        high=27,
        required=False,
        source="screen.phq9.total",
    ),
    number(
        "gad7_total",
        "Latest GAD-7 total (anxiety), if given",
        C,
        high=21,
        required=False,
        source="screen.gad7.total",
    ),
    choice(
        "suicide_risk",
        "Latest suicide-risk screen (C-SSRS)",
        C,
        valued(
            (0, "Not screened"),
            (1, "No risk identified"),
            (2, "Low risk"),
            (3, "Moderate risk"),
            (4, "High risk"),
        ),
        source="screen.cssrs.band",
        source_map={"none": 1, "low": 2, "moderate": 3, "high": 4},
    ),
    choice("sud_screen", "Substance use screen", C, SCREEN),
    choice("trauma_screen", "Trauma screen", C, SCREEN),
    # D Behavioral health diagnosis
    choice("dx_sud", "Has a substance use disorder diagnosis", D, YES_NO_UNKNOWN),
    choice("dx_mh", "Has a mental health disorder diagnosis", D, YES_NO_UNKNOWN),
    choice("dx_oud", "Has an opioid use disorder diagnosis", D, YES_NO_UNKNOWN),
    # E Services received since the previous assessment (counts)
    count("svc_case_management", "Case management contacts", E, LATER, "services.case_management"),
    count("svc_peer", "Peer support contacts", E, LATER, "services.peer"),
    count(
        "svc_cod_groups", "Co-occurring treatment group sessions attended", E, LATER, "groups.drt"
    ),
    count(
        "svc_recovery_groups", "Peer-led recovery group sessions attended", E, LATER, "groups.peer"
    ),
    count(
        "svc_vocational",
        "Employment or education support contacts",
        E,
        LATER,
        "services.vocational",
    ),
    count("svc_trauma", "Trauma-informed care contacts", E, LATER, "services.trauma"),
    count("svc_legal", "Help with legal issues (contacts)", E, LATER, "services.legal"),
    count("svc_linkage", "Linkage to community supports (contacts)", E, LATER, "services.linkage"),
    count("svc_mental_health", "Mental health treatment sessions (other providers)", E, LATER),
    count("svc_sud_treatment", "Substance use treatment sessions (other providers)", E, LATER),
    # F Demographics (baseline)
    number("age", "Age in years", F, low=10, high=110, show_if=BASELINE, source="participant.age"),
    choice(
        "sex", "Sex", F, SEX_OPTIONS, show_if=BASELINE, source="participant.sex", source_map=SEX_MAP
    ),
    choice(
        "hispanic",
        "Hispanic or Latino",
        F,
        ETHNICITY_OPTIONS,
        show_if=BASELINE,
        source="participant.ethnicity",
        source_map=ETHNICITY_MAP,
    ),
    choice(
        "race",
        "Race",
        F,
        RACE_OPTIONS,
        show_if=BASELINE,
        source="participant.race",
        source_map=RACE_MAP,
    ),
    choice(
        "military",
        "Has served in the armed forces",
        F,
        YES_NO_UNKNOWN,
        show_if=BASELINE,
        source="participant.veteran",
        source_map=VETERAN_MAP,
    ),
]

DEFINITION = {
    "code": "suprt_a",
    "name": "SUPRT administrative form (staff)",
    "licence": "Federal data collection (SAMHSA). Items here are paraphrased from public grantee "
    "guidance, not the official wording; a program corrects them by publishing a version.",
    "score_entry_only": False,
    "definition": {
        "recall": "Completed by staff from the record at baseline, every reassessment and "
        "closeout. Services count since the previous assessment.",
        "loinc": {"panel": None, "total": None},
        "unverified": [
            "SUPRT replacing GPRA / NOMs client-level measures on 1 October 2025 is from grantee "
            "guidance, not checked against the official notice.",
            "Assessment types and windows (baseline within 30 days of intake; six-month 180 "
            "days after baseline plus or minus 30; annual plus or minus 30; closeout within 30 "
            "days after the episode ends) are UNVERIFIED.",
            "Section letters, item wording and answer codes are paraphrased and local.",
            "Services received are counted from this system's contacts and group attendance.",
        ],
        "domains": {
            "services_received": ["svc_case_management", "svc_peer", "svc_mental_health"],
            "health": ["phq9_total", "gad7_total", "dx_mh"],
            "substance_use": ["dx_sud", "sud_screen"],
        },
        "items": ITEMS,
        "scoring": {"method": "record", "label": "Recorded", "label_item": "interview_type"},
    },
}
