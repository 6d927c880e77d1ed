"""Roll-up: KPI scores to objectives, objectives to perspectives, perspectives to the scorecard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of (score, weight) pairs, leaving out those without a score."""
    pairs = list(pairs)
    scores = np.array([[np.nan if score is None else score] for score, _ in pairs], dtype=float).reshape(-1, 1)
    mean = float(weighted_means(scores, [weight for _, weight in pairs], [list(range(len(pairs)))])[0, 0])
    return None if np.isnan(mean) else mean


def plain_mean(scores: Iterable[float | None]) -> float | None:
    """Each child once: the balance of a scorecard's perspectives."""
    return weighted_mean((score, 1.0) for score in scores)


def weighted_means(scores: np.ndarray, weights: Sequence[float], groups: Sequence[Sequence[int]]) -> np.ndarray:
    """For each group of children and each period, the weighted mean of the children's scores.

    `scores` holds a row of scores per child (NaN: no score, left out), a
    group lists its children's rows; NaN where no child of a group has a
    score. Each group's children are added in their order, so each mean is
    the same number as one computed on its own.
    """
    length = scores.shape[1]
    width = max((len(group) for group in groups), default=0)
    rows = np.full((len(groups), width), len(scores))     # a row past the end: no child, no score
    for position, group in enumerate(groups):
        rows[position, :len(group)] = group
    scores = np.vstack([scores, np.full((1, length), np.nan)])
    weights = np.append(np.asarray(weights, dtype=float), 0.0)
    total, weight_sum = np.zeros((len(groups), length)), np.zeros((len(groups), length))
    low, high = np.full((len(groups), length), np.nan), np.full((len(groups), length), np.nan)
    with np.errstate(all="ignore"):
        for column in range(width):
            score, weight = scores[rows[:, column]], weights[rows[:, column]][:, None]
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
