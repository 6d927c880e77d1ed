"""Every KPI of a scorecard evaluated in every reporting period, all at once.

Each KPI contributes a run of cells, one per period it is evaluated in
(every reporting period, or its own periods for a KPI reported less often,
FORMAT section 12). The runs of all KPIs are laid end to end, so status and
score are worked out for the whole scorecard in one pass of
`status.evaluate_columns`, whatever the number of KPIs. A cell becomes a
`KpiPeriod` only where the result keeps one: the periods with an actual
(and a calculated KPI's without one where an input had data), the as-of
period and the one its trend compares with.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from ..model import Kpi, Scorecard, own_calendar
from ..periods import Calendar, Period
from .less_often import is_less_often, next_due, not_due, own_periods
from .results import NO_ROWS, BaselineValue, KpiPeriod, KpiResult, LazyTuple
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


@dataclass(frozen=True, eq=False, slots=True)
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
    """The evaluated cells of all runs, end to end (NaN: none; status and band as codes)."""

    actual: np.ndarray
    status: np.ndarray
    band: np.ndarray
    score: np.ndarray
    tolerance: np.ndarray


def evaluate_kpis(scorecard: Scorecard, kpis: list[Kpi], values: dict[tuple[str, str], Series],
                  periods: list[Period]) -> list[EvaluatedKpi]:
    """Each KPI in each reporting period (oldest first, through as-of)."""
    calendar = scorecard.calendar
    if not periods:
        return [_without_periods(kpi, values.get((scorecard.id, kpi.id)), calendar) for kpi in kpis]
    firsts = np.array([period.first for period in periods], dtype=np.int64)
    runs = [_run(kpi, calendar, values.get((scorecard.id, kpi.id)), periods, firsts) for kpi in kpis]
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


def _run(kpi: Kpi, calendar: Calendar, values: Series | None, periods: list[Period], firsts: np.ndarray) -> _Run:
    """`firsts` holds the first month of each reporting period."""
    if is_less_often(kpi, calendar):
        evaluated, column_of = own_periods(kpi, calendar, periods)
        firsts = None
    else:
        evaluated, column_of = periods, np.arange(len(periods))
    baseline = baseline_of(kpi, values, own_calendar(kpi, calendar))
    if values is None:
        positions = np.full(len(evaluated), -1)
        actual, partial = np.full(len(evaluated), np.nan), np.zeros(len(evaluated), dtype=bool)
    else:
        positions = values.positions(evaluated, firsts)
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
    return _Cells(actual, found.status, found.band, found.score, found.tolerance)


def _joined(columns: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(columns) if columns else np.full(0, np.nan)


def _result(run: _Run, cells: _Cells, offset: int, periods: list[Period], calendar: Calendar) -> EvaluatedKpi:
    """The run's KPI result: the as-of period, the trend, and its periods with an actual (made on first use)."""
    kpi, made = run.kpi, _Periods(run, cells, offset)
    count = len(run.periods)
    with_actual = np.flatnonzero(~np.isnan(cells.actual[offset:offset + count])).tolist()
    last = int(run.column_of[-1])
    current = made.cell(last) if last >= 0 else not_due(periods[-1], next_due(kpi, calendar, periods[-1]),
                                                        own_calendar(kpi, calendar).frequency)
    latest, due = None, None
    if last < 0:   # not due: the latest period evaluated with an actual, and when it is next due
        latest, due = (made.cell(with_actual[-1]) if with_actual else None), next_due(kpi, calendar, periods[-1])
    # The trend compares the KPI's own consecutive periods.
    final = made.cell(count - 1) if count else current
    previous = made.cell(count - 2) if count > 1 else None
    trend = kpi_trend(previous.actual if previous else None, final.actual, kpi.better, final.target)
    scores = np.full(len(periods), np.nan)
    due_now = run.column_of >= 0
    scores[due_now] = cells.score[offset + run.column_of[due_now]]
    series = LazyTuple(partial(made.periods, with_actual))
    without = _without_actual(run, cells.actual[offset:offset + count])
    no_actual = LazyTuple(partial(made.periods, without)) if without else ()
    return EvaluatedKpi(KpiResult(kpi, current, series, trend, previous, baseline=run.baseline, latest=latest,
                                  next_due=due, no_actual=no_actual), scores)


def _without_actual(run: _Run, actual: np.ndarray) -> list[int]:
    """A calculated KPI's cells without an actual where an input had a value of that very period (FORMAT
    sections 8 and 11: published with the reason, so a gap in a rate shows); none for a KPI read from CSV."""
    had_data = run.values.inputs_had_data() if run.values is not None else None
    found = run.positions >= 0
    if had_data is None or not found.any():
        return []
    return np.flatnonzero(found & np.isnan(actual) & had_data[np.where(found, run.positions, 0)]).tolist()


class _Periods:
    """One KPI's cells made into `KpiPeriod`s on demand, each once (so a period is the same object
    as `current` and in `series`)."""

    __slots__ = ("run", "cells", "offset", "made")

    def __init__(self, run: _Run, cells: _Cells, offset: int):
        self.run, self.cells, self.offset = run, cells, offset
        self.made: dict[int, KpiPeriod] = {}

    def periods(self, wanted: list[int]) -> tuple[KpiPeriod, ...]:
        """Many periods: the run's cells are read as Python values once for all of them."""
        cells, run_cells = self.cells, slice(self.offset, self.offset + len(self.run.periods))
        values = list(zip(_optional(cells.actual[run_cells]), _optional(cells.tolerance[run_cells]),
                          cells.band[run_cells].tolist(), cells.status[run_cells].tolist(),
                          _optional(cells.score[run_cells])))
        return tuple(self.cell(i, values[i]) for i in wanted)

    def cell(self, i: int, values: tuple | None = None) -> KpiPeriod:
        """Cell `i`, from its (actual, tolerance, band, status, score) where the caller has them."""
        found = self.made.get(i)
        if found is None:
            found = self.made[i] = self._period(i, values or self._values(self.offset + i))
        return found

    def _values(self, at: int) -> tuple:
        cells = self.cells
        return (_number(cells.actual.item(at)), _number(cells.tolerance.item(at)), cells.band.item(at),
                cells.status.item(at), _number(cells.score.item(at)))

    def _period(self, i: int, values: tuple) -> KpiPeriod:
        actual, tolerance, band, status, score = values
        run, position = self.run, int(self.run.positions[i])
        target, source = run.targets.at(i)
        return KpiPeriod.read(run.periods[i], actual, target, source, tolerance, BANDS[band], STATUSES[status], score,
                              bool(run.partial[i]), run.values if position >= 0 else NO_ROWS, max(position, 0))


def _number(value: float) -> float | None:
    return None if value != value else value


def _optional(numbers: np.ndarray) -> list[float | None]:
    """Numbers as Python floats, None for NaN."""
    return [None if number != number else number for number in numbers.tolist()]
