"""Explaining one KPI's status and score step by step, with the numbers used.

The same steps are printed by `scorecards explain` and shown under each KPI
on the site, so that a governance team can defend any status to its board:
where the actual came from, which target and tolerance applied, which band
the actual fell in, the score formula with numbers, and how it rolled up.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Kpi
from .results import KpiPeriod, KpiResult, ObjectiveResult, ScorecardResult
from .status import AMBER_FROM, GREEN_FROM


@dataclass(frozen=True)
class Step:
    title: str
    lines: tuple[str, ...]


def n(value: float) -> str:
    """A number as the explanation prints it: up to 10 significant digits."""
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def period_of(kpi: KpiResult, label: str | None) -> KpiPeriod | None:
    """The evaluated period (the as-of period by default); None when it has no data."""
    if not label or label == kpi.current.label:
        return kpi.current
    return next((p for p in kpi.series if p.label == label), None)


def explain_kpi(result: ScorecardResult, kpi_id: str, label: str | None = None) -> list[Step]:
    objective, kpi = result.kpis_by_id[kpi_id]
    period = period_of(kpi, label)
    shown = label or result.as_of
    if period is None:
        return [Step("Actual", (f"{kpi.kpi.title} has no actual for {shown}: its status there is no data.",))]
    steps = [actual_step(kpi.kpi, period), target_step(kpi.kpi, period)]
    if period.actual is not None and period.target is not None:
        steps += [tolerance_step(kpi.kpi, period), band_step(kpi.kpi, period), score_step(kpi.kpi, period)]
    else:
        steps.append(Step("Status", (f"{_status_sentence(period.status)}; no score.",)))
    steps += rollup_steps(result, objective, kpi, period.label)
    return steps


def actual_step(kpi: Kpi, period: KpiPeriod) -> Step:
    if period.actual is None:
        return Step("Actual", (f"No actual for {period.label}.",))
    lines = []
    places = [f"{file}:{line}" for file, line in period.value_sources]
    if len(period.values) == 1:
        lines.append(f"{n(period.values[0])} for {period.months[0]}, from {places[0]}.")
    else:
        lines.append(f"{len(period.values)} values in {period.label}, combined by {kpi.aggregate}:")
        lines += [f"  {month}: {n(value)} ({place})" for month, value, place in
                  zip(period.months, period.values, places)]
        lines.append(f"{_aggregate_sentence(kpi.aggregate, period.values)} = {n(period.actual)}.")
    if period.partial:
        lines.append(f"Partial: the last month of {period.label} has no value yet, so the period is "
                     "evaluated as it stands.")
    return Step("Actual", tuple(lines))


def _aggregate_sentence(aggregate: str, values: tuple[float, ...]) -> str:
    listed = " + ".join(n(v) for v in values)
    if aggregate == "sum":
        return listed
    if aggregate == "mean":
        return f"({listed}) / {len(values)}"
    if aggregate == "last":
        return "the latest month's value"
    return f"{aggregate}({', '.join(n(v) for v in values)})"


def target_step(kpi: Kpi, period: KpiPeriod) -> Step:
    if period.target is None:
        return Step("Target", (f"No target is in force for {period.label}.",))
    value = _target(period.target)
    source = period.target_source
    if source == "definition":
        where = f"the definition ({kpi.place})"
    elif source.startswith("schedule from "):
        where = f"the target schedule entry from {source[len('schedule from '):]} ({kpi.place})"
    else:
        where = f"the target column of {source}, which overrides the definition for this period"
    lines = [f"{value}, from {where}."]
    if kpi.stretch is not None:
        lines.append(f"Stretch: {n(kpi.stretch)}.")
    return Step("Target", tuple(lines))


def tolerance_step(kpi: Kpi, period: KpiPeriod) -> Step:
    tolerance = kpi.tolerance
    if not tolerance.percent:
        return Step("Tolerance", (f"{n(tolerance.amount)} (absolute, in the KPI's unit).",))
    if isinstance(period.target, tuple):
        if period.tolerance is None:
            return Step("Tolerance", (f"{tolerance} of the bound nearer the actual; not needed inside the range.",))
        low, high = period.target
        bound = low if period.actual < low else high
        return Step("Tolerance", (f"{tolerance} of the nearer bound {n(bound)} = {n(period.tolerance)}.",))
    return Step("Tolerance", (f"{tolerance} of |{n(period.target)}| = {n(period.tolerance)}.",))


def band_step(kpi: Kpi, period: KpiPeriod) -> Step:
    a, t = period.actual, period.tolerance
    if kpi.better == "in-range":
        low, high = period.target
        lines = [f"Green: {n(low)} <= actual <= {n(high)}."]
        if t is not None:
            lines.append(f"Amber: {n(low - t)} <= actual < {n(low)}, or {n(high)} < actual <= {n(high + t)}.")
    elif kpi.better == "higher":
        target = period.target
        lines = [f"Green: actual >= {n(target)}.", f"Amber: {n(target - t)} <= actual < {n(target)}.",
                 f"Red: actual < {n(target - t)}."]
    else:
        target = period.target
        lines = [f"Green: actual <= {n(target)}.", f"Amber: {n(target)} < actual <= {n(target + t)}.",
                 f"Red: actual > {n(target + t)}."]
    lines.append(f"The actual {n(a)} is {_status_sentence(period.status).lower()} "
                 "(a value on a band edge counts in the better band).")
    return Step("Band", tuple(lines))


def score_step(kpi: Kpi, period: KpiPeriod) -> Step:
    a, target, t, score = period.actual, period.target, period.tolerance, period.score
    shown = f"{score:.2f}"
    if kpi.better == "in-range":
        low, high = target
        if period.status == "green":
            return Step("Score", (f"Inside the range: 20/3 = {shown}.",))
        bound = low if a < low else high
        if not t:
            return Step("Score", (f"Outside the range with no tolerance: {shown}.",))
        return Step("Score", (f"distance to the range = |{n(a)} - {n(bound)}| = {n(abs(a - bound))}",
                              f"score = 20/3 - distance / {n(t)} x 10/3, kept within 0..10 = {shown}"))
    sign = 1 if kpi.better == "higher" else -1
    stretch = kpi.stretch
    beyond = stretch is not None and sign * (stretch - target) > 0
    if beyond and sign * (a - target) >= 0:
        if sign * (a - stretch) >= 0:
            return Step("Score", (f"At or beyond the stretch {n(stretch)}: {shown}.",))
        return Step("Score", (f"Between target and stretch: 20/3 + ({n(a)} - {n(target)}) / ({n(stretch)} - "
                              f"{n(target)}) x 10/3 = {shown}",))
    if not t:
        return Step("Score", (f"No tolerance: {'20/3 when met' if period.status == 'green' else '0 when missed'}"
                              f" = {shown}.",))
    d = sign * (a - target) / t
    formula = f"({n(a)} - {n(target)}) / {n(t)}" if sign > 0 else f"({n(target)} - {n(a)}) / {n(t)}"
    raw = GREEN_FROM + d * AMBER_FROM
    lines = [f"d = {formula} = {n(d)}", f"score = 20/3 + d x 10/3 = {n(raw)}"]
    if raw != score:
        lines.append(f"kept within 0..10 (and its band): {shown}")
    else:
        lines.append(f"published as {shown}")
    return Step("Score", tuple(lines))


def rollup_steps(result: ScorecardResult, objective: ObjectiveResult, kpi: KpiResult, label: str) -> list[Step]:
    index = next((i for i, (period, _) in enumerate(objective.history) if period == label), None)
    if index is None:
        return []
    parts = []
    for other in objective.kpis:
        period = period_of(other, label)
        score = period.score if period else None
        marker = " (this KPI)" if other is kpi else ""
        shown = "no score, left out" if score is None else f"{score:.2f} x weight {n(other.kpi.weight)}"
        parts.append(f"  {other.kpi.title}{marker}: {shown}")
    steps = [Step(f"Objective: {objective.objective.title}",
                  ("Weighted mean of its KPIs' scores:", *parts, f"= {_score(objective.history[index][1])}"))]
    perspective = result.perspective_of(objective)
    lines = ["Weighted mean of its objectives' scores:"]
    for other in perspective.objectives:
        score = other.history[index][1]
        lines.append(f"  {other.objective.title}: "
                     + ("no score, left out" if score is None else f"{score:.2f} x weight {n(other.objective.weight)}"))
    lines.append(f"= {_score(perspective.history[index][1])}")
    steps.append(Step(f"Perspective: {perspective.perspective.title}", tuple(lines)))
    lines = ["Plain mean of its perspectives' scores (each counts once):"]
    for other in result.perspectives:
        score = other.history[index][1]
        lines.append(f"  {other.perspective.title}: " + ("no score, left out" if score is None else f"{score:.2f}"))
    lines.append(f"= {_score(result.history[index][1])}")
    steps.append(Step(f"Scorecard: {result.scorecard.title}", tuple(lines)))
    return steps


def _score(score: float | None) -> str:
    from .status import status_from_score

    if score is None:
        return "no score (no data)"
    return f"{score:.2f}, {status_from_score(score)}"


def _target(target) -> str:
    if isinstance(target, tuple):
        return f"the range {n(target[0])} to {n(target[1])}"
    return n(target)


def _status_sentence(status: str) -> str:
    return {"green": "Green", "amber": "Amber", "red": "Red", "no-data": "No data",
            "no-target": "No target: there is an actual but no target"}[status]
