"""Evaluating a whole project: every KPI, objective, perspective, scorecard and arrow.

Pure: takes the loaded project and the as-of setting, returns results.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..errors import InputError
from ..model import Kpi, Project, Scorecard, is_relative, own_calendar
from ..periods import Calendar, Label, Period, last_day
from .evidence import lagged_pairs, scores_by_position, weigh_arrow
from .explain import explain
from .formulas import calculated_values
from .gaps import strategic_gaps
from .initiatives import InitiativeStatus, initiative_status
from .less_often import is_less_often, latest_and_next, own_periods
from .results import (
    BaselineValue,
    InitiativeResult,
    KpiPeriod,
    KpiResult,
    LinkResult,
    MeasureResult,
    ObjectiveResult,
    PerspectiveResult,
    ProjectResult,
    ScorecardResult,
    TargetOrigin,
    TargetSource,
)
from .rollup import weighted_mean
from .series import PeriodValue, period_values
from .status import Status, evaluate, status_from_score
from .targets import baseline_of, evaluation_problems, phased, resolved
from .trend import kpi_trend, score_trend


@dataclass(frozen=True)
class AsOf:
    """A scorecard's as-of setting resolved in its calendar, once."""

    period: Period    # the reporting period evaluated and published
    last_month: int   # the last month of data taken into account (earlier than period.last for `as_of: 2026-08`)


def resolve_as_of(calendar: Calendar, as_of: Label | None, latest_month: int | None) -> AsOf | None:
    """The reporting period holding the label's last month, or (for latest) the one holding `latest_month`.

    Rows dated after `as_of` take no part: with `as_of: 2026-08`, a quarterly
    scorecard evaluates 2026-Q3 from July and August only (and marks it
    partial), although the period it reports is 2026-Q3. None for `latest`
    on a scorecard without any actual.
    """
    if as_of is not None:
        given = calendar.place(as_of)
        period = calendar.period_of(given.last)
        return AsOf(period, min(period.last, given.last))
    if latest_month is None:
        return None
    period = calendar.period_of(latest_month)
    return AsOf(period, period.last)


@dataclass(frozen=True)
class _Context:
    """What evaluating one scorecard needs from the rest of the project."""

    values: dict[tuple[str, str], list[PeriodValue]]
    commentary: dict[tuple[str, Period, str], str]
    commentary_by_owner: dict[tuple[str, str], list[tuple[Period, str]]]
    supported_by: dict[str, list[str]]
    children: dict[str, list[str]]


def evaluate_project(project: Project, as_of: Label | None = None) -> ProjectResult:
    """`as_of` None means latest: each scorecard's latest reporting period with an actual."""
    resolved, values = _as_of_and_values(project, as_of)
    context = _Context(
        values=values,
        commentary={(c.scorecard, c.period, c.objective): c.text for c in project.commentary},
        commentary_by_owner=_commentary_by_owner(project),
        supported_by=_supported_by(project),
        children=_children(project),
    )
    results = tuple(evaluate_scorecard(scorecard, resolved[scorecard.id], context)
                    for scorecard in project.scorecards)
    problems = evaluation_problems(results)
    if problems:
        raise InputError(problems, project.actuals.rows)
    actuals = project.actuals
    return ProjectResult(results, project.inputs, actuals.rows, actuals.placement())


def _as_of_and_values(project: Project, as_of: Label | None
                      ) -> tuple[dict[str, AsOf | None], dict[tuple[str, str], list[PeriodValue]]]:
    """Each scorecard's as-of, and every KPI's and measure's values per period up to it.

    For `latest` (FORMAT section 5: the latest reporting period in which any
    of its KPIs has an actual), a KPI read from CSV has an actual in the
    period holding the last month its rows cover: a `2026-Q3` row of a
    quarterly KPI on a monthly scorecard is 2026-09, a `FY2026` row of a
    yearly KPI is FY2026's last quarter. Rows with only a target, and rows of
    measures, do not count: a measure counts only through the calculated KPIs
    made of it, whose actuals are known once their formulas are evaluated.
    So a scorecard with calculated KPIs is first evaluated up to the latest
    month of its inputs, and again up to an earlier period only when no KPI
    has an actual in that latest one (a count arrived, the other input of
    the rate did not). The as-of is never later than the data: a yearly KPI
    with monthly rows part of the way into its year lands in the period of
    its latest month, where it is not due yet.
    """
    if as_of is not None:
        resolved = {s.id: resolve_as_of(s.calendar, as_of, None) for s in project.scorecards}
        return resolved, _values_up_to(project, resolved)
    latest = _latest_months(project)
    tried = {s.id: resolve_as_of(s.calendar, None, latest[s.id][1]) for s in project.scorecards}
    values = _values_up_to(project, tried)
    resolved = {}
    for scorecard in project.scorecards:
        with_actual, candidate = latest[scorecard.id]
        if candidate is not None and with_actual != candidate:
            calculated = [value.period.last for kpi in scorecard.kpis() if kpi.formula is not None
                          for value in values.get((scorecard.id, kpi.id), ()) if value.actual is not None]
            with_actual = max([min(month, candidate) for month in calculated]
                              + ([with_actual] if with_actual is not None else []), default=None)
        resolved[scorecard.id] = resolve_as_of(scorecard.calendar, None, with_actual)
    if resolved != tried:
        values = _values_up_to(project, resolved)
    return resolved, values


def _values_up_to(project: Project, resolved: dict[str, AsOf | None]) -> dict[tuple[str, str], list[PeriodValue]]:
    values = all_period_values(project, {sid: a.last_month for sid, a in resolved.items() if a})
    values.update(calculated_values(project, values, {sid: a.period for sid, a in resolved.items() if a}))
    return values


def _commentary_by_owner(project: Project) -> dict[tuple[str, str], list[tuple[Period, str]]]:
    found: dict[tuple[str, str], list[tuple[Period, str]]] = {}
    for note in project.commentary:
        found.setdefault((note.scorecard, note.objective), []).append((note.period, note.text))
    return found


def _supported_by(project: Project) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for scorecard in project.scorecards:
        for objective in scorecard.objectives:
            for reference in objective.supports:
                found.setdefault(reference, []).append(f"{scorecard.id}/{objective.id}")
    return found


def _children(project: Project) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for scorecard in project.scorecards:
        if scorecard.parent:
            found.setdefault(scorecard.parent, []).append(scorecard.id)
    return found


def _latest_months(project: Project) -> dict[str, tuple[int | None, int | None]]:
    """Per scorecard: the latest month covered by a row with an actual of one of its KPIs read from CSV,
    and the latest month worth evaluating for `latest` (that, or a later month of an input of its
    calculated KPIs, measures and other scorecards' series included); None where there is none."""
    table = project.actuals.table
    with_actual = table[table["actual"].notna()]
    covered = with_actual.groupby(["scorecard", "kpi"], observed=True)["last"].max()
    last = {(str(s), str(k)): int(month) for (s, k), month in covered.items()}
    found = {}
    for scorecard in project.scorecards:
        read = [last[key] for kpi in scorecard.kpis() if kpi.formula is None
                if (key := (scorecard.id, kpi.id)) in last]
        inputs = [last[key] for key in _formula_inputs(project, scorecard) if key in last]
        found[scorecard.id] = (max(read, default=None), max(read + inputs, default=None))
    return found


def _formula_inputs(project: Project, scorecard: Scorecard) -> set[tuple[str, str]]:
    """The series read from CSV that the scorecard's calculated KPIs are made of, through other
    calculated KPIs too."""
    by_id = {s.id: s for s in project.scorecards}
    formulas = {(s.id, k.id): k.formula for s in project.scorecards for k in s.kpis() if k.formula is not None}
    waiting = [(scorecard.id, kpi.id) for kpi in scorecard.kpis() if kpi.formula is not None]
    seen: set[tuple[str, str]] = set()
    read: set[tuple[str, str]] = set()
    while waiting:
        key = waiting.pop()
        if key in seen:
            continue
        seen.add(key)
        if key not in formulas:
            read.add(key)
            continue
        for reference in formulas[key].references:
            owner = reference.scorecard or key[0]
            if owner in by_id:
                waiting.append((owner, reference.id))
    return read


def all_period_values(project: Project, last_month: dict[str, int]) -> dict[tuple[str, str], list[PeriodValue]]:
    """Every KPI's combined values per period, for the whole project in one pass."""
    aggregate = {(s.id, k.id): k.aggregate for s in project.scorecards for k in s.series()}
    in_range = {(s.id, k.id) for s in project.scorecards for k in s.kpis() if k.better == "in-range"}
    return period_values(project.actuals.table, last_month, project.actuals.periods, aggregate, in_range)


def evaluate_scorecard(scorecard: Scorecard, as_of: AsOf | None, context: _Context) -> ScorecardResult:
    current = as_of.period if as_of else None
    periods: list[Period] = []
    if current is not None:
        starts = [found[0].period.first for kpi in scorecard.kpis()
                  if (found := context.values.get((scorecard.id, kpi.id)))]
        periods = scorecard.calendar.periods_between(min(starts + [current.first]), current.last)
    driven_by: dict[str, list[str]] = {}
    for objective in scorecard.objectives:
        for effect in objective.drives:
            driven_by.setdefault(effect, []).append(objective.id)
    today = last_day(current.last) if current else None
    objective_results = {}
    for objective in scorecard.objectives:
        kpi_results = [evaluate_kpi(kpi, scorecard, context.values.get((scorecard.id, kpi.id), []), periods)
                       for kpi in objective.kpis]
        history = {period: weighted_mean((k.by_period[index].score, k.kpi.weight) for k in kpi_results)
                   for index, period in enumerate(periods)}
        score = history[periods[-1]] if periods else None
        previous = history[periods[-2]] if len(periods) > 1 else None
        objective_results[objective.id] = ObjectiveResult(
            objective=objective,
            score=score,
            status=status_from_score(score),
            trend=score_trend(previous, score),
            kpis=tuple(k.result for k in kpi_results),
            initiatives=tuple(InitiativeResult(i, *initiative_status(i, today)) if today else
                              InitiativeResult(i, InitiativeStatus.ON_TRACK, None) for i in objective.initiatives),
            history=history,
            previous_score=previous,
            commentary=context.commentary.get((scorecard.id, current, objective.id), ""),
            earlier_commentary=_earlier(context.commentary_by_owner.get((scorecard.id, objective.id), ()), current),
            driven_by=tuple(driven_by.get(objective.id, ())),
            supported_by=tuple(sorted(context.supported_by.get(f"{scorecard.id}/{objective.id}", ()))),
        )
    perspectives = []
    for perspective in scorecard.perspectives:
        members = tuple(objective_results[o.id] for o in scorecard.objectives if o.perspective == perspective.id)
        history = {period: weighted_mean((o.history[period], o.objective.weight) for o in members)
                   for period in periods}
        score = history[periods[-1]] if periods else None
        perspectives.append(PerspectiveResult(perspective, score, status_from_score(score), members, history,
                                              _previous(history, periods)))
    history = {period: weighted_mean((p.history[period], p.perspective.weight) for p in perspectives)
               for period in periods}
    score = history[periods[-1]] if periods else None
    result = ScorecardResult(
        scorecard=scorecard,
        as_of=current,
        today=today,
        score=score,
        status=status_from_score(score),
        perspectives=tuple(perspectives),
        links=tuple(_links(scorecard, objective_results, periods)),
        periods=tuple(periods),
        history=history,
        previous_score=_previous(history, periods),
        commentary=context.commentary.get((scorecard.id, current, ""), ""),
        earlier_commentary=_earlier(context.commentary_by_owner.get((scorecard.id, ""), ()), current),
        children=tuple(sorted(context.children.get(scorecard.id, ()))),
        measures=tuple(MeasureResult(m, tuple(v for v in context.values.get((scorecard.id, m.id), [])
                                              if v.actual is not None)) for m in scorecard.measures),
    )
    return _finished(result)


def _previous(history: dict[Period, float | None], periods: list[Period]) -> float | None:
    return history[periods[-2]] if len(periods) > 1 else None


def _finished(result: ScorecardResult) -> ScorecardResult:
    """The result with what is derived from the whole of it: the as-of explanations and the gaps."""
    explanations = {}
    if result.as_of is not None:
        explanations = {kpi_id: explain(result, kpi_id) for kpi_id in result.kpis_by_id}
    return dataclasses.replace(result, explanations=explanations, gaps=tuple(strategic_gaps(result)))


class _EvaluatedKpi:
    """A KPI evaluated in every reporting period, before it is reduced to a result."""

    def __init__(self, result: KpiResult, by_period: list[KpiPeriod]):
        self.result = result
        self.kpi = result.kpi
        self.by_period = by_period


def evaluate_kpi(kpi: Kpi, scorecard: Scorecard, values: list[PeriodValue], periods: list[Period]) -> _EvaluatedKpi:
    by_period_value = {value.period: value for value in values}
    calendar = own_calendar(kpi, scorecard.calendar)
    baseline = baseline_of(kpi, {p: v.actual for p, v in by_period_value.items()}, calendar)
    if is_less_often(kpi, scorecard.calendar):
        by_period = own_periods(kpi, scorecard.calendar, periods, lambda own: evaluate_period(
            kpi, scorecard, own, by_period_value.get(own), baseline))
    else:
        by_period = [evaluate_period(kpi, scorecard, period, by_period_value.get(period), baseline)
                     for period in periods]
    series = tuple(p for p in by_period if p.actual is not None)
    no_actual = tuple(p for p in by_period if p.actual is None and _inputs_had_data(p))
    current = by_period[-1] if by_period else evaluate_period(kpi, scorecard, None, None, baseline)
    latest, next_due = latest_and_next(by_period, scorecard.calendar, kpi)
    due = [p for p in by_period if p.status != Status.NOT_DUE]   # its own consecutive periods
    last, previous = (due[-1] if due else current), (due[-2] if len(due) > 1 else None)
    trend = kpi_trend(previous.actual if previous else None, last.actual, kpi.better, last.target)
    return _EvaluatedKpi(KpiResult(kpi, current, series, trend, previous,
                                    baseline=baseline, latest=latest, next_due=next_due, no_actual=no_actual),
                         by_period)


def _inputs_had_data(period: KpiPeriod) -> bool:
    """A calculated KPI's period without an actual (a missing input, a division by zero) where one of its
    inputs has a value of that very period: published with the reason, so a gap in the rate shows."""
    return period.missing is not None and any(value.label == period.label for value in period.inputs)


def evaluate_period(kpi: Kpi, scorecard: Scorecard, period: Period | None, value: PeriodValue | None,
                    baseline: BaselineValue | None = None) -> KpiPeriod:
    target, target_from = None, None
    if value is not None and value.csv_target is not None:
        target, target_from = value.csv_target, TargetSource(TargetOrigin.CSV, row=value.target_place)
    elif period is not None:
        rule, target_from = target_in_force(kpi, scorecard, period)
        target = resolved(rule, baseline)
        if target is None:
            target_from = None
        elif is_relative(rule):
            target_from = dataclasses.replace(target_from, relative=_relative_text(rule))
    stretch = kpi.stretch
    if kpi.phasing and period is not None and target_from is not None and target_from.origin != TargetOrigin.CSV:
        target, stretch, target_from = phased(target, stretch, target_from, scorecard.calendar, period)
    actual = value.actual if value else None
    result = evaluate(actual, target, kpi.better, kpi.tolerance.amount, kpi.tolerance.percent, stretch)
    return KpiPeriod(
        period=period,
        actual=actual,
        target=target,
        target_from=target_from,
        tolerance=result.tolerance,
        band=result.band,
        status=result.status,
        score=result.score,
        partial=bool(value and value.partial),
        months=value.months_with_data if value else (),
        values=value.values if value else (),
        value_places=value.value_places if value else (),
        rows=value.rows if value else (),
        notes=value.notes if value else (),
        inputs=value.inputs if value else (),
        missing=value.missing if value else None,
    )


def _relative_text(rule) -> str:
    return ", ".join(str(part) for part in rule) if isinstance(rule, tuple) else str(rule)


def target_in_force(kpi: Kpi, scorecard: Scorecard, period: Period):
    """The definition's target for a period, and where it came from (None, None when there is none).

    A schedule entry is in force from the reporting period holding its first month on.
    """
    if kpi.schedule:
        chosen = None
        calendar = own_calendar(kpi, scorecard.calendar)
        for entry in kpi.schedule:
            if calendar.period_of(entry.period.first).first <= period.first:
                chosen = entry
        if chosen is None or chosen.value is None:   # a null entry ends the target (FORMAT section 11)
            return None, None
        return chosen.value, TargetSource(TargetOrigin.SCHEDULE, since=chosen.period)
    if kpi.target is not None:
        return kpi.target, TargetSource(TargetOrigin.DEFINITION)
    return None, None


def _earlier(owned, current: Period | None) -> tuple[tuple[Period, str], ...]:
    """One scorecard's or objective's commentary of periods before the as-of period, newest first;
    later ones wait for their period."""
    if current is None:
        return ()
    found = [(period, text) for period, text in owned if period.last < current.first]
    return tuple(sorted(found, key=lambda item: item[0].first, reverse=True))


def _links(scorecard: Scorecard, objectives: dict[str, ObjectiveResult], periods: list[Period]) -> list[LinkResult]:
    links = []
    for objective in scorecard.objectives:
        cause_scores = scores_by_position(objectives[objective.id].history, periods)
        for effect_id in objective.drives:
            effect_scores = scores_by_position(objectives[effect_id].history, periods)
            evidence = weigh_arrow(cause_scores, effect_scores)
            pairs = () if evidence.lag is None else lagged_pairs(cause_scores, effect_scores, periods, evidence.lag)
            links.append(LinkResult(objective.id, effect_id, evidence, pairs))
    return links
