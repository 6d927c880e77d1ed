"""What the evidence rule said of an arrow in every past period, and since when its verdict holds.

Pure. For each reporting period up to as-of, the arrow is weighed exactly
as FORMAT section 7 would have weighed it with that period as as-of: only
the scores of that period and earlier take part. A period's score does not
depend on later data, so this is the verdict the site would have published
then. `holding_since` is the first period of the run of equal verdicts
that ends with the as-of period ("supported since 2025-Q4").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..periods import Period
from .evidence import (
    MAX_LAG,
    Evidence,
    LagResult,
    Verdict,
    lagged_pairs,
    prefix_spearman,
    scores_by_position,
    verdict_of,
)
from .results import LinkResult, ScorecardResult


@dataclass(frozen=True)
class VerdictAt:
    period: Period
    evidence: Evidence


@dataclass(frozen=True)
class ArrowHistory:
    """One arrow's verdict in every period, the period since which the current verdict holds,
    and the pairs a plot shows: at the chosen lag, or at lag 0 where no lag was chosen."""

    link: LinkResult
    verdicts: tuple[VerdictAt, ...]
    since: Period | None
    shown_lag: int
    pairs: tuple[tuple[Period, float, Period, float], ...]


def verdict_history(cause: dict[int, float], effect: dict[int, float], periods) -> tuple[VerdictAt, ...]:
    """The arrow weighed with the data up to each period in turn (positions as in `scores_by_position`).

    The same as `weigh_arrow` on the scores up to each period (a test
    checks it), computed in one pass per lag: the pairs of a lag, in the
    order of the effect's period, are the same list whatever the last
    period, only cut shorter, so rho is computed for every prefix at once.
    """
    per_lag = []
    for lag in range(MAX_LAG + 1):
        positions = sorted(p for p in effect if p - lag in cause)
        x = np.array([cause[p - lag] for p in positions], dtype=float)
        y = np.array([effect[p] for p in positions], dtype=float)
        # The number of pairs whose effect period is at or before each period.
        counts = np.searchsorted(np.array(positions, dtype=int), np.arange(len(periods)), side="right").tolist()
        rhos = prefix_spearman(x, y)
        per_lag.append([LagResult(lag, n, rhos[n] if n >= 2 else None) for n in counts])
    return tuple(VerdictAt(period, verdict_of(lags)) for period, lags in zip(periods, zip(*per_lag)))


def holding_since(history: tuple[VerdictAt, ...]) -> Period | None:
    """The first period of the last run of one verdict, None without any period."""
    if not history:
        return None
    current: Verdict = history[-1].evidence.verdict
    since = history[-1].period
    for step in reversed(history):
        if step.evidence.verdict != current:
            break
        since = step.period
    return since


def arrow_history(result: ScorecardResult, link: LinkResult) -> ArrowHistory:
    periods = result.periods
    cause = scores_by_position(result.objective(link.cause).history, periods)
    effect = scores_by_position(result.objective(link.effect).history, periods)
    verdicts = verdict_history(cause, effect, periods)
    lag = link.evidence.lag if link.evidence.lag is not None else 0
    pairs = link.pairs if link.evidence.lag is not None else lagged_pairs(cause, effect, periods, 0)
    return ArrowHistory(link, verdicts, holding_since(verdicts), lag, pairs)
