"""The outcomes-at-timepoints page and API: figures shown, nobody named, filters, 422s."""

from __future__ import annotations

from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.outcomes.services import update_outcome_settings
from missioncj.outcomes.tests.tp_helpers import ENROLLED, enrolled, months, phq9_total
from missioncj.participants.tests.test_access_matrix import api_client


def _cohort(world):
    people_ = []
    for name, before, after in (("Alpha", 12, 6), ("Bravo", 15, 13)):
        person = enrolled(world, name)
        phq9_total(world, person, before, ENROLLED)
        phq9_total(world, person, after, months(6))
        people_.append(person)
    return people_


def _show_small_cells(world):
    """Two pairs are below the default threshold of 11; these tests read the figures."""
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=1)


def test_small_cells_are_not_shown_by_default(world, login):
    _cohort(world)
    url = reverse("outcomes:timepoints", args=[world.drug.public_id])
    html = login("evaluator").get(url).content.decode()
    assert "Not shown: fewer than 11 pairs" in html
    assert "-4.00" not in html and "13.50" not in html
    body = (
        api_client(world.user("evaluator"))
        .get(f"/api/v1/programs/{world.drug.public_id}/outcomes/timepoints")
        .json()
    )
    phq = next(r for r in body["items"] if r["measure"] == "phq9" and r["timepoint"] == "m6")
    assert phq["suppressed"] is True
    assert (phq["n_paired"], phq["change"], phq["baseline"], phq["ci_low"]) == (None,) * 4


def test_page_shows_paired_figures_and_names_nobody(world, login):
    _cohort(world)
    _show_small_cells(world)
    url = reverse("outcomes:timepoints", args=[world.drug.public_id])
    response = login("evaluator").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "PHQ-9 total" in html
    assert "13.50" in html and "9.50" in html and "-4.00" in html  # means and change
    assert "Not enough data (fewer than two pairs)" in html  # e.g. at 12 months
    for name in ("Tp Alpha", "Tp Bravo", "Test North", "Test South"):
        assert name not in html
    event = AuditEvent.objects.filter(action="outcomes.timepoints.read").latest("pk")
    assert event.actor == world.user("evaluator")
    assert event.after is not None and event.after["episodes"] == 4


def test_page_is_listed_on_the_outcomes_page(world, login):
    html = login("director").get(reverse("outcomes:program", args=[world.drug.public_id]))
    assert reverse("outcomes:timepoints", args=[world.drug.public_id]) in html.content.decode()


def test_page_filters_and_refuses_a_backwards_range(world, login):
    _cohort(world)
    url = reverse("outcomes:timepoints", args=[world.drug.public_id])
    client = login("supervisor")
    html = client.get(url, {"team": str(world.south.public_id)}).content.decode()
    assert "1 enrolled episode in range" in html
    response = client.get(url, {"enrolled_from": "2025-06-01", "enrolled_to": "2025-01-01"})
    assert response.status_code == 422
    assert "The end of the enrollment range is before its start." in response.content.decode()
    assert "Baseline to 6 months" not in response.content.decode()


def test_api_gives_every_measure_at_every_follow_up(world):
    _cohort(world)
    _show_small_cells(world)
    client = api_client(world.user("director"))
    url = f"/api/v1/programs/{world.drug.public_id}/outcomes/timepoints"
    body = client.get(url).json()
    assert body["episodes"] == 4
    phq = next(r for r in body["items"] if r["measure"] == "phq9" and r["timepoint"] == "m6")
    assert (phq["n_paired"], phq["change"], phq["enough_data"]) == (2, -4.0, True)
    assert phq["ci_low"] < -4 < phq["ci_high"]
    empty = next(r for r in body["items"] if r["measure"] == "phq9" and r["timepoint"] == "m12")
    assert (empty["enough_data"], empty["change"], empty["p_value"]) == (False, None, None)
    assert len(body["items"]) == 14 * 3
    filtered = client.get(url, {"team": str(world.south.public_id)}).json()
    assert filtered["episodes"] == 1
    assert filtered["filters"]["team"] == str(world.south.public_id)


def test_api_422s_on_bad_filters(world):
    client = api_client(world.user("director"))
    url = f"/api/v1/programs/{world.drug.public_id}/outcomes/timepoints"
    response = client.get(url, {"enrolled_from": "2025-06-01", "enrolled_to": "2025-01-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "enrolled_to"
    response = client.get(url, {"team": str(world.reentry_team.public_id)})
    assert response.status_code == 422  # another program's team
    assert response.json()["detail"][0]["loc"][-1] == "team"
    assert client.get(url, {"enrolled_from": "not a day"}).status_code == 422


def test_download_keeps_small_cells_hidden(world, login):
    import csv
    import io

    from missioncj.interop.models import ExportRecord

    _cohort(world)
    url = reverse("outcomes:timepoints", args=[world.drug.public_id])

    def phq_m6(client) -> list[str]:
        response = client.get(url, {"format": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:2] == ["Timepoint", "Measure"]
        return next(r for r in rows if r[0] == "6 months" and r[1].startswith("PHQ-9 total"))

    hidden = phq_m6(login("evaluator"))
    assert hidden[4] == "fewer than 11" and hidden[5:] == [""] * 6
    _show_small_cells(world)
    shown = phq_m6(login("evaluator"))
    assert shown[4] == "2" and float(shown[7]) == -4.0
    assert ExportRecord.objects.filter(name="outcomes.timepoints", identified=False).count() == 2


def test_change_by_group_hides_small_groups(world, login):
    from missioncj.participants.models import Participant

    people_ = _cohort(world)
    for name, before, after in (("Charlie", 10, 8), ("Delta", 9, 9)):
        person = enrolled(world, name)
        phq9_total(world, person, before, ENROLLED)
        phq9_total(world, person, after, months(6))
        people_.append(person)
    for person, race in zip(people_, ["white", "white", "black", "black"], strict=True):
        Participant.objects.filter(pk=person.pk).update(race=race)
    url = reverse("outcomes:timepoints", args=[world.drug.public_id])
    html = login("evaluator").get(url, {"by": "race"}).content.decode()
    assert "Change to 6 months by race" in html
    assert "-4.00 (n 2)" not in html and "fewer than 11" in html
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=2)
    html = login("evaluator").get(url, {"by": "race"}).content.decode()
    # White: Alpha 12 -> 6 and Bravo 15 -> 13, mean change -4.00; Black: -2 and 0, -1.00.
    assert "-4.00 (n 2)" in html and "-1.00 (n 2)" in html
    bad = login("evaluator").get(url, {"by": "shoe_size"})
    assert bad.status_code == 422


def test_a_change_hidden_for_few_pairs_takes_its_complement(world, login):
    from missioncj.participants.models import Participant

    people_ = _cohort(world)  # Alpha and Bravo: two PHQ-9 pairs
    charlie = enrolled(world, "Charlie")
    phq9_total(world, charlie, 10, ENROLLED)  # baseline only: no pair
    delta = enrolled(world, "Delta")
    phq9_total(world, delta, 9, ENROLLED)
    phq9_total(world, delta, 9, months(6))
    for person, race in zip([*people_, charlie, delta], ["white"] * 2 + ["black"] * 2, strict=True):
        Participant.objects.filter(pk=person.pk).update(race=race)
    update_outcome_settings(actor=world.user("director"), program=world.drug, small_cell_min=2)
    url = reverse("outcomes:timepoints", args=[world.drug.public_id])
    html = login("evaluator").get(url, {"by": "race"}).content.decode()
    # Black has one PHQ-9 pair (hidden); white's two would give it away beside the overall
    # change of all three pairs, so white's is hidden too.
    assert "-4.00 (n 2)" not in html
    assert html.count("fewer than 2 pairs") >= 2
