"""Calculated KPIs: each formula evaluated per reporting period over whole series at once (FORMAT section 11).

Each input is first combined to the formula KPI's reporting period by its
own `aggregate` (a quarter's crime rate is the quarter's sum of crimes over
its last count of residents, never a mean of monthly rates): inputs of the
KPI's own scorecard are already combined so by `series`; inputs of another
scorecard have their rows placed in this scorecard's calendar and combined
the same way, in one pass for the project. Then the formula's tree is
walked once per KPI with numpy arrays over the KPI's periods. A missing
input, a `ytd` or `prev` that needs a period without a value, or a
division by zero gives no actual, with a `Reason` the page and `scorecards
explain` word; a missing value is never taken as zero.

The values are computed for every period at once; which input values a
period used, and why a period has none, are worked out from the walked
tree when a page or an explanation asks for that period.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..expressions import Binary, Expression, Negate, Number, Previous, Reference, YearToDate
from ..model import Kpi, Measure, Place, Project, Scorecard, own_calendar
from ..periods import Calendar, Period
from .results import InputValue, Reason
from .series import Series, period_values


def calculated_values(project: Project, values: dict[tuple[str, str], Series],
                      as_of: dict[str, Period]) -> dict[tuple[str, str], CalculatedSeries]:
    """The values of every calculated KPI, in an order where each formula's inputs come first.

    `values` holds the combined values of every KPI and measure read from
    CSV (for calculated KPIs: rows that carry only targets); `as_of` each
    scorecard's evaluated period (scorecards without one are left out).
    """
    by_id = {s.id: s for s in project.scorecards}
    calculated = {f"{s.id}/{k.id}": (s, k) for s in project.scorecards for k in s.kpis() if k.formula is not None}
    if not calculated:
        return {}
    named = {(s.id, series.id): series for s in project.scorecards for series in s.series()}
    found: dict[tuple[str, str], CalculatedSeries] = {}
    placed = _placed_inputs(project, calculated, named, by_id, as_of)
    axes: dict[tuple[Calendar, int, int], list[Period]] = {}
    for name in _dependency_order(calculated):
        scorecard, kpi = calculated[name]
        if scorecard.id not in as_of:
            continue
        found[(scorecard.id, kpi.id)] = _evaluate(scorecard, kpi, values, found, placed, as_of[scorecard.id], named,
                                                  by_id, axes)
    return found


def _dependency_order(calculated: dict[str, tuple[Scorecard, Kpi]]) -> list[str]:
    """Calculated KPIs with every calculated input before the KPI that uses it (cycles were refused on load)."""
    order: list[str] = []
    done: set[str] = set()
    for start in sorted(calculated):
        stack = [(start, False)]
        while stack:
            name, expanded = stack.pop()
            if name in done:
                continue
            if expanded:
                done.add(name)
                order.append(name)
                continue
            stack.append((name, True))
            scorecard, kpi = calculated[name]
            for reference in kpi.formula.references:
                target = f"{reference.scorecard or scorecard.id}/{reference.id}"
                if target in calculated and target not in done:
                    stack.append((target, False))
    return order


def _needs_placing(scorecard: Scorecard, kpi: Kpi, input_series: Kpi | Measure, owner: Scorecard) -> bool:
    """True when an input's combined values are not in the KPI's own periods: it belongs to another
    scorecard, or reports in another calendar (FORMAT section 12) than the formula's KPI."""
    return (owner.id != scorecard.id
            or own_calendar(input_series, owner.calendar) != own_calendar(kpi, scorecard.calendar))


def _placed_inputs(project: Project, calculated, named, by_id: dict[str, Scorecard], as_of) -> dict:
    """Inputs read from CSV whose rows must be placed in the calendar of the KPI that uses them first.

    Keyed (using scorecard id, its KPI's frequency, 'scorecard/id' of the
    input); the rows of all of them are combined in one grouping for the
    whole project, whatever the number of formulas.
    """
    wanted: dict[tuple[str, str, str], tuple[str, Calendar]] = {}
    for scorecard, kpi in calculated.values():
        if scorecard.id not in as_of:
            continue
        calendar = own_calendar(kpi, scorecard.calendar)
        for reference in kpi.formula.references:
            owner = by_id[reference.scorecard or scorecard.id]
            series = named[(owner.id, reference.id)]
            if _needs_placing(scorecard, kpi, series, owner):
                name = f"{owner.id}/{series.id}"
                if not (isinstance(series, Kpi) and series.formula is not None):
                    wanted[(scorecard.id, calendar.frequency, name)] = (series.aggregate, calendar)
    if not wanted:
        return {}
    table = project.actuals.table
    names = (table["scorecard"].astype(str) + "/" + table["kpi"].astype(str)).to_numpy()
    parts, periods, aggregates = [], {}, {}
    for (user, frequency, name), (aggregate, calendar) in sorted(wanted.items()):
        rows = table[names == name].copy()
        if rows.empty:
            continue
        placed = {int(first): calendar.period_of(int(first)) for first in rows["first"].unique()}
        rows["label"] = rows["first"].map(lambda first: placed[int(first)].label)
        rows["scorecard"], rows["kpi"] = user, f"{name}@{frequency}"
        periods.update({(user, p.label): p for p in placed.values()})
        aggregates[(user, f"{name}@{frequency}")] = aggregate
        parts.append(rows)
    if not parts:
        return {}
    combined = pd.concat(parts, ignore_index=True)
    for column in ("scorecard", "kpi", "file"):
        combined[column] = combined[column].astype("category")
    last_month = {user: as_of[user].last for user, _, _ in wanted}
    found = period_values(combined, last_month, periods, aggregates, set())
    return {(user, *kpi_name.rsplit("@", 1)[::-1]): values for (user, kpi_name), values in found.items()}


def _axis(calendar: Calendar, inputs: list[Series | None], current: Period, axes: dict) -> list[Period]:
    """The KPI's periods: from the start of the fiscal year of its inputs' first value through as-of.

    `axes` holds the axes made so far, so that KPIs with the same one share its periods."""
    firsts = [found.periods[0].first for found in inputs if found]
    if not firsts:
        return [current]
    start = calendar.fiscal_year_start_of(calendar.period_of(min(min(firsts), current.first)))
    key = (calendar, start, current.last)
    if key not in axes:
        axes[key] = calendar.periods_between(start, current.last)
    return axes[key]


def _evaluate(scorecard: Scorecard, kpi: Kpi, values, calculated, placed, current: Period, named, by_id,
              axes: dict) -> CalculatedSeries:
    calendar = own_calendar(kpi, scorecard.calendar)
    own = values.get((scorecard.id, kpi.id))   # CSV rows with targets
    inputs: dict[str, Series | None] = {}
    for reference in kpi.formula.references:
        owner = by_id[reference.scorecard or scorecard.id]
        placing = (scorecard.id, calendar.frequency, f"{owner.id}/{reference.id}")
        if _needs_placing(scorecard, kpi, named[(owner.id, reference.id)], owner) and placing in placed:
            inputs[reference.text] = placed[placing]
        else:
            wanted = (owner.id, reference.id)
            inputs[reference.text] = calculated[wanted] if wanted in calculated else values.get(wanted)
    current = calendar.period_of(current.last)
    axis = _axis(calendar, list(inputs.values()), current, axes)
    on_axis = {name: _Input.on(name, found, axis) for name, found in inputs.items()}
    root = _Walker(axis, calendar, on_axis).walk(kpi.formula.root)
    first_used = min((found.periods[0].first for found in inputs.values() if found), default=current.first)
    own_at = own.positions(axis) if own is not None else np.full(len(axis), -1)
    kept = np.flatnonzero([period.last >= first_used or at >= 0 for period, at in zip(axis, own_at.tolist())])
    finite = np.isfinite(root.values[kept])
    own_kept = own_at[kept]
    no_target = np.full(len(kept), np.nan)
    return CalculatedSeries(
        periods=tuple(axis[i] for i in kept.tolist()),
        actual=np.where(finite, root.values[kept], np.nan),
        partial=finite & root.partial[kept],
        target_low=np.where(own_kept >= 0, own.target_low[own_kept], np.nan) if own is not None else no_target,
        target_high=np.where(own_kept >= 0, own.target_high[own_kept], np.nan) if own is not None else no_target,
        in_range=kpi.better == "in-range",
        axis=tuple(axis),
        axis_at=kept,
        root=root,
        inputs=on_axis,
        own=own,
        own_at=own_kept,
        formula=str(kpi.formula),
        input_data=root.here[kept],
    )


@dataclass(frozen=True, eq=False)
class CalculatedSeries(Series):
    """A calculated KPI's values, and for each period the input values it used or why it has none.

    `axis_at` is each period's position on `axis`, the periods the formula
    was walked over; `own` the KPI's own CSV rows (targets), `own_at` the
    position of each period in it (-1: none); `input_data` where an input
    value of that very period was used (a period without an actual is
    published where one was, FORMAT sections 8 and 11).
    """

    axis: tuple[Period, ...]
    axis_at: np.ndarray
    root: _Node
    inputs: dict[str, _Input]
    own: Series | None
    own_at: np.ndarray
    formula: str
    input_data: np.ndarray

    def inputs_had_data(self) -> np.ndarray:
        return self.input_data

    def target_place_at(self, position: int) -> Place | None:
        at = int(self.own_at[position])
        return self.own.target_place_at(at) if at >= 0 else None

    def inputs_of(self, position: int) -> tuple[InputValue, ...]:
        i = int(self.axis_at[position])
        return tuple(self.inputs[name].value(self.axis[j], j)   # each value once, however often used
                     for name, j in dict.fromkeys(self.root.used(i)))

    def value_places_of(self, position: int) -> tuple[tuple[str, int], ...]:
        return tuple(place for value in self.inputs_of(position) for place in value.places)

    def _rows_at(self, position: int) -> tuple[tuple[str, int], ...]:
        own = self._own_rows(position)
        if self.actual_at(position) is None:
            return own
        return tuple(dict.fromkeys((*self.value_places_of(position), *own)))

    def notes_of(self, position: int) -> tuple[str, ...]:
        at = int(self.own_at[position])
        return self.own.notes_of(at) if at >= 0 else ()

    def missing_of(self, position: int) -> Reason | None:
        if self.actual_at(position) is not None:
            return None
        i = int(self.axis_at[position])
        reason = self.root.reason(i)
        if reason is None:
            kind = "not a number" if np.isnan(self.root.values[i]) else "too large"
            reason = Reason(kind, self.formula, self.axis[i].label)
        return reason

    def _own_rows(self, position: int) -> tuple[tuple[str, int], ...]:
        at = int(self.own_at[position])
        return self.own.rows_of(at) if at >= 0 else ()


@dataclass(frozen=True, eq=False)
class _Input:
    """One input on the KPI's axis: its values (NaN where none), partial flags, and each value's
    position in the input's own series (-1 where it has none)."""

    name: str
    series: Series | None
    at: np.ndarray
    actual: np.ndarray
    partial: np.ndarray

    @staticmethod
    def on(name: str, series: Series | None, axis: list[Period]) -> _Input:
        if not series:
            return _Input(name, series, np.full(len(axis), -1), np.full(len(axis), np.nan), np.zeros(len(axis), bool))
        at = series.positions(axis)
        actual = np.where(at >= 0, series.actual[at], np.nan)
        at = np.where(np.isnan(actual), -1, at)
        return _Input(name, series, at, actual, np.where(at >= 0, series.partial[at], False))

    def value(self, period: Period, i: int) -> InputValue:
        """The input value used in the period at `i`: its value, rows and partial flag."""
        at = int(self.at[i])
        series = self.series
        return InputValue(self.name, period.label, series.actual_at(at),
                          series.value_places_of(at) or series.rows_of(at), bool(series.partial[at]))


class _Node:
    """A sub-expression walked over the KPI's periods: `values` (NaN where none) and `partial`, for all
    periods at once, and `here`, where it used an input value of that very period (of `used(i)`, one at
    position i); which input values it used, and why it has no value, for one period on demand."""

    values: np.ndarray
    partial: np.ndarray
    here: np.ndarray

    def used(self, i: int) -> tuple[tuple[str, int], ...]:
        """(input name, period position) of every input value the node used in period `i`."""
        return ()

    def reason(self, i: int) -> Reason | None:
        """Why the node has no value in period `i` (None where it has one, or where arithmetic left the
        finite numbers without a missing input)."""
        return None


class _Constant(_Node):
    def __init__(self, node: Number, length: int):
        self.values = np.full(length, node.value)
        self.partial = np.zeros(length, dtype=bool)
        self.here = self.partial


class _Read(_Node):
    def __init__(self, node: Reference, found: _Input, axis: list[Period]):
        self.text, self.found, self.axis = node.text, found, axis
        self.values = found.actual.copy()
        self.partial = found.partial.copy()
        self.here = found.at >= 0

    def used(self, i: int) -> tuple[tuple[str, int], ...]:
        return ((self.text, i),) if self.found.at[i] >= 0 else ()

    def reason(self, i: int) -> Reason | None:
        return None if self.found.at[i] >= 0 else Reason("missing", self.text, self.axis[i].label)


class _Negated(_Node):
    def __init__(self, inner: _Node):
        self.inner = inner
        self.values = -inner.values
        self.partial = inner.partial
        self.here = inner.here

    def used(self, i: int) -> tuple[tuple[str, int], ...]:
        return self.inner.used(i)

    def reason(self, i: int) -> Reason | None:
        return self.inner.reason(i)


class _Combined(_Node):
    def __init__(self, node: Binary, left: _Node, right: _Node, axis: list[Period]):
        self.node, self.left, self.right, self.axis = node, left, right, axis
        with np.errstate(all="ignore"):
            if node.operator == "+":
                self.values = left.values + right.values
            elif node.operator == "-":
                self.values = left.values - right.values
            elif node.operator == "*":
                self.values = left.values * right.values
            else:
                zero = right.values == 0
                self.values = np.where(zero, np.nan, left.values / np.where(zero, 1, right.values))
        self.partial = left.partial | right.partial
        self.here = left.here | right.here

    def used(self, i: int) -> tuple[tuple[str, int], ...]:
        return self.left.used(i) + self.right.used(i)

    def reason(self, i: int) -> Reason | None:
        found = self.left.reason(i) or self.right.reason(i)
        if found is None and self.node.operator == "/" and self.right.values[i] == 0:
            found = Reason("division by zero", str(self.node.right), self.axis[i].label)
        return found


class _YearToDate(_Node):
    def __init__(self, node: YearToDate, inner: _Node, axis: list[Period], year_starts: np.ndarray):
        self.node, self.inner, self.axis, self.starts = node, inner, axis, year_starts
        positions = np.arange(len(axis))
        last_missing = np.maximum.accumulate(np.where(np.isfinite(inner.values), -1, positions))
        self.complete = last_missing < year_starts
        self.values = _span_sums(inner.values, year_starts, self.complete)
        partial_so_far = np.concatenate(([0], np.cumsum(inner.partial)))
        self.partial = partial_so_far[positions + 1] > partial_so_far[year_starts]
        self.here = inner.here   # the earlier periods of the year used values of their own, not of period i

    def used(self, i: int) -> tuple[tuple[str, int], ...]:
        return tuple(item for j in range(int(self.starts[i]), i + 1) for item in self.inner.used(j))

    def reason(self, i: int) -> Reason | None:
        if self.complete[i]:
            return None
        start = int(self.starts[i])
        missing = start + int(np.flatnonzero(~np.isfinite(self.inner.values[start:i + 1]))[0])
        return self.inner.reason(missing) or Reason("missing", str(self.node.operand), self.axis[missing].label)


def _span_sums(values: np.ndarray, starts: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """`np.sum(values[starts[i]:i + 1])` where `wanted`, NaN elsewhere.

    The spans of one length are summed together, one row each: numpy sums
    each row of a matrix as it sums the same values on their own (pairwise
    from the row's start), so every sum is the same number as one at a time.
    """
    sums = np.full(len(values), np.nan)
    ends = np.flatnonzero(wanted)
    lengths = ends - starts[ends] + 1
    for length in np.unique(lengths).tolist():
        rows = ends[lengths == length]
        sums[rows] = np.sum(values[(rows - length + 1)[:, None] + np.arange(length)], axis=1)
    return sums


class _Previous(_Node):
    def __init__(self, node: Previous, inner: _Node, axis: list[Period], calendar: Calendar):
        self.node, self.inner, self.axis, self.calendar = node, inner, axis, calendar
        k, length = node.k, len(axis)
        self.values = np.full(length, np.nan)
        self.partial = np.zeros(length, dtype=bool)
        self.here = np.zeros(length, dtype=bool)   # only values of k >= 1 periods earlier
        if k < length:
            self.values[k:] = inner.values[:length - k]
            self.partial[k:] = inner.partial[:length - k]

    def used(self, i: int) -> tuple[tuple[str, int], ...]:
        return self.inner.used(i - self.node.k) if i >= self.node.k else ()

    def reason(self, i: int) -> Reason | None:
        k = self.node.k
        if i >= k:
            return self.inner.reason(i - k)
        return Reason("missing", str(self.node.operand), self.calendar.shifted(self.axis[i], -k).label)


class _Walker:
    """Walks a formula's tree once, each node giving a whole array over the KPI's periods."""

    def __init__(self, axis: list[Period], calendar: Calendar, inputs: dict[str, _Input]):
        self.axis = axis
        self.calendar = calendar
        self.inputs = inputs
        self._year_starts: np.ndarray | None = None

    def walk(self, node: Expression) -> _Node:
        if isinstance(node, Number):
            return _Constant(node, len(self.axis))
        if isinstance(node, Reference):
            return _Read(node, self.inputs[node.text], self.axis)
        if isinstance(node, Negate):
            return _Negated(self.walk(node.operand))
        if isinstance(node, Binary):
            return _Combined(node, self.walk(node.left), self.walk(node.right), self.axis)
        if isinstance(node, YearToDate):
            return _YearToDate(node, self.walk(node.operand), self.axis, self.year_starts())
        return _Previous(node, self.walk(node.operand), self.axis, self.calendar)

    def year_starts(self) -> np.ndarray:
        """For each period, the position of the first period of its fiscal year on the axis."""
        if self._year_starts is None:
            years = [self.calendar.fiscal_year_start_of(period) for period in self.axis]
            starts = [0] * len(years)
            for i in range(1, len(years)):
                starts[i] = i if years[i] != years[i - 1] else starts[i - 1]
            self._year_starts = np.array(starts, dtype=np.int64)
        return self._year_starts
