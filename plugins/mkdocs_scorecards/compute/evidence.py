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
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=float)
    sorted_values = values[order]
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _decimal(values: np.ndarray) -> np.ndarray:
    """Scores rounded to 12 significant digits, so values equal in decimal tie (and a
    series that differs only by float noise counts as constant)."""
    return np.array([float(f"{v:.12g}") for v in values], dtype=float)


def spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    """Spearman's rho, or None when either side is constant."""
    x, y = _decimal(np.asarray(x, dtype=float)), _decimal(np.asarray(y, dtype=float))
    if len(x) < 2 or np.all(x == x[0]) or np.all(y == y[0]):
        return None
    rx, ry = average_ranks(x), average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float(np.sum(rx * ry) / np.sqrt(np.sum(rx * rx) * np.sum(ry * ry)))


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
    lags = []
    for lag in range(MAX_LAG + 1):
        positions = sorted(p for p in effect if p - lag in cause)
        x = np.array([cause[p - lag] for p in positions], dtype=float)
        y = np.array([effect[p] for p in positions], dtype=float)
        lags.append(LagResult(lag, len(positions), spearman(x, y) if len(positions) >= 2 else None))
    return verdict_of(tuple(lags))


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
    """`spearman(x[:m], y[:m])` for every m from 0 to len(x), with the same arithmetic, in one pass.

    The average rank of a value among the first m is (values below it) +
    (values equal to it, itself included, + 1) / 2, the rank
    `average_ranks` gives; both counts come from one comparison matrix,
    summed along its rows. So the ranks, and the rho computed from them
    exactly as `spearman` does, are the same numbers.
    """
    x, y = _decimal(np.asarray(x, dtype=float)), _decimal(np.asarray(y, dtype=float))
    n = len(x)
    counts = []
    for values in (x, y):
        below = np.cumsum(values[None, :] < values[:, None], axis=1)    # [i, m-1]: among the first m
        equal = np.cumsum(values[None, :] == values[:, None], axis=1)
        counts.append((below, equal))
    out: list[float | None] = [None] * min(n + 1, 2)
    for m in range(2, n + 1):
        (bx, ex), (by, ey) = counts
        if ex[0, m - 1] == m or ey[0, m - 1] == m:      # constant on one side
            out.append(None)
            continue
        rx = bx[:m, m - 1] + (ex[:m, m - 1] + 1) / 2
        ry = by[:m, m - 1] + (ey[:m, m - 1] + 1) / 2
        rx, ry = rx - rx.mean(), ry - ry.mean()
        out.append(float(np.sum(rx * ry) / np.sqrt(np.sum(rx * rx) * np.sum(ry * ry))))
    return out


def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= EPSILON * max(abs(a), abs(b))
