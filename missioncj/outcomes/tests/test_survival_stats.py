"""The statistics of `outcomes.survival` checked against hand computations: the product-limit
estimate and Greenwood variance, the log-rank statistic, and the Cox coefficients against an
independent maximisation of Breslow's partial likelihood."""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from scipy import optimize
from scipy.stats import chi2

from missioncj.outcomes.survival import Subject, analyse, kaplan_meier, log_rank
from missioncj.outcomes.survival_chart import curve_csv, km_chart

# (days, re-arrested): ties at day 5 (two events and a censoring) and day 12.
TEN = [(3, 1), (5, 1), (5, 1), (5, 0), (8, 1), (10, 0), (12, 1), (12, 1), (15, 0), (20, 1)]


def subjects(rows, **attrs_by_index):
    return [
        Subject(str(i), days, bool(event), {k: v[i] for k, v in attrs_by_index.items()})
        for i, (days, event) in enumerate(rows)
    ]


def hand_product_limit(rows):
    """Each event day: (day, at risk, events, S, Greenwood variance of S), written out."""
    out, surv, greenwood_sum = [], 1.0, 0.0
    for day in sorted({d for d, e in rows if e}):
        at_risk = sum(1 for d, _ in rows if d >= day)
        events = sum(1 for d, e in rows if d == day and e)
        surv *= (at_risk - events) / at_risk
        if at_risk > events:
            greenwood_sum += events / (at_risk * (at_risk - events))
            variance = surv**2 * greenwood_sum
        else:
            variance = math.nan
        out.append((day, at_risk, events, surv, variance))
    return out


def test_kaplan_meier_matches_the_product_limit_written_out():
    curve = kaplan_meier("All", subjects(TEN), at_risk_days=(0, 5, 6, 12, 30))
    hand = hand_product_limit(TEN)
    # The values by hand: 9/10, then times 7/9, 5/6, 2/4 and 0/1.
    assert [round(h[3], 6) for h in hand] == [0.9, 0.7, 0.583333, 0.291667, 0.0]
    points = curve.points[1:]  # day 0 first
    assert curve.points[0].day == 0 and curve.points[0].survival == 1.0
    assert [(p.day, p.at_risk, p.events) for p in points] == [h[:3] for h in hand]
    for point, (_, _, _, surv, variance) in zip(points, hand, strict=True):
        assert point.survival == pytest.approx(surv, abs=1e-12)
        if not math.isnan(variance):
            assert point.se == pytest.approx(math.sqrt(variance), abs=1e-12)
        assert 0.0 <= point.lower <= point.survival <= point.upper <= 1.0
    assert curve.at_risk == {0: 10, 5: 9, 6: 6, 12: 4, 30: 0}
    assert (curve.n, curve.events, curve.last_day) == (10, 7, 20)
    assert curve.median_days == 12  # S first at or below 0.5 on day 12
    assert curve.survival_at(9) == pytest.approx(0.583333, abs=1e-6)


def test_band_is_the_hall_wellner_log_transform_of_statsmodels():
    curve = kaplan_meier("All", subjects(TEN))
    first = curve.points[1]
    # Hall-Wellner on the log(-log S) scale: S^(1/theta) .. S^theta, 95 % (c = 1.3581).
    s, n, se = first.survival, first.at_risk, first.se
    theta = math.exp(1.3581 * (1 + n * (se / s) ** 2) / (math.sqrt(n) * math.log(s)))
    assert first.band_lower == pytest.approx(s ** (1 / theta), abs=1e-9)
    assert first.band_upper == pytest.approx(s**theta, abs=1e-9)


def test_pointwise_interval_is_the_log_log_one():
    # First event day of TEN: S = 9/10, Greenwood SE = 0.9 * sqrt(1 / (10 * 9)) = 0.0949.
    # log-log 95 %: 0.9 ** exp(+-1.96 * 0.0949 / (0.9 * |ln 0.9|)) = 0.4730 .. 0.9853, the
    # interval R's survfit(conf.type = "log-log") prints for one event among ten.
    first = kaplan_meier("All", subjects(TEN)).points[1]
    assert (first.lower, first.upper) == (
        pytest.approx(0.4730, abs=1e-4),
        pytest.approx(0.9853, abs=1e-4),
    )
    assert first.band_lower < first.lower  # the simultaneous band is the wider


def test_a_group_without_events_is_a_flat_curve():
    curve = kaplan_meier("None", subjects([(10, 0), (40, 0)]))
    assert [(p.day, p.survival) for p in curve.points] == [(0, 1.0)]
    assert curve.median_days is None and curve.last_day == 40


GROUPS = ["A", "A", "B", "A", "B", "B", "A", "B", "A", "B"]


def test_log_rank_matches_observed_minus_expected_written_out():
    rows = TEN
    observed_minus_expected, variance = 0.0, 0.0
    for day in sorted({d for d, e in rows if e}):
        at_risk = [g for (d, _), g in zip(rows, GROUPS, strict=True) if d >= day]
        dead = [g for (d, e), g in zip(rows, GROUPS, strict=True) if d == day and e]
        n, d_all = len(at_risk), len(dead)
        n_a, d_a = at_risk.count("A"), dead.count("A")
        observed_minus_expected += d_a - d_all * n_a / n
        if n > 1:
            variance += d_all * (n_a / n) * (1 - n_a / n) * (n - d_all) / (n - 1)
    by_hand = observed_minus_expected**2 / variance

    result = log_rank(subjects(rows), GROUPS, min_events=5)
    assert result.statistic == pytest.approx(by_hand, rel=1e-10)
    assert result.df == 1
    assert result.p == pytest.approx(chi2.sf(by_hand, 1), rel=1e-10)
    assert result.groups == ["A", "B"]


def breslow_negative_log_likelihood(beta, days, events, x):
    total = 0.0
    for day in sorted({d for d, e in zip(days, events, strict=True) if e}):
        dead = [i for i in range(len(days)) if days[i] == day and events[i]]
        at_risk = [i for i in range(len(days)) if days[i] >= day]
        total += sum(x[i] @ beta for i in dead)
        total -= len(dead) * math.log(sum(math.exp(x[j] @ beta) for j in at_risk))
    return -total


COX_ROWS = [
    (2, 1, 61, "b"), (3, 1, 45, "a"), (4, 0, 38, "b"), (5, 1, 50, "b"), (5, 1, 29, "a"),
    (6, 0, 33, "a"), (7, 1, 58, "a"), (9, 1, 41, "b"), (9, 0, 36, "a"), (11, 1, 47, "b"),
    (12, 0, 30, "a"), (14, 1, 52, "a"), (16, 0, 27, "b"), (18, 1, 44, "a"), (21, 0, 35, "b"),
]  # fmt: skip


def test_cox_matches_an_independent_breslow_maximisation():
    days = [r[0] for r in COX_ROWS]
    events = [r[1] for r in COX_ROWS]
    people = [
        Subject(str(i), r[0], bool(r[1]), {"age": r[2], "arm": r[3]})
        for i, r in enumerate(COX_ROWS)
    ]
    # "a" is the more common level (8 of 15), so it is the reference; the dummy is "b".
    x = np.array([[r[2], 1.0 if r[3] == "b" else 0.0] for r in COX_ROWS])
    best = optimize.minimize(
        breslow_negative_log_likelihood,
        np.zeros(2),
        args=(days, events, x),
        method="BFGS",
        options={"gtol": 1e-8},
    )
    assert np.abs(best.jac).max() < 1e-5  # at the maximum

    cox = analyse(people, covariates=["age", "arm"], min_events=5).cox
    assert cox is not None
    age, arm = cox.terms
    assert (age.name, age.level, age.reference) == ("age", None, None)
    assert (arm.name, arm.level, arm.reference) == ("arm: b", "b", "a")
    assert age.coefficient == pytest.approx(best.x[0], abs=1e-4)
    assert arm.coefficient == pytest.approx(best.x[1], abs=1e-4)
    assert arm.hazard_ratio == pytest.approx(math.exp(arm.coefficient))
    assert arm.lower < arm.hazard_ratio < arm.upper
    assert 0 < arm.p < 1
    assert (cox.n, cox.events, cox.ties) == (15, 9, "breslow")


def test_analyse_groups_curves_and_compares_them():
    result = analyse(subjects(TEN, g=GROUPS), group="g", min_events=5)
    assert [c.group for c in result.curves] == ["A", "B"]
    assert [c.n for c in result.curves] == [5, 5]
    assert result.logrank is not None and result.logrank.df == 1
    assert (result.n, result.events, result.cox) == (10, 7, None)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"group": "g"}, "group", "No events in group B"),
        ({"group": "one"}, "group", "falls in one group"),
        ({"covariates": ["one"]}, "covariates", "the same for everyone"),
        ({"covariates": ["flat"]}, "covariates", "the same for everyone"),
        ({"covariates": ["g"], "min_events": 1}, "covariates", "No events where g is B"),
        ({"covariates": ["nope"]}, "covariates", "Not a covariate here: nope"),
        ({"group": "g2", "min_events": 8}, "group", "Only 7 event(s); at least 8"),
        ({"covariates": ["n"], "min_events": 8}, "covariates", "Only 7 event(s)"),
        ({"min_events": 0}, "min_events", "at least 1"),
    ],
)
def test_refusals_say_why(kwargs, field, words):
    rows = [(d, e if i < 5 else 0) for i, (d, e) in enumerate(TEN)]  # B: no events
    people = subjects(
        rows if kwargs.get("group") == "g" or kwargs.get("covariates") == ["g"] else TEN,
        g=["A"] * 5 + ["B"] * 5,
        g2=GROUPS,
        one=["x"] * 10,
        flat=[3] * 10,
        n=list(range(10)),
    )
    with pytest.raises(ValidationError) as raised:
        analyse(people, **kwargs)
    assert words in " ".join(raised.value.message_dict[field])


def test_an_empty_cohort_is_refused():
    with pytest.raises(ValidationError) as raised:
        analyse([])
    assert "No one is in this cohort" in raised.value.message_dict["cohort"][0]


def test_chart_draws_a_labelled_line_and_band_per_group_and_the_csv_has_every_point():
    result = analyse(subjects(TEN, g=GROUPS), group="g", min_events=5)
    chart = km_chart(result.curves)
    assert [line.group for line in chart.lines] == ["A", "B"]
    assert chart.lines[0].dash != chart.lines[1].dash  # told apart without colour
    assert all(line.band.endswith("Z") for line in chart.lines)
    assert [t.label for t in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    lines = curve_csv(result.curves).strip().splitlines()
    assert lines[0] == (
        "group,day,at_risk,events,survival,se,lower_95,upper_95,band_lower_95,band_upper_95"
    )
    points = sum(len(c.points) for c in result.curves)
    assert len(lines) == 1 + points
    assert lines[1].startswith("A,0,5,0,1.000000")


def test_curve_names_never_overlap_when_curves_end_together():
    same = [(5, 1), (9, 0)]
    result = analyse(subjects(same + same, g=["A", "A", "B", "B"]), group="g", min_events=1)
    first, second = km_chart(result.curves).lines
    assert (first.group, second.group) == ("A", "B")
    assert abs(first.label_y - second.label_y) >= 12
