"""Roll-up: KPI scores to objectives, objectives to perspectives, perspectives to the scorecard."""

from __future__ import annotations

from collections.abc import Iterable


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of (score, weight) pairs, leaving out those without a score."""
    total = weight_sum = 0.0
    low = high = None
    for score, weight in pairs:
        if score is None:
            continue
        total += score * weight
        weight_sum += weight
        low = score if low is None else min(low, score)
        high = score if high is None else max(high, score)
    if not weight_sum:
        return None
    # Equal children give exactly their score (the weighted sum alone can be a bit off),
    # and float noise never puts the mean outside its children.
    return min(high, max(low, total / weight_sum))


def plain_mean(scores: Iterable[float | None]) -> float | None:
    """Each child once: the balance of a scorecard's perspectives."""
    return weighted_mean((score, 1.0) for score in scores)
