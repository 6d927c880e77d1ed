"""The facts behind one KPI's status and score, with the roll-up above it.

A governance team must be able to defend any status to its board: where
the actual came from, which target and tolerance applied, which band the
actual fell in (the `Band` evaluation chose, never worked out again), and
how the score rolled up. This module gathers those facts as data; the
wording is `render.explanation`'s, shared by the pages and `scorecards explain`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..periods import Period
from .results import Explanation, KpiResult, ObjectiveResult, Part, PerspectiveResult, Rollup, ScorecardResult
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


class AsOfExplanations(Mapping[str, Explanation]):
    """Every KPI's as-of explanation by KPI id, each made when first read. The levels above an
    objective are the same for all of a perspective's KPIs, so each is built once and shared."""

    def __init__(self, result: ScorecardResult):
        self._result = result
        self._above: dict[str, tuple[Rollup, Rollup]] = {}
        self._made: dict[str, Explanation] = {}

    def __getitem__(self, kpi_id: str) -> Explanation:
        if kpi_id not in self._made:
            self._made[kpi_id] = self._explained(kpi_id)
        return self._made[kpi_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._result.kpis_by_id)

    def __len__(self) -> int:
        return len(self._result.kpis_by_id)

    def _explained(self, kpi_id: str) -> Explanation:
        result, period = self._result, self._result.as_of
        objective, kpi = result.kpis_by_id[kpi_id]
        if period not in objective.history:
            return Explanation(kpi.kpi, period, kpi.current)
        perspective = result.perspective_of(objective)
        if perspective.perspective.id not in self._above:
            self._above[perspective.perspective.id] = _above(result, perspective, period)
        return Explanation(kpi.kpi, period, kpi.current,
                           (_objective_level(objective, period), *self._above[perspective.perspective.id]))


def rollup(result: ScorecardResult, objective: ObjectiveResult, period: Period) -> tuple[Rollup, ...]:
    """The objective's, its perspective's and the scorecard's scores in a period, from their children's."""
    return (_objective_level(objective, period), *_above(result, result.perspective_of(objective), period))


def _objective_level(objective: ObjectiveResult, period: Period) -> Rollup:
    kpis = tuple(Part(k.kpi.id, k.kpi.title, _score_at(k, period), k.kpi.weight) for k in objective.kpis)
    return _level("objective", objective.objective.title, kpis, objective.history[period])


def _above(result: ScorecardResult, perspective: PerspectiveResult, period: Period) -> tuple[Rollup, Rollup]:
    """The perspective's and the scorecard's levels of a roll-up."""
    objectives = tuple(Part(o.objective.id, o.objective.title, o.history[period], o.objective.weight)
                       for o in perspective.objectives)
    weighted = any(p.perspective.weight != 1 for p in result.perspectives)   # FORMAT section 11
    perspectives = tuple(Part(p.perspective.id, p.perspective.title, p.history[period],
                              p.perspective.weight if weighted else None) for p in result.perspectives)
    return (
        _level("perspective", perspective.perspective.title, objectives, perspective.history[period]),
        _level("scorecard", result.scorecard.title, perspectives, result.history[period]),
    )


def _score_at(kpi: KpiResult, period: Period) -> float | None:
    if kpi.current.period == period:   # the as-of period, without making every period
        return kpi.current.score
    found = kpi.by_period.get(period)
    return found.score if found else None


def _level(level: str, title: str, parts: tuple[Part, ...], score: float | None) -> Rollup:
    return Rollup(level, title, parts, score, status_from_score(score))
