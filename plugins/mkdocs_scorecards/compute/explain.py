"""The facts behind one KPI's status and score, with the roll-up above it.

A governance team must be able to defend any status to its board: where
the actual came from, which target and tolerance applied, which band the
actual fell in (the `Band` evaluation chose, never worked out again), and
how the score rolled up. This module gathers those facts as data; the
wording is `render.explanation`'s, shared by the pages and `scorecards explain`.
"""

from __future__ import annotations

from ..periods import Period
from .results import Explanation, ObjectiveResult, Part, Rollup, ScorecardResult
from .status import status_from_score


def explain(result: ScorecardResult, kpi_id: str, period: Period | None = None) -> Explanation:
    """One KPI in one period (the as-of period by default)."""
    objective, kpi = result.kpis_by_id[kpi_id]
    if period is None or period == result.as_of:
        period, evaluated = result.as_of, kpi.current
    else:
        evaluated = kpi.evaluated_in(period)
    if evaluated is None or period not in objective.history:
        return Explanation(kpi.kpi, period, evaluated)
    return Explanation(kpi.kpi, period, evaluated, rollup(result, objective, period))


def rollup(result: ScorecardResult, objective: ObjectiveResult, period: Period) -> tuple[Rollup, ...]:
    """The objective's, its perspective's and the scorecard's scores in a period, from their children's."""
    kpis = tuple(Part(k.kpi.id, k.kpi.title, _score_at(k, period), k.kpi.weight) for k in objective.kpis)
    perspective = result.perspective_of(objective)
    objectives = tuple(Part(o.objective.id, o.objective.title, o.history[period], o.objective.weight)
                       for o in perspective.objectives)
    weighted = any(p.perspective.weight != 1 for p in result.perspectives)   # FORMAT section 11
    perspectives = tuple(Part(p.perspective.id, p.perspective.title, p.history[period],
                              p.perspective.weight if weighted else None) for p in result.perspectives)
    return (
        _level("objective", objective.objective.title, kpis, objective.history[period]),
        _level("perspective", perspective.perspective.title, objectives, perspective.history[period]),
        _level("scorecard", result.scorecard.title, perspectives, result.history[period]),
    )


def _score_at(kpi, period: Period) -> float | None:
    found = kpi.by_period.get(period)
    return found.score if found else None


def _level(level: str, title: str, parts: tuple[Part, ...], score: float | None) -> Rollup:
    return Rollup(level, title, parts, score, status_from_score(score))
