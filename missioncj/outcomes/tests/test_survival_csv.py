"""Reading an uploaded cohort file: every row checked first, each problem as (row, column,
message), nothing computed when any is found."""

from __future__ import annotations

import pytest

from missioncj.outcomes import survival_csv
from missioncj.outcomes.survival_csv import CohortFileError, read_cohort
from missioncj.outcomes.survival_forms import run_upload

GOOD = """id,start_date,event_date,censor_date,arm,age
p1,2024-01-01,2024-01-31,,a,30
p2,2024-01-01,,2024-07-01,b,41
p3,2024-02-10,2024-02-20,,b,52
"""


def problems(text):
    with pytest.raises(CohortFileError) as raised:
        read_cohort(text)
    return [(p.row, p.column, p.message) for p in raised.value.problems]


def test_a_good_file_gives_subjects_and_covariates():
    cohort = read_cohort(GOOD.encode())
    assert cohort.covariates == ["arm", "age"]
    assert [(s.key, s.days, s.event) for s in cohort.subjects] == [
        ("p1", 30, True),
        ("p2", 182, False),
        ("p3", 10, True),
    ]
    assert cohort.subjects[1].attributes == {"arm": "b", "age": "41"}


def test_every_bad_row_is_reported_with_row_and_column():
    text = (
        "id,start_date,event_date,censor_date,arm\n"
        "p1,2024-01-01,2024-01-31,,a\n"
        "p1,2024-01-01,,2024-02-01,a\n"  # row 3: id used before
        "p3,01/02/2024,,2024-02-01,b\n"  # row 4: not a date
        "p4,2024-01-01,2024-01-05,2024-02-01,b\n"  # row 5: both
        "p5,2024-01-01,,,b\n"  # row 6: neither
        "p6,2024-03-01,,2024-02-01,b\n"  # row 7: before the start
        "p7,2024-01-01,,2024-02-01,\n"  # row 8: no covariate value
        "p8,2024-01-01\n"  # row 9: too few cells
    )
    assert problems(text) == [
        (3, "id", "The id p1 is used on an earlier row."),
        (4, "start_date", "Not a date; use YYYY-MM-DD."),
        (5, "event_date", "Give exactly one of event_date and censor_date."),
        (6, "event_date", "Give exactly one of event_date and censor_date."),
        (7, "censor_date", "This day is before the start date."),
        (8, "arm", "Give a value."),
        (9, "", "2 cells where the header has 5."),
    ]


def test_missing_and_repeated_columns_are_reported_on_row_one():
    assert problems("id,start_date,event_date,arm,arm\n") == [
        (1, "censor_date", "This column is missing."),
        (1, "arm", "This column appears twice."),
    ]
    assert problems("id,start_date,event_date,censor_date\n") == [
        (2, "", "The file has no rows under the header.")
    ]


def test_size_row_limit_and_encoding(monkeypatch):
    monkeypatch.setattr(survival_csv, "MAX_BYTES", 100)
    assert problems(GOOD + "x" * 100)[0][2] == "The file is larger than 0 MB."
    monkeypatch.setattr(survival_csv, "MAX_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(survival_csv, "MAX_ROWS", 2)
    assert problems(GOOD) == [(4, "", "More than 2 rows.")]
    assert problems(b"id,start_date\n\xff\xfe") == [(0, "", "The file is not UTF-8 text.")]


def test_a_bad_file_computes_nothing_and_lists_problems_past_the_cap():
    rows = "".join(f"p{i},2024-01-01,,\n" for i in range(250))
    with pytest.raises(CohortFileError) as raised:
        run_upload("id,start_date,event_date,censor_date\n" + rows)
    assert len(raised.value.problems) == 250
    shown = raised.value.message_dict["file"]
    assert len(shown) == 201 and shown[-1] == "… and 50 more problems."
    assert shown[0] == "Row 2, column event_date: Give exactly one of event_date and censor_date."


def test_upload_analysis_checks_the_named_columns():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        run_upload(GOOD, group="sex")
    assert raised.value.message_dict["group"] == ["The file has no column sex."]
    with pytest.raises(ValidationError) as raised:
        run_upload(GOOD, covariates=["age", "weight"])
    assert raised.value.message_dict["covariates"] == ["The file has no column weight."]
    result = run_upload(GOOD, at_risk_days=(0, 20))
    assert result.curves[0].at_risk == {0: 3, 20: 2}
