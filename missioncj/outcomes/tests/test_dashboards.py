"""Dashboards: figures, suppression, downloads, filters and who may open which."""

from __future__ import annotations

import csv
import io

from missioncj.core.models import AuditEvent, Task
from missioncj.outcomes.services import update_outcome_settings

PERIOD = "start=2026-01-01&end=2026-11-02"


def _url(world, query: str = PERIOD) -> str:
    return f"/programs/{world.drug.public_id}/outcomes/dashboard/?{query}"


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_program_dashboard_counts_people_by_month(world, login):
    response = login("director").get(_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Referred, enrolled and discharged by month" in text
    assert "<svg" in text and "The figures as a table" in text
    flow = _csv(login("director").get(_url(world) + "&chart=flow&format=csv"))
    assert flow[0] == ["Month", "Referred", "Enrolled", "Discharged"]
    # The drug program's two participants were referred on 1 and enrolled on 5 September.
    assert ["Sep 2026", "2", "2", "0"] in flow
    assert ["Oct 2026", "0", "0", "0"] in flow


def test_small_groups_are_not_shown_and_the_threshold_is_the_programs(world, login):
    director = login("director")
    served = _csv(director.get(_url(world) + "&chart=equity-0&format=csv"))
    assert served[0] == ["Category", "People served"]
    assert ["Not known / declined", "fewer than 11"] in served  # both have race unknown
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=2)
    served = _csv(director.get(_url(world) + "&chart=equity-0&format=csv"))
    assert ["Not known / declined", "2"] in served


def test_chart_data_goes_through_the_export_log(world, login):
    from missioncj.interop.models import ExportRecord

    response = login("evaluator").get(_url(world) + "&chart=flow&format=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"PK")  # a zip: XLSX
    row = ExportRecord.objects.get()
    assert (row.kind, row.name, row.identified, row.actor) == (
        "chart",
        "dashboard.flow",
        False,
        world.user("evaluator"),
    )
    import hashlib

    assert row.sha256 == hashlib.sha256(body).hexdigest()


def test_downloads_are_audited_and_the_svg_stands_alone(world, login):
    client = login("supervisor")
    before = AuditEvent.objects.filter(kind="export").count()
    response = client.get(_url(world) + "&chart=discharges&format=svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    event = AuditEvent.objects.filter(kind="export").latest("pk")
    assert AuditEvent.objects.filter(kind="export").count() == before + 1
    assert event.actor == world.user("supervisor")
    assert event.after is not None and event.after["chart"] == "discharges"
    assert client.get(_url(world) + "&chart=nothing&format=csv").status_code == 404


def test_bad_filters_say_why_and_start_nothing(world, login):
    tasks = Task.objects.count()
    response = login("director").get(_url(world, "start=2026-10-01&end=2026-09-01"))
    assert response.status_code == 422
    assert "The end date is before the start date." in response.content.decode()
    response = login("director").get(_url(world, "start=2020-01-01&end=2026-09-01"))
    assert response.status_code == 422
    assert "at most 36 months" in response.content.decode()
    assert Task.objects.count() == tasks


def test_evaluator_reads_the_dashboard_without_names(world, login):
    response = login("evaluator").get(_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    for person in (world.north_person, world.south_person):
        assert person.display_name not in text  # "Test North" (the team is "Team North")
        assert str(person.public_id) not in text
        for value in person.identifiers.values_list("value", flat=True):
            assert value not in text


def test_who_opens_which_dashboard(world, login):
    north = f"/teams/{world.north.public_id}/dashboard/?{PERIOD}"
    south = f"/teams/{world.south.public_id}/dashboard/?{PERIOD}"
    assert login("casemanager").get(north).status_code == 200
    assert login("casemanager").get(south).status_code == 404
    assert login("director").get(south).status_code == 200
    assert login("outsider").get(north).status_code == 404
    assert login("casemanager").get(_url(world)).status_code == 404
    assert login("casemanager").get(f"/outcomes/dashboard/?{PERIOD}").status_code == 404
    assert login("court").get(f"/outcomes/dashboard/?{PERIOD}").status_code == 404
    state = login("director").get(f"/outcomes/dashboard/?{PERIOD}")
    assert state.status_code == 200
    assert "Statewide dashboard" in state.content.decode()


def test_team_dashboard_counts_only_what_the_user_may_see(world, login):
    url = f"/teams/{world.north.public_id}/dashboard/?{PERIOD}&chart=flow&format=csv"
    flow = _csv(login("casemanager").get(url))
    assert ["Sep 2026", "1", "1", "0"] in flow  # the north participant only


def _api(world, username: str):
    from django.test import Client

    from missioncj.accounts.services import issue_api_token

    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_dashboard_api_gives_the_figures_and_refuses_bad_periods(world):
    client = _api(world, "evaluator")
    url = f"/api/v1/programs/{world.drug.public_id}/dashboard?{PERIOD}"
    body = client.get(url).json()
    assert body["status"] == "done"
    assert body["result"]["months"][8] == "Sep 2026"
    assert body["result"]["flow"]["referred"][8] == 2
    again = client.get(f"/api/v1/tasks/{body['task']}")
    assert again.status_code == 200 and again.json()["result"] == body["result"]
    # Anyone who would be handed the same figures may poll them; nobody else.
    assert _api(world, "director").get(f"/api/v1/tasks/{body['task']}").status_code == 200
    for other in ("outsider", "casemanager", "court"):
        assert _api(world, other).get(f"/api/v1/tasks/{body['task']}").status_code == 404
    bad = client.get(
        f"/api/v1/programs/{world.drug.public_id}/dashboard?start=2026-10-01&end=2026-09-01"
    )
    assert bad.status_code == 422
    assert "The end date is before the start date." in str(bad.json()["detail"])
    other = f"/api/v1/programs/{world.reentry.public_id}/dashboard?{PERIOD}"
    assert client.get(other).status_code == 404


def test_a_single_discharge_is_not_shown_by_its_reason_anywhere(world, login):
    import datetime as dt

    from missioncj.participants import services as people

    episode = world.north_person.episodes.get()
    people.change_status(
        actor=world.user("supervisor"),
        episode=episode,
        status="discharged",
        on=dt.date(2026, 10, 20),
        reason="graduated",
    )
    reasons = _csv(login("director").get(_url(world) + "&chart=discharges&format=csv"))
    assert ["Graduated", "1"] not in reasons
    assert all(row[1].startswith("not shown") for row in reasons[1:])
    body = (
        _api(world, "evaluator")
        .get(f"/api/v1/programs/{world.drug.public_id}/dashboard?{PERIOD}")
        .json()
    )
    assert {d["count"] for d in body["result"]["discharges"]} == {None}
