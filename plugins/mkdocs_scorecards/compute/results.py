"""What evaluation produces: plain frozen records that rendering reads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model import Initiative, Kpi, Objective, Perspective, Scorecard
from .evidence import Evidence


@dataclass(frozen=True)
class KpiPeriod:
    """One KPI in one reporting period, evaluated."""

    label: str
    actual: float | None
    target: float | tuple[float, float] | None
    target_source: str          # "definition", "schedule from 2026-Q1" or "file:line"
    tolerance: float | None     # absolute band width used
    status: str
    score: float | None
    partial: bool
    months: tuple[str, ...]
    sources: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]
    values: tuple[float, ...] = ()                    # the values combined into `actual`, one per month
    value_sources: tuple[tuple[str, int], ...] = ()   # file and line of each of those values


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    current: KpiPeriod          # the as-of period (no-data when it has no actual)
    series: tuple[KpiPeriod, ...]   # periods with data up to as-of, oldest first
    trend: str


@dataclass(frozen=True)
class InitiativeResult:
    initiative: Initiative
    status: str
    expected: float | None


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    score: float | None
    status: str
    trend: str
    kpis: tuple[KpiResult, ...]
    initiatives: tuple[InitiativeResult, ...]
    history: tuple[tuple[str, float | None], ...]   # (period label, score), oldest first
    commentary: str = ""
    earlier_commentary: tuple[tuple[str, str], ...] = ()   # (period, text), newest first
    driven_by: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()   # "scorecard/objective"


@dataclass(frozen=True)
class PerspectiveResult:
    perspective: Perspective
    score: float | None
    status: str
    objectives: tuple[ObjectiveResult, ...]
    history: tuple[tuple[str, float | None], ...] = ()   # (period label, score), oldest first


@dataclass(frozen=True)
class LinkResult:
    cause: str
    effect: str
    evidence: Evidence
    pairs: tuple[tuple[str, float, str, float], ...]   # at the chosen lag: cause period, score, effect period, score


@dataclass(frozen=True)
class ScorecardResult:
    scorecard: Scorecard
    as_of: str                      # "" when the scorecard has no data at all
    today: str                      # last day of the as-of period
    score: float | None
    status: str
    perspectives: tuple[PerspectiveResult, ...]
    links: tuple[LinkResult, ...]
    periods: tuple[str, ...]        # reporting periods up to as-of, oldest first
    commentary: str = ""
    earlier_commentary: tuple[tuple[str, str], ...] = ()   # (period, text), newest first
    history: tuple[tuple[str, float | None], ...] = ()     # (period label, score), oldest first
    children: tuple[str, ...] = ()

    # Indexes built once on first use, so that pages and explanations look
    # objectives and KPIs up by id instead of scanning (which would grow with
    # the square of a large scorecard).
    @cached_property
    def objectives(self) -> tuple[ObjectiveResult, ...]:
        return tuple(o for p in self.perspectives for o in p.objectives)

    @cached_property
    def _objectives_by_id(self) -> dict[str, ObjectiveResult]:
        return {o.objective.id: o for o in self.objectives}

    @cached_property
    def kpis_by_id(self) -> dict[str, tuple[ObjectiveResult, KpiResult]]:
        return {k.kpi.id: (o, k) for o in self.objectives for k in o.kpis}

    @cached_property
    def _perspectives_by_id(self) -> dict[str, PerspectiveResult]:
        return {p.perspective.id: p for p in self.perspectives}

    def objective(self, objective_id: str) -> ObjectiveResult:
        return self._objectives_by_id[objective_id]

    def perspective_of(self, objective: ObjectiveResult) -> PerspectiveResult:
        return self._perspectives_by_id[objective.objective.perspective]


@dataclass(frozen=True)
class ProjectResult:
    scorecards: tuple[ScorecardResult, ...]
    inputs: tuple
    rows_read: int
    rows_placed: int
    rows_rejected: int
    files_read: int
    placement: tuple[str, ...] = ()   # where each file's values went, for the build log

    @cached_property
    def _scorecards_by_id(self) -> dict[str, ScorecardResult]:
        return {result.scorecard.id: result for result in self.scorecards}

    def scorecard(self, scorecard_id: str) -> ScorecardResult:
        return self._scorecards_by_id[scorecard_id]
