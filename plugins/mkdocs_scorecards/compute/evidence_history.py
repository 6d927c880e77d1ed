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

from ..periods import Period
from .evidence import Evidence, Verdict, lagged_pairs, scores_by_position, weigh_arrow
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
    """The arrow weighed with the data up to each period in turn (positions as in `scores_by_position`)."""
    history = []
    for last in range(len(periods)):
        history.append(VerdictAt(periods[last], weigh_arrow({i: s for i, s in cause.items() if i <= last},
                                                            {i: s for i, s in effect.items() if i <= last})))
    return tuple(history)


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
