"""Roll-up: KPI scores to objectives, objectives to perspectives, perspectives to the scorecard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of (score, weight) pairs, leaving out those without a score."""
    pairs = list(pairs)
    scores = [np.array([np.nan if score is None else score], dtype=float) for score, _ in pairs]
    mean = float(weighted_means(scores, [weight for _, weight in pairs], 1)[0])
    return None if np.isnan(mean) else mean


def plain_mean(scores: Iterable[float | None]) -> float | None:
    """Each child once: the balance of a scorecard's perspectives."""
    return weighted_mean((score, 1.0) for score in scores)


def weighted_means(scores: Sequence[np.ndarray], weights: Sequence[float], length: int) -> np.ndarray:
    """Per period, the weighted mean of the children's scores (NaN: no score, left out; NaN where no
    child has one). Children are added in their order, so each period's mean is the same number
    whichever way it is computed."""
    total, weight_sum = np.zeros(length), np.zeros(length)
    low, high = np.full(length, np.nan), np.full(length, np.nan)
    with np.errstate(all="ignore"):
        for score, weight in zip(scores, weights):
            has = ~np.isnan(score)
            total = np.where(has, total + score * weight, total)
            weight_sum = np.where(has, weight_sum + weight, weight_sum)
            low = np.where(has & ~(score >= low), score, low)     # the first score, then any lower one
            high = np.where(has & ~(score <= high), score, high)
        mean = total / weight_sum
    # Equal children give exactly their score (the weighted sum alone can be a bit off),
    # and float noise never puts the mean outside its children.
    at_least_low = np.where(mean > low, mean, low)
    bounded = np.where(at_least_low < high, at_least_low, high)
    return np.where(weight_sum != 0, bounded, np.nan)
