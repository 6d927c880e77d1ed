"""Evaluating a whole project: every KPI, objective, perspective, scorecard and arrow.

Pure: takes the loaded project and the as-of setting, returns results.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial

import numpy as np

from ..errors import InputError
from ..model import Kpi, Objective, Project, Scorecard
from ..periods import Calendar, Label, Period, last_day
from .evidence import decimal_scores, lagged_pairs, scores_by_position, weigh_arrows
from .explain import AsOfExplanations
from .formulas import calculated_values
from .gaps import strategic_gaps
from .initiatives import InitiativeStatus, initiative_status
from .kpis import evaluate_kpis
from .results import (
    InitiativeResult,
    KpiResult,
    LazyTuple,
    LinkResult,
    MeasureResult,
    ObjectiveResult,
    PerspectiveResult,
    ProjectResult,
    ScorecardResult,
)
from .rollup import weighted_means
from .series import PeriodValue, Series, period_values
from .status import status_from_score
from .targets import evaluation_problems, rules_in_force
from .trend import score_trend


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

    values: dict[tuple[str, str], Series]
    commentary: dict[tuple[str, Period, str], str]
    commentary_by_owner: dict[tuple[str, str], list[tuple[Period, str]]]
    supported_by: dict[str, list[str]]
    driven_by: dict[tuple[str, str], list[str]]   # (scorecard, effect objective) -> its causes
    children: dict[str, list[str]]


def evaluate_project(project: Project, as_of: Label | None = None) -> ProjectResult:
    """`as_of` None means latest: each scorecard's latest reporting period with an actual."""
    resolved, values = _as_of_and_values(project, as_of)
    context = _Context(
        values=values,
        commentary={(c.scorecard, c.period, c.objective): c.text for c in project.commentary},
        commentary_by_owner=_commentary_by_owner(project),
        supported_by=_supported_by(project),
        driven_by=_driven_by(project),
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
                      ) -> tuple[dict[str, AsOf | None], dict[tuple[str, str], Series]]:
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
            calculated = [min(month, candidate) for kpi in scorecard.kpis() if kpi.formula is not None
                          if (month := _last_with_actual(values.get((scorecard.id, kpi.id)))) is not None]
            with_actual = max(calculated + ([with_actual] if with_actual is not None else []), default=None)
        resolved[scorecard.id] = resolve_as_of(scorecard.calendar, None, with_actual)
    if resolved != tried:
        values = _values_up_to(project, resolved)
    return resolved, values


def _values_up_to(project: Project, resolved: dict[str, AsOf | None]) -> dict[tuple[str, str], Series]:
    values = all_period_values(project, {sid: a.last_month for sid, a in resolved.items() if a})
    values.update(calculated_values(project, values, {sid: a.period for sid, a in resolved.items() if a}))
    return values


def _last_with_actual(series: Series | None) -> int | None:
    """The last month of a series' latest period with an actual (its periods are oldest first)."""
    if not series:
        return None
    found = np.flatnonzero(~np.isnan(series.actual))
    return series.periods[int(found[-1])].last if len(found) else None


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


def _driven_by(project: Project) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for scorecard in project.scorecards:
        for objective in scorecard.objectives:
            for effect in objective.drives:
                found.setdefault((scorecard.id, effect), []).append(objective.id)
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
    # the project's formulas gathered once, not once per scorecard
    formulas = {(s.id, k.id): k.formula for s in project.scorecards for k in s.kpis() if k.formula is not None}
    scorecards = {s.id for s in project.scorecards}
    found = {}
    for scorecard in project.scorecards:
        read, inputs = [], set()
        for kpi in scorecard.kpis():
            if kpi.formula is not None:
                inputs |= _formula_inputs((scorecard.id, kpi.id), formulas, scorecards)
            elif (key := (scorecard.id, kpi.id)) in last:
                read.append(last[key])
        through = [last[key] for key in inputs if key in last]
        found[scorecard.id] = (max(read, default=None), max(read + through, default=None))
    return found


def _formula_inputs(start: tuple[str, str], formulas: dict, scorecards: set[str]) -> set[tuple[str, str]]:
    """The series read from CSV that the calculated KPI `start` is made of, through other calculated
    KPIs too; `formulas` holds every calculated KPI's formula by (scorecard, id)."""
    waiting = [start]
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
            if owner in scorecards:
                waiting.append((owner, reference.id))
    return read


def all_period_values(project: Project, last_month: dict[str, int]) -> dict[tuple[str, str], Series]:
    """Every KPI's combined values per period, for the whole project in one pass."""
    aggregate = {(s.id, k.id): k.aggregate for s in project.scorecards for k in s.series()}
    in_range = {(s.id, k.id) for s in project.scorecards for k in s.kpis() if k.better == "in-range"}
    return period_values(project.actuals.table, last_month, project.actuals.periods, aggregate, in_range)


def evaluate_scorecard(scorecard: Scorecard, as_of: AsOf | None, context: _Context) -> ScorecardResult:
    current = as_of.period if as_of else None
    periods: list[Period] = []
    if current is not None:
        starts = [found.periods[0].first for kpi in scorecard.kpis()
                  if (found := context.values.get((scorecard.id, kpi.id)))]
        periods = scorecard.calendar.periods_between(min(starts + [current.first]), current.last)
    kpis = evaluate_kpis(scorecard, list(scorecard.kpis()), context.values, periods)
    rows = _rows_of_children([objective.kpis for objective in scorecard.objectives])
    objective_scores = weighted_means(_stacked([k.scores for k in kpis], len(periods)), [k.kpi.weight for k in kpis],
                                      rows)
    objective_results = {
        objective.id: _objective_result(objective, scorecard, current, periods, scores,
                                        tuple(kpis[row].result for row in members), context)
        for objective, scores, members in zip(scorecard.objectives, objective_scores, rows)}
    perspectives, perspective_scores = _perspectives(scorecard, periods, objective_scores, objective_results)
    history = _history(periods, weighted_means(perspective_scores, [p.weight for p in scorecard.perspectives],
                                               [list(range(len(perspectives)))])[0])
    score = history[periods[-1]] if periods else None
    result = ScorecardResult(
        scorecard=scorecard,
        as_of=current,
        today=last_day(current.last) if current else None,
        score=score,
        status=status_from_score(score),
        perspectives=tuple(perspectives),
        links=tuple(_links(scorecard, objective_results, periods,
                           {o.id: scores for o, scores in zip(scorecard.objectives, objective_scores)})),
        periods=tuple(periods),
        history=history,
        previous_score=_previous(history, periods),
        commentary=context.commentary.get((scorecard.id, current, ""), ""),
        earlier_commentary=_earlier(context.commentary_by_owner.get((scorecard.id, ""), ()), current),
        children=tuple(sorted(context.children.get(scorecard.id, ()))),
        measures=tuple(MeasureResult(m, _with_values(context.values.get((scorecard.id, m.id))))
                       for m in scorecard.measures),
    )
    return _finished(result)


def _perspectives(scorecard: Scorecard, periods: list[Period], objective_scores: np.ndarray,
                  objectives: dict[str, ObjectiveResult]) -> tuple[list[PerspectiveResult], np.ndarray]:
    """Each perspective's result, and its score per period (a row each), from its objectives'."""
    members = [[row for row, objective in enumerate(scorecard.objectives) if objective.perspective == perspective.id]
               for perspective in scorecard.perspectives]
    scores = weighted_means(objective_scores, [o.weight for o in scorecard.objectives], members)
    found = []
    for perspective, perspective_scores, rows in zip(scorecard.perspectives, scores, members):
        history = _history(periods, perspective_scores)
        score = history[periods[-1]] if periods else None
        found.append(PerspectiveResult(perspective, score, status_from_score(score),
                                       tuple(objectives[scorecard.objectives[row].id] for row in rows), history,
                                       _previous(history, periods)))
    return found, scores


def _rows_of_children(children: list[tuple]) -> list[list[int]]:
    """Each parent's children as rows of one table of all children, laid out parent after parent."""
    rows, start = [], 0
    for owned in children:
        rows.append(list(range(start, start + len(owned))))
        start += len(owned)
    return rows


def _stacked(rows: list[np.ndarray], length: int) -> np.ndarray:
    return np.vstack(rows) if rows else np.full((0, length), np.nan)


def _objective_result(objective: Objective, scorecard: Scorecard, current: Period | None, periods: list[Period],
                      scores: np.ndarray, kpis: tuple[KpiResult, ...], context: _Context) -> ObjectiveResult:
    history = _history(periods, scores)
    score = history[periods[-1]] if periods else None
    previous = _previous(history, periods)
    today = last_day(current.last) if current else None
    return ObjectiveResult(
        objective=objective,
        score=score,
        status=status_from_score(score),
        trend=score_trend(previous, score),
        kpis=kpis,
        initiatives=tuple(InitiativeResult(i, *initiative_status(i, today)) if today else
                          InitiativeResult(i, InitiativeStatus.ON_TRACK, None) for i in objective.initiatives),
        history=history,
        previous_score=previous,
        commentary=context.commentary.get((scorecard.id, current, objective.id), ""),
        earlier_commentary=_earlier(context.commentary_by_owner.get((scorecard.id, objective.id), ()), current),
        driven_by=tuple(context.driven_by.get((scorecard.id, objective.id), ())),
        supported_by=tuple(sorted(context.supported_by.get(f"{scorecard.id}/{objective.id}", ()))),
    )


def _history(periods: list[Period], scores: np.ndarray) -> dict[Period, float | None]:
    return dict(zip(periods, _optional(scores)))


def _optional(numbers: np.ndarray) -> list[float | None]:
    """Numbers as Python floats, None where NaN."""
    return [None if value != value else value for value in numbers.tolist()]


def _with_values(values: Series | None) -> LazyTuple:
    """A measure's periods with a value, made on first use."""
    if values is None:
        return LazyTuple(tuple)
    return LazyTuple(partial(_values_at, values, np.flatnonzero(~np.isnan(values.actual)).tolist()))


def _values_at(values: Series, positions: list[int]) -> tuple[PeriodValue, ...]:
    return tuple(values.value_at(position) for position in positions)


def _previous(history: dict[Period, float | None], periods: list[Period]) -> float | None:
    return history[periods[-2]] if len(periods) > 1 else None


def _finished(result: ScorecardResult) -> ScorecardResult:
    """The result with what is derived from the whole of it: the as-of explanations and the gaps."""
    explanations = AsOfExplanations(result) if result.as_of is not None else {}
    return dataclasses.replace(result, explanations=explanations, gaps=tuple(strategic_gaps(result)))


def target_in_force(kpi: Kpi, scorecard: Scorecard, period: Period):
    """The definition's target for a period, and where it came from (None, None when there is none).

    A schedule entry is in force from the reporting period holding its first month on.
    """
    rules, chosen = rules_in_force(kpi, scorecard.calendar, [period])
    return rules[chosen[0]] if chosen[0] >= 0 else (None, None)


def _earlier(owned, current: Period | None) -> tuple[tuple[Period, str], ...]:
    """One scorecard's or objective's commentary of periods before the as-of period, newest first;
    later ones wait for their period."""
    if current is None:
        return ()
    found = [(period, text) for period, text in owned if period.last < current.first]
    return tuple(sorted(found, key=lambda item: item[0].first, reverse=True))


def _links(scorecard: Scorecard, objectives: dict[str, ObjectiveResult], periods: list[Period],
           scores: dict[str, np.ndarray]) -> list[LinkResult]:
    """Every `drives` arrow weighed (FORMAT section 7), all at once, on the objectives' scores per
    period (NaN: none)."""
    arrows = [(objective.id, effect) for objective in scorecard.objectives for effect in objective.drives]
    if not arrows:
        return []
    decimal = {objective_id: decimal_scores(scores[objective_id]) for objective_id in
               dict.fromkeys(objective_id for arrow in arrows for objective_id in arrow)}
    found = weigh_arrows(np.array([decimal[cause] for cause, _ in arrows]).reshape(len(arrows), len(periods)),
                         np.array([decimal[effect] for _, effect in arrows]).reshape(len(arrows), len(periods)))
    return [LinkResult(cause, effect, evidence, () if evidence.lag is None else LazyTuple(partial(
                _pairs, objectives[cause], objectives[effect], periods, evidence.lag)))
            for (cause, effect), evidence in zip(arrows, found)]


def _pairs(cause: ObjectiveResult, effect: ObjectiveResult, periods: list[Period], lag: int):
    return lagged_pairs(scores_by_position(cause.history, periods), scores_by_position(effect.history, periods),
                        periods, lag)
