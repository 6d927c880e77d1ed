"""One row's values: its period placed in the calendar of its KPI or measure, its actual, its target."""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from ..errors import Problems
from ..model import Kpi, Measure, Scorecard, own_calendar, stretch_lies_beyond
from ..periods import Period
from .numbers import NotANumber, parse_number
from .periodtext import read_period

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-([0-9]{2})$")


class Placing(NamedTuple):
    """Where a period's text lands in one calendar and grain.

    `why` says why it does not fit: "text" (not a period; `message` and
    `hint` say so), "span" (longer than a reporting period), "not-a-day"
    (a month for a `grain: daily` series), or "" when it fits. `day` is the
    day of the month for a daily series, else 0.
    """

    period: Period | None
    reporting: Period | None
    fitting: bool
    why: str
    message: str
    hint: str
    day: int


class ValueReader:
    """Reads the values of rows into table records.

    Where a period's text lands in a calendar is worked out once per
    (text, calendar, grain) and remembered: a file of a million
    rows names a few thousand periods at most. Every reporting period a row falls in is kept in
    `reporting`, keyed by (scorecard, label), so that evaluation gets
    `Period` values instead of labels to parse again.
    """

    def __init__(self, scorecards: dict[str, Scorecard]):
        self.scorecards = scorecards
        self.reporting: dict[tuple[str, str], Period] = {}
        self._placings: dict[tuple, Placing] = {}

    def placing(self, text: str, scorecard: Scorecard, series: Kpi | Measure) -> Placing:
        """Where a period's text lands for a series: the same for every series with the same calendar
        and grain, whatever their scorecard, so worked out once for them all and remembered.

        The reporting period is the series' own (FORMAT section 12: a KPI
        with its own `frequency` has rows at its own grain or finer), and a
        `grain: daily` series takes only rows dated to the day.
        """
        calendar = own_calendar(series, scorecard.calendar)
        key = (text, calendar, series.grain)
        cached = self._placings.get(key)
        if cached is None:
            period, message, hint = read_period(text, calendar.fiscal_year_start)
            reporting = calendar.period_of(period.first) if period else None
            day = _DAY.match(text.strip())
            why = "text" if period is None else "span" if not calendar.fits(period) else \
                "not-a-day" if series.grain == "day" and day is None else ""
            day_of_month = int(day[1]) if day and series.grain == "day" else 0
            cached = self._placings[key] = Placing(period, reporting, not why, why, message, hint, day_of_month)
        return cached

    def _period(self, text: str, scorecard: Scorecard, series: Kpi | Measure) -> tuple:
        """(the row's period, its reporting period, whether it fits in one, message, hint, day).

        Messages name the series the row is for, never another series that
        happened to share the remembered placing.
        """
        placing = self.placing(text, scorecard, series)
        period, reporting, message, hint = placing.period, placing.reporting, placing.message, placing.hint
        if placing.why == "span":
            calendar = own_calendar(series, scorecard.calendar)
            owner = f"scorecard '{scorecard.id}'" if calendar == scorecard.calendar else \
                f"{_kind(series)} '{series.id}'"
            message = f"period '{text}' does not fit the {calendar.frequency} calendar of {owner} " \
                      f"(it spans more than {reporting.label})"
            hint = "give values per month or per reporting period"
        elif placing.why == "not-a-day":
            message = f"{_kind(series)} '{series.id}' has `grain: daily`, so its rows name a day, not '{text}'"
            hint = f"write the date of each value, e.g. {period.label if period.grain == 'month' else '2026-03'}" \
                   "-05, one row per day"
        return period, reporting, placing.fitting, message, hint, placing.day

    def read(self, found: tuple[str, Kpi | Measure], period_text: str, actual_text: str, target_text: str,
             note: str, delimiter: str, place: tuple[str, int], problems: Problems, column: str) -> dict | None:
        """One value checked, as a table record; None (with its problems added) when anything is wrong."""
        file, line = place
        scorecard_id, kpi = found
        if not period_text:
            problems.add(file, line, "the period is empty", "write a month such as 2026-03 or a label such as 2026-Q1")
            return None
        period, reporting, fitting, message, hint, day = self._period(period_text, self.scorecards[scorecard_id], kpi)
        if not fitting:
            problems.add(file, line, message, hint)
        actual = _number(actual_text, delimiter, file, line, column, problems)
        if actual is not None and actual == actual and isinstance(kpi, Kpi) and kpi.formula is not None:
            problems.add(file, line, f"KPI '{kpi.id}' is calculated by its formula, so a row for it may carry a "
                         "target but not an actual", "leave the actual empty, or remove `formula:` from the KPI")
            actual = None
        target, target_high = np.nan, np.nan
        if target_text and isinstance(kpi, Measure):
            problems.add(file, line, f"measure '{kpi.id}' has no target", "leave the target empty: a measure is "
                         "a series for formulas; targets belong to the KPIs made of it")
            target = None
        elif target_text:
            target, target_high = _target(target_text, kpi, delimiter, file, line, problems)
        if not fitting or actual is None or target is None:
            return None
        self.reporting[(scorecard_id, reporting.label)] = reporting
        return dict(scorecard=scorecard_id, kpi=kpi.id, first=period.first, last=period.last, label=reporting.label,
                    actual=actual, target=target, target_high=target_high, note=note, file=file, line=line, day=day)


def _kind(series: Kpi | Measure) -> str:
    return "measure" if isinstance(series, Measure) else "KPI"


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


