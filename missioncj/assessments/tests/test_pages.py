"""The assessment pages: choose, fill in (phone-first radios), draft, complete, result with
change and the safety prompt, list, panel, acknowledging an alert."""

from __future__ import annotations

from django.urls import reverse

from missioncj.assessments.models import Administration, SafetyAlert
from missioncj.assessments.tests.factories import ON, give, phq9


def _new_url(participant, code):
    return reverse("assessments:new", args=[participant.public_id]) + f"?instrument={code}"


def test_choose_and_complete_a_phq9(world, login):
    client = login("casemanager")
    person = world.north_person
    html = client.get(reverse("assessments:index", args=[person.public_id])).content.decode()
    assert "PHQ-9 (depression)" in html and "C-SSRS screener" in html
    html = client.get(_new_url(person, "phq9")).content.decode()
    assert 'type="radio" name="q9" value="3"' in html
    assert "Nearly every day" in html
    data = {
        "administered_on": ON.isoformat(),
        "action": "complete",
        **phq9(2, 2, 2, 2, 2, 2, 2, 0, 0),
    }
    response = client.post(_new_url(person, "phq9"), data)
    done = Administration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessments:detail", args=[person.public_id, done.public_id]
    )
    html = client.get(response["Location"]).content.decode()
    assert "14" in html and "Moderate depression" in html
    assert "This is the first PHQ-9 (depression): the baseline." in html
    assert "Open the safety plan" not in html
    detail = client.get(reverse("participants:detail", args=[person.public_id])).content.decode()
    assert "Moderate depression" in detail  # the panel


def test_missing_answers_are_shown_next_to_each_question(world, login):
    client = login("casemanager")
    response = client.post(
        _new_url(world.north_person, "phq9"),
        {"administered_on": ON.isoformat(), "action": "complete", "q1": "1", "q2": "7"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "8 problems" in html  # q2 out of range, q3-q9 missing
    assert "This question needs an answer." in html
    assert not Administration.objects.exists()


def test_draft_then_complete(world, login):
    client = login("peer")
    person = world.north_person
    response = client.post(
        _new_url(person, "gad7"), {"administered_on": ON.isoformat(), "action": "draft", "q1": "3"}
    )
    draft = Administration.objects.get()
    assert draft.status == "draft" and draft.responses == {"q1": 3}
    edit = reverse("assessments:edit", args=[person.public_id, draft.public_id])
    assert response["Location"] == edit
    html = client.get(edit).content.decode()
    assert 'name="q1" value="3" checked' in html
    answers = {f"q{n}": "3" for n in range(1, 8)}
    response = client.post(
        edit, {"administered_on": ON.isoformat(), "action": "complete", **answers}
    )
    draft.refresh_from_db()
    assert (draft.status, draft.total, draft.band) == ("completed", 21, "severe")
    # a completed one cannot be edited any more
    response = client.post(edit, {"administered_on": ON.isoformat(), "action": "draft", "q1": "0"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.responses["q1"] == 3


def test_cssrs_branching_on_the_page(world, login):
    client = login("casemanager")
    url = _new_url(world.north_person, "cssrs")
    html = client.get(url).content.decode()
    assert 'name="q1"' in html and 'name="q6"' in html and 'name="q3"' not in html
    assert "hx-post" in html  # q2 and q6 redraw the questions
    html = client.post(url, {"action": "refresh", "q1": "1", "q2": "1", "q6": "0"}).content.decode()
    assert 'name="q3"' in html and 'name="q5"' in html
    assert not Administration.objects.exists()
    # answers to questions that no longer apply are dropped, not refused
    response = client.post(
        url,
        {
            "administered_on": ON.isoformat(),
            "action": "complete",
            "q1": "1",
            "q2": "0",
            "q3": "1",
            "q6": "0",
        },
    )
    assert response.status_code == 302
    done = Administration.objects.get()
    assert done.responses == {"q1": 1, "q2": 0, "q6": 0}
    assert done.band == "low"


def test_positive_screen_prompts_the_safety_plan_and_acknowledge_clears_the_queue(world, login):
    client = login("casemanager")
    person = world.north_person
    done = give(world.user("casemanager"), person, responses=phq9(1, 1, 1, 1, 1, 1, 1, 1, 2))
    html = client.get(
        reverse("assessments:detail", args=[person.public_id, done.public_id])
    ).content.decode()
    assert "Safety: act now" in html
    assert reverse("care:safety_plan", args=[person.public_id]) in html
    assert "Acknowledge the alert" in html
    queue = client.get(reverse("care:work_queue")).content.decode()
    assert "Safety screen" in queue
    alert = SafetyAlert.objects.get()
    response = client.post(
        reverse("assessments:acknowledge_alert", args=[person.public_id, alert.public_id])
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.user("casemanager")
    assert "Safety screen" not in client.get(reverse("care:work_queue")).content.decode()


def test_result_shows_change_and_correction(world, login):
    import datetime as dt

    cm = world.user("casemanager")
    person = world.north_person
    give(cm, person, responses=phq9(3, 3, 3, 3, 3, 0, 0, 0, 0), on=ON)
    second = give(
        cm, person, responses=phq9(1, 1, 1, 1, 1, 0, 0, 0, 0), on=ON + dt.timedelta(days=14)
    )
    client = login("casemanager")
    url = reverse("assessments:detail", args=[person.public_id, second.public_id])
    html = client.get(url).content.decode()
    assert "Change from the previous" in html and "<strong>-10</strong>" in html
    response = client.post(
        reverse("assessments:correct", args=[person.public_id, second.public_id])
    )
    correction = Administration.objects.get(corrects=second)
    assert response["Location"] == reverse(
        "assessments:edit", args=[person.public_id, correction.public_id]
    )
