"""AUDIT-C: the first three AUDIT items. The cut-off depends on the participant's sex."""

from missioncj.assessments.definitions._common import band
from missioncj.assessments.definitions.audit import FIRST_THREE

DEFINITION = {
    "code": "auditc",
    "name": "AUDIT-C (alcohol consumption)",
    "licence": "WHO; free to use.",
    "score_entry_only": False,
    "definition": {
        "recall": "Past year.",
        "loinc": {"panel": "72109-2", "total": "75626-2"},
        "items": FIRST_THREE,
        "scoring": {
            "method": "sum",
            "range": [0, 12],
            # Sex recorded as female, intersex or unknown uses the lower (more sensitive) cut-off.
            "bands_by_sex": {
                "male": [
                    band(0, 3, "negative", "Negative screen (men: below 4)"),
                    band(4, 12, "positive", "Positive screen (men: 4 or more)"),
                ],
                "female": [
                    band(0, 2, "negative", "Negative screen (women: below 3)"),
                    band(3, 12, "positive", "Positive screen (women: 3 or more)"),
                ],
                "default": "female",
            },
        },
    },
}
