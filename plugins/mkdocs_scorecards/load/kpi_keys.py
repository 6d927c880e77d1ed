"""The keys of FORMAT sections 11 and 12 as a definition writes them: formulas, baselines,
relative targets, phasing, daily grain and a KPI's own frequency.

`SeriesKeys` reads them for the scorecard reader in `definitions`, reporting
each problem at its line and column. Checks that need other KPIs or other
scorecards (what a formula names, cycles, how often its inputs report) are
`formula_checks`'; checks that need the data (a baseline period without an
actual) are made once the values are known, in `compute.targets`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from ..model import Baseline, RelativeTarget, ScheduleEntry, is_relative
from ..periods import FREQUENCIES, Calendar
from .formula import FormulaSyntaxError, parse_formula
from .periodtext import read_period
from .yamlnodes import Node, number

if TYPE_CHECKING:
    from ..errors import Problems
    from ..expressions import Formula


MEASURE_KEYS = {"id": True, "title": True, "unit": False, "aggregate": False, "grain": False, "frequency": False,
                "decimals": False, "source": False, "description": False}
GRAINS = {"daily": "day", "monthly": "month"}
PHASINGS = ("even",)
_RELATIVE = re.compile(r"^\s*([+-])\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$")
_UNSIGNED_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$")
# A plain year could be meant as a number or as the year's value: never guessed.
_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_YEAR_LIKE = re.compile(r"^(19[0-9]{2}|20[0-9]{2}|2100)$")


class FileReader(Protocol):
    """What SeriesKeys needs of the reader of the scorecard file it reads keys for (`definitions._Reader`)."""

    problems: Problems
    calendar: Calendar

    def choice(self, node: Node | None, choices: tuple[str, ...], what: str) -> str: ...


class SeriesKeys:
    """Reads the section 11 and 12 keys of one KPI or measure, reporting problems as it goes."""

    def __init__(self, reader: FileReader):
        self.reader = reader

    @property
    def problems(self):
        return self.reader.problems

    def target_number(self, node: Node, what: str) -> float | RelativeTarget | None:
        """A target: a number, or "+N%" / "-N%" of the baseline."""
        if node.is_scalar and not node.is_null and (match := _RELATIVE.match(node.raw)):
            percent = float(match[2]) * (1 if match[1] == "+" else -1)
            if percent <= -100:
                self.problems.add(node.file, node.line, f"{what} {node.raw.strip()} would take the target to or "
                                  "below zero", "a relative target is the baseline times 1 + N/100; write a "
                                  "reduction of less than 100%", node.column)
                return None
            return RelativeTarget(percent)
        if node.is_scalar and (match := _UNSIGNED_PERCENT.match(node.raw)):
            self.problems.add(node.file, node.line, f"{what} `{node.raw.strip()}` has no sign",
                              f"write \"+{match[1]}%\" or \"-{match[1]}%\" of the baseline, or a number "
                              "(the unit goes in `unit:`)", node.column)
            return None
        return number(node, self.problems, what)

    def grain(self, node: Node | None) -> str:
        chosen = self.reader.choice(node, tuple(GRAINS), "grain")
        return GRAINS.get(chosen, "month")

    def frequency(self, node: Node | None) -> str:
        """A frequency coarser than the scorecard's, or '' (the scorecard's own)."""
        chosen = self.reader.choice(node, FREQUENCIES, "frequency")
        if not chosen:
            return ""
        own = self.reader.calendar.frequency
        if FREQUENCIES.index(chosen) < FREQUENCIES.index(own):
            self.problems.add(node.file, node.line, f"frequency {chosen} is finer than the scorecard's {own}",
                              f"a KPI or measure may report less often than its scorecard, not more often; "
                              f"give {chosen} values in rows and let them be combined, or remove `frequency:`",
                              node.column)
            return ""
        return "" if chosen == own else chosen

    def formula(self, node: Node | None) -> Formula | None:
        if node is None:
            return None
        if not node.is_scalar:
            kind = "list" if node.is_sequence else "mapping"
            self.problems.add(node.file, node.line, f"formula should be text, not a {kind}",
                              "write it on one line, e.g. `formula: crimes / residents * 100000`", node.column)
            return None
        text = node.raw
        one_line = node.node.start_mark.line == node.node.end_mark.line
        try:
            return parse_formula(text, *formula_position(node, 0), one_line=one_line)
        except FormulaSyntaxError as error:
            line, column = formula_position(node, error.offset)
            self.problems.add(node.file, line, f"formula: {error.message}", error.hint, column)
            return None

    def baseline(self, node: Node | None, frequency: str) -> Baseline | None:
        """A number, or a period label read in the scorecard's calendar; it must fit one of the KPI's own periods."""
        if node is None:
            return None
        raw = node.raw.strip() if node.is_scalar else ""
        if node.is_scalar and not node.quoted and _YEAR_LIKE.match(raw):
            self.problems.add(node.file, node.line, f"baseline {raw} could be the number {raw} or the year {raw}",
                              f"write `baseline: \"{raw}\"` for the KPI's value in {raw}, or `baseline: {raw}.0` "
                              "for the number", node.column)
            return None
        if node.is_scalar and not node.literal and _NUMBER.match(raw):
            value = number(node, self.problems, "baseline")
            return Baseline(value=value, line=node.line) if value is not None else None
        if not node.is_scalar:
            self.problems.add(node.file, node.line, "baseline should be a number or a period label",
                              "write e.g. `baseline: 1250` or `baseline: FY2025-Q1`", node.column)
            return None
        calendar = self.reader.calendar
        period, message, hint = read_period(raw, calendar.fiscal_year_start)
        if period is None:
            self.problems.add(node.file, node.line, f"baseline: {message}",
                              hint if hint.startswith("did you mean") else
                              "write a number, or a period label such as 2025-Q1, 2025-03, \"2025\" or FY2025",
                              node.column)
            return None
        own = Calendar(frequency or calendar.frequency, calendar.fiscal_year_start)
        if not own.fits(period):
            self.problems.add(node.file, node.line, f"baseline {raw} spans more than one of the KPI's "
                              f"{own.frequency} periods ({own.period_of(period.first).label} and later)",
                              f"name one period, e.g. {own.period_of(period.first).label}", node.column)
            return None
        return Baseline(period=period, line=node.line)

    def phasing(self, node: Node | None, better: str) -> str:
        chosen = self.reader.choice(node, PHASINGS, "phasing")
        if chosen and better == "in-range":
            self.problems.add(node.file, node.line, "phasing is for higher or lower KPIs, not in-range ones",
                              "remove `phasing:`, or phase the range in a target schedule", node.column)
            return ""
        return chosen

    def check_relative(self, node: Node, fields: dict[str, Node], target, schedule: tuple[ScheduleEntry, ...],
                       baseline: Baseline | None) -> None:
        """A relative target needs a baseline (FORMAT section 11)."""
        rules = [target] if target is not None else [entry.value for entry in schedule]
        if baseline is None and "baseline" not in fields and any(is_relative(rule) for rule in rules):
            where = fields.get("target") or node
            self.problems.add(node.file, where.line, "a relative target (\"+N%\" or \"-N%\") needs a baseline",
                              "add `baseline:` with a number or a period label, e.g. `baseline: FY2025-Q1`",
                              where.column)


def formula_position(node: Node, offset: int) -> tuple[int, int]:
    """The line and column of a character of a formula in its YAML file.

    Exact for a formula written on one line (plain or quoted); for one
    written over several lines, the line where it starts and the column of
    the character within its own line.
    """
    start, end = node.node.start_mark, node.node.end_mark
    text = node.raw
    if start.line == end.line and node.node.style in (None, "", "'", '"'):
        return node.line, node.column + (1 if node.quoted else 0) + offset
    before = text[:offset]
    line_in_text = before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    first_line = node.line + (1 if node.node.style in ("|", ">") else 0)
    return first_line + line_in_text, column
