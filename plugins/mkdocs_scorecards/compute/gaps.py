"""Strategic gaps: what a governance team should fix in the scorecard itself."""

from __future__ import annotations

from .evidence import Verdict
from .initiatives import InitiativeStatus
from .results import Gap, GapKind, ScorecardResult
from .status import Status


def strategic_gaps(result: ScorecardResult) -> list[Gap]:
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
        for initiative in objective.initiatives:
            if initiative.status == InitiativeStatus.OVERDUE:
                gaps.append(Gap(GapKind.OVERDUE_INITIATIVE, title, oid, initiative.initiative.title,
                                initiative.initiative.due))
    for link in result.links:
        if link.evidence.verdict == Verdict.CONTRADICTED:
            cause = result.objective(link.cause).objective.title
            effect = result.objective(link.effect).objective.title
            gaps.append(Gap(GapKind.CONTRADICTED_ARROW, cause, link.cause, effect))
    return gaps
