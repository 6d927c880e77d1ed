"""Evaluating a whole project: every KPI, objective, perspective, scorecard and arrow.

Pure: takes the loaded project and the as-of setting, returns results.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..model import Kpi, Project, Scorecard, own_calendar
from ..periods import Calendar, Label, Period, last_day
from .evidence import lagged_pairs, scores_by_position, weigh_arrow
from .explain import explain_all
from .formulas import calculated_values
from .gaps import strategic_gaps
from .initiatives import InitiativeStatus, initiative_status
from .less_often import is_less_often, next_due, not_due, own_periods
from .results import (
    NO_ROWS,
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
)
from .rollup import weighted_means
from .series import PeriodValue, Series, period_values
from .status import BANDS, STATUSES, Band, Evaluations, Status, evaluate_columns, status_from_score
from .targets import Targets, baseline_of, missing_baselines, rules_in_force, targets_in_force
from .trend import Trend, kpi_trend, score_trend


@dataclass(frozen=True)
class AsOf:
    """A scorecard's as-of setting resolved in its calendar, once."""

    period: Period    # the reporting period evaluated and published
    last_month: int   # the last month of data taken into account (earlier than period.last for `as_of: 2026-08`)


def resolve_as_of(calendar: Calendar, as_of: Label | None, latest_month: int | None) -> AsOf | None:
    """The reporting period holding the label's last month, or (for latest) the latest with an actual.

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
    children: dict[str, list[str]]


def evaluate_project(project: Project, as_of: Label | None = None) -> ProjectResult:
    """`as_of` None means latest: each scorecard's latest reporting period with an actual."""
    latest = latest_months(project.actuals.table)
    resolved = {s.id: resolve_as_of(s.calendar, as_of, latest.get(s.id)) for s in project.scorecards}
    values = all_period_values(project, {sid: a.last_month for sid, a in resolved.items() if a})
    values.update(calculated_values(project, values, {sid: a.period for sid, a in resolved.items() if a}))
    context = _Context(
        values=values,
        commentary={(c.scorecard, c.period, c.objective): c.text for c in project.commentary},
        commentary_by_owner=_commentary_by_owner(project),
        supported_by=_supported_by(project),
        children=_children(project),
    )
    results = tuple(evaluate_scorecard(scorecard, resolved[scorecard.id], context)
                    for scorecard in project.scorecards)
    problems = missing_baselines(results)
    if problems:
        raise InputError(problems, project.actuals.rows)
    actuals = project.actuals
    return ProjectResult(results, project.inputs, actuals.rows, actuals.placement())


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


def latest_months(table) -> dict[str, int]:
    """Each scorecard's latest month with an actual."""
    with_actual = table[table["actual"].notna()]
    latest = with_actual.groupby("scorecard", observed=True)["first"].max()
    return {str(k): int(v) for k, v in latest.items()}


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
    driven_by: dict[str, list[str]] = {}
    for objective in scorecard.objectives:
        for effect in objective.drives:
            driven_by.setdefault(effect, []).append(objective.id)
    today = last_day(current.last) if current else None
    objective_results = {}
    objective_scores = {}
    for objective in scorecard.objectives:
        kpi_results = [evaluate_kpi(kpi, scorecard, context.values.get((scorecard.id, kpi.id)), periods)
                       for kpi in objective.kpis]
        scores = weighted_means([k.scores for k in kpi_results], [k.kpi.weight for k in kpi_results], len(periods))
        objective_scores[objective.id] = scores
        history = _history(periods, scores)
        score = history[periods[-1]] if periods else None
        previous = _previous(history, periods)
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
    perspective_scores = []
    for perspective in scorecard.perspectives:
        members = [o for o in scorecard.objectives if o.perspective == perspective.id]
        scores = weighted_means([objective_scores[o.id] for o in members], [o.weight for o in members], len(periods))
        perspective_scores.append(scores)
        history = _history(periods, scores)
        score = history[periods[-1]] if periods else None
        perspectives.append(PerspectiveResult(perspective, score, status_from_score(score),
                                              tuple(objective_results[o.id] for o in members), history,
                                              _previous(history, periods)))
    history = _history(periods, weighted_means(perspective_scores, [p.weight for p in scorecard.perspectives],
                                               len(periods)))
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
        measures=tuple(MeasureResult(m, _with_values(context.values.get((scorecard.id, m.id))))
                       for m in scorecard.measures),
    )
    return _finished(result)


def _history(periods: list[Period], scores: np.ndarray) -> dict[Period, float | None]:
    return dict(zip(periods, _optional(scores)))


def _optional(numbers: np.ndarray) -> list[float | None]:
    """Numbers as Python floats, None where NaN."""
    return [None if value != value else value for value in numbers.tolist()]


def _with_values(values: Series | None) -> tuple[PeriodValue, ...]:
    if values is None:
        return ()
    return tuple(values.value_at(i) for i in np.flatnonzero(~np.isnan(values.actual)).tolist())


def _previous(history: dict[Period, float | None], periods: list[Period]) -> float | None:
    return history[periods[-2]] if len(periods) > 1 else None


def _finished(result: ScorecardResult) -> ScorecardResult:
    """The result with what is derived from the whole of it: the as-of explanations and the gaps."""
    explanations = explain_all(result) if result.as_of is not None else {}
    return dataclasses.replace(result, explanations=explanations, gaps=tuple(strategic_gaps(result)))


@dataclass(frozen=True, eq=False)
class _EvaluatedKpi:
    """A KPI evaluated in every reporting period: its result, and its score in each (NaN: none)."""

    result: KpiResult
    scores: np.ndarray

    @property
    def kpi(self) -> Kpi:
        return self.result.kpi


def evaluate_kpi(kpi: Kpi, scorecard: Scorecard, values: Series | None, periods: list[Period]) -> _EvaluatedKpi:
    """The KPI in each reporting period, all periods at once; the periods it had data in become `KpiPeriod`s."""
    calendar = scorecard.calendar
    baseline = baseline_of(kpi, values, own_calendar(kpi, calendar))
    if is_less_often(kpi, calendar):
        evaluated, column_of = own_periods(kpi, calendar, periods)
    else:
        evaluated, column_of = periods, np.arange(len(periods))
    if not periods:
        empty = KpiPeriod(None, None, None, None, None, Band.NONE, Status.NO_DATA, None, False)
        return _EvaluatedKpi(KpiResult(kpi, empty, (), Trend.NA, None, baseline=baseline), np.full(0, np.nan))
    columns = _KpiColumns.of(kpi, calendar, evaluated, values, baseline)
    series = columns.periods(np.flatnonzero(~np.isnan(columns.actual)).tolist())
    last = int(column_of[-1])
    current = columns.period(last) if last >= 0 else not_due(
        periods[-1], next_due(kpi, calendar, periods[-1]), own_calendar(kpi, calendar).frequency)
    latest, due = None, None
    if last < 0:   # not due: the latest period evaluated with an actual, and when it is next due
        latest, due = (series[-1] if series else None), next_due(kpi, calendar, periods[-1])
    # The trend compares the KPI's own consecutive periods.
    final = columns.period(len(evaluated) - 1) if evaluated else current
    previous = columns.period(len(evaluated) - 2) if len(evaluated) > 1 else None
    trend = kpi_trend(previous.actual if previous else None, final.actual, kpi.better, final.target)
    scores = np.full(len(periods), np.nan)
    scores[column_of >= 0] = columns.evaluated.score[column_of[column_of >= 0]]
    return _EvaluatedKpi(KpiResult(kpi, current, series, trend, previous, baseline=baseline, latest=latest,
                                   next_due=due), scores)


class _KpiColumns:
    """One KPI evaluated in a list of periods, as columns; each period becomes a `KpiPeriod` once asked for."""

    def __init__(self, kpi: Kpi, periods: list[Period], values: Series | None, positions: np.ndarray,
                 actual: np.ndarray, targets: Targets, evaluated: Evaluations):
        self.kpi, self.values, self.positions = kpi, values, positions
        self.evaluated_periods = periods
        self.actual, self.targets, self.evaluated = actual, targets, evaluated
        self._made: dict[int, KpiPeriod] = {}

    @classmethod
    def of(cls, kpi: Kpi, calendar: Calendar, periods: list[Period], values: Series | None,
           baseline: BaselineValue | None) -> _KpiColumns:
        positions = values.positions(periods) if values is not None else np.full(len(periods), -1)
        actual = np.where(positions >= 0, values.actual[positions], np.nan) if values is not None else \
            np.full(len(periods), np.nan)
        targets = targets_in_force(kpi, calendar, periods, values, positions, baseline)
        evaluated = evaluate_columns(actual, targets.low, targets.high, kpi.better, kpi.tolerance.amount,
                                     kpi.tolerance.percent, targets.stretch)
        return cls(kpi, periods, values, positions, actual, targets, evaluated)

    def period(self, i: int) -> KpiPeriod:
        return self.periods([i])[0]

    def periods(self, wanted: list[int]) -> tuple[KpiPeriod, ...]:
        """The periods at positions `wanted`, each made once (so the same period is the same object)."""
        missing = [i for i in wanted if i not in self._made]
        if missing:
            self._make(missing)
        return tuple(self._made[i] for i in wanted)

    def _make(self, wanted: list[int]) -> None:
        found = self.evaluated
        positions, actual = self.positions.tolist(), _optional(self.actual)
        status, band = found.status.tolist(), found.band.tolist()
        score, tolerance = _optional(found.score), _optional(found.tolerance)
        partial = self.values.partial[self.positions].tolist() if self.values is not None else []
        for i in wanted:
            target, source = self.targets.at(i)
            position = positions[i]
            self._made[i] = KpiPeriod.read(
                self.evaluated_periods[i], actual[i], target, source, tolerance[i], BANDS[band[i]],
                STATUSES[status[i]], score[i], position >= 0 and partial[i],
                self.values if position >= 0 else NO_ROWS, max(position, 0))


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
