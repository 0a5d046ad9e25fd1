"""LSI-R, score entry only: the tool is proprietary, so no item text is stored. Staff trained
and licensed to give it enter the total and the level they found."""

DEFINITION = {
    "code": "lsir",
    "name": "LSI-R (score entry only)",
    "licence": "Proprietary (MHS). No item text is stored; enter the total and level only.",
    "score_entry_only": True,
    "definition": {
        "recall": "Enter the result of an LSI-R given by trained staff.",
        "loinc": {"panel": None, "total": None},
        "items": [
            {
                "id": "total",
                "text": "Total score",
                "kind": "number",
                "min": 0,
                "max": 54,
                "required": True,
            },
            {
                "id": "level",
                "text": "Risk level as scored",
                "options": [
                    {"value": 1, "label": "Low"},
                    {"value": 2, "label": "Low / moderate"},
                    {"value": 3, "label": "Moderate"},
                    {"value": 4, "label": "Medium / high"},
                    {"value": 5, "label": "High"},
                ],
                "required": True,
            },
        ],
        "scoring": {"method": "entry", "total_item": "total", "band_item": "level"},
    },
}
