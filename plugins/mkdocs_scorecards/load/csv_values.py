"""One row's values: its period placed in the KPI's calendar, its actual, its target."""

from __future__ import annotations

import numpy as np

from ..errors import Problems
from ..model import Kpi, Scorecard, stretch_lies_beyond
from ..periods import Period
from .numbers import NotANumber, parse_number
from .periodtext import read_period


class ValueReader:
    """Reads the values of rows into table records.

    How a period's text reads in a scorecard's calendar is worked out once
    per (text, scorecard) and remembered: a file of a million rows names a
    few dozen periods. Every reporting period a row falls in is kept in
    `reporting`, keyed by (scorecard, label), so that evaluation gets
    `Period` values instead of labels to parse again.
    """

    def __init__(self, scorecards: dict[str, Scorecard]):
        self.scorecards = scorecards
        self.reporting: dict[tuple[str, str], Period] = {}
        self._periods: dict[tuple[str, str], tuple] = {}

    def _period(self, text: str, scorecard: Scorecard) -> tuple:
        """(the row's period, its reporting period, whether it fits in one, message, hint)."""
        key = (text, scorecard.id)
        cached = self._periods.get(key)
        if cached is None:
            calendar = scorecard.calendar
            period, message, hint = read_period(text, calendar.fiscal_year_start)
            reporting = calendar.period_of(period.first) if period else None
            fitting = period is not None and calendar.fits(period)
            if period is not None and not fitting:
                message = f"period '{text}' does not fit the {calendar.frequency} calendar of scorecard " \
                          f"'{scorecard.id}' (it spans more than {reporting.label})"
                hint = "give values per month or per reporting period"
            cached = self._periods[key] = (period, reporting, fitting, message, hint)
        return cached

    def read(self, found: tuple[str, Kpi], period_text: str, actual_text: str, target_text: str, note: str,
             delimiter: str, place: tuple[str, int], problems: Problems, column: str) -> dict | None:
        """One value checked, as a table record; None (with its problems added) when anything is wrong."""
        file, line = place
        scorecard_id, kpi = found
        if not period_text:
            problems.add(file, line, "the period is empty", "write a month such as 2026-03 or a label such as 2026-Q1")
            return None
        period, reporting, fitting, message, hint = self._period(period_text, self.scorecards[scorecard_id])
        if not fitting:
            problems.add(file, line, message, hint)
        actual = _number(actual_text, delimiter, file, line, column, problems)
        target, target_high = np.nan, np.nan
        if target_text:
            target, target_high = _target(target_text, kpi, delimiter, file, line, problems)
        if not fitting or actual is None or target is None:
            return None
        self.reporting[(scorecard_id, reporting.label)] = reporting
        return dict(scorecard=scorecard_id, kpi=kpi.id, first=period.first, last=period.last, label=reporting.label,
                    actual=actual, target=target, target_high=target_high, note=note, file=file, line=line)


def _number(text, delimiter, file, line, column, problems):
    """A cell's number, NaN when empty, None (with a problem) when not a number.

    `column` is the column's name ("actual", "target"), or for a wide file
    "in column '<kpi>'", which goes after the value in messages.
    """
    if text == "":
        return np.nan
    try:
        return parse_number(text, delimiter)
    except NotANumber as error:
        label = f"'{text}' {column}" if column.startswith("in column") else f"{column} '{text}'"
        problems.add(file, line, f"{label} {error.reason}", error.hint)
        return None


def _target(text, kpi: Kpi, delimiter, file, line, problems):
    """A target cell: a number, or `low..high` for an in-range KPI."""
    if kpi.better == "in-range":
        low_text, sep, high_text = text.partition("..")
        if not sep:
            problems.add(file, line, f"target '{text}' of in-range KPI '{kpi.id}' is not a range",
                         "write the range as low..high, e.g. 70..85")
            return None, None
        low = _number(low_text.strip(), delimiter, file, line, "target", problems)
        high = _number(high_text.strip(), delimiter, file, line, "target", problems)
        if low is None or high is None:
            return None, None
        if low != low or high != high:
            problems.add(file, line, f"target range '{text}' lacks one of its ends", "write both, e.g. 70..85")
            return None, None
        if low > high:
            problems.add(file, line, f"target range '{text}' runs backwards", "write the low end first")
            return None, None
        return low, high
    value = _number(text, delimiter, file, line, "target", problems)
    if value is None:
        return None, None
    if value == 0 and kpi.tolerance.percent:
        problems.add(file, line, f"target 0 with KPI '{kpi.id}''s tolerance of {kpi.tolerance} has no amber band",
                     "give the KPI an absolute tolerance in its unit, or a non-zero target")
        return None, None
    if kpi.stretch is not None and value == value:
        if not stretch_lies_beyond(kpi.stretch, value, kpi.better):
            side = "below" if kpi.better == "higher" else "above"
            problems.add(file, line, f"target {text} is not {side} KPI '{kpi.id}''s stretch {kpi.stretch:g}",
                         "a stretch lies beyond every target in force: change this target or the stretch")
            return None, None
    return value, np.nan


