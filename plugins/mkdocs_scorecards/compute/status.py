"""Status and score of one KPI in one period (FORMAT section 6).

Every threshold comparison treats values within 1e-9 of the largest
magnitude involved as equal, so a number that is on a band edge in decimal
is on it here too: 0.99 against 1.1 with 10% is amber, not red.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GREEN_FROM = 20 / 3
AMBER_FROM = 10 / 3
EPSILON = 1e-9
STATUS_ORDER = ("red", "amber", "green")


@dataclass(frozen=True)
class Evaluation:
    status: str            # green | amber | red | no-data | no-target
    score: float | None
    tolerance: float | None  # the absolute width of the amber band used
    band: str = ""         # which rule applied, for explanations


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


def status_from_score(score: float | None) -> str:
    """Rolled-up status: green >= 20/3, amber >= 10/3, else red (with 1e-9 slack)."""
    if score is None:
        return "no-data"
    if score >= GREEN_FROM - EPSILON:
        return "green"
    if score >= AMBER_FROM - EPSILON:
        return "amber"
    return "red"


def absolute_tolerance(amount: float, percent: bool, reference: float) -> float:
    return abs(reference) * amount / 100 if percent else amount


def evaluate(actual: float | None, target, better: str, tolerance_amount: float, tolerance_percent: bool,
             stretch: float | None = None) -> Evaluation:
    """Status and score of an actual against a target (a number, or (low, high) for in-range)."""
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return Evaluation("no-data", None, None)
    if target is None:
        return Evaluation("no-target", None, None)
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
                return Evaluation("green", 10.0, t, "at or beyond the stretch")
            share = max(a - goal, 0.0) / (s - goal)
            return Evaluation("green", min(10.0, GREEN_FROM + share * (10 - GREEN_FROM)), t,
                              "between target and stretch")
        if t == 0:
            return Evaluation("green", GREEN_FROM, t, "met, no tolerance")
        return Evaluation("green", clamp_score(GREEN_FROM + max(a - goal, 0.0) / t * AMBER_FROM), t, "met")
    if t == 0:
        return Evaluation("red", 0.0, t, "missed, no tolerance")
    score = clamp_score(GREEN_FROM + (a - goal) / t * AMBER_FROM)
    if at_least(a, goal - t, goal, t):
        return Evaluation("amber", min(max(score, AMBER_FROM), math.nextafter(GREEN_FROM, 0)), t, "within tolerance")
    return Evaluation("red", min(score, math.nextafter(AMBER_FROM, 0)), t, "beyond tolerance")


def _in_range(actual: float, target, amount: float, percent: bool) -> Evaluation:
    low, high = target
    if at_least(actual, low) and at_most(actual, high):
        return Evaluation("green", GREEN_FROM, None, "inside the range")
    bound = low if actual < low else high
    t = absolute_tolerance(amount, percent, bound)
    distance = abs(actual - bound)
    if t == 0:
        return Evaluation("red", 0.0, t, "outside the range, no tolerance")
    score = clamp_score(GREEN_FROM - distance / t * AMBER_FROM)
    if at_most(distance, t, actual, bound):
        return Evaluation("amber", min(max(score, AMBER_FROM), math.nextafter(GREEN_FROM, 0)), t,
                          "outside the range, within tolerance")
    return Evaluation("red", min(score, math.nextafter(AMBER_FROM, 0)), t, "outside the range, beyond tolerance")
