"""Strategic gaps: where a board should look first, then what to fix in the scorecard itself.

The order is the reading order of the overview's first screen: red
objectives (worst score first), objectives whose score is declining, overdue
initiatives, arrows of the strategy map the data contradicts (a question for
the next strategy review), then the scorecard's own gaps (perspectives
without objectives, objectives without KPIs or off the map, KPIs without
data or target).
"""

from __future__ import annotations

from .evidence import Verdict
from .initiatives import InitiativeStatus
from .results import Gap, GapKind, ScorecardResult
from .status import Status
from .trend import Trend


def strategic_gaps(result: ScorecardResult) -> list[Gap]:
    return [*_performance(result), *_structure(result)]


def _performance(result: ScorecardResult) -> list[Gap]:
    gaps: list[Gap] = []
    objectives = result.objectives
    red = sorted((o for o in objectives if o.status == Status.RED), key=lambda o: o.score)
    gaps += [Gap(GapKind.RED_OBJECTIVE, o.objective.title, o.objective.id, score=o.score,
                 change=_change(o.score, o.previous_score)) for o in red]
    declining = sorted((o for o in objectives if o.trend == Trend.DECLINING and o.status != Status.RED),
                       key=lambda o: o.score - o.previous_score)
    gaps += [Gap(GapKind.DECLINING_OBJECTIVE, o.objective.title, o.objective.id, score=o.score,
                 change=_change(o.score, o.previous_score)) for o in declining]
    for objective in objectives:
        for initiative in objective.initiatives:
            if initiative.status == InitiativeStatus.OVERDUE:
                gaps.append(Gap(GapKind.OVERDUE_INITIATIVE, objective.objective.title, objective.objective.id,
                                initiative.initiative.title, initiative.initiative.due))
    for link in result.links:
        if link.evidence.verdict == Verdict.CONTRADICTED:
            cause = result.objective(link.cause).objective.title
            effect = result.objective(link.effect).objective.title
            gaps.append(Gap(GapKind.CONTRADICTED_ARROW, cause, link.cause, effect))
    return gaps


def _structure(result: ScorecardResult) -> list[Gap]:
    gaps: list[Gap] = []
    on_map = {link.cause for link in result.links} | {link.effect for link in result.links}
    for perspective in result.perspectives:
        if not perspective.objectives:
            gaps.append(Gap(GapKind.EMPTY_PERSPECTIVE, perspective.perspective.title))
    for objective in result.objectives:
        title, oid = objective.objective.title, objective.objective.id
        if not objective.kpis:
            gaps.append(Gap(GapKind.NO_KPIS, title, oid))
        if result.links and oid not in on_map:
            gaps.append(Gap(GapKind.OFF_THE_MAP, title, oid))
        for kpi in objective.kpis:
            if kpi.current.status == Status.NO_DATA:
                gaps.append(Gap(GapKind.NO_ACTUAL, title, oid, kpi.kpi.title))
            elif kpi.current.status == Status.NO_TARGET:
                gaps.append(Gap(GapKind.NO_TARGET, title, oid, kpi.kpi.title))
    return gaps


def _change(score: float | None, previous: float | None) -> float | None:
    return None if score is None or previous is None else score - previous
