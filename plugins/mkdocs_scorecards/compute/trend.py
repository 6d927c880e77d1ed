"""Trends: a KPI's actual against the previous period's, an objective's score likewise."""

from __future__ import annotations

from .status import EPSILON, at_most, near


def kpi_trend(previous: float | None, current: float | None, better: str, target=None) -> str:
    """improving | declining | steady | n/a (FORMAT section 6, Trend)."""
    if previous is None or current is None:
        return "n/a"
    change = current - previous
    if at_most(abs(change), abs(previous) * 0.01, previous, current):
        return "steady"
    if better == "higher":
        return "improving" if change > 0 else "declining"
    if better == "lower":
        return "improving" if change < 0 else "declining"
    if target is None:
        return "n/a"
    before, after = _distance(previous, target), _distance(current, target)
    if near(after, before, previous, current, *target):
        return "steady"
    if after < before:
        return "improving"
    if after > before:
        return "declining"
    return "steady"


def _distance(value: float, target) -> float:
    low, high = target
    return max(low - value, value - high, 0.0)


def score_trend(previous: float | None, current: float | None) -> str:
    """A change of more than 0.1 in score either way, else steady."""
    if previous is None or current is None:
        return "n/a"
    change = current - previous
    if abs(change) <= 0.1 + EPSILON * max(abs(previous), abs(current), 0.1):
        return "steady"
    return "improving" if change > 0 else "declining"
