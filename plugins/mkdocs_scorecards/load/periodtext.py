"""Periods as people type them: read strictly, and when refused, a suggestion.

Spreadsheet programs like to turn `2026-03` into a date and save it back as
`Mar-26` or `01/03/2026`. Such a value is never guessed into a period (a
wrong month would be published as a fact); it is refused with the period it
most likely meant, so that the fix is one edit.

Years outside 1900-2100 are refused too: they are typing mistakes (`2206-03`)
that would otherwise stretch every chart over two centuries.
"""

from __future__ import annotations

import re

from ..periods import Period, parse_label

YEARS = (1900, 2100)
FORMS = "write a month (2026-03), a date (2026-03-31) or a label such as 2026-Q1, 2026 or FY2027-Q1"
SPREADSHEET = "a spreadsheet may have turned it into a date: format the column as text"

_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
_YEAR_MONTH = re.compile(r"^([0-9]{4})\s*[-/.]\s*([0-9]{1,2})$")
_MONTH_YEAR = re.compile(r"^([0-9]{1,2})\s*[-/.]\s*([0-9]{4})$")
_QUARTER = re.compile(r"^(fy\s*)?([0-9]{2}|[0-9]{4})\s*[-/ ]?\s*q\s*([1-4])$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^q\s*([1-4])\s*[-/ ]?\s*(fy\s*)?([0-9]{2}|[0-9]{4})$", re.IGNORECASE)
_FISCAL_YEAR = re.compile(r"^fy\s*-?\s*([0-9]{2}|[0-9]{4})$", re.IGNORECASE)
_DATE_TIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9:.]+Z?$")
_NUMERIC_DATE = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
_NAMED_MONTH = re.compile(r"^([a-z]{3,9})\.?[\s\-/']*([0-9]{2}|[0-9]{4})$", re.IGNORECASE)
_YEAR_NAMED_MONTH = re.compile(r"^([0-9]{2})[\s\-/]*([a-z]{3,9})$", re.IGNORECASE)


def read_period(text: str, fiscal_year_start: int = 1) -> tuple[Period | None, str, str]:
    """(the period, "", "") or (None, what is wrong, how to fix it)."""
    period = parse_label(text, fiscal_year_start) if len(text) < 40 else None
    if period is not None:
        year = int(re.search(r"[0-9]{4}", text)[0])
        if not YEARS[0] <= year <= YEARS[1]:
            return None, f"the year of '{text}' is outside {YEARS[0]}-{YEARS[1]}", "check the year for a typing mistake"
        return period, "", ""
    date = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text.strip())
    if date and 1 <= int(date[2]) <= 12:
        return None, f"'{text}' is not a date of the calendar", "check the day and the month"
    guess, from_spreadsheet = _suggest(text.strip())
    if guess and parse_label(guess, fiscal_year_start) is not None:
        hint = f"did you mean '{guess}'?"
        return None, f"'{text}' is not a period", f"{hint} {SPREADSHEET}" if from_spreadsheet else hint
    numeric = _NUMERIC_DATE.match(text.strip())
    if numeric and all(1 <= int(part) <= 12 for part in numeric.groups()[:2]):
        first, second, year = (int(part) for part in numeric.groups())
        return None, f"'{text}' is not a period", \
            f"write the date as YYYY-MM-DD ({year}-{second:02d}-{first:02d} or {year}-{first:02d}-{second:02d}?); " \
            + SPREADSHEET
    return None, f"'{text}' is not a period", FORMS


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _suggest(text: str) -> tuple[str, bool]:
    """The label `text` most likely means, and whether a spreadsheet probably wrote it."""
    if match := _DATE_TIME.match(text):
        return match[1], True
    if match := _YEAR_MONTH.match(text):
        return f"{match[1]}-{int(match[2]):02d}", False
    if match := _MONTH_YEAR.match(text):
        return f"{match[2]}-{int(match[1]):02d}", False
    if match := _QUARTER.match(text):
        return f"{'FY' if match[1] else ''}{_year(match[2])}-Q{match[3]}", False
    if match := _QUARTER_FIRST.match(text):
        return f"{'FY' if match[2] else ''}{_year(match[3])}-Q{match[1]}", False
    if match := _FISCAL_YEAR.match(text):
        return f"FY{_year(match[1])}", False
    if match := _NUMERIC_DATE.match(text):
        first, second, year = (int(part) for part in match.groups())
        if first > 12 >= second:
            return f"{year}-{second:02d}-{first:02d}", True
        if second > 12 >= first:
            return f"{year}-{first:02d}-{second:02d}", True
        return "", True
    if (match := _NAMED_MONTH.match(text)) and match[1].lower() in _MONTHS:
        return f"{_year(match[2])}-{_MONTHS[match[1].lower()]:02d}", True
    if (match := _YEAR_NAMED_MONTH.match(text)) and match[2].lower() in _MONTHS:
        return f"{_year(match[1])}-{_MONTHS[match[2].lower()]:02d}", True
    if text != text.upper() and parse_label(text.upper()) is not None:
        return text.upper(), False
    return "", False
