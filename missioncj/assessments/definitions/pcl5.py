"""PCL-5. Public domain (VA National Center for PTSD)."""

from missioncj.assessments.definitions._common import band, items, options

DEFINITION = {
    "code": "pcl5",
    "name": "PCL-5 (PTSD checklist)",
    "licence": "Public domain (VA National Center for PTSD).",
    "score_entry_only": False,
    "definition": {
        "recall": "In the past month, how much were you bothered by:",
        "loinc": {"panel": None, "total": None},
        "unverified": [
            "LOINC codes: code repositories disagree; none is sent until a program checks them.",
            "Cut-off: 33 is used here; some settings use 31-33, 38 or 45.",
        ],
        "items": items(
            [
                "Repeated, disturbing, and unwanted memories of the stressful experience",
                "Repeated, disturbing dreams of the stressful experience",
                "Suddenly feeling or acting as if the stressful experience were actually "
                "happening again",
                "Feeling very upset when something reminded you of the stressful experience",
                "Having strong physical reactions when something reminded you of the stressful "
                "experience (heart pounding, trouble breathing, sweating)",
                "Avoiding memories, thoughts, or feelings related to the stressful experience",
                "Avoiding external reminders of the stressful experience (people, places, "
                "conversations, activities, objects, situations)",
                "Trouble remembering important parts of the stressful experience",
                "Having strong negative beliefs about yourself, other people, or the world",
                "Blaming yourself or someone else for the stressful experience or what "
                "happened after it",
                "Having strong negative feelings such as fear, horror, anger, guilt, or shame",
                "Loss of interest in activities that you used to enjoy",
                "Feeling distant or cut off from other people",
                "Trouble experiencing positive feelings",
                "Irritable behavior, angry outbursts, or acting aggressively",
                "Taking too many risks or doing things that could cause you harm",
                'Being "superalert" or watchful or on guard',
                "Feeling jumpy or easily startled",
                "Having difficulty concentrating",
                "Trouble falling or staying asleep",
            ],
            options("Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"),
        ),
        "scoring": {
            "method": "sum",
            "range": [0, 80],
            "subscales": [
                {
                    "code": "B",
                    "label": "Intrusion (B, items 1-5)",
                    "items": ["q1", "q2", "q3", "q4", "q5"],
                },
                {"code": "C", "label": "Avoidance (C, items 6-7)", "items": ["q6", "q7"]},
                {
                    "code": "D",
                    "label": "Negative cognitions and mood (D, items 8-14)",
                    "items": [f"q{n}" for n in range(8, 15)],
                },
                {
                    "code": "E",
                    "label": "Arousal and reactivity (E, items 15-20)",
                    "items": [f"q{n}" for n in range(15, 21)],
                },
            ],
            "bands": [
                band(0, 32, "below_cutoff", "Below the probable-PTSD cut-off"),
                band(33, 80, "probable_ptsd", "Probable PTSD (at or above 33)"),
            ],
            "cluster_rule": {
                "code": "dsm5_provisional",
                "label": "Provisional PTSD diagnosis (DSM-5 symptom clusters)",
                "endorsed_at": 2,
                "clusters": [
                    {"code": "B", "items": ["q1", "q2", "q3", "q4", "q5"], "min": 1},
                    {"code": "C", "items": ["q6", "q7"], "min": 1},
                    {"code": "D", "items": [f"q{n}" for n in range(8, 15)], "min": 2},
                    {"code": "E", "items": [f"q{n}" for n in range(15, 21)], "min": 2},
                ],
            },
        },
    },
}
