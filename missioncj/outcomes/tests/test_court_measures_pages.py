"""Court performance measures: filters, empty cohorts, a flat query count, the page and the
API (422 for bad filters)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.court.models import Court
from missioncj.outcomes.court_measures import QUERIES, Filters, court_measures, resolve_filters
from missioncj.outcomes.reports import REPORTS
from missioncj.outcomes.tests import court_fixture as fx
from missioncj.outcomes.tests.court_fixture import END, START, TODAY, build


def _measures(c, **narrow):
    return court_measures(c.program, Filters(START, END, **narrow), today=TODAY)


def test_team_and_court_filters(world):
    c = build(world)
    north = _measures(c, team=world.north)
    assert north.cohort == 3  # A, B, E
    assert north.discharges.n == 3  # A, B and F are all on the north team
    court_b = _measures(c, court=c.courts["B"])
    assert court_b.cohort == 2  # C, E
    assert court_b.discharges.n == 0
    assert court_b.discharges.graduated.rate is None
    assert court_b.responses.incentives == 2  # C's two
    both = _measures(c, court=c.courts["A"], team=world.south)
    assert both.cohort == 1  # D
    assert both.referral_to_enrollment.days.median == 5.0


def test_an_empty_cohort_gives_none_not_a_crash(world):
    c = fx.base(world)
    report = court_measures(
        c.program, Filters(dt.date(2020, 1, 1), dt.date(2020, 12, 31)), today=TODAY
    )
    assert report.cohort == 0
    assert report.sobriety.participants == 0
    assert report.sobriety.mean_longest_run_tests is None
    assert report.sobriety.failed_per_30_days is None
    assert report.testing.turnaround_hours.median is None
    assert report.testing.positive.rate is None
    assert report.discharges.n == 0 and report.discharges.graduated.rate is None
    assert report.retention[0].retained.rate is None
    assert report.responses.value is None
    assert report.hearings.attendance.rate is None
    assert report.enrollment_to_treatment.days.mean is None
    assert report.phases == []


def _grow(c, count: int) -> None:
    """`count` participants with one of everything each."""
    hearing = fx.hearing(c, "A", dt.date(2025, 6, 2))
    for i in range(count):
        name = f"Q{i}"
        fx.person(c, name, "north", "A", dt.date(2025, 2, 1), dt.date(2025, 2, 10))
        fx.contact(c, name, dt.date(2025, 2, 12), 30, fx.Component.DRT)
        fx.tests_of(c, name, [("2025-02-13", "negative", 24), ("2025-02-20", "positive", 24)])
        fx.respond(c, name, "incentive", dt.date(2025, 3, 1))
        fx.on_docket(c, hearing, name, "appeared")
        fx.event(c, name, "arrest", "2025-04-01")
        fx.move(c, name, "A", 1, "2025-02-10")
        fx.move(c, name, "A", 2, "2025-04-10", "promote")
        fx.group(c, "drt", dt.date(2025, 2, 15 + i), {name: "present"})


@pytest.mark.parametrize("count", [2, 6])
def test_query_count_does_not_grow_with_the_cohort(world, count):
    c = fx.base(world)
    _grow(c, count)
    with CaptureQueriesContext(connection) as queries:
        report = _measures(c)
    assert report.cohort == count
    assert report.units.groups_attended == count
    assert report.phases[0].days.n == count
    assert len(queries) == QUERIES


def test_resolve_filters_names_the_field(world):
    program = world.drug
    with pytest.raises(Exception) as bad_end:
        resolve_filters(program, start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 1))
    assert "end" in bad_end.value.message_dict  # type: ignore[attr-defined]
    other = Court.objects.create(program=world.reentry, name="Re-entry Court")
    with pytest.raises(Exception) as bad_court:
        resolve_filters(program, start=None, end=None, court=other.public_id)
    assert bad_court.value.message_dict == {  # type: ignore[attr-defined]
        "court": ["No such court in this program."]
    }
    with pytest.raises(Exception) as bad_team:
        resolve_filters(program, start=None, end=None, team=world.reentry_team.public_id)
    assert "team" in bad_team.value.message_dict  # type: ignore[attr-defined]
    found = resolve_filters(program, start=None, end=None, team=str(world.north.public_id))
    assert found.team == world.north and found.start < found.end


def _page(program) -> str:
    return reverse("outcomes:court_measures", args=[program.public_id])


def _few_is_enough(world) -> None:
    """The hand-worked cohort has 5 people; evaluators see figures about 11 or more by default."""
    from missioncj.outcomes.services import update_outcome_settings

    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=2)


def test_an_evaluator_sees_no_figures_about_fewer_people_than_the_threshold(world, login):
    c = build(world)
    query = {"start": "2025-01-01", "end": "2026-06-30"}
    response = login("evaluator").get(_page(c.program), query)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fewer than 11 people match these filters" in body
    assert "75.0% (3 of 4)" not in body and "Failures to appear" not in body
    data = _api(world, "evaluator").get(_api_url(c.program), query).json()
    assert set(data) == {"program", "suppressed"}
    # The director reads the people themselves: no floor.
    assert "75.0% (3 of 4)" in login("director").get(_page(c.program), query).content.decode()


def test_page_for_an_evaluator_shows_figures_and_no_names(world, login):
    c = build(world)
    _few_is_enough(world)
    response = login("evaluator").get(
        _page(c.program), {"start": "2025-01-01", "end": "2026-06-30"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "75.0% (3 of 4)" in body  # 6-month retention of the hand-worked cohort
    assert "Failures to appear" in body
    assert world.north_person.display_name not in body
    assert "Cohort" in body  # the filter card


def test_page_with_nothing_to_count_shows_dashes(world, login):
    response = login("director").get(
        _page(world.drug), {"start": "2020-01-01", "end": "2020-12-31"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "— (none to count)" in body
    assert "No phase moves recorded" in body


def test_page_bad_filters_are_422_next_to_the_field(world, login):
    client = login("director")
    response = client.get(_page(world.drug), {"start": "2026-02-01", "end": "2026-01-01"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "The end of the period cannot be before its start." in body
    assert 'id="id_end_errors"' in body
    assert response.context["report"] is None
    unknown = client.get(_page(world.drug), {"court": str(uuid.uuid4())})
    assert unknown.status_code == 422
    assert "No such court in this program." in unknown.content.decode()


def test_report_is_listed_on_the_outcomes_page(world, login):
    assert any(r.url_name == "outcomes:court_measures" for r in REPORTS)
    response = login("evaluator").get(reverse("outcomes:program", args=[world.drug.public_id]))
    assert "Court performance measures" in response.content.decode()


def _api(world, username: str = "director") -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def _api_url(program) -> str:
    return reverse("api:court_measures", kwargs={"program_id": program.public_id})


def test_api_gives_the_measures_for_the_filters(world):
    c = build(world)
    _few_is_enough(world)
    response = _api(world, "evaluator").get(
        _api_url(c.program),
        {"start": "2025-01-01", "end": "2026-06-30", "court": str(c.courts["A"].public_id)},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["court"] == str(c.courts["A"].public_id)
    assert data["cohort"] == 3  # A, B, D
    assert data["discharges"]["by_reason"]["graduated"] == {"count": 1, "n": 3, "percent": 33.3}
    assert data["recidivism"]["in_program"]["arrest"]["count"] == 2
    assert data["hearings"]["failed_to_appear"] == 1  # B; C's was at court B


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-02-01", "end": "2026-01-01"}, "end"),
        ({"court": "11111111-1111-4111-8111-111111111111"}, "court"),
        ({"team": "11111111-1111-4111-8111-111111111111"}, "team"),
        ({"start": "2026-13-01"}, "start"),
    ],
)
def test_api_bad_filters_are_422(world, params, field):
    response = _api(world).get(_api_url(world.drug), params)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])


def test_api_court_of_another_program_is_422(world):
    other = Court.objects.create(program=world.reentry, name="Re-entry Court")
    response = _api(world).get(_api_url(world.drug), {"court": str(other.public_id)})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "No such court in this program."


def test_downloads_as_csv_and_xlsx_through_the_export_log(world, login):
    import csv
    import hashlib
    import io

    import openpyxl

    from missioncj.interop.models import ExportRecord

    c = build(world)
    _few_is_enough(world)
    url = reverse("outcomes:court_measures", args=[c.program.public_id])
    query = {"start": START.isoformat(), "end": END.isoformat()}
    response = login("evaluator").get(url, {**query, "format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Measure", "n", "Value"]
    # The figures of test_court_measures.py: 5 in the cohort, 75.0% retained at 6 months of 4.
    assert ["Cohort", "Participants enrolled in the period", "", "5"] in rows
    assert ["Retention", "Retained at 6 months (%)", "4", "75.0"] in rows
    record = ExportRecord.objects.get()
    assert (record.name, record.identified, record.program) == (
        "outcomes.court_measures",
        False,
        c.program,
    )
    assert record.sha256 == hashlib.sha256(body).hexdigest()
    response = login("director").get(url, {**query, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet is not None
    found = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert ("Retention", "Retained at 6 months (%)", 4, 75.0) in found
