"""The survival pages and API: results, refusals as 422 next to the field, the curve CSV, the
uploaded cohort, and the audit of each read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.outcomes.reports import REPORTS
from missioncj.outcomes.services import record_outcome_event, update_outcome_settings

COHORT = "id,start_date,event_date,censor_date,arm,age\n" + "".join(
    f"p{i},2024-01-01,{f'2024-01-{i + 2:02d}' if i % 3 else ''},"
    f"{'' if i % 3 else '2024-03-01'},{'ab'[i % 2]},{30 + i}\n"
    for i in range(20)
)


@pytest.fixture(autouse=True)
def small_cells_shown(world):
    """The test groups are tiny; the small-cell refusal has its own test."""
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=1)


def arrest(world, person, day):
    record_outcome_event(
        actor=world.user("supervisor"),
        episode=person.episodes.get(),
        kind="arrest",
        occurred_on=dt.date(2026, 9, day),
        source="court_record",
    )


@pytest.fixture
def arrests(world):
    """Three new people on each team, each re-arrested; with the world's two, 8 people."""
    people = []
    for i in range(6):
        team, user = (world.north, "casemanager") if i % 2 else (world.south, "cm.south")
        person = make_participant(world.user(user), world.drug, team, f"Person{i}")
        arrest(world, person, 10 + i)
        people.append(person)
    return people


def page(world, name="outcomes:survival"):
    return reverse(name, args=[world.drug.public_id])


def api(world, user="director"):
    token = issue_api_token(actor=None, user=world.user(user))
    return Client(headers={"Authorization": f"Bearer {token}"})


def api_url(world, tail=""):
    return f"/api/v1/programs/{world.drug.public_id}/survival{tail}"


def test_report_is_listed_on_the_outcomes_page():
    assert any(r.url_name == "outcomes:survival" and r.evaluator for r in REPORTS)


def test_page_shows_curves_tables_and_log_rank(world, login, arrests):
    query = "?group=team&cutoff=2026-11-01&min_events=2&at_risk_days=0,30,60"
    response = login("evaluator").get(page(world) + query)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Log-rank test" in body and "Numbers at risk" in body
    assert 'data-group="Team North"' in body and 'data-group="Team South"' in body
    assert '<th scope="col">Day 60</th>' in body
    assert "format=csv" in body  # the download link
    assert "Test North" not in body  # aggregates only: no names
    event = AuditEvent.objects.filter(action="outcomes.survival.read").latest("pk")
    assert event.actor == world.user("evaluator")
    assert event.after == {"n": 8, "events": 6, "group": "team"}


def test_refusal_is_a_422_next_to_the_field(world, login):
    arrest(world, world.north_person, 20)
    response = login("director").get(page(world) + "?group=team&cutoff=2026-11-01")
    assert response.status_code == 422
    body = response.content.decode()
    assert "No events in group Team South" in body
    assert 'id="id_group_errors"' in body
    assert "Log-rank test" not in body


def test_groups_under_the_small_cell_threshold_are_refused(world, login, arrests):
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=5)
    response = login("evaluator").get(page(world) + "?group=team&cutoff=2026-11-01")
    assert response.status_code == 422
    body = response.content.decode()
    assert "Fewer than two groups have 5 people or more" in body
    assert "Time to first re-arrest" not in body
    ok = login("evaluator").get(page(world) + "?group=program&cutoff=2026-11-01&min_events=1")
    assert ok.status_code == 422  # one group of 8: nothing to compare, but not small
    assert "falls in one group" in ok.content.decode()
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=9)
    alone = login("evaluator").get(page(world) + "?cutoff=2026-11-01")
    assert alone.status_code == 200  # 8 people in all: not an error, just too few to show
    assert "Fewer than 9 people match these filters" in alone.content.decode()
    assert "Log-rank" not in alone.content.decode()
    assert set(api(world, "evaluator").get(api_url(world)).json()) == {"program", "suppressed"}
    director = api(world, "director").get(api_url(world), {"cutoff": "2026-11-01"}).json()
    assert director["n"] == 8  # who reads the people themselves has no floor


def test_small_groups_are_left_out_with_everyone_in_them(world, login, arrests):
    from missioncj.participants.models import Participant

    races = ["white"] * 3 + ["black"] * 3
    for person, race in zip(arrests, races, strict=True):
        Participant.objects.filter(pk=person.pk).update(race=race)
    Participant.objects.filter(pk=world.north_person.pk).update(race="asian")
    Participant.objects.filter(pk=world.south_person.pk).update(race="other")
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=2)
    body = api(world, "evaluator").get(api_url(world), {"group": "race", "cutoff": "2026-11-01",
                                                          "min_events": 1}).json()  # fmt: skip
    assert body["left_out"] == ["Asian", "Other"]
    assert body["n"] == 6  # the two left out are in no curve, nor in the total
    assert sorted(c["group"] for c in body["curves"]) == ["Black or African American", "White"]
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=4)
    # White and Black (3 each) are now small too: fewer than two groups remain.
    refused = api(world, "evaluator").get(api_url(world), {"group": "race", "min_events": 1})
    assert refused.status_code == 422


def test_csv_download_of_the_curve(world, login, arrests):
    response = login("supervisor").get(page(world) + "?cutoff=2026-11-01&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "group,day,at_risk,events,survival,se,lower_95,upper_95,band_lower_95,band_upper_95"
    )
    assert lines[1].startswith("All,0,8,0,1.000000")
    assert len(lines) == 1 + 1 + 6  # header, day 0, six arrest days
    from missioncj.interop.models import ExportRecord

    record = ExportRecord.objects.get()
    assert (record.name, record.identified) == ("outcomes.survival", False)


def test_first_visit_with_nothing_to_show_says_so(world, login):
    from missioncj.participants.models import Episode

    Episode.objects.filter(program=world.drug).update(enrolled_date=None)
    response = login("director").get(page(world))
    assert response.status_code == 200
    assert "No one is in this cohort" in response.content.decode()


def test_upload_page_analyses_the_file_without_storing_it(world, login):
    client = login("evaluator")
    before = AuditEvent.objects.count()
    upload = SimpleUploadedFile("cohort.csv", COHORT.encode(), content_type="text/csv")
    data = {"file": upload, "group": "arm", "covariates": "age, arm", "min_events": "3"}
    response = client.post(page(world, "outcomes:survival_cohort"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Log-rank test" in body and "Cox proportional-hazards model" in body
    assert "arm: b" in body and "data:text/csv;base64," in body
    assert AuditEvent.objects.count() == before + 1  # the read; the file is not kept


def test_upload_page_lists_row_problems_and_computes_nothing(world, login):
    bad = "id,start_date,event_date,censor_date\np1,2024-01-01,,\np2,2024-13-01,,2024-02-01\n"
    upload = SimpleUploadedFile("cohort.csv", bad.encode(), content_type="text/csv")
    response = login("director").post(page(world, "outcomes:survival_cohort"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 422
    assert "<td>2</td><td>event_date</td>" in body
    assert "<td>3</td><td>start_date</td><td>Not a date; use YYYY-MM-DD.</td>" in body
    assert "Time to first re-arrest" not in body


def test_api_record_analysis(world, arrests):
    response = api(world).get(
        api_url(world, "?group=team&covariates=team&cutoff=2026-11-01&min_events=2")
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["n"], body["events"], body["group"]) == (8, 6, "team")
    assert [c["group"] for c in body["curves"]] == ["Team North", "Team South"]
    assert body["curves"][0]["at_risk"]["0"] == 4
    assert body["logrank"]["df"] == 1 and 0 < body["logrank"]["p"] <= 1
    assert body["cox"]["ties"] == "breslow"
    assert [t["name"] for t in body["cox"]["terms"]] == ["team: Team South"]
    assert body["cox"]["terms"][0]["reference"] == "Team North"


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("?group=shoe_size", "group", "Not a grouping"),
        ("?covariates=age,height", "covariates", "Not a covariate: height"),
        ("?covariates=sex&min_events=1", "covariates", "same for everyone"),
        ("?group=discharge", "group", "falls in one group"),
        ("?group=team&min_events=7", "group", "Only 6 event(s); at least 7"),
        ("?at_risk=0,x", "at_risk_days", "whole days"),
        ("?start_kind=birth", "start_kind", "when each person's time starts"),
    ],
)
def test_api_refusals_are_422_with_the_field(world, arrests, query, field, words):
    response = api(world).get(api_url(world, query + "&cutoff=2026-11-01"))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(d["loc"][-1] == field and words in d["msg"] for d in detail), detail


def test_api_cohort_upload_as_body_and_multipart(world):
    client = api(world, "evaluator")
    url = api_url(world, "/cohort?group=arm&min_events=3")
    response = client.post(url, COHORT, content_type="text/csv")
    assert response.status_code == 200, response.content
    assert [c["n"] for c in response.json()["curves"]] == [10, 10]
    upload = SimpleUploadedFile("cohort.csv", COHORT.encode(), content_type="text/csv")
    response = client.post(api_url(world, "/cohort?covariates=age"), {"file": upload})
    assert response.status_code == 200
    assert response.json()["cox"]["terms"][0]["name"] == "age"


def test_api_cohort_problems_are_422_with_row_and_column(world):
    client = api(world)
    before = AuditEvent.objects.count()
    bad = "id,start_date,event_date,censor_date\np1,2024-01-01,,\n"
    response = client.post(api_url(world, "/cohort"), bad, content_type="text/csv")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert (problem["row"], problem["column"]) == (2, "event_date")
    assert problem["msg"] == "Give exactly one of event_date and censor_date."
    assert AuditEvent.objects.count() == before
