"""The calendar: period labels, months and reporting periods (FORMAT section 5).

Months are handled as ordinals, ``year * 12 + month - 1``, so a period is a
closed range of ordinals and every comparison is integer arithmetic.

Text is read once, at the edge: `read_label` turns a label into a `Label`,
which says what was written (fiscal or not, year, quarter or month) without
fixing its months, because an `FY` label means different months in
different scorecards. A `Calendar` (a scorecard's frequency and fiscal year
start) places a `Label` on months and holds the reporting periods; from
there on, periods are `Period` values and nothing parses text again.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
import re
from dataclasses import dataclass

FREQUENCIES = ("monthly", "quarterly", "yearly")
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}

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
    grain: str   # month | quarter | year
    label: str

    @property
    def months(self) -> range:
        return range(self.first, self.last + 1)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Label:
    """A period label as written, read but not yet placed on months.

    `index` is the month (1-12) of a month label, the quarter (1-4) of a
    quarter label, and 0 for a year.
    """

    text: str
    fiscal: bool
    year: int
    grain: str
    index: int = 0

    def period(self, fiscal_year_start: int = 1) -> Period:
        """The months this label names in a calendar whose fiscal year starts in the given month."""
        if self.grain == "month":
            ordinal = month_ordinal(self.year, self.index)
            return Period(ordinal, ordinal, "month", month_label(ordinal))
        start = fiscal_year_first_month(self.year, fiscal_year_start) if self.fiscal else month_ordinal(self.year, 1)
        if self.grain == "quarter":
            first = start + (self.index - 1) * 3
            return Period(first, first + 2, "quarter", self.text)
        return Period(start, start + 11, "year", self.text)

    def __str__(self) -> str:
        return self.text


def month_ordinal(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_label(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def last_day(ordinal: int) -> datetime.date:
    """The last day of a month: 'today' for an as-of period."""
    year, month = ordinal // 12, ordinal % 12 + 1
    return datetime.date(year, month, _calendar.monthrange(year, month)[1])


def fiscal_year_first_month(fiscal_year: int, start: int) -> int:
    """First month of fiscal year `fiscal_year`, named by the year it ends in."""
    ordinal = month_ordinal(fiscal_year, start)
    return ordinal - 12 if start != 1 else ordinal


def fiscal_year_of(ordinal: int, start: int) -> int:
    """The fiscal year (named by the calendar year it ends in) holding a month."""
    year, month = ordinal // 12, ordinal % 12 + 1
    return year + 1 if start != 1 and month >= start else year


def read_label(text: str) -> Label | None:
    """Read a month, a date or a period label; None when it is none of them."""
    text = text.strip()
    if match := _MONTH.match(text):
        month = int(match[2])
        return Label(text, False, int(match[1]), "month", month) if 1 <= month <= 12 else None
    if match := _DATE.match(text):
        try:
            datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
        return Label(text, False, int(match[1]), "month", int(match[2]))
    if match := _QUARTER.match(text):
        return Label(text, bool(match[1]), int(match[2]), "quarter", int(match[3]))
    if match := _YEAR.match(text):
        return Label(text, bool(match[1]), int(match[2]), "year")
    return None


def parse_label(text: str, fiscal_year_start: int = 1) -> Period | None:
    """A label's months in a calendar; None when the text is no label.

    Labels with FY are fiscal periods of the given calendar; labels without
    are calendar periods, whatever the scorecard's fiscal year.
    """
    label = read_label(text)
    return label.period(fiscal_year_start) if label else None


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


@dataclass(frozen=True)
class Calendar:
    """A scorecard's reporting calendar: how often it reports, and when its fiscal year starts."""

    frequency: str = "quarterly"
    fiscal_year_start: int = 1

    def place(self, label: Label) -> Period:
        """The months a label names in this calendar."""
        return label.period(self.fiscal_year_start)

    def parse(self, text: str) -> Period | None:
        """A label's months in this calendar (for the edges that read text: load and the CLI)."""
        return parse_label(text, self.fiscal_year_start)

    def period_of(self, month: int) -> Period:
        """The reporting period that holds a month."""
        return reporting_period(month, self.frequency, self.fiscal_year_start)

    def periods_between(self, first: int, last: int) -> list[Period]:
        """Every reporting period from the one holding month `first` to the one holding `last`."""
        found: list[Period] = []
        month = first
        while month <= last:
            period = self.period_of(month)
            found.append(period)
            month = period.last + 1
        return found

    @property
    def months(self) -> int:
        """How many months each reporting period holds."""
        return MONTHS_PER_PERIOD[self.frequency]

    def nests_in(self, other: Calendar) -> bool:
        """True when every reporting period of this calendar lies inside one of `other`'s."""
        return self.months <= other.months and (self.fiscal_year_start - other.fiscal_year_start) % self.months == 0

    def shifted(self, period: Period, count: int) -> Period:
        """The reporting period `count` periods after `period` (before it for a negative count)."""
        return self.period_of(period.first + count * self.months)

    def fiscal_year_start_of(self, period: Period) -> int:
        """The first month of the fiscal year that holds a period."""
        return fiscal_year_first_month(fiscal_year_of(period.first, self.fiscal_year_start), self.fiscal_year_start)

    def fits(self, period: Period) -> bool:
        """True when a row's period lies inside one reporting period (equal or finer)."""
        return period.last <= self.period_of(period.first).last
