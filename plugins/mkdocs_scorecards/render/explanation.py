"""The wording of an explanation: how one KPI's status and score were worked out.

`compute.explain` gathers the facts, including the band that evaluation
chose; this module only narrates them, so the page and `scorecards
explain` can never tell a different story from the status they explain.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute.results import Explanation, KpiPeriod, Rollup, TargetOrigin
from ..compute.status import AMBER_FROM, GREEN_FROM, Band, Status
from ..model import Kpi
from .formula_explanation import formula_actual_lines, not_due_lines

STATUS_SENTENCES = {Status.GREEN: "Green", Status.AMBER: "Amber", Status.RED: "Red", Status.NO_DATA: "No data",
                    Status.NO_TARGET: "No target: there is an actual but no target",
                    Status.NOT_DUE: "Not due: the KPI reports less often than its scorecard"}


@dataclass(frozen=True)
class Step:
    title: str
    lines: tuple[str, ...]


def n(value: float) -> str:
    """A number as the explanation prints it: up to 10 significant digits."""
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def explanation_steps(explanation: Explanation) -> list[Step]:
    kpi, period = explanation.kpi, explanation.evaluated
    if period is None:
        shown = explanation.period.label if explanation.period else ""
        return [Step("Actual", (f"{kpi.title} has no actual for {shown}: its status there is no data.",))]
    steps = [actual_step(kpi, period), target_step(kpi, period)]
    if period.actual is not None and period.target is not None:
        steps += [tolerance_step(kpi, period), band_step(kpi, period), score_step(kpi, period)]
    else:
        steps.append(Step("Status", (f"{STATUS_SENTENCES[period.status]}; no score.",)))
    steps += [rollup_step(level, kpi.id) for level in explanation.rollup]
    return steps


def actual_step(kpi: Kpi, period: KpiPeriod) -> Step:
    if period.status == Status.NOT_DUE:
        return Step("Actual", not_due_lines(kpi, period))
    if kpi.formula is not None:
        return Step("Actual", formula_actual_lines(kpi, period))
    if period.actual is None:
        return Step("Actual", (f"No actual for {period.label}.",))
    lines = []
    places = [f"{file}:{line}" for file, line in period.value_places]
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
    source = period.target_from
    if source.origin == TargetOrigin.DEFINITION:
        where = f"the definition ({kpi.place})"
    elif source.origin == TargetOrigin.SCHEDULE:
        where = f"the target schedule entry from {source.since.label} ({kpi.place})"
    else:
        where = f"the target column of {source.row}, which overrides the definition for this period"
    lines = [f"{_target(period.target)}, from {where}."]
    if source.relative:
        lines.append(f"Written {source.relative} of the baseline ({_baseline(kpi)}).")
    if source.annual is not None:
        lines.append(f"Phased evenly: the fiscal year's target {n(source.annual)} x {source.months}/12 "
                     f"= {n(period.target)}.")
    if kpi.stretch is not None:
        stretch = kpi.stretch * source.months / 12 if source.annual is not None else kpi.stretch
        lines.append(f"Stretch: {n(stretch)}.")
    return Step("Target", tuple(lines))


def _baseline(kpi: Kpi) -> str:
    baseline = kpi.baseline
    return f"the KPI's actual in {baseline.period.label}" if baseline.period else n(baseline.value)


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
    lines.append(f"The actual {n(a)} is {STATUS_SENTENCES[period.status].lower()} "
                 "(a value on a band edge counts in the better band).")
    return Step("Band", tuple(lines))


def score_step(kpi: Kpi, period: KpiPeriod) -> Step:
    """The score formula of the band evaluation chose, with the numbers it used."""
    a, target, t, score, band = period.actual, period.target, period.tolerance, period.score, period.band
    shown = f"{score:.2f}"
    if band == Band.INSIDE_RANGE:
        return Step("Score", (f"Inside the range: 20/3 = {shown}.",))
    if band == Band.OUTSIDE_RANGE_NO_TOLERANCE:
        return Step("Score", (f"Outside the range with no tolerance: {shown}.",))
    if band in (Band.OUTSIDE_RANGE_WITHIN_TOLERANCE, Band.OUTSIDE_RANGE_BEYOND_TOLERANCE):
        low, high = target
        bound = low if a < low else high
        return Step("Score", (f"distance to the range = |{n(a)} - {n(bound)}| = {n(abs(a - bound))}",
                              f"score = 20/3 - distance / {n(t)} x 10/3, kept within 0..10 = {shown}"))
    if band == Band.AT_OR_BEYOND_STRETCH:
        return Step("Score", (f"At or beyond the stretch {n(kpi.stretch)}: {shown}.",))
    sign = 1 if kpi.better == "higher" else -1
    met = band in (Band.BETWEEN_TARGET_AND_STRETCH, Band.MET, Band.MET_NO_TOLERANCE)
    on_target = ["The actual is within 1e-9 of the target, so it counts as on the target."] \
        if met and sign * (a - target) < 0 else []
    if band == Band.BETWEEN_TARGET_AND_STRETCH:
        return Step("Score", (*on_target, f"Between target and stretch: 20/3 + ({n(a)} - {n(target)}) / "
                              f"({n(kpi.stretch)} - {n(target)}) x 10/3 = {shown}"))
    if band == Band.MET_NO_TOLERANCE:
        return Step("Score", (*on_target, f"No tolerance: 20/3 when met = {shown}."))
    if band == Band.MISSED_NO_TOLERANCE:
        return Step("Score", (f"No tolerance: 0 when missed = {shown}.",))
    d = sign * (a - target) / t
    formula = f"({n(a)} - {n(target)}) / {n(t)}" if sign > 0 else f"({n(target)} - {n(a)}) / {n(t)}"
    raw = GREEN_FROM + d * AMBER_FROM
    lines = [*on_target, f"d = {formula} = {n(d)}", f"score = 20/3 + d x 10/3 = {n(raw)}"]
    lines.append(f"kept within 0..10 (and its band): {shown}" if raw != score else f"published as {shown}")
    return Step("Score", tuple(lines))


_ROLLUP_WORDS = {
    "objective": ("Objective", "Weighted mean of its KPIs' scores:"),
    "perspective": ("Perspective", "Weighted mean of its objectives' scores:"),
    "scorecard": ("Scorecard", "Plain mean of its perspectives' scores (each counts once):"),
}


def rollup_step(level: Rollup, kpi_id: str) -> Step:
    name, sentence = _ROLLUP_WORDS[level.level]
    if level.level == "scorecard" and any(part.weight is not None for part in level.parts):
        sentence = "Weighted mean of its perspectives' scores (perspective weights):"
    lines = [sentence]
    for part in level.parts:
        marker = " (this KPI)" if level.level == "objective" and part.id == kpi_id else ""
        if part.score is None:
            shown = "no score, left out"
        elif part.weight is None:
            shown = f"{part.score:.2f}"
        else:
            shown = f"{part.score:.2f} x weight {n(part.weight)}"
        lines.append(f"  {part.title}{marker}: {shown}")
    score = "no score (no data)" if level.score is None else f"{level.score:.2f}, {level.status}"
    lines.append(f"= {score}")
    return Step(f"{name}: {level.title}", tuple(lines))


def _target(target) -> str:
    if isinstance(target, tuple):
        return f"the range {n(target[0])} to {n(target[1])}"
    return n(target)
