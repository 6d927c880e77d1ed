"""data.csv: a scorecard's evaluated series, one row per KPI and period, for spreadsheets.

RFC 4180 (comma, double quotes, CRLF), UTF-8 with a byte order mark so that
Excel reads it as UTF-8. Text cells that a spreadsheet would read as a
formula (starting with = + - @, a tab or a carriage return) get a leading
single quote, as OWASP advises; numbers are written as numbers, so a
negative actual stays a number.
"""

from __future__ import annotations

import csv
import io
import math

from ..compute.results import KpiResult, ObjectiveResult, ScorecardResult
from .text import round_half_away

COLUMNS = ("objective", "kpi", "kpi_title", "period", "actual", "target", "status", "score", "partial", "note")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def text_cell(value: str) -> str:
    """A text cell no spreadsheet runs: a formula-like start gets a leading quote."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def number_cell(value: float | int | None) -> str:
    """A number as a spreadsheet reads it back: shortest round-trip form, no float noise."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number cell")
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def target_cell(target) -> str:
    """A number, or `low..high` for an in-range target (text, so neutralised like any text)."""
    if target is None:
        return ""
    if isinstance(target, tuple):
        return text_cell(f"{number_cell(target[0])}..{number_cell(target[1])}")
    return number_cell(target)


def kpi_rows(objective: ObjectiveResult, kpi: KpiResult) -> list[list[str]]:
    return [[
        text_cell(objective.objective.id),
        text_cell(kpi.kpi.id),
        text_cell(kpi.kpi.title),
        text_cell(period.label),
        number_cell(period.actual),
        target_cell(period.target),
        text_cell(period.status),
        number_cell(None if period.score is None else round_half_away(period.score, 2)),
        "true" if period.partial else "false",
        text_cell("; ".join(period.notes)),
    ] for period in kpi.published_series]   # the rows of scorecard.json's series


def rows(result: ScorecardResult) -> list[list[str]]:
    return [row for objective in result.objectives for kpi in objective.kpis for row in kpi_rows(objective, kpi)]


def csv_text(table: list[list[str]]) -> str:
    """The file's text, starting with a BOM; write it encoded as UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    return BOM + buffer.getvalue()


def scorecard_csv(result: ScorecardResult) -> str:
    """Every KPI of a scorecard, every period with data."""
    return csv_text(rows(result))


def objective_csv(objective: ObjectiveResult) -> str:
    return csv_text([row for kpi in objective.kpis for row in kpi_rows(objective, kpi)])


def kpi_csv(objective: ObjectiveResult, kpi: KpiResult) -> str:
    return csv_text(kpi_rows(objective, kpi))
