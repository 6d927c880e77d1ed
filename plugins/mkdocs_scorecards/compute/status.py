"""Status and score of one KPI in one period (FORMAT section 6).

Every threshold comparison treats values within 1e-9 of the largest
magnitude involved as equal, so a number that is on a band edge in decimal
is on it here too: 0.99 against 1.1 with 10% is amber, not red.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

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


@dataclass(frozen=True)
class Evaluation:
    status: Status
    score: float | None
    tolerance: float | None   # the absolute width of the amber band used
    band: Band = Band.NONE


def near(x: float, y: float, *involved: float) -> bool:
    """x and y differ by at most 1e-9 of the largest magnitude involved."""
    scale = max([abs(x), abs(y), *(abs(v) for v in involved)])
    return abs(x - y) <= EPSILON * scale


def at_least(x: float, y: float, *involved: float) -> bool:
    return x >= y or near(x, y, *involved)


def at_most(x: float, y: float, *involved: float) -> bool:
    return x <= y or near(x, y, *involved)


def clamp_score(score: float) -> float:
    return min(10.0, max(0.0, score))


def status_from_score(score: float | None) -> Status:
    """Rolled-up status: green >= 20/3, amber >= 10/3, else red (with 1e-9 slack)."""
    if score is None:
        return Status.NO_DATA
    if score >= GREEN_FROM - EPSILON:
        return Status.GREEN
    if score >= AMBER_FROM - EPSILON:
        return Status.AMBER
    return Status.RED


def absolute_tolerance(amount: float, percent: bool, reference: float) -> float:
    return abs(reference) * amount / 100 if percent else amount


def evaluate(actual: float | None, target, better: str, tolerance_amount: float, tolerance_percent: bool,
             stretch: float | None = None) -> Evaluation:
    """Status and score of an actual against a target (a number, or (low, high) for in-range)."""
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return Evaluation(Status.NO_DATA, None, None)
    if target is None:
        return Evaluation(Status.NO_TARGET, None, None)
    if better == "in-range":
        return _in_range(actual, target, tolerance_amount, tolerance_percent)
    sign = 1.0 if better == "higher" else -1.0
    t = absolute_tolerance(tolerance_amount, tolerance_percent, target)
    # Mirror "lower" onto "higher" so that one set of rules serves both.
    a, goal = sign * actual, sign * target
    s = sign * stretch if stretch is not None else None
    if at_least(a, goal):
        # Met (within 1e-9): never below 20/3, even when float noise puts `a` a hair under the target.
        if s is not None and s > goal:
            if at_least(a, s, goal):
                return Evaluation(Status.GREEN, 10.0, t, Band.AT_OR_BEYOND_STRETCH)
            share = max(a - goal, 0.0) / (s - goal)
            return Evaluation(Status.GREEN, min(10.0, GREEN_FROM + share * (10 - GREEN_FROM)), t,
                              Band.BETWEEN_TARGET_AND_STRETCH)
        if t == 0:
            return Evaluation(Status.GREEN, GREEN_FROM, t, Band.MET_NO_TOLERANCE)
        return Evaluation(Status.GREEN, clamp_score(GREEN_FROM + max(a - goal, 0.0) / t * AMBER_FROM), t, Band.MET)
    if t == 0:
        return Evaluation(Status.RED, 0.0, t, Band.MISSED_NO_TOLERANCE)
    score = clamp_score(GREEN_FROM + (a - goal) / t * AMBER_FROM)
    if at_least(a, goal - t, goal, t):
        return Evaluation(Status.AMBER, min(max(score, AMBER_FROM), math.nextafter(GREEN_FROM, 0)), t,
                          Band.WITHIN_TOLERANCE)
    return Evaluation(Status.RED, min(score, math.nextafter(AMBER_FROM, 0)), t, Band.BEYOND_TOLERANCE)


def _in_range(actual: float, target, amount: float, percent: bool) -> Evaluation:
    low, high = target
    if at_least(actual, low) and at_most(actual, high):
        return Evaluation(Status.GREEN, GREEN_FROM, None, Band.INSIDE_RANGE)
    bound = low if actual < low else high
    t = absolute_tolerance(amount, percent, bound)
    distance = abs(actual - bound)
    if t == 0:
        return Evaluation(Status.RED, 0.0, t, Band.OUTSIDE_RANGE_NO_TOLERANCE)
    score = clamp_score(GREEN_FROM - distance / t * AMBER_FROM)
    if at_most(distance, t, actual, bound):
        return Evaluation(Status.AMBER, min(max(score, AMBER_FROM), math.nextafter(GREEN_FROM, 0)), t,
                          Band.OUTSIDE_RANGE_WITHIN_TOLERANCE)
    return Evaluation(Status.RED, min(score, math.nextafter(AMBER_FROM, 0)), t,
                      Band.OUTSIDE_RANGE_BEYOND_TOLERANCE)
