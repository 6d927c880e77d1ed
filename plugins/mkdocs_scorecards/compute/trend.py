"""Trends: a KPI's actual against the previous period's, an objective's score likewise."""

from __future__ import annotations

from enum import StrEnum

from .status import EPSILON, at_most, near

# A KPI's change of at most this share of the previous value's magnitude is steady.
STEADY_SHARE = 0.01
# A score's change of at most this much either way is steady.
STEADY_SCORE_CHANGE = 0.1


class Trend(StrEnum):
    IMPROVING = "improving"
    DECLINING = "declining"
    STEADY = "steady"
    NA = "n/a"


def kpi_trend(previous: float | None, current: float | None, better: str, target=None) -> Trend:
    """FORMAT section 6, Trend: the direction is judged by `better`, not by the sign of the change."""
    if previous is None or current is None:
        return Trend.NA
    change = current - previous
    if at_most(abs(change), abs(previous) * STEADY_SHARE, previous, current):
        return Trend.STEADY
    if better == "higher":
        return Trend.IMPROVING if change > 0 else Trend.DECLINING
    if better == "lower":
        return Trend.IMPROVING if change < 0 else Trend.DECLINING
    if target is None:
        return Trend.NA
    before, after = _distance(previous, target), _distance(current, target)
    if near(after, before, previous, current, *target):
        return Trend.STEADY
    if after < before:
        return Trend.IMPROVING
    if after > before:
        return Trend.DECLINING
    return Trend.STEADY


def _distance(value: float, target) -> float:
    low, high = target
    return max(low - value, value - high, 0.0)


def score_trend(previous: float | None, current: float | None) -> Trend:
    """A change of more than 0.1 in score either way, else steady."""
    if previous is None or current is None:
        return Trend.NA
    change = current - previous
    if abs(change) <= STEADY_SCORE_CHANGE + EPSILON * max(abs(previous), abs(current), STEADY_SCORE_CHANGE):
        return Trend.STEADY
    return Trend.IMPROVING if change > 0 else Trend.DECLINING
