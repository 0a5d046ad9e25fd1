"""Staff-completed interviews filled from the record: counts of signed contacts and group
attendance since the previous administration, participant facts, latest screens, values that
are not answers left out; the form page with prefilled and preset answers; recorded
administrations on the result, list and participant pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from missioncj.assessments import prefill
from missioncj.assessments.models import Administration, Instrument
from missioncj.assessments.tests.factories import full_set, give, phq9
from missioncj.care.models import AttendanceStatus, Component, CurriculumKind
from missioncj.care.tests.cti_factories import attend, contact, curriculum, group, local_noon
from missioncj.core.models import AuditEvent
from missioncj.participants.services import local_today

BASELINE = dt.date(2026, 9, 20)
AS_OF = dt.date(2026, 10, 10)


def _version(code: str):
    return Instrument.objects.get(code=code).current


def _new_url(person, query: str) -> str:
    return reverse("assessments:new", args=[person.public_id]) + f"?{query}"


def _number_value(html: str, item_id: str) -> str | None:
    found = re.search(rf'<input type="number" name="{item_id}"[^>]* value="([^"]*)"', html)
    return found.group(1) if found else None


def _today_values(code: str, person, episode) -> dict[str, int]:
    """What the form fills in today (the form's date is the program's today)."""
    return prefill.prefill(_version(code), person, episode, local_today(episode.program))


@pytest.fixture
def episode_record(world):
    """North's episode: contacts and DRT groups from 10 Sep to 11 Oct, no assessment yet."""
    cm = world.user("casemanager")
    person = world.north_person
    episode = person.episodes.select_related("program").get()
    program = episode.program

    def at(day: int, month: int = 9) -> dt.datetime:
        return local_noon(program, dt.date(2026, month, day))

    # the world already has a signed CTI contact on 10 Sep
    contact(cm, episode, at(15))  # before the baseline
    contact(cm, episode, at(20))  # on the baseline day: counted with the earlier period
    contact(cm, episode, at(25))
    contact(cm, episode, at(1, 10), components=int(Component.CTI | Component.PEER))
    contact(cm, episode, at(2, 10), components=int(Component.PEER), sign=False)  # a draft
    contact(cm, episode, at(3, 10), components=int(Component.VOCATIONAL))
    contact(cm, episode, at(11, 10))  # after the as-of date
    drt = curriculum(program, CurriculumKind.DRT)
    attend(group(drt, 1, at(18), cm), episode, AttendanceStatus.PRESENT)  # before the baseline
    attend(group(drt, 2, at(28), cm), episode, AttendanceStatus.PRESENT)
    attend(group(drt, 3, at(5, 10), cm), episode, AttendanceStatus.MAKEUP)
    attend(group(drt, 4, at(7, 10), cm), episode, AttendanceStatus.ABSENT)
    return person, episode


@pytest.fixture
def record(episode_record, world):
    """The same episode with a SUPRT baseline on 20 Sep (contacts and groups either side)."""
    person, episode = episode_record
    cm = world.user("casemanager")
    give(cm, person, "suprt_a", full_set("suprt_a", interview_type=1), on=BASELINE)
    return person, episode


def test_counts_since_the_previous_administration(record):
    person, episode = record
    values = prefill.prefill(_version("suprt_a"), person, episode, AS_OF)
    assert values["svc_case_management"] == 2  # 25 Sep, 1 Oct
    assert values["svc_peer"] == 1  # the draft of 2 Oct is not part of the record
    assert values["svc_vocational"] == 1
    assert values["svc_cod_groups"] == 2  # present and make-up after the baseline
    assert values["svc_recovery_groups"] == 0 and values["svc_legal"] == 0
    assert values["age"] == 36  # born 17 May 1990
    assert "sex" not in values and "race" not in values  # not known: left to staff
    assert "phq9_total" not in values and "suicide_risk" not in values  # no screen given
    assert "svc_mental_health" not in values  # no source: staff enter it


def test_without_a_previous_administration_the_whole_episode_counts(episode_record):
    person, episode = episode_record
    assert not Administration.objects.filter(episode=episode).exists()
    values = prefill.prefill(_version("suprt_a"), person, episode, AS_OF)
    assert values["svc_case_management"] == 5  # 10, 15, 20, 25 Sep and 1 Oct
    assert values["svc_cod_groups"] == 3


def test_gpra_discharge_services_count_the_whole_episode(record, world):
    person, episode = record
    cm = world.user("casemanager")
    give(cm, person, "gpra", full_set("gpra", interview_type=1, conducted=1), on=BASELINE)
    values = prefill.prefill(_version("gpra"), person, episode, AS_OF)
    assert values["svc_case_management"] == 5  # "source_since": "episode"
    assert values["days_in_program"] == (AS_OF - dt.date(2026, 9, 5)).days
    assert "discharge_reason" not in values  # the episode is still open


def test_participant_facts_and_latest_screens(record, world):
    person, episode = record
    cm = world.user("casemanager")
    person.sex, person.race, person.veteran_status = "male", "black", "veteran"
    person.save()
    give(cm, person, "phq9", phq9(3, 3, 3, 3, 3, 0, 0, 0, 0), on=dt.date(2026, 9, 22))
    give(cm, person, "phq9", phq9(1, 1, 1, 0, 0, 0, 0, 0, 0), on=dt.date(2026, 10, 6))
    give(cm, person, "phq9", phq9(3, 3, 3, 3, 3, 3, 0, 0, 0), on=dt.date(2026, 10, 12))
    give(cm, person, "cssrs", {"q1": 1, "q2": 0, "q6": 0}, on=dt.date(2026, 10, 6))
    values = prefill.prefill(_version("suprt_a"), person, episode, AS_OF)
    assert (values["sex"], values["race"], values["military"]) == (1, 3, 1)
    assert values["phq9_total"] == 3  # the latest on or before the as-of date
    assert values["suicide_risk"] == 2  # low risk
    assert "gad7_total" not in values


def test_values_that_are_not_answers_are_clamped_or_left_out():
    days = {"id": "d", "kind": "number", "min": 0, "max": 30}
    assert prefill.fit(days, 45) == 30 and prefill.fit(days, -2) == 0
    assert prefill.fit(days, "12") is None and prefill.fit(days, True) is None
    choice = {"id": "c", "options": [{"value": 1, "label": "A"}, {"value": 2, "label": "B"}]}
    assert prefill.fit(choice, 2) == 2 and prefill.fit(choice, 7) is None
    assert prefill.fit(choice, "male") is None  # text without a map
    mapped = {**choice, "source_map": {"male": 1, "female": 9}}
    assert prefill.fit(mapped, "male") == 1
    assert prefill.fit(mapped, "female") is None  # maps to a value that is not an option
    assert prefill.fit(mapped, "intersex") is None


def test_form_starts_filled_from_the_record_with_preset_answers(record, world, login):
    person, episode = record
    client = login("casemanager")
    html = client.get(_new_url(person, "instrument=suprt_a&interview_type=2")).content.decode()
    assert "Filled from the record — check each answer" in html
    assert 'name="interview_type" value="2" checked' in html
    expected = _today_values("suprt_a", person, episode)
    assert expected["svc_case_management"] >= 2
    assert _number_value(html, "svc_case_management") == str(expected["svc_case_management"])
    assert _number_value(html, "svc_cod_groups") == str(expected["svc_cod_groups"])
    assert "From the record" in html
    assert '<h2 class="form-section">E Services received since the previous assessment</h2>' in (
        html
    )
    event = AuditEvent.objects.get(action="assessment.prefill")
    assert event.participant_public_id == person.public_id
    assert event.after is not None and "svc_case_management" in event.after["items"]


def test_invalid_preset_answers_are_ignored(record, login):
    person, _ = record
    client = login("casemanager")
    for query in ("interview_type=3", "interview_type=x", "interview_type=", "nothing=1"):
        html = client.get(_new_url(person, f"instrument=gpra&{query}")).content.decode()
        assert 'name="interview_type" value="3"' not in html  # 3 is not a GPRA type
        assert "checked" not in html.split('id="item-conducted"')[0], query


def test_hidden_prefilled_answers_come_back_when_the_section_applies(record, login):
    person, episode = record
    client = login("casemanager")
    url = _new_url(person, "instrument=gpra")
    html = client.get(url).content.decode()
    count = _today_values("gpra", person, episode)["svc_case_management"]
    assert count >= 5
    assert f'<input type="hidden" name="svc_case_management" value="{count}">' in html
    assert 'id="item-svc_case_management"' not in html  # K applies only at discharge
    posted = {"action": "refresh", "interview_type": "5", "conducted": "0"}
    refreshed = client.post(url, {**posted, "svc_case_management": str(count)}).content.decode()
    assert 'id="item-svc_case_management"' in refreshed
    assert _number_value(refreshed, "svc_case_management") == str(count)
    # switching back to a follow-up hides the section again but keeps the answer in the page
    back = client.post(url, {**posted, "interview_type": "2", "svc_case_management": "7"})
    html = back.content.decode()
    assert 'id="item-svc_case_management"' not in html
    assert '<input type="hidden" name="svc_case_management" value="7">' in html
    assert not Administration.objects.filter(instrument_version__instrument__code="gpra").exists()


def test_phq9_form_has_no_sections_and_no_prefill_note(world, login):
    client = login("casemanager")
    html = client.get(_new_url(world.north_person, "instrument=phq9")).content.decode()
    assert "form-section" not in html and "Filled from the record" not in html
    assert not AuditEvent.objects.filter(action="assessment.prefill").exists()


def test_recorded_interview_pages_show_no_score_and_no_change(world, login):
    cm = world.user("casemanager")
    person = world.north_person
    give(cm, person, "gpra", full_set("gpra", interview_type=1, conducted=1), on=BASELINE)
    client = login("casemanager")
    data = {
        "administered_on": "2026-10-10",
        "action": "complete",
        **{k: str(v) for k, v in full_set("gpra", interview_type=2, conducted=1).items()},
    }
    response = client.post(_new_url(person, "instrument=gpra"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    done = Administration.objects.get(administered_on=dt.date(2026, 10, 10))
    assert (done.total, done.band, done.band_label) == (None, "", "Recorded: Six-month follow-up")
    html = client.get(response["Location"]).content.decode()
    assert "Recorded: Six-month follow-up" in html
    assert "<h3>B Drug and alcohol use</h3>" in html and "<h3>I Follow-up status</h3>" in html
    assert "None" not in html and "Change from" not in html and "the baseline" not in html
    listed = client.get(reverse("assessments:index", args=[person.public_id])).content.decode()
    given = listed.split('id="given-h"')[1]
    assert "Recorded: Six-month follow-up" in given and "None" not in given
    page = client.get(reverse("participants:detail", args=[person.public_id])).content.decode()
    panel = page.split('id="assessments-panel-h"')[1].split("</section>")[0]
    assert "GPRA client outcome measures (CSAT)</a>:" in panel
    assert "Recorded: Six-month follow-up" in panel and "None" not in panel
