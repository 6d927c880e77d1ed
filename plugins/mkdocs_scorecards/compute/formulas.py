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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..expressions import Binary, Expression, Negate, Number, Previous, Reference, YearToDate
from ..model import Kpi, Project, Scorecard, own_calendar
from ..periods import Calendar, Period
from .results import InputValue, Reason
from .series import PeriodValue, period_values


@dataclass
class _Series:
    """One input on the KPI's period axis: values (NaN where none), partial flags, the PeriodValues."""

    actual: np.ndarray
    partial: np.ndarray
    found: list[PeriodValue | None]


@dataclass
class _Walked:
    """A sub-expression's values on the axis, with why each missing one is missing and what was used."""

    values: np.ndarray
    reasons: list[Reason | None]
    partial: np.ndarray
    used: list[tuple]        # per period: ((reference text, period index), ...)


def calculated_values(project: Project, values: dict[tuple[str, str], list[PeriodValue]],
                      as_of: dict[str, Period]) -> dict[tuple[str, str], list[PeriodValue]]:
    """The period values of every calculated KPI, in an order where each formula's inputs come first.

    `values` holds the combined values of every KPI and measure read from
    CSV (for calculated KPIs: rows that carry only targets); `as_of` each
    scorecard's evaluated period (scorecards without one are left out).
    """
    by_id = {s.id: s for s in project.scorecards}
    calculated = {f"{s.id}/{k.id}": (s, k) for s in project.scorecards for k in s.kpis() if k.formula is not None}
    if not calculated:
        return {}
    found: dict[tuple[str, str], list[PeriodValue]] = {}
    placed = _placed_inputs(project, calculated, by_id, as_of)
    for name in _dependency_order(calculated):
        scorecard, kpi = calculated[name]
        if scorecard.id not in as_of:
            continue
        combined = {**values, **found}
        found[(scorecard.id, kpi.id)] = _evaluate(scorecard, kpi, combined, placed, as_of[scorecard.id], by_id)
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


def _needs_placing(scorecard: Scorecard, kpi: Kpi, reference: Reference, by_id: dict[str, Scorecard]) -> bool:
    """True when an input's combined values are not in the KPI's own periods: it belongs to another
    scorecard, or reports in another calendar (FORMAT section 12) than the formula's KPI."""
    owner = by_id[reference.scorecard or scorecard.id]
    series = next(s for s in owner.series() if s.id == reference.id)
    return owner.id != scorecard.id or own_calendar(series, owner.calendar) != own_calendar(kpi, scorecard.calendar)


def _placed_inputs(project: Project, calculated, by_id: dict[str, Scorecard], as_of) -> dict:
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
            if _needs_placing(scorecard, kpi, reference, by_id):
                owner = by_id[reference.scorecard or scorecard.id]
                series = next(s for s in owner.series() if s.id == reference.id)
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


def _axis(calendar: Calendar, inputs: list[list[PeriodValue]], current: Period) -> list[Period]:
    """The KPI's periods: from the start of the fiscal year of its inputs' first value through as-of."""
    firsts = [found[0].period.first for found in inputs if found]
    if not firsts:
        return [current]
    start = calendar.fiscal_year_start_of(calendar.period_of(min(min(firsts), current.first)))
    return calendar.periods_between(start, current.last)


def _evaluate(scorecard: Scorecard, kpi: Kpi, values, placed, current: Period, by_id) -> list[PeriodValue]:
    calendar = own_calendar(kpi, scorecard.calendar)
    own_rows = {v.period: v for v in values.get((scorecard.id, kpi.id), [])}   # CSV rows with targets
    inputs: dict[str, list[PeriodValue]] = {}
    for reference in kpi.formula.references:
        owner = reference.scorecard or scorecard.id
        key = (scorecard.id, calendar.frequency, f"{owner}/{reference.id}")
        if _needs_placing(scorecard, kpi, reference, by_id) and key in placed:
            inputs[reference.text] = placed[key]
        else:
            inputs[reference.text] = values.get((owner, reference.id), [])
    current = calendar.period_of(current.last)
    axis = _axis(calendar, list(inputs.values()), current)
    index = {period: i for i, period in enumerate(axis)}
    series = {name: _on_axis(found, index, len(axis)) for name, found in inputs.items()}
    walked = _Walker(axis, calendar, series).walk(kpi.formula.root)
    first_used = min((found[0].period.first for found in inputs.values() if found), default=current.first)
    result = []
    for i, period in enumerate(axis):
        own = own_rows.get(period)
        if period.last < first_used and own is None:
            continue
        value = walked.values[i]
        actual = float(value) if np.isfinite(value) else None
        used = tuple(_input_value(name, axis[j], series[name].found[j])   # each value once, however often used
                     for name, j in dict.fromkeys(walked.used[i]))
        reason = walked.reasons[i] if actual is None else None
        if actual is None and reason is None and np.isnan(value):
            reason = Reason("not a number", str(kpi.formula), period.label)
        elif actual is None and reason is None:
            reason = Reason("too large", str(kpi.formula), period.label)
        result.append(_period_value(period, actual, own, bool(walked.partial[i]), used, reason))
    return result


def _period_value(period, actual, own, partial, used, reason) -> PeriodValue:
    return PeriodValue(
        period=period,
        actual=actual,
        csv_target=own.csv_target if own else None,
        target_place=own.target_place if own else None,
        partial=actual is not None and partial,
        months_with_data=(),
        values=(),
        value_places=tuple(place for value in used for place in value.places),
        rows=tuple(dict.fromkeys((*(p for value in used for p in value.places), *(own.rows if own else ()))))
        if actual is not None else (own.rows if own else ()),
        notes=own.notes if own else (),
        inputs=used,
        missing=reason,
    )


def _input_value(name: str, period: Period, found: PeriodValue | None) -> InputValue:
    return InputValue(name, period.label, found.actual, found.value_places or found.rows, found.partial)


def _on_axis(found: list[PeriodValue], index: dict[Period, int], length: int) -> _Series:
    actual = np.full(length, np.nan)
    partial = np.zeros(length, dtype=bool)
    by_position: list[PeriodValue | None] = [None] * length
    for value in found:
        position = index.get(value.period)
        if position is None or value.actual is None:
            continue
        actual[position] = value.actual
        partial[position] = value.partial
        by_position[position] = value
    return _Series(actual, partial, by_position)


class _Walker:
    """Walks a formula's tree once, each node giving a whole array over the KPI's periods."""

    def __init__(self, axis: list[Period], calendar: Calendar, series: dict[str, _Series]):
        self.axis = axis
        self.calendar = calendar
        self.series = series
        self.length = len(axis)

    def walk(self, node: Expression) -> _Walked:
        if isinstance(node, Number):
            return _Walked(np.full(self.length, node.value), [None] * self.length,
                           np.zeros(self.length, dtype=bool), [()] * self.length)
        if isinstance(node, Reference):
            found = self.series[node.text]
            reasons = [None if found.found[i] is not None else Reason("missing", node.text, p.label)
                       for i, p in enumerate(self.axis)]
            return _Walked(found.actual.copy(), reasons, found.partial.copy(),
                           [((node.text, i),) if found.found[i] is not None else () for i in range(self.length)])
        if isinstance(node, Negate):
            inner = self.walk(node.operand)
            return _Walked(-inner.values, inner.reasons, inner.partial, inner.used)
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, YearToDate):
            return self._year_to_date(node)
        return self._previous(node)

    def _binary(self, node: Binary) -> _Walked:
        left, right = self.walk(node.left), self.walk(node.right)
        with np.errstate(all="ignore"):
            if node.operator == "+":
                values = left.values + right.values
            elif node.operator == "-":
                values = left.values - right.values
            elif node.operator == "*":
                values = left.values * right.values
            else:
                zero = right.values == 0
                values = np.where(zero, np.nan, left.values / np.where(zero, 1, right.values))
        reasons = [a or b for a, b in zip(left.reasons, right.reasons)]
        if node.operator == "/":
            for i in np.flatnonzero(right.values == 0):
                if reasons[i] is None:
                    reasons[i] = Reason("division by zero", str(node.right), self.axis[i].label)
        return _Walked(values, reasons, left.partial | right.partial,
                       [a + b for a, b in zip(left.used, right.used)])

    def _year_to_date(self, node: YearToDate) -> _Walked:
        inner = self.walk(node.operand)
        values = np.full(self.length, np.nan)
        reasons: list[Reason | None] = [None] * self.length
        partial = np.zeros(self.length, dtype=bool)
        used: list[tuple] = [()] * self.length
        year_of = [self.calendar.fiscal_year_start_of(p) for p in self.axis]
        start = 0
        for i in range(self.length):
            if i and year_of[i] != year_of[i - 1]:
                start = i
            span = inner.values[start:i + 1]
            missing = next((j for j in range(start, i + 1) if inner.reasons[j] is not None
                            or not np.isfinite(inner.values[j])), None)
            if missing is None:
                values[i] = float(np.sum(span))
            else:
                reasons[i] = inner.reasons[missing] or Reason("missing", str(node.operand), self.axis[missing].label)
            partial[i] = bool(inner.partial[start:i + 1].any())
            used[i] = tuple(item for j in range(start, i + 1) for item in inner.used[j])
        return _Walked(values, reasons, partial, used)

    def _previous(self, node: Previous) -> _Walked:
        inner = self.walk(node.operand)
        k = node.k
        values = np.full(self.length, np.nan)
        values[k:] = inner.values[:self.length - k] if k < self.length else values[k:]
        partial = np.zeros(self.length, dtype=bool)
        partial[k:] = inner.partial[:self.length - k] if k < self.length else partial[k:]
        reasons: list[Reason | None] = []
        used: list[tuple] = []
        for i, period in enumerate(self.axis):
            if i >= k:
                reasons.append(inner.reasons[i - k])
                used.append(inner.used[i - k])
            else:
                earlier = self.calendar.shifted(period, -k)
                reasons.append(Reason("missing", str(node.operand), earlier.label))
                used.append(())
        return _Walked(values, reasons, partial, used)
