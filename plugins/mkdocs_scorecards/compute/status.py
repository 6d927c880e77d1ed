"""Status and score of one KPI in one period (FORMAT section 6).

Every threshold comparison treats values within 1e-9 of the largest
magnitude involved as equal, so a number that is on a band edge in decimal
is on it here too: 0.99 against 1.1 with 10% is amber, not red.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

GREEN_FROM = 20 / 3
AMBER_FROM = 10 / 3
EPSILON = 1e-9


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no-data"
    NO_TARGET = "no-target"
    NOT_DUE = "not-due"      # a KPI reported less often than its scorecard, between its own periods


class Band(StrEnum):
    """Which rule of section 6 gave a KPI its status and score; explanations narrate this one."""

    NONE = "none"                                   # no actual, or no target: no score
    AT_OR_BEYOND_STRETCH = "at or beyond the stretch"
    BETWEEN_TARGET_AND_STRETCH = "between target and stretch"
    MET = "met"
    MET_NO_TOLERANCE = "met, no tolerance"
    WITHIN_TOLERANCE = "within tolerance"
    BEYOND_TOLERANCE = "beyond tolerance"
    MISSED_NO_TOLERANCE = "missed, no tolerance"
    INSIDE_RANGE = "inside the range"
    OUTSIDE_RANGE_NO_TOLERANCE = "outside the range, no tolerance"
    OUTSIDE_RANGE_WITHIN_TOLERANCE = "outside the range, within tolerance"
    OUTSIDE_RANGE_BEYOND_TOLERANCE = "outside the range, beyond tolerance"


# Codes of the columns `evaluate_columns` fills: positions in these tuples.
STATUSES = tuple(Status)
BANDS = tuple(Band)
_CODE = {**{status: code for code, status in enumerate(STATUSES)}, **{band: code for code, band in enumerate(BANDS)}}
BELOW_GREEN = math.nextafter(GREEN_FROM, 0)   # the highest amber score
BELOW_AMBER = math.nextafter(AMBER_FROM, 0)   # the highest red score


@dataclass(frozen=True)
class Evaluation:
    status: Status
    score: float | None
    tolerance: float | None   # the absolute width of the amber band used
    band: Band = Band.NONE


@dataclass(frozen=True, eq=False)
class Evaluations:
    """Many actuals evaluated at once, as columns: status and band as codes (positions in
    `STATUSES` and `BANDS`), score and tolerance as numbers, NaN where there is none."""

    status: np.ndarray
    score: np.ndarray
    tolerance: np.ndarray
    band: np.ndarray

    def at(self, i: int) -> Evaluation:
        score, tolerance = float(self.score[i]), float(self.tolerance[i])
        return Evaluation(STATUSES[self.status[i]], None if math.isnan(score) else score,
                          None if math.isnan(tolerance) else tolerance, BANDS[self.band[i]])


def near(x, y, *involved):
    """x and y differ by at most 1e-9 of the largest magnitude involved (numbers or arrays alike)."""
    scale = np.maximum(np.abs(x), np.abs(y))
    for value in involved:
        scale = np.maximum(scale, np.abs(value))
    return np.abs(x - y) <= EPSILON * scale


def at_least(x, y, *involved):
    return (x >= y) | near(x, y, *involved)


def at_most(x, y, *involved):
    return (x <= y) | near(x, y, *involved)


def _min(a, b):
    """Python's `min(a, b)` elementwise: `a` unless `b` is smaller (so NaN and ties come out the same)."""
    return np.where(b < a, b, a)


def _max(a, b):
    """Python's `max(a, b)` elementwise: `a` unless `b` is larger."""
    return np.where(b > a, b, a)


def clamp_score(score):
    return _min(10.0, _max(0.0, score))


def status_from_score(score: float | None) -> Status:
    """Rolled-up status: green >= 20/3, amber >= 10/3, else red (with 1e-9 slack)."""
    if score is None:
        return Status.NO_DATA
    if score >= GREEN_FROM - EPSILON:
        return Status.GREEN
    if score >= AMBER_FROM - EPSILON:
        return Status.AMBER
    return Status.RED


def absolute_tolerance(amount: float, percent: bool, reference):
    return abs(reference) * amount / 100 if percent else amount


def evaluate(actual: float | None, target, better: str, tolerance_amount: float, tolerance_percent: bool,
             stretch: float | None = None) -> Evaluation:
    """Status and score of an actual against a target (a number, or (low, high) for in-range)."""
    low, high = target if isinstance(target, tuple) else (target, target)
    found = evaluate_columns(_column(actual), _column(low), _column(high), better, tolerance_amount,
                             tolerance_percent, _column(stretch))
    return found.at(0)


def _column(value: float | None) -> np.ndarray:
    return np.array([np.nan if value is None else value], dtype=float)


def evaluate_columns(actual: np.ndarray, low: np.ndarray, high: np.ndarray, better, tolerance_amount,
                     tolerance_percent, stretch) -> Evaluations:
    """Status and score of each actual against its target, all at once (NaN: no actual, no target, no stretch).

    `low` is the target (for in-range the range's low bound, `high` its high
    bound). `better`, the tolerance and the stretch are one for all actuals
    or one for each (the KPIs of a whole scorecard, a stretch phased by
    period). The one place the rules of section 6 are written.
    """
    count = len(actual)
    status = np.full(count, _CODE[Status.NO_DATA], dtype=np.int8)
    score, tolerance = np.full(count, np.nan), np.full(count, np.nan)
    band = np.full(count, _CODE[Band.NONE], dtype=np.int8)
    has_actual = ~np.isnan(actual)
    scored = has_actual & ~np.isnan(low)
    status[has_actual & ~scored] = _CODE[Status.NO_TARGET]
    better = np.broadcast_to(np.asarray(better, dtype=object), (count,))
    amount = np.broadcast_to(np.asarray(tolerance_amount, dtype=float), (count,))
    percent = np.broadcast_to(np.asarray(tolerance_percent, dtype=bool), (count,))
    stretch = np.broadcast_to(np.asarray(stretch, dtype=float), (count,))
    in_range = better == "in-range"
    for rule, rows in ((_directed, scored & ~in_range), (_in_range, scored & in_range)):
        if not rows.any():
            continue
        with np.errstate(all="ignore"):
            cases, t = rule(actual[rows], low[rows], high[rows], better[rows], amount[rows], percent[rows],
                            stretch[rows])
        conditions = [condition for condition, *_ in cases]
        status[rows] = np.select(conditions, [_CODE[case_status] for _, case_status, _, _ in cases])
        band[rows] = np.select(conditions, [_CODE[case_band] for *_, case_band in cases])
        score[rows] = np.select(conditions, [case_score for _, _, case_score, _ in cases])
        tolerance[rows] = t
    return Evaluations(status, score, tolerance, band)


def _tolerances(amount: np.ndarray, percent: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """`absolute_tolerance` of each actual's own amount and kind."""
    return np.where(percent, absolute_tolerance(amount, True, reference), absolute_tolerance(amount, False, reference))


def _directed(actual, target, _high, better, amount, percent, stretch):
    """Higher and lower: (condition, status, score, band) per case, and the tolerance used."""
    sign = np.where(better == "higher", 1.0, -1.0)
    t = _tolerances(amount, percent, target)
    # Mirror "lower" onto "higher" so that one set of rules serves both.
    a, goal, s = sign * actual, sign * target, sign * stretch
    # Met (within 1e-9): never below 20/3, even when float noise puts `a` a hair under the target.
    met = at_least(a, goal)
    stretched = met & (s > goal)
    beyond = stretched & at_least(a, s, goal)
    share = _max(a - goal, 0.0) / (s - goal)
    missed_score = clamp_score(GREEN_FROM + (a - goal) / t * AMBER_FROM)
    missed = ~met & (t != 0)
    within = missed & at_least(a, goal - t, goal, t)
    cases = [
        (beyond, Status.GREEN, 10.0, Band.AT_OR_BEYOND_STRETCH),
        (stretched, Status.GREEN, _min(10.0, GREEN_FROM + share * (10 - GREEN_FROM)),
         Band.BETWEEN_TARGET_AND_STRETCH),
        (met & (t == 0), Status.GREEN, GREEN_FROM, Band.MET_NO_TOLERANCE),
        (met, Status.GREEN, clamp_score(GREEN_FROM + _max(a - goal, 0.0) / t * AMBER_FROM), Band.MET),
        (t == 0, Status.RED, 0.0, Band.MISSED_NO_TOLERANCE),
        (within, Status.AMBER, _min(_max(missed_score, AMBER_FROM), BELOW_GREEN), Band.WITHIN_TOLERANCE),
        (missed, Status.RED, _min(missed_score, BELOW_AMBER), Band.BEYOND_TOLERANCE),
    ]
    return cases, t


def _in_range(actual, low, high, _better, amount, percent, _stretch):
    """In-range: (condition, status, score, band) per case, and the tolerance used (none inside the range)."""
    inside = at_least(actual, low) & at_most(actual, high)
    bound = np.where(actual < low, low, high)
    t = _tolerances(amount, percent, bound)
    distance = np.abs(actual - bound)
    outside_score = clamp_score(GREEN_FROM - distance / t * AMBER_FROM)
    within = at_most(distance, t, actual, bound)
    cases = [
        (inside, Status.GREEN, GREEN_FROM, Band.INSIDE_RANGE),
        (t == 0, Status.RED, 0.0, Band.OUTSIDE_RANGE_NO_TOLERANCE),
        (within, Status.AMBER, _min(_max(outside_score, AMBER_FROM), BELOW_GREEN), Band.OUTSIDE_RANGE_WITHIN_TOLERANCE),
        (~within, Status.RED, _min(outside_score, BELOW_AMBER), Band.OUTSIDE_RANGE_BEYOND_TOLERANCE),
    ]
    return cases, np.where(inside, np.nan, t)
