"""The survival cohort built from outcome events: voided arrests ignored, censoring at death
and at the cut-off, the release start, the enrollment range, groupings and the fidelity hook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missioncj.conftest import make_participant
from missioncj.outcomes.services import record_outcome_event, void_outcome_event
from missioncj.outcomes.survival_cohort import (
    FIDELITY,
    CohortSpec,
    age_band,
    build_cohort,
    chosen_programs,
    grouping_choices,
)
from missioncj.participants.models import Episode

CUTOFF = dt.date(2026, 11, 4)
D = dt.date  # enrollment in the test world is 5 Sep 2026


def event(actor, person, kind, on, **extra):
    return record_outcome_event(
        actor=actor,
        episode=person.episodes.get(),
        kind=kind,
        occurred_on=on,
        source="court_record",
        **extra,
    )


@pytest.fixture
def people(world):
    cm, south = world.user("casemanager"), world.user("cm.south")
    a, b = world.north_person, world.south_person
    c = make_participant(cm, world.drug, world.north, "Censored")
    d = make_participant(cm, world.drug, world.north, "Released")
    e = make_participant(cm, world.drug, world.north, "SameDay")
    wrong = event(cm, a, "arrest", D(2026, 9, 20))
    void_outcome_event(actor=cm, event=wrong, reason="Wrong person entirely")
    event(cm, a, "arrest", D(2026, 10, 5))
    event(south, b, "death", D(2026, 10, 15))
    event(south, b, "arrest", D(2026, 10, 20))  # after the death: never counted
    event(cm, d, "incarceration", D(2026, 8, 1), ended_on=D(2026, 9, 15))
    event(cm, d, "arrest", D(2026, 9, 25))
    event(cm, e, "arrest", D(2026, 9, 5))  # on the start day, not after it
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def cohort(world, start_kind="enrollment", cutoff=CUTOFF, user="director", **extra):
    spec = CohortSpec(
        programs=[world.drug],
        enrolled_from=extra.pop("enrolled_from", None),
        enrolled_to=extra.pop("enrolled_to", None),
        start_kind=start_kind,
        cutoff=cutoff,
    )
    return build_cohort(world.user(user), spec, **extra)


def by_person(subjects, people):
    keys = {str(p.episodes.get().public_id): name for name, p in people.items()}
    return {keys[s.key]: (s.days, s.event) for s in subjects}


def test_time_from_enrollment_ignores_voided_arrests_and_censors_at_death(world, people):
    assert by_person(cohort(world), people) == {
        "a": (30, True),  # the voided arrest on day 15 does not count
        "b": (40, False),  # died on day 40; the later arrest is not counted
        "c": (60, False),  # followed to the cut-off
        "d": (20, True),
        "e": (60, False),  # an arrest on the start day is not "after" it
    }


def test_cut_off_censors_before_a_later_arrest(world, people):
    found = by_person(cohort(world, cutoff=D(2026, 10, 1)), people)
    assert found["a"] == (26, False)
    assert found["d"] == (20, True)


def test_release_start_uses_the_release_day_and_falls_back_or_leaves_out(world, people):
    released = by_person(cohort(world, start_kind="release"), people)
    assert released["d"] == (10, True)  # released 15 Sep, re-arrested 25 Sep
    assert released["a"] == (30, True)  # no incarceration: the enrollment day
    only = by_person(cohort(world, start_kind="release_only"), people)
    assert only == {"d": (10, True)}


def test_enrollment_range_and_start_after_cut_off(world, people):
    Episode.objects.filter(pk=people["c"].episodes.get().pk).update(enrolled_date=D(2026, 10, 1))
    assert set(by_person(cohort(world, enrolled_from=D(2026, 9, 10)), people)) == {"c"}
    assert "c" not in by_person(cohort(world, enrolled_to=D(2026, 9, 30)), people)
    assert "c" not in by_person(cohort(world, cutoff=D(2026, 9, 30)), people)
    with pytest.raises(ValidationError) as raised:
        cohort(world, enrolled_from=D(2026, 10, 2), enrolled_to=D(2026, 10, 1))
    assert "before its start" in raised.value.message_dict["enrolled_to"][0]
    with pytest.raises(ValidationError):
        cohort(world, start_kind="sentencing")


def test_attributes_for_every_grouping(world, people):
    subject = next(s for s in cohort(world) if s.key == str(people["b"].episodes.get().public_id))
    assert subject.attributes["program"] == "Drug Court"
    assert subject.attributes["court_type"] == "Adult drug court"
    assert subject.attributes["team"] == "Team South"
    assert subject.attributes["age"] == 36 and subject.attributes["age_band"] == "36\u201345"
    assert subject.attributes["discharge"] == "Not discharged"
    assert subject.attributes["veteran"] == "Not known"
    assert [age_band(a) for a in (17, 18, 25, 26, 55, 56)] == [
        "Under 18",
        "18\u201325",
        "18\u201325",
        "26\u201335",
        "46\u201355",
        "56+",
    ]


def test_the_number_of_queries_does_not_grow_with_the_cohort(world, people):
    cohort(world)  # the user's scope is looked up once and kept
    with CaptureQueriesContext(connection) as few:
        cohort(world)
    for n in range(3):
        make_participant(world.user("casemanager"), world.drug, world.north, f"More{n}")
    with CaptureQueriesContext(connection) as more:
        assert len(cohort(world)) == 8
    assert len(more) == len(few) == 2  # episodes, then their outcome events


def test_evaluators_read_the_cohort_and_others_get_404(world, people):
    from django.http import Http404

    assert len(cohort(world, user="evaluator")) == 5
    with pytest.raises(Http404):
        cohort(world, user="casemanager")
    with pytest.raises(ValidationError) as raised:
        chosen_programs(world.user("director"), world.drug, [world.reentry.public_id])
    assert "programs" in raised.value.message_dict


def test_fidelity_grouping_uses_the_programs_classes(world, people):
    from missioncj.outcomes.fidelity import classify_episodes
    from missioncj.participants.models import Episode

    assert dict(grouping_choices())[FIDELITY] == "Fidelity (high / low)"
    subjects = cohort(world, fidelity=True)
    episodes = Episode.objects.filter(public_id__in=[s.key for s in subjects])
    classes = classify_episodes(world.drug, list(episodes), through=CUTOFF)
    names = {"high": "High fidelity", "low": "Low fidelity"}
    by_id = {str(e.public_id): names.get(classes.get(e.pk, ""), "Not classified") for e in episodes}
    assert {s.key: s.attributes[FIDELITY] for s in subjects} == by_id


def test_one_subject_per_person_whatever_their_episodes(world, people):
    from missioncj.participants import services as episodes

    c = people["c"]
    cm = world.user("casemanager")
    first = c.episodes.get()
    episodes.change_status(
        actor=cm, episode=first, status="discharged", on=D(2026, 9, 10), reason="withdrew"
    )
    again = episodes.open_episode(
        actor=cm, participant=c, program=world.drug, team=world.north, referral_date=D(2026, 9, 12)
    )
    episodes.change_status(actor=cm, episode=again, status="screening", on=D(2026, 9, 13))
    episodes.change_status(actor=cm, episode=again, status="enrolled", on=D(2026, 9, 14))
    subjects = cohort(world)
    assert len(subjects) == 5  # a to e, c once
    assert str(first.public_id) in {s.key for s in subjects}  # the first episode is kept
    assert str(again.public_id) not in {s.key for s in subjects}
