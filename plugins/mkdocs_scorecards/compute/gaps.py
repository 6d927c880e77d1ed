"""Strategic gaps: what a governance team should fix in the scorecard itself."""

from __future__ import annotations

from dataclasses import dataclass

from .results import ScorecardResult


@dataclass(frozen=True)
class Gap:
    subject: str
    message: str
    objective: str = ""   # the objective it concerns, for a link


def strategic_gaps(result: ScorecardResult) -> list[Gap]:
    gaps: list[Gap] = []
    on_map = {link.cause for link in result.links} | {link.effect for link in result.links}
    for perspective in result.perspectives:
        if not perspective.objectives:
            gaps.append(Gap(perspective.perspective.title, "this perspective has no objectives"))
    for objective in result.objectives:
        title, oid = objective.objective.title, objective.objective.id
        if not objective.kpis:
            gaps.append(Gap(title, "no KPIs measure this objective", oid))
        if result.links and oid not in on_map:
            gaps.append(Gap(title, "no arrow of the strategy map leads to or from this objective", oid))
        for kpi in objective.kpis:
            if kpi.current.status == "no-data":
                gaps.append(Gap(title, f"KPI '{kpi.kpi.title}' has no actual for {result.as_of or 'any period'}", oid))
            elif kpi.current.status == "no-target":
                gaps.append(Gap(title, f"KPI '{kpi.kpi.title}' has no target for {result.as_of}", oid))
        for initiative in objective.initiatives:
            if initiative.status == "overdue":
                gaps.append(Gap(title, f"initiative '{initiative.initiative.title}' is overdue "
                                f"(due {initiative.initiative.due})", oid))
    for link in result.links:
        if link.evidence.verdict == "contradicted":
            cause = result.objective(link.cause).objective.title
            effect = result.objective(link.effect).objective.title
            gaps.append(Gap(cause, f"the data contradicts the belief that it drives '{effect}'", link.cause))
    return gaps
