"""Testing each `drives` arrow against the data (FORMAT section 7).

An arrow says "cause drives effect"; we pair the cause's score at p - k with
the effect's at p for lags 0..4 and compute Spearman's rho.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from ..periods import Period
from .status import EPSILON

MAX_LAG = 4          # lags 0..MAX_LAG periods are tried
MIN_PAIRS = 8        # a lag counts only with at least this many pairs
SUPPORTED_RHO = 0.5  # rho >= this supports an arrow; rho <= minus this contradicts it


class Verdict(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    WEAK = "weak"
    INSUFFICIENT_DATA = "insufficient-data"


@dataclass(frozen=True)
class LagResult:
    lag: int
    n: int
    rho: float | None


@dataclass(frozen=True)
class Evidence:
    verdict: Verdict
    lag: int | None
    rho: float | None
    n: int
    lags: tuple[LagResult, ...]


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given the mean of the ranks they span."""
    count = len(values)
    if not count:
        return np.empty(0)
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_values[1:] != sorted_values[:-1])))
    ends = np.append(starts[1:], count) - 1
    ranks = np.empty(count, dtype=float)
    ranks[order] = np.repeat((starts + ends) / 2 + 1, ends - starts + 1)
    return ranks


def decimal_scores(values: np.ndarray) -> np.ndarray:
    """Scores rounded to 12 significant digits, so values equal in decimal tie (and a
    series that differs only by float noise counts as constant). NaN stays NaN."""
    return np.array([float(f"{v:.12g}") for v in np.asarray(values, dtype=float).tolist()], dtype=float)


def spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    """Spearman's rho, or None when either side is constant."""
    x, y = decimal_scores(x), decimal_scores(y)
    rho = float(_rhos(x[None, :], y[None, :], np.ones((1, len(x)), dtype=bool))[0])
    return None if np.isnan(rho) else rho


# Rows of pairs ranked at once: at most this many comparisons (rows x pairs x pairs) in memory at a time.
_COMPARISONS = 1 << 22


def _rhos(x: np.ndarray, y: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Spearman's rho over the valid pairs of each row (NaN with fewer than two, or a constant side).

    A value's average rank among a row's values is (values below it) +
    (values equal to it, itself included, + 1) / 2, the rank `average_ranks`
    gives. Ranks, their mean and the sums of their products are multiples of
    1/4 far below 2**53, so exact whatever the order of adding: each rho is
    the same number as one computed on its row's pairs alone.
    """
    rows, width = x.shape
    counts = valid.sum(axis=1)
    rho = np.full(rows, np.nan)
    wanted = (counts >= 2) & ~_constant(x, valid) & ~_constant(y, valid)
    step = max(1, _COMPARISONS // max(width * width, 1))
    for start in range(0, rows, step):
        chunk = slice(start, start + step)
        mask, count = valid[chunk], counts[chunk]
        rx, ry = _centred_ranks(x[chunk], mask, count), _centred_ranks(y[chunk], mask, count)
        with np.errstate(all="ignore"):
            found = np.sum(rx * ry, axis=1) / np.sqrt(np.sum(rx * rx, axis=1) * np.sum(ry * ry, axis=1))
        rho[chunk] = np.where(wanted[chunk], found, np.nan)
    return rho


def _constant(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Rows whose valid values are all equal."""
    return np.where(valid, values, np.inf).min(axis=1, initial=np.inf) == \
        np.where(valid, values, -np.inf).max(axis=1, initial=-np.inf)


def _centred_ranks(values: np.ndarray, valid: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Each valid value's average rank in its row less the row's mean rank; 0 where not valid."""
    compared = values[:, None, :]
    below = ((compared < values[:, :, None]) & valid[:, None, :]).sum(axis=2)
    equal = ((compared == values[:, :, None]) & valid[:, None, :]).sum(axis=2)
    ranks = np.where(valid, below + (equal + 1) / 2, 0.0)
    with np.errstate(all="ignore"):
        mean = ranks.sum(axis=1) / count
    return np.where(valid, ranks - mean[:, None], 0.0)


def scores_by_position(history: dict[Period, float | None], periods: list[Period] | tuple[Period, ...]
                       ) -> dict[int, float]:
    """An objective's scores keyed by the period's position in the calendar, where it has one."""
    return {i: score for i, period in enumerate(periods) if (score := history[period]) is not None}


def lagged_pairs(cause: dict[int, float], effect: dict[int, float], periods, lag: int
                 ) -> tuple[tuple[Period, float, Period, float], ...]:
    """The pairs compared at one lag: cause period and score, effect period and score, oldest first."""
    return tuple((periods[i - lag], cause[i - lag], periods[i], effect[i]) for i in sorted(effect) if i - lag in cause)


def weigh_arrow(cause: dict[int, float], effect: dict[int, float]) -> Evidence:
    """`cause` and `effect` map a period's position in the calendar to a score."""
    positions = [*cause, *effect]
    first = min(positions, default=0)
    length = max(positions, default=-1) - first + 1
    aligned = []
    for scores in (cause, effect):
        found = np.full(length, np.nan)
        found[[position - first for position in scores]] = list(scores.values())
        aligned.append(decimal_scores(found)[None, :])
    return weigh_arrows(*aligned)[0]


def weigh_arrows(causes: np.ndarray, effects: np.ndarray) -> list[Evidence]:
    """Many arrows weighed at once: row a holds arrow a's cause's and effect's scores per period, in
    `decimal_scores` form (NaN where an objective has no score). At lag k the cause at p - k is
    paired with the effect at p."""
    count, length = causes.shape
    lags: list[list[LagResult]] = [[] for _ in range(count)]
    for lag in range(MAX_LAG + 1):
        x, y = causes[:, :max(length - lag, 0)], effects[:, lag:]
        valid = ~np.isnan(x) & ~np.isnan(y)
        pairs, rho = valid.sum(axis=1).tolist(), _rhos(x, y, valid).tolist()
        for found, n, value in zip(lags, pairs, rho):
            found.append(LagResult(lag, n, None if value != value else value))
    return [verdict_of(tuple(found)) for found in lags]


def verdict_of(lags: tuple[LagResult, ...]) -> Evidence:
    """The rule that turns the rho of each lag into a verdict (FORMAT section 7)."""
    most_pairs = max(result.n for result in lags)
    eligible = [result for result in lags if result.n >= MIN_PAIRS]
    if not eligible:
        return Evidence(Verdict.INSUFFICIENT_DATA, None, None, most_pairs, lags)
    with_rho = [result for result in eligible if result.rho is not None]
    if not with_rho:
        return Evidence(Verdict.WEAK, None, None, most_pairs, lags)
    best = with_rho[0]
    for result in with_rho[1:]:
        if result.rho > best.rho and not _equal(result.rho, best.rho):
            best = result
    if best.rho >= SUPPORTED_RHO or _equal(best.rho, SUPPORTED_RHO):
        verdict = Verdict.SUPPORTED
    elif best.rho <= -SUPPORTED_RHO or _equal(best.rho, -SUPPORTED_RHO):
        verdict = Verdict.CONTRADICTED
    else:
        verdict = Verdict.WEAK
    return Evidence(verdict, best.lag, best.rho, best.n, lags)


def prefix_spearman(x: np.ndarray, y: np.ndarray) -> list[float | None]:
    """`spearman(x[:m], y[:m])` for every m from 0 to len(x), with the same arithmetic, all at once.

    The average rank of a value among the first m is (values below it) +
    (values equal to it, itself included, + 1) / 2, the rank
    `average_ranks` gives; both counts come from one comparison matrix,
    summed along its rows. Ranks, their means and the sums of their
    products are exact multiples of 1/4, so each rho is the same number as
    `spearman` gives on the first m pairs alone.
    """
    x, y = decimal_scores(x), decimal_scores(y)
    n = len(x)
    if n < 2:
        return [None] * (n + 1)
    prefixes = np.arange(1, n + 1)                                    # m, the number of pairs
    taken = np.arange(n)[None, :] < prefixes[:, None]                 # [m-1, i]: value i is among the first m
    centred, constant = [], np.zeros(n, dtype=bool)
    for values in (x, y):
        below = np.cumsum(values[None, :] < values[:, None], axis=1).T     # [m-1, i]: among the first m
        equal = np.cumsum(values[None, :] == values[:, None], axis=1).T
        ranks = np.where(taken, below + (equal + 1) / 2, 0.0)
        mean = ranks.sum(axis=1) / prefixes
        centred.append(np.where(taken, ranks - mean[:, None], 0.0))
        constant |= equal[:, 0] == prefixes
    rx, ry = centred
    with np.errstate(all="ignore"):
        rho = np.sum(rx * ry, axis=1) / np.sqrt(np.sum(rx * rx, axis=1) * np.sum(ry * ry, axis=1))
    found: list[float | None] = [None]
    found += [None if m < 2 or flat else value for m, flat, value in zip(prefixes.tolist(), constant.tolist(),
                                                                         rho.tolist())]
    return found


def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= EPSILON * max(abs(a), abs(b))
