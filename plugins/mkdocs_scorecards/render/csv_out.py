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


def _lines(table: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(table)
    return buffer.getvalue()


def _file(bodies) -> str:
    """A file's text, starting with a BOM (write it encoded as UTF-8), its header, then the bodies."""
    return BOM + _lines([list(COLUMNS)]) + "".join(bodies)


def scorecard_csv(result: ScorecardResult) -> str:
    """Every KPI of a scorecard, every period with data."""
    return CsvFiles().scorecard(result)


class CsvFiles:
    """A site's CSV downloads, each KPI's lines made once: they appear in its own file, its objective's
    and its scorecard's, and a site has thousands of KPIs."""

    def __init__(self) -> None:
        self._lines: dict[int, tuple[KpiResult, str]] = {}

    def kpi_lines(self, objective: ObjectiveResult, kpi: KpiResult) -> str:
        kept = self._lines.get(id(kpi))
        if kept is None:      # the result is kept with its lines, so that its id is not reused meanwhile
            kept = self._lines[id(kpi)] = (kpi, _lines(kpi_rows(objective, kpi)))
        return kept[1]

    def scorecard(self, result: ScorecardResult) -> str:
        return _file(self.kpi_lines(objective, kpi) for objective in result.objectives for kpi in objective.kpis)

    def objective(self, objective: ObjectiveResult) -> str:
        return _file(self.kpi_lines(objective, kpi) for kpi in objective.kpis)

    def kpi(self, objective: ObjectiveResult, kpi: KpiResult) -> str:
        return _file([self.kpi_lines(objective, kpi)])
