"""The calendar: period labels, months and reporting periods (FORMAT section 5).

Months are handled as ordinals, ``year * 12 + month - 1``, so a period is a
closed range of ordinals and every comparison is integer arithmetic. Both
loading (to validate rows) and computing (to group them) use this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GRAIN_ORDER = {"month": 0, "quarter": 1, "year": 2}
FREQUENCY_GRAIN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}

# ASCII digits only: `\d` would also accept other scripts' digits.
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})\Z")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_QUARTER = re.compile(r"^(FY)?([0-9]{4})-Q([1-4])\Z")
_YEAR = re.compile(r"^(FY)?([0-9]{4})\Z")


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months with the label it is published under."""

    first: int
    last: int
    grain: str
    label: str

    @property
    def months(self) -> range:
        return range(self.first, self.last + 1)


def month_ordinal(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_label(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def last_day(ordinal: int) -> str:
    """ISO date of the last day of a month: 'today' for an as-of period."""
    import calendar

    year, month = ordinal // 12, ordinal % 12 + 1
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def fiscal_year_first_month(fiscal_year: int, start: int) -> int:
    """First month of fiscal year `fiscal_year`, named by the year it ends in."""
    ordinal = month_ordinal(fiscal_year, start)
    return ordinal - 12 if start != 1 else ordinal


def fiscal_year_of(ordinal: int, start: int) -> int:
    """The fiscal year (named by the calendar year it ends in) holding a month."""
    year, month = ordinal // 12, ordinal % 12 + 1
    return year + 1 if start != 1 and month >= start else year


def parse_label(text: str, fiscal_year_start: int = 1) -> Period | None:
    """Read a month, a date or a period label; None when it is none of them.

    Labels with FY are fiscal periods of the given calendar; labels without
    are calendar periods, whatever the scorecard's fiscal year.
    """
    text = text.strip()
    if match := _MONTH.match(text):
        return _month(int(match[1]), int(match[2]))
    if match := _DATE.match(text):
        import datetime

        try:
            datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
        return _month(int(match[1]), int(match[2]))
    if match := _QUARTER.match(text):
        fiscal, year, quarter = bool(match[1]), int(match[2]), int(match[3])
        start = fiscal_year_first_month(year, fiscal_year_start) if fiscal else month_ordinal(year, 1)
        first = start + (quarter - 1) * 3
        return Period(first, first + 2, "quarter", text)
    if match := _YEAR.match(text):
        fiscal, year = bool(match[1]), int(match[2])
        first = fiscal_year_first_month(year, fiscal_year_start) if fiscal else month_ordinal(year, 1)
        return Period(first, first + 11, "year", text)
    return None


def _month(year: int, month: int) -> Period | None:
    if not 1 <= month <= 12:
        return None
    ordinal = month_ordinal(year, month)
    return Period(ordinal, ordinal, "month", month_label(ordinal))


def reporting_period(ordinal: int, frequency: str, fiscal_year_start: int = 1) -> Period:
    """The reporting period of a scorecard's calendar that holds a month.

    Quarters and years are fiscal (labelled FY...) when the fiscal year does
    not start in January, and calendar ones otherwise.
    """
    if frequency == "monthly":
        return Period(ordinal, ordinal, "month", month_label(ordinal))
    fiscal = fiscal_year_start != 1
    year = fiscal_year_of(ordinal, fiscal_year_start)
    year_first = fiscal_year_first_month(year, fiscal_year_start)
    prefix = "FY" if fiscal else ""
    if frequency == "yearly":
        return Period(year_first, year_first + 11, "year", f"{prefix}{year}")
    quarter = (ordinal - year_first) // 3 + 1
    first = year_first + (quarter - 1) * 3
    return Period(first, first + 2, "quarter", f"{prefix}{year}-Q{quarter}")


def reporting_label(ordinal: int, frequency: str, fiscal_year_start: int = 1) -> str:
    return reporting_period(ordinal, frequency, fiscal_year_start).label


def previous_period(period: Period, frequency: str, fiscal_year_start: int = 1) -> Period:
    return reporting_period(period.first - 1, frequency, fiscal_year_start)


def periods_between(first: int, last: int, frequency: str, fiscal_year_start: int = 1) -> list[Period]:
    """Every reporting period from the one holding month `first` to the one holding `last`."""
    found: list[Period] = []
    ordinal = first
    while ordinal <= last:
        period = reporting_period(ordinal, frequency, fiscal_year_start)
        found.append(period)
        ordinal = period.last + 1
    return found


def fits(period: Period, frequency: str, fiscal_year_start: int = 1) -> bool:
    """True when a row's period lies inside one reporting period (equal or finer)."""
    holder = reporting_period(period.first, frequency, fiscal_year_start)
    return period.last <= holder.last
