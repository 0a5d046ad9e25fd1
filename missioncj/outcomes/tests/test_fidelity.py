"""Fidelity arithmetic on a hand-built participant (see fidelity_factories): exact weekly rows,
phase totals, the score with default and custom criteria, the high / low cut-off, and the
criteria checks."""

from __future__ import annotations

import datetime as dt

import pytest

from missioncj.outcomes import fidelity
from missioncj.outcomes import fidelity_weeks as weeks
from missioncj.outcomes.models import OutcomeSettings
from missioncj.outcomes.services import update_outcome_settings
from missioncj.outcomes.tests import fidelity_factories as ff

D = dt.date
FIELDS = weeks.COUNT_FIELDS  # cti drt peer prosocial collateral vocational made completed

# Monday, phase, CTI target met, then the counts in FIELDS order.
EXPECTED_WEEKS = [
    (D(2026, 1, 5), 1, True, (1, 0, 0, 0, 0, 0, 1, 0)),
    (D(2026, 1, 12), 1, True, (1, 1, 1, 0, 0, 0, 0, 1)),
    (D(2026, 1, 19), 1, False, (0, 1, 0, 0, 1, 0, 0, 0)),
    (D(2026, 1, 26), 1, True, (1, 1, 0, 0, 0, 0, 0, 0)),
    (D(2026, 2, 2), 1, True, (1, 1, 0, 0, 0, 0, 0, 0)),
    (D(2026, 2, 9), 2, True, (0, 0, 1, 0, 0, 1, 1, 0)),  # 7 Feb is within 14 days
    (D(2026, 2, 16), 2, False, (0, 0, 0, 1, 0, 0, 0, 0)),
]


@pytest.fixture
def episode(world):
    ff.one_month_phases(world.drug)
    made = ff.enrolled_episode(world.user("casemanager"), world.drug, world.north, "Known")
    return ff.known_weeks(world.user("casemanager"), made)


def _one(episode, through=ff.THROUGH):
    return fidelity.episode_fidelity([episode], episode.program, through=through)[episode.pk]


def test_weekly_rows_are_exact(episode):
    item = _one(episode)
    got = [(r.start, r.phase, r.cti_met, tuple(r.counts.as_dict().values())) for r in item.rows]
    assert got == EXPECTED_WEEKS
    assert item.rows[0].end == D(2026, 1, 11)
    assert [r.every_days for r in item.rows] == [7, 7, 7, 7, 7, 14, 14]


def test_a_week_ending_early_stops_at_the_last_day(episode):
    item = _one(episode, through=D(2026, 2, 18))
    assert item.rows[-1].start == D(2026, 2, 16) and item.rows[-1].end == D(2026, 2, 18)
    assert item.rows[-1].counts.prosocial == 0  # 19 Feb is after the last day


def test_phase_totals(episode):
    totals = _one(episode).phases
    assert [(t.phase, t.name, t.weeks, t.target_weeks, t.met_weeks) for t in totals] == [
        (1, "Transition", 5, 5, 4),
        (2, "Try-out", 2, 2, 1),
    ]
    assert totals[0].counts.as_dict() == dict(zip(FIELDS, (4, 4, 1, 0, 1, 0, 1, 1), strict=True))
    assert totals[1].counts.as_dict() == dict(zip(FIELDS, (0, 0, 1, 1, 0, 1, 1, 0), strict=True))
    assert totals[0].met_percent == 80.0


def test_achieved_values(episode):
    item = _one(episode)
    values = fidelity.achieved(item.facts, item.rows, ff.THROUGH)
    # 47 days enrolled (7 Jan to 22 Feb): 6 full weeks, so 6 sessions expected of each.
    assert values["cti_weeks_met"] == pytest.approx(500 / 7)
    assert values["drt_sessions"] == pytest.approx(50.0)  # sessions 1, 2, 3 of 6 expected
    assert values["peer_sessions"] == pytest.approx(100 / 3)
    assert values["collateral_monthly"] == pytest.approx(30 / 47)
    assert values["vocational_monthly"] == pytest.approx(30 / 47)
    assert values["linkage_by_transfer"] is None  # transfer of care starts 7 Mar
    later = _one(episode, through=D(2026, 3, 8))
    assert fidelity.achieved(later.facts, later.rows, D(2026, 3, 8))["linkage_by_transfer"] == 1


def test_score_with_default_criteria(episode):
    # (3·(71.43/80) + 2·(50/75) + 2·(33.3/75) + 1·0.638 + 1·0.638) / 9 = 68.64 → 68.6
    score = _one(episode).score
    assert score.value == 68.6
    assert score.fidelity == "low"
    assert [a.criterion.key for a in score.items if a.share is None] == ["linkage_by_transfer"]


def test_score_with_custom_criteria(world, episode):
    actor = world.user("director")
    update_outcome_settings(
        actor=actor,
        program=world.drug,
        fidelity_criteria=[
            {"key": "peer_sessions", "weight": 2, "target": 50},
            {"key": "collateral_monthly", "weight": 1, "target": 2},
        ],
    )
    # (2·(33.33/50) + 1·(0.6383/2)) / 3 = 0.5508
    assert _one(episode).score.value == 55.1
    update_outcome_settings(
        actor=actor,
        program=world.drug,
        fidelity_criteria=[
            {"key": "cti_weeks_met", "weight": 1, "target": 50},
            {"key": "drt_sessions", "weight": 1.5, "target": 50},
        ],
    )
    assert _one(episode).score.value == 100.0


def test_cut_off_is_at_or_above_the_line():
    criteria = [fidelity.Criterion("cti_weeks_met", 1, 100)]
    low = fidelity.score(criteria, {"cti_weeks_met": 79.9}, 80)
    high = fidelity.score(criteria, {"cti_weeks_met": 80.0}, 80)
    assert (low.value, low.fidelity) == (79.9, "low")
    assert (high.value, high.fidelity) == (80.0, "high")
    nothing = fidelity.score(criteria, {"cti_weeks_met": None}, 80)
    assert (nothing.value, nothing.fidelity) == (None, None)


def test_classify_episodes_follows_the_program_line(world, episode):
    actor = world.user("director")
    update_outcome_settings(actor=actor, program=world.drug, high_fidelity_percent=68)
    assert fidelity.classify_episodes(world.drug, [episode], through=ff.THROUGH) == {
        episode.pk: "high"
    }
    update_outcome_settings(actor=actor, program=world.drug, high_fidelity_percent=69)
    queryset = world.drug.episodes.all()
    # Episodes enrolled after `through` (the world's own participants) have no weeks yet.
    assert fidelity.classify_episodes(world.drug, queryset, through=ff.THROUGH) == {
        episode.pk: "low"
    }


def test_criteria_for_uses_defaults_until_stored(world):
    assert [c.key for c in fidelity.criteria_for(world.drug)] == [
        c["key"] for c in fidelity.DEFAULT_CRITERIA
    ]
    update_outcome_settings(
        actor=world.user("director"),
        program=world.drug,
        fidelity_criteria=[{"key": "drt_sessions", "weight": 1, "target": 60}],
    )
    assert fidelity.criteria_for(world.drug) == [fidelity.Criterion("drt_sessions", 1.0, 60.0)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"key": "x"}, "Give the criteria as a list of {key, weight, target}."),
        (["drt"], "Criterion 1 is not a {key, weight, target} entry."),
        (
            [{"key": "fun", "weight": 1, "target": 1}],
            "Criterion 1: “fun” is not a criterion (cti_weeks_met, drt_sessions, "
            "peer_sessions, collateral_monthly, vocational_monthly, linkage_by_transfer).",
        ),
        (
            [{"key": "drt_sessions", "weight": 0, "target": 50}],
            "DRT sessions vs expected: the weight must be a number above 0, at most 100.",
        ),
        (
            [{"key": "drt_sessions", "weight": -1, "target": 50}],
            "DRT sessions vs expected: the weight must be a number above 0, at most 100.",
        ),
        (
            [{"key": "drt_sessions", "weight": True, "target": 50}],
            "DRT sessions vs expected: the weight must be a number above 0, at most 100.",
        ),
        (
            [{"key": "cti_weeks_met", "weight": 1, "target": 120}],
            "CTI contact target met: the target must be from 1 to 100 (% of weeks).",
        ),
        (
            [{"key": "collateral_monthly", "weight": 1, "target": 0}],
            "Collateral contacts per month: the target must be from 0.1 to 30 "
            "(contacts per 30 days).",
        ),
        (
            [
                {"key": "peer_sessions", "weight": 1, "target": 50},
                {"key": "peer_sessions", "weight": 2, "target": 60},
            ],
            "Peer sessions vs expected is listed twice.",
        ),
        (
            [{"key": "peer_sessions", "weight": 1, "target": 50, "note": "x"}],
            "Criterion 1 has unknown fields: note.",
        ),
    ],
)
def test_check_criteria_messages(value, message):
    assert fidelity.check_criteria(value) == message


def test_check_criteria_accepts_defaults_and_empty():
    assert fidelity.check_criteria(fidelity.DEFAULT_CRITERIA) is None
    assert fidelity.check_criteria([]) is None


def test_bad_criteria_change_nothing(world):
    with pytest.raises(Exception) as caught:
        update_outcome_settings(
            actor=world.user("director"),
            program=world.drug,
            fidelity_criteria=[{"key": "drt_sessions", "weight": 1, "target": 0}],
        )
    assert caught.value.message_dict == {  # type: ignore[attr-defined]
        "fidelity_criteria": [
            "DRT sessions vs expected: the target must be from 1 to 100 (% of expected)."
        ]
    }
    assert not OutcomeSettings.objects.filter(program=world.drug).exists()
