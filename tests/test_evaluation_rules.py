"""Golden cases for the evaluation rules of FORMAT sections 5, 6 and 7.

Every expected number below is worked by hand from the formulas in FORMAT
(the working is in the comment next to it), never by calling the code under
test. Scores are compared to 4 decimals: 20/3 is written 6.6667 and 10/3
3.3333. Spearman's rho is cross-checked against scipy.stats.spearmanr.
"""

from __future__ import annotations

import numpy as np
import pytest
from mkdocs_scorecards.compute.evidence import spearman, weigh_arrow
from mkdocs_scorecards.compute.status import evaluate, status_from_score
from mkdocs_scorecards.compute.trend import kpi_trend, score_trend
from mkdocs_scorecards.periods import parse_label, reporting_period
from scipy.stats import spearmanr

GREEN_FROM = 20 / 3
AMBER_FROM = 10 / 3
SCORE_PLACES = 1e-4


def ordinal(year: int, month: int) -> int:
    """The month numbering periods.py documents: year * 12 + month - 1."""
    return year * 12 + month - 1


# ---------------------------------------------------------------------------
# Status and score (FORMAT section 6)
# ---------------------------------------------------------------------------
# score = clamp(20/3 + d * 10/3, 0, 10), d = (a - T) / t (higher) or (T - a) / t (lower)

# (case, actual, target, better, tolerance amount, tolerance is a percent, stretch,
#  expected status, expected score, expected absolute tolerance)
EVALUATIONS = [
    # -- higher is better ----------------------------------------------------------------
    # FORMAT's example: t = 105 * 10% = 10.5; d = (101.2 - 105) / 10.5 = -0.361905
    # -> 6.6667 - 0.361905 * 3.3333 = 6.6667 - 1.2063 = 5.4603 (published 5.46)
    ("format example", 101.2, 105, "higher", 10, True, None, "amber", 5.4603, 10.5),
    # exactly on target: d = 0 -> 20/3
    ("higher met exactly", 105, 105, "higher", 10, True, None, "green", 6.6667, 10.5),
    # d = (107 - 105) / 8 = 0.25 -> 6.6667 + 0.8333 = 7.5
    ("higher above target", 107, 105, "higher", 8, False, None, "green", 7.5, 8),
    # T - t = 105 - 10.5 = 94.5: on the amber edge, d = -1 -> 10/3
    ("higher amber edge", 94.5, 105, "higher", 10, True, None, "amber", 3.3333, 10.5),
    # d = (94.4 - 105) / 10.5 = -1.009524 -> 6.6667 - 3.3651 = 3.3016
    ("higher just red", 94.4, 105, "higher", 10, True, None, "red", 3.3016, 10.5),
    # FORMAT: 0.99 against 1.1 with 10% is amber. t = 0.11, d = -0.11 / 0.11 = -1 -> 10/3
    ("band edge 0.99 vs 1.1", 0.99, 1.1, "higher", 10, True, None, "amber", 3.3333, 0.11),
    # t = 0.22, d = (1.98 - 2.2) / 0.22 = -1 -> 10/3
    ("band edge 1.98 vs 2.2", 1.98, 2.2, "higher", 10, True, None, "amber", 3.3333, 0.22),
    # d = (0.98 - 1.1) / 0.11 = -1.090909 -> 6.6667 - 3.6364 = 3.0303
    ("just beyond the edge", 0.98, 1.1, "higher", 10, True, None, "red", 3.0303, 0.11),
    # d = (50 - 105) / 8 = -6.875 -> below 0, clamped to 0
    ("clamped at 0", 50, 105, "higher", 8, False, None, "red", 0.0, 8),
    # d = (200 - 105) / 8 = 11.875 -> above 10, clamped to 10
    ("clamped at 10", 200, 105, "higher", 8, False, None, "green", 10.0, 8),
    # below target the stretch plays no part: d = (102.2 - 105) / 8 = -0.35 -> 6.6667 - 1.1667 = 5.5
    ("stretch unused below target", 102.2, 105, "higher", 8, False, 110, "amber", 5.5, 8),
    # -- lower is better -----------------------------------------------------------------
    # d = (10 - 11.2) / 10 = -0.12 -> 6.6667 - 0.4 = 6.2667
    ("lower amber", 11.2, 10, "lower", 10, False, None, "amber", 6.2667, 10),
    # d = (10 - 9) / 2 = 0.5 -> 6.6667 + 1.6667 = 8.3333
    ("lower green", 9, 10, "lower", 2, False, None, "green", 8.3333, 2),
    # T + t = 1.1 + 0.11 = 1.21: on the amber edge -> 10/3
    ("lower amber edge", 1.21, 1.1, "lower", 10, True, None, "amber", 3.3333, 0.11),
    ("lower met exactly", 1.1, 1.1, "lower", 10, True, None, "green", 6.6667, 0.11),
    # d = (3 - 6) / 2 = -1.5 -> 6.6667 - 5 = 1.6667
    ("lower red", 6, 3, "lower", 2, False, None, "red", 1.6667, 2),
    # d = (12 - 12.5) / 2.5 = -0.2 -> 6.6667 - 0.6667 = 6.0
    ("lower cloud cost", 12.5, 12, "lower", 2.5, False, None, "amber", 6.0, 2.5),
    # -- tolerance 0: 20/3 when met (stretch as usual), else 0 -------------------------------
    ("t=0 met", 105, 105, "higher", 0, False, None, "green", 6.6667, 0),
    ("t=0 beyond target, no stretch", 120, 105, "higher", 0, False, None, "green", 6.6667, 0),
    ("t=0 missed", 104.99, 105, "higher", 0, False, None, "red", 0.0, 0),
    ("t=0% lower met", 3, 3, "lower", 0, True, None, "green", 6.6667, 0),
    ("t=0 lower missed", 3.01, 3, "lower", 0, False, None, "red", 0.0, 0),
    # stretch with t=0: halfway from 105 to 110 -> 6.6667 + 0.5 * 3.3333 = 8.3333
    ("t=0 with stretch", 107.5, 105, "higher", 0, False, 110, "green", 8.3333, 0),
    # -- stretch: between T and S the score runs from 20/3 to 10 instead -------------------
    # (107 - 105) / (110 - 105) = 0.4 -> 6.6667 + 0.4 * 3.3333 = 8.0 (not 7.5 as without stretch)
    ("stretch between", 107, 105, "higher", 8, False, 110, "green", 8.0, 8),
    ("stretch reached", 110, 105, "higher", 8, False, 110, "green", 10.0, 8),
    ("stretch passed", 115, 105, "higher", 8, False, 110, "green", 10.0, 8),
    # lower: (10 - 8) / (10 - 6) = 0.5 -> 6.6667 + 1.6667 = 8.3333
    ("lower stretch", 8, 10, "lower", 5, False, 6, "green", 8.3333, 5),
    # (99.925 - 99.9) / (99.95 - 99.9) = 0.5 -> 8.3333
    ("stretch small numbers", 99.925, 99.9, "higher", 0.1, False, 99.95, "green", 8.3333, 0.1),
    # -- in-range [L, H]: 20/3 inside, 20/3 - (distance / t) * 10/3 outside -----------------
    ("in-range inside", 75, (70, 85), "in-range", 5, False, None, "green", 6.6667, None),
    ("in-range on low bound", 70, (70, 85), "in-range", 5, False, None, "green", 6.6667, None),
    ("in-range on high bound", 85, (70, 85), "in-range", 5, False, None, "green", 6.6667, None),
    # distance 1, t = 5 -> 6.6667 - 0.2 * 3.3333 = 6.0
    ("in-range just above", 86, (70, 85), "in-range", 5, False, None, "amber", 6.0, 5),
    # distance 5 = t -> 10/3, amber edge
    ("in-range amber edge", 90, (70, 85), "in-range", 5, False, None, "amber", 3.3333, 5),
    # distance 6 -> 6.6667 - 1.2 * 3.3333 = 2.6667
    ("in-range red", 91, (70, 85), "in-range", 5, False, None, "red", 2.6667, 5),
    # distance 25 -> 6.6667 - 16.6667 < 0 -> 0
    ("in-range clamped", 110, (70, 85), "in-range", 5, False, None, "red", 0.0, 5),
    # N% of the nearer bound: below [10, 100] the bound is 10, t = 1; distance 0.5
    # -> 6.6667 - 0.5 * 3.3333 = 5.0 (with 10% of 100 it would be 6.5)
    ("in-range % of low bound", 9.5, (10, 100), "in-range", 10, True, None, "amber", 5.0, 1),
    # above it the bound is 100, t = 10; distance 5 -> 6.6667 - 1.6667 = 5.0 (with 10% of 10: red)
    ("in-range % of high bound", 105, (10, 100), "in-range", 10, True, None, "amber", 5.0, 10),
    # t = 1, distance 1.5 -> 6.6667 - 5 = 1.6667
    ("in-range % low red", 8.5, (10, 100), "in-range", 10, True, None, "red", 1.6667, 1),
    # 10% of 70 = 7, distance 7: on the amber edge
    ("in-range % edge", 63, (70, 85), "in-range", 10, True, None, "amber", 3.3333, 7),
    # N% of a zero bound makes the tolerance 0 on that side: any miss is red, score 0
    ("in-range zero bound", -1, (0, 10), "in-range", 10, True, None, "red", 0.0, 0),
    # ... but the other side keeps its tolerance: 10% of 10 = 1, distance 1 -> 10/3
    ("in-range other side of zero bound", 11, (0, 10), "in-range", 10, True, None, "amber", 3.3333, 1),
    ("in-range t=0 inside", 5, (0, 10), "in-range", 0, False, None, "green", 6.6667, None),
]


@pytest.mark.parametrize(
    "actual, target, better, amount, percent, stretch, status, score, tolerance",
    [case[1:] for case in EVALUATIONS], ids=[case[0] for case in EVALUATIONS],
)
def test_evaluate(actual, target, better, amount, percent, stretch, status, score, tolerance):
    result = evaluate(actual, target, better, amount, percent, stretch)
    assert result.status == status
    assert result.score == pytest.approx(score, abs=SCORE_PLACES)
    if tolerance is None:
        assert result.tolerance is None
    else:
        assert result.tolerance == pytest.approx(tolerance)


def test_format_example_publishes_5_46():
    result = evaluate(101.2, 105, "higher", 10, True)
    assert (result.status, round(result.score, 2)) == ("amber", 5.46)


@pytest.mark.parametrize("case", EVALUATIONS, ids=[case[0] for case in EVALUATIONS])
def test_status_agrees_with_score_bands(case):
    """red < 10/3 <= amber < 20/3 <= green, for every evaluated case."""
    result = evaluate(*case[1:7])
    if result.status == "red":
        assert 0 <= result.score < AMBER_FROM
    elif result.status == "amber":
        assert AMBER_FROM <= result.score < GREEN_FROM
    else:
        assert GREEN_FROM <= result.score <= 10


@pytest.mark.parametrize("actual, target, better", [
    (None, 105, "higher"),
    (float("nan"), 105, "higher"),
    (None, None, "lower"),          # no actual wins over no target
    (None, (70, 85), "in-range"),
])
def test_no_data(actual, target, better):
    result = evaluate(actual, target, better, 10, True)
    assert (result.status, result.score) == ("no-data", None)


@pytest.mark.parametrize("better", ["higher", "lower", "in-range"])
def test_no_target(better):
    result = evaluate(5.0, None, better, 10, True)
    assert (result.status, result.score) == ("no-target", None)


@pytest.mark.parametrize("score, status", [
    (None, "no-data"),
    (10.0, "green"),
    (20 / 3, "green"),
    (6.6666666666, "green"),   # within 1e-9 of 20/3
    (6.66, "amber"),
    (10 / 3, "amber"),
    (3.3333333333, "amber"),   # within 1e-9 of 10/3
    (3.33, "red"),
    (0.0, "red"),
])
def test_rolled_up_status_from_score(score, status):
    assert status_from_score(score) == status


# ---------------------------------------------------------------------------
# Trends (FORMAT section 6)
# ---------------------------------------------------------------------------

KPI_TRENDS = [
    # (previous, current, better, target, expected)
    (100, 101, "higher", None, "steady"),        # change 1 = exactly 1% of 100
    (100, 99, "higher", None, "steady"),
    (1.1, 1.111, "higher", None, "steady"),      # 0.011 = 1% of 1.1, equal in decimal
    (100, 101.5, "higher", None, "improving"),
    (100, 98, "higher", None, "declining"),
    (100, 98, "lower", None, "improving"),
    (1.00, 1.02, "lower", None, "declining"),   # logo churn 2026-08 -> 2026-09: 2% worse
    (101.6, 102.2, "higher", None, "steady"),   # nrr 2026-Q2 -> Q3: 0.6 <= 1.016
    (15.0, 46 / 3, "lower", None, "declining"),  # time-to-value 15 -> 15.33: 0.33 > 0.15
    (-10, -9.95, "higher", None, "steady"),     # 1% of the previous value's magnitude: 0.1
    (-10, -9.5, "higher", None, "improving"),
    (0, 0, "higher", None, "steady"),
    (0, 1, "higher", None, "improving"),
    (None, 5, "higher", None, "n/a"),
    (5, None, "lower", None, "n/a"),
    # in-range: closer to the range, by distance to the nearer bound
    (90, 87, "in-range", (70, 85), "improving"),    # distance 5 -> 2
    (80, 88, "in-range", (70, 85), "declining"),    # 0 -> 3
    (88, 60, "in-range", (70, 85), "declining"),    # 3 -> 10
    (60, 66, "in-range", (70, 85), "improving"),    # 10 -> 4
    (72, 84, "in-range", (70, 85), "steady"),       # both inside the range
    (84, 84.5, "in-range", (70, 85), "steady"),     # change within 1%
]


@pytest.mark.parametrize("previous, current, better, target, expected", KPI_TRENDS)
def test_kpi_trend(previous, current, better, target, expected):
    assert kpi_trend(previous, current, better, target) == expected


SCORE_TRENDS = [
    # An objective's trend: a change above 0.1 either way, else steady
    (5.0, 5.1, "steady"),       # exactly 0.1
    (5.1, 5.0, "steady"),
    (0.3, 0.4, "steady"),       # 0.10000000000000003 in binary, 0.1 in decimal
    (6.0, 5.9, "steady"),
    (5.0, 5.2, "improving"),
    (6.0, 5.85, "declining"),
    (5.25, 5.5, "improving"),   # grow-retained-revenue 2026-Q2 -> Q3
    (None, 5.0, "n/a"),
    (5.0, None, "n/a"),
]


@pytest.mark.parametrize("previous, current, expected", SCORE_TRENDS)
def test_score_trend(previous, current, expected):
    assert score_trend(previous, current) == expected


# ---------------------------------------------------------------------------
# Spearman's rho and the evidence for an arrow (FORMAT section 7)
# ---------------------------------------------------------------------------

SPEARMAN_SAMPLES = [
    ([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]),
    ([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
    ([1, 2, 2, 3, 4, 4, 4, 5], [3, 1, 2, 2, 5, 4, 6, 6]),          # ties on both sides
    ([6.5, 6.5, 6.5, 2.0, 1.0, 9.0], [0.1, 0.3, 0.2, 0.2, 0.2, 0.9]),
    ([12, 20, 2, 12, 15, 18, 20, 5, 10], [7, 2, 8, 4, 0, 5, 0, 11, 20]),
    ([0.1, 0.2, 0.31, 0.3], [1, 2, 3, 4]),
]


def test_scores_equal_in_decimal_tie_in_the_ranking():
    """0.1 + 0.2 and 0.3 differ only by float noise: they are the same score, so they tie
    (as scipy ranks [0.1, 0.2, 0.3, 0.3]); a series of such scores is constant, with no rho."""
    noisy = np.array([0.1, 0.2, 0.1 + 0.2, 0.3])
    assert spearman(noisy, np.array([1.0, 2.0, 3.0, 4.0])) == pytest.approx(
        spearmanr([0.1, 0.2, 0.3, 0.3], [1, 2, 3, 4]).statistic, abs=1e-12)
    assert spearman(np.array([20 / 3, 6.666666666666667, 6.666666666666666]), np.array([1.0, 2.0, 3.0])) is None


@pytest.mark.parametrize("x, y", SPEARMAN_SAMPLES)
def test_spearman_matches_scipy(x, y):
    expected = spearmanr(x, y).statistic
    assert spearman(np.array(x, dtype=float), np.array(y, dtype=float)) == pytest.approx(expected, abs=1e-12)


def test_spearman_matches_scipy_on_random_samples_with_ties():
    generator = np.random.default_rng(20260930)
    for _ in range(200):
        n = int(generator.integers(3, 25))
        x = generator.integers(0, 6, n).astype(float)
        y = generator.integers(0, 6, n).astype(float)
        if len(set(x)) < 2 or len(set(y)) < 2:
            continue
        assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, abs=1e-12)


@pytest.mark.parametrize("x, y", [([1, 1, 1], [1, 2, 3]), ([1, 2, 3], [4, 4, 4]), ([2], [3])])
def test_spearman_has_no_rho_for_a_constant_side(x, y):
    assert spearman(np.array(x, dtype=float), np.array(y, dtype=float)) is None


def _scipy_lags(cause: dict[int, float], effect: dict[int, float]):
    """(lag, n, rho) for lags 0..4 computed with scipy, rho None for a constant side."""
    found = []
    for lag in range(5):
        positions = [p for p in sorted(effect) if p - lag in cause]
        x = [cause[p - lag] for p in positions]
        y = [effect[p] for p in positions]
        rho = None
        if len(positions) >= 2 and len(set(x)) > 1 and len(set(y)) > 1:
            rho = float(spearmanr(x, y).statistic)
        found.append((lag, len(positions), rho))
    return found


def test_weigh_arrow_finds_the_lag_that_pairs_the_series():
    # The effect repeats the cause two periods later (periods 2..11), so lag 2
    # pairs cause[0..9] with an identical copy: rho = 1, n = 10.
    cause_values = [3.0, 7.5, 1.0, 9.0, 4.0, 6.0, 2.5, 8.0, 5.0, 0.5, 7.0, 3.5]
    cause = dict(enumerate(cause_values))
    effect = {0: 5.0, 1: 4.0, **{p: cause_values[p - 2] for p in range(2, 12)}}
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.n) == ("supported", 2, 10)
    assert evidence.rho == pytest.approx(1.0)
    for (lag, n, rho), result in zip(_scipy_lags(cause, effect), evidence.lags):
        assert (result.lag, result.n) == (lag, n)
        assert result.rho == pytest.approx(rho, abs=1e-12)


def test_weigh_arrow_equal_rho_takes_the_smaller_lag():
    # Period-2 pattern on both sides: lags 0, 2 and 4 all give rho = 1 (n 12, 10, 8)
    values = {p: (1.0 if p % 2 == 0 else 2.0) for p in range(12)}
    evidence = weigh_arrow(values, dict(values))
    assert (evidence.verdict, evidence.lag, evidence.n) == ("supported", 0, 12)
    assert evidence.rho == pytest.approx(1.0)


def test_weigh_arrow_highest_rho_is_literal_not_by_magnitude():
    # Nine periods each: only lags 0 (n = 9) and 1 (n = 8) have 8 pairs.
    # scipy: rho(lag 0) = -0.806, rho(lag 1) = 0.127; the highest value is lag 1 -> weak.
    cause = dict(enumerate([12.0, 20, 2, 12, 15, 18, 20, 5, 10]))
    effect = dict(enumerate([7.0, 2, 8, 4, 0, 5, 0, 11, 20]))
    lags = _scipy_lags(cause, effect)
    assert lags[0][2] == pytest.approx(-0.8059, abs=1e-4)
    assert lags[1][2] == pytest.approx(0.1273, abs=1e-4)
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.n) == ("weak", 1, 8)
    assert evidence.rho == pytest.approx(lags[1][2], abs=1e-12)


def test_weigh_arrow_rho_exactly_half_is_supported():
    # Ranks (1, 2, 4, 6, 7, 8, 5, 3) against 1..8: sum d^2 = 0+0+1+4+4+4+1+25 = 42,
    # rho = 1 - 6 * 42 / (8 * 63) = 0.5. Eight periods: only lag 0 has 8 pairs.
    ranks = [1, 2, 4, 6, 7, 8, 5, 3]
    cause = {p: 0.1 * (p + 1) for p in range(8)}
    effect = {p: 0.1 * r for p, r in enumerate(ranks)}
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.n) == ("supported", 0, 8)
    assert evidence.rho == pytest.approx(0.5, abs=1e-12)


def test_weigh_arrow_rho_exactly_minus_half_is_contradicted():
    # Ranks (2, 8, 7, 6, 5, 4, 3, 1): sum d^2 = 1+36+16+4+0+4+16+49 = 126,
    # rho = 1 - 6 * 126 / 504 = -0.5
    ranks = [2, 8, 7, 6, 5, 4, 3, 1]
    cause = {p: 0.1 * (p + 1) for p in range(8)}
    effect = {p: 0.1 * r for p, r in enumerate(ranks)}
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.n) == ("contradicted", 0, 8)
    assert evidence.rho == pytest.approx(-0.5, abs=1e-12)


def test_weigh_arrow_insufficient_data():
    # Seven periods: n = 7 at lag 0, 6 at lag 1, ... no lag has 8 pairs.
    cause = {p: float(p) for p in range(7)}
    effect = {p: float(p * p) for p in range(7)}
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.rho, evidence.n) == ("insufficient-data", None, None, 7)


def test_weigh_arrow_constant_series_is_weak_without_rho():
    # Ten periods of a constant cause: no lag has a rho; n is the most pairs at any lag (10).
    cause = {p: 6.0 for p in range(10)}
    effect = {p: float(p) for p in range(10)}
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.rho, evidence.n) == ("weak", None, None, 10)


def test_weigh_arrow_drops_periods_without_a_score():
    # Periods 0..11 on both sides but the effect has no score in 3 and 7: lag 0 has 10 pairs.
    cause = {p: float(p) for p in range(12)}
    effect = {p: float(p) for p in range(12) if p not in (3, 7)}
    evidence = weigh_arrow(cause, effect)
    assert evidence.lags[0].n == 10
    assert (evidence.verdict, evidence.lag, evidence.n) == ("supported", 0, 10)


# ---------------------------------------------------------------------------
# Periods (FORMAT section 5)
# ---------------------------------------------------------------------------

LABELS = [
    # (text, fiscal_year_start, first month, last month, grain, label)
    ("2026-03", 1, (2026, 3), (2026, 3), "month", "2026-03"),
    ("2026-03-31", 1, (2026, 3), (2026, 3), "month", "2026-03"),    # a date is its month
    ("2026-02-28", 4, (2026, 2), (2026, 2), "month", "2026-02"),
    ("2026-Q1", 1, (2026, 1), (2026, 3), "quarter", "2026-Q1"),
    ("2026-Q3", 1, (2026, 7), (2026, 9), "quarter", "2026-Q3"),
    ("2026-Q3", 4, (2026, 7), (2026, 9), "quarter", "2026-Q3"),     # no FY: always calendar
    ("2026-Q3", 7, (2026, 7), (2026, 9), "quarter", "2026-Q3"),
    ("2026", 1, (2026, 1), (2026, 12), "year", "2026"),
    ("2026", 4, (2026, 1), (2026, 12), "year", "2026"),
    # m = 4: FY2027 runs from April 2026 to March 2027; FY2027-Q1 is April-June 2026
    ("FY2027", 4, (2026, 4), (2027, 3), "year", "FY2027"),
    ("FY2027-Q1", 4, (2026, 4), (2026, 6), "quarter", "FY2027-Q1"),
    ("FY2027-Q4", 4, (2027, 1), (2027, 3), "quarter", "FY2027-Q4"),
    # m = 7: FY2027 runs from July 2026 to June 2027
    ("FY2027", 7, (2026, 7), (2027, 6), "year", "FY2027"),
    ("FY2027-Q1", 7, (2026, 7), (2026, 9), "quarter", "FY2027-Q1"),
    ("FY2027-Q3", 7, (2027, 1), (2027, 3), "quarter", "FY2027-Q3"),
    # m = 1: FY2027-Q1 is January-March 2027
    ("FY2027-Q1", 1, (2027, 1), (2027, 3), "quarter", "FY2027-Q1"),
    ("FY2027", 1, (2027, 1), (2027, 12), "year", "FY2027"),
]


@pytest.mark.parametrize("text, start, first, last, grain, label", LABELS)
def test_parse_label(text, start, first, last, grain, label):
    period = parse_label(text, start)
    assert period is not None
    assert (period.first, period.last) == (ordinal(*first), ordinal(*last))
    assert (period.grain, period.label) == (grain, label)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-02-30", "2026-Q5", "2026-Q0", "Q3-2026",
                                  "26-03", "2026/03", "FY2026-03", "", "latest"])
def test_parse_label_rejects(text):
    assert parse_label(text) is None


REPORTING = [
    # (month, frequency, fiscal_year_start, label, first month, last month)
    ((2026, 8), "monthly", 1, "2026-08", (2026, 8), (2026, 8)),
    ((2026, 8), "monthly", 4, "2026-08", (2026, 8), (2026, 8)),
    ((2026, 8), "quarterly", 1, "2026-Q3", (2026, 7), (2026, 9)),
    ((2026, 1), "quarterly", 1, "2026-Q1", (2026, 1), (2026, 3)),
    ((2026, 12), "yearly", 1, "2026", (2026, 1), (2026, 12)),
    # m = 4: quarters and years are fiscal, named by the year they end in
    ((2026, 3), "quarterly", 4, "FY2026-Q4", (2026, 1), (2026, 3)),
    ((2026, 4), "quarterly", 4, "FY2027-Q1", (2026, 4), (2026, 6)),
    ((2026, 8), "quarterly", 4, "FY2027-Q2", (2026, 7), (2026, 9)),
    ((2027, 3), "quarterly", 4, "FY2027-Q4", (2027, 1), (2027, 3)),
    ((2026, 3), "yearly", 4, "FY2026", (2025, 4), (2026, 3)),
    ((2026, 4), "yearly", 4, "FY2027", (2026, 4), (2027, 3)),
    # m = 7
    ((2026, 6), "quarterly", 7, "FY2026-Q4", (2026, 4), (2026, 6)),
    ((2026, 7), "quarterly", 7, "FY2027-Q1", (2026, 7), (2026, 9)),
    ((2027, 1), "quarterly", 7, "FY2027-Q3", (2027, 1), (2027, 3)),
    ((2026, 7), "yearly", 7, "FY2027", (2026, 7), (2027, 6)),
    ((2026, 6), "yearly", 7, "FY2026", (2025, 7), (2026, 6)),
]


@pytest.mark.parametrize("month, frequency, start, label, first, last", REPORTING)
def test_reporting_period(month, frequency, start, label, first, last):
    period = reporting_period(ordinal(*month), frequency, start)
    assert period.label == label
    assert (period.first, period.last) == (ordinal(*first), ordinal(*last))


@pytest.mark.parametrize("as_of, frequency, start, expected", [
    ("2026-Q3", "monthly", 1, "2026-09"),      # FORMAT: 2026-Q3 on a monthly scorecard is 2026-09
    ("2026-09", "quarterly", 1, "2026-Q3"),    # and 2026-09 on a quarterly one is 2026-Q3
    ("2026", "quarterly", 1, "2026-Q4"),
    ("2026-09-30", "quarterly", 1, "2026-Q3"),
    ("2026-Q3", "quarterly", 4, "FY2027-Q2"),  # July-September 2026 in a fiscal year from April
    ("2026-Q3", "yearly", 7, "FY2027"),
    ("FY2027-Q1", "monthly", 4, "2026-06"),
])
def test_as_of_label_read_in_each_calendar(as_of, frequency, start, expected):
    """The reporting period that holds the label's last month (FORMAT section 5, as_of)."""
    label = parse_label(as_of, start)
    assert reporting_period(label.last, frequency, start).label == expected


@pytest.mark.parametrize("key, frequency, start, expected", [
    ("2026-08", "quarterly", 1, "2026-Q3"),    # FORMAT: 2026-08 on a quarterly scorecard applies from 2026-Q3
    ("2026", "quarterly", 1, "2026-Q1"),       # and 2026 from 2026-Q1
    ("2026-Q1", "monthly", 1, "2026-01"),
    ("FY2027", "quarterly", 4, "FY2027-Q1"),
])
def test_schedule_key_applies_from_the_period_holding_its_first_month(key, frequency, start, expected):
    label = parse_label(key, start)
    assert reporting_period(label.first, frequency, start).label == expected


def test_periods_are_integer_months():
    # The sanity of the numbering the tests above rely on.
    assert parse_label("2026-01").first == parse_label("2025-12").first + 1
    assert parse_label("2026").last - parse_label("2026").first == 11
