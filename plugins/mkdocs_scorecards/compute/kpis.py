"""Every KPI of a scorecard evaluated in every reporting period, all at once.

Each KPI contributes a run of cells, one per period it is evaluated in
(every reporting period, or its own periods for a KPI reported less often,
FORMAT section 12). The runs of all KPIs are laid end to end, so status and
score are worked out for the whole scorecard in one pass of
`status.evaluate_columns`, whatever the number of KPIs. A cell becomes a
`KpiPeriod` only where the result keeps one: the periods with an actual,
the as-of period and the one its trend compares with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Kpi, Scorecard, own_calendar
from ..periods import Calendar, Period
from .less_often import is_less_often, next_due, not_due, own_periods
from .results import NO_ROWS, BaselineValue, KpiPeriod, KpiResult
from .series import Series
from .status import BANDS, STATUSES, Band, Status, evaluate_columns
from .targets import Targets, baseline_of, targets_in_force
from .trend import Trend, kpi_trend


@dataclass(frozen=True, eq=False)
class EvaluatedKpi:
    """A KPI evaluated in every reporting period: its result, and its score in each (NaN: none)."""

    result: KpiResult
    scores: np.ndarray

    @property
    def kpi(self) -> Kpi:
        return self.result.kpi


@dataclass(frozen=True, eq=False)
class _Run:
    """One KPI's cells: the periods it is evaluated in, their values' positions in its series, and
    the targets in force."""

    kpi: Kpi
    periods: list[Period]
    column_of: np.ndarray        # each reporting period's cell in the run (-1: not due)
    values: Series | None
    positions: np.ndarray        # each cell's position in `values` (-1: none)
    actual: np.ndarray
    partial: np.ndarray
    targets: Targets
    baseline: BaselineValue | None


@dataclass(frozen=True, eq=False)
class _Cells:
    """The evaluated cells of all runs, as Python values ready for `KpiPeriod`s (None for NaN)."""

    actual: list
    status: list
    band: list
    score: list
    tolerance: list
    scores: np.ndarray


def evaluate_kpis(scorecard: Scorecard, kpis: list[Kpi], values: dict[tuple[str, str], Series],
                  periods: list[Period]) -> list[EvaluatedKpi]:
    """Each KPI in each reporting period (oldest first, through as-of)."""
    calendar = scorecard.calendar
    if not periods:
        return [_without_periods(kpi, values.get((scorecard.id, kpi.id)), calendar) for kpi in kpis]
    runs = [_run(kpi, calendar, values.get((scorecard.id, kpi.id)), periods) for kpi in kpis]
    cells = _evaluated(runs)
    found, offset = [], 0
    for run in runs:
        found.append(_result(run, cells, offset, periods, calendar))
        offset += len(run.periods)
    return found


def _without_periods(kpi: Kpi, values: Series | None, calendar: Calendar) -> EvaluatedKpi:
    """A KPI of a scorecard without any data: no period, no actual."""
    empty = KpiPeriod(None, None, None, None, None, Band.NONE, Status.NO_DATA, None, False)
    baseline = baseline_of(kpi, values, own_calendar(kpi, calendar))
    return EvaluatedKpi(KpiResult(kpi, empty, (), Trend.NA, None, baseline=baseline), np.full(0, np.nan))


def _run(kpi: Kpi, calendar: Calendar, values: Series | None, periods: list[Period]) -> _Run:
    if is_less_often(kpi, calendar):
        evaluated, column_of = own_periods(kpi, calendar, periods)
    else:
        evaluated, column_of = periods, np.arange(len(periods))
    baseline = baseline_of(kpi, values, own_calendar(kpi, calendar))
    if values is None:
        positions = np.full(len(evaluated), -1)
        actual, partial = np.full(len(evaluated), np.nan), np.zeros(len(evaluated), dtype=bool)
    else:
        positions = values.positions(evaluated)
        found = positions >= 0
        actual = np.where(found, values.actual[positions], np.nan)
        partial = found & values.partial[positions]
    targets = targets_in_force(kpi, calendar, evaluated, values, positions, baseline)
    return _Run(kpi, evaluated, column_of, values, positions, actual, partial, targets, baseline)


def _evaluated(runs: list[_Run]) -> _Cells:
    """Status and score of every cell of every run, in one pass."""
    sizes = [len(run.periods) for run in runs]
    kpis = [run.kpi for run in runs]
    actual = _joined([run.actual for run in runs])
    found = evaluate_columns(
        actual,
        _joined([run.targets.low for run in runs]),
        _joined([run.targets.high for run in runs]),
        np.repeat(np.array([kpi.better for kpi in kpis], dtype=object), sizes),
        np.repeat(np.array([kpi.tolerance.amount for kpi in kpis], dtype=float), sizes),
        np.repeat(np.array([kpi.tolerance.percent for kpi in kpis], dtype=bool), sizes),
        _joined([run.targets.stretch for run in runs]),
    )
    return _Cells(_optional(actual),
                  [STATUSES[code] for code in found.status.tolist()],
                  [BANDS[code] for code in found.band.tolist()],
                  _optional(found.score), _optional(found.tolerance), found.score)


def _joined(columns: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(columns) if columns else np.full(0, np.nan)


def _optional(numbers: np.ndarray) -> list[float | None]:
    """Numbers as Python floats, None where NaN."""
    return [None if value != value else value for value in numbers.tolist()]


def _result(run: _Run, cells: _Cells, offset: int, periods: list[Period], calendar: Calendar) -> EvaluatedKpi:
    """The run's KPI result: its periods with an actual, the as-of period and the trend."""
    kpi, made = run.kpi, {}

    def cell(i: int) -> KpiPeriod:
        if i not in made:
            made[i] = _period(run, cells, offset, i)
        return made[i]

    count = len(run.periods)
    series = tuple(cell(i) for i in range(count) if cells.actual[offset + i] is not None)
    last = int(run.column_of[-1])
    current = cell(last) if last >= 0 else not_due(periods[-1], next_due(kpi, calendar, periods[-1]),
                                                   own_calendar(kpi, calendar).frequency)
    latest, due = None, None
    if last < 0:   # not due: the latest period evaluated with an actual, and when it is next due
        latest, due = (series[-1] if series else None), next_due(kpi, calendar, periods[-1])
    # The trend compares the KPI's own consecutive periods.
    final = cell(count - 1) if count else current
    previous = cell(count - 2) if count > 1 else None
    trend = kpi_trend(previous.actual if previous else None, final.actual, kpi.better, final.target)
    scores = np.full(len(periods), np.nan)
    due_now = run.column_of >= 0
    scores[due_now] = cells.scores[offset + run.column_of[due_now]]
    return EvaluatedKpi(KpiResult(kpi, current, series, trend, previous, baseline=run.baseline, latest=latest,
                                  next_due=due), scores)


def _period(run: _Run, cells: _Cells, offset: int, i: int) -> KpiPeriod:
    target, source = run.targets.at(i)
    at, position = offset + i, int(run.positions[i])
    return KpiPeriod.read(run.periods[i], cells.actual[at], target, source, cells.tolerance[at], cells.band[at],
                          cells.status[at], cells.score[at], bool(run.partial[i]),
                          run.values if position >= 0 else NO_ROWS, max(position, 0))
