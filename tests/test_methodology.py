"""The worked examples of "How the numbers are computed" are right.

Convention (the page states it for readers too): every worked example on
site_src/guide/methodology.md is a Markdown table that follows immediately
after an HTML comment line

    <!-- example: <name> -->

The test reads every such table and checks it twice:

1. **Its arithmetic.** Wherever a cell writes a sum, the sum is redone with
   exact decimal arithmetic:
   - `x = y = 12.3` in a cell: every side that is a sum must round to the
     number at the end, to the decimals printed there;
   - a column headed *Working*: every sum in it must round to the number in
     the column to its right;
   - `a ≤ b < c`: a comparison whose sides are all sums must hold;
   - in a Step | Working | Result table, a step named with a backticked
     symbol (``tolerance `t` ``) defines that symbol for the rows below it,
     with its exact (unrounded) value;
   - a number with three or more decimals used in a working must be printed
     elsewhere in its row or as an earlier result of its table (or be 20/3
     or 10/3 written 6.6667 and 3.3333), so that no rounded figure in a sum
     can be edited unnoticed.
2. **Its meaning.** A check per example recomputes its results with the code
   that builds the site (compute.status.evaluate, compute.rollup,
   compute.trend, compute.evidence, periods, and the loader and evaluator
   for a small project written to a temporary folder) and compares them
   with the page, rounded as printed.

Every example on the page must have a check here and every check must find
its example, so an example cannot be added, renamed or dropped unnoticed.
The last tests edit numbers of the page on purpose and expect the checks to
fail, so that they cannot quietly check nothing.
"""

from __future__ import annotations

import calendar
import itertools
import math
import re
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from mkdocs_scorecards.compute.evidence import average_ranks, spearman, weigh_arrow
from mkdocs_scorecards.compute.results import TargetOrigin, TargetSource
from mkdocs_scorecards.compute.rollup import plain_mean, weighted_mean
from mkdocs_scorecards.compute.scorecard import evaluate_project, target_in_force
from mkdocs_scorecards.compute.status import evaluate, status_from_score
from mkdocs_scorecards.compute.trend import kpi_trend, score_trend
from mkdocs_scorecards.load.project import load_project
from mkdocs_scorecards.options import read_options
from mkdocs_scorecards.periods import fiscal_year_first_month, fiscal_year_of, parse_label, reporting_period
from mkdocs_scorecards.render.text import round_half_away

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "site_src" / "guide" / "methodology.md"
PAGE_PATH = "guide/methodology.md"

# ---------------------------------------------------------------------------
# Reading the page
# ---------------------------------------------------------------------------

MARKER = re.compile(r"^<!-- example: ([a-z0-9-]+) -->[ \t]*$", re.MULTILINE)


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[list[str]]

    def column(self, title: str) -> int:
        for index, cell in enumerate(self.header):
            if plain(cell).lower() == title.lower():
                return index
        raise AssertionError(f"{self.name}: no column {title!r} in {self.header}")

    def has(self, title: str) -> bool:
        return any(plain(cell).lower() == title.lower() for cell in self.header)

    def records(self) -> list[dict[str, str]]:
        return [{plain(h): plain(c) for h, c in zip(self.header, row)} for row in self.rows]


def split_row(line: str) -> list[str]:
    line = line.strip()
    assert line.startswith("|") and line.endswith("|"), f"not a table row: {line!r}"
    return [cell.strip() for cell in line[1:-1].split("|")]


def parse_examples(text: str) -> dict[str, Table]:
    examples: dict[str, Table] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = MARKER.match(line)
        if not match:
            continue
        name = match[1]
        assert name not in examples, f"example {name} appears twice"
        table_lines = []
        for following in lines[index + 1:]:
            if not following.startswith("|"):
                break
            table_lines.append(following)
        assert len(table_lines) >= 3, f"example {name}: the comment must be followed at once by a table"
        header = split_row(table_lines[0])
        assert set(table_lines[1].replace("|", "").strip()) <= set("-: "), f"example {name}: no separator row"
        rows = [split_row(row) for row in table_lines[2:]]
        for row in rows:
            assert len(row) == len(header), f"example {name}: row {row} has {len(row)} cells, not {len(header)}"
        examples[name] = Table(name, header, rows)
    return examples


def plain(cell: str) -> str:
    """A cell without Markdown emphasis and code marks."""
    return re.sub(r"[`*]", "", cell).strip()


# ---------------------------------------------------------------------------
# Exact arithmetic on what the page writes
# ---------------------------------------------------------------------------

NUMBER = re.compile(r"^[−-]?\d+(?:\.\d+)?$")
COMPARISON = re.compile(r"\s*(≤|≥|<|>)\s*")
CONSTANTS = {"6.6667", "3.3333"}      # 20/3 and 10/3 as the page writes them in sums


def number(text: str) -> Fraction | None:
    text = plain(text).replace("−", "-")
    return Fraction(text) if NUMBER.match(text) else None


def decimals(text: str) -> int:
    text = plain(text)
    return len(text.split(".")[1]) if "." in text else 0


def rounded(value: Fraction, places: int) -> Decimal:
    """Half away from zero, as the site publishes."""
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def matches(value: Fraction, printed: str) -> bool:
    return rounded(value, decimals(printed)) == Decimal(plain(printed).replace("−", "-"))


def fraction_sqrt(value: Fraction) -> Fraction:
    return Fraction(math.sqrt(value))


ALLOWED = re.compile(r"^[0-9.\s+\-*/(),]*$")


def evaluate_sum(text: str, symbols: dict[str, Fraction]) -> Fraction | None:
    """The value of a sum as the page writes it, exactly; None when `text` is not one."""
    text = text.strip()
    if not text:
        return None
    names: dict[str, Fraction] = {}
    for position, symbol in enumerate(sorted(symbols, key=len, reverse=True)):
        pattern = r"(?<![A-Za-z0-9_Σ])" + re.escape(symbol) + r"(?![A-Za-z0-9_])"
        placeholder = f"_s{position}_"
        text, count = re.subn(pattern, f" {placeholder} ", text)
        if count:
            names[placeholder] = symbols[symbol]
    text = (text.replace("−", "-").replace("×", "*").replace("²", "**2").replace("³", "**3")
            .replace("√(", " sqrt("))
    bare = re.sub(r"_s\d+_|\bsqrt\(|\bmin\(|\bmax\(|\bmedian\(", "", text)
    if not ALLOWED.match(bare) or not re.search(r"\d|_s\d+_", text):
        return None
    code = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)", r"F('\1')", text)
    try:
        value = eval(code, {"__builtins__": {}},  # noqa: S307 - the page's own sums, checked by ALLOWED
                     {"F": Fraction, "sqrt": fraction_sqrt, "min": min, "max": max,
                      "median": lambda *values: statistics.median(values), **names})
    except (SyntaxError, TypeError, ZeroDivisionError, ValueError):
        return None
    return value if isinstance(value, Fraction) else None


def boundaries(text: str) -> list[int]:
    return [0] + [i for i in range(1, len(text)) if text[i - 1].isspace()]


def longest_suffix(text: str, symbols) -> Fraction | None:
    for start in boundaries(text):
        value = evaluate_sum(text[start:], symbols)
        if value is not None:
            return value
    return None


def longest_prefix(text: str, symbols) -> tuple[Fraction, str] | None:
    ends = [len(text)] + [i for i in range(len(text) - 1, 0, -1) if text[i] in " ,;"]
    for end in ends:
        value = evaluate_sum(text[:end], symbols)
        if value is not None:
            return value, text[:end].strip()
    return None


class Arithmetic:
    """Checks the sums written in one example table."""

    def __init__(self, table: Table):
        self.table = table
        self.symbols: dict[str, Fraction] = {}
        self.printed: set[str] = set(CONSTANTS)
        self.checked = 0

    def run(self) -> None:
        steps = [plain(h).lower() for h in self.table.header] == ["step", "working", "result"]
        working = self.table.column("Working") if self.table.has("Working") else None
        for row in self.table.rows:
            row_numbers = {m.lstrip("−-") for cell in row for m in re.findall(r"[−-]?\d+(?:\.\d+)?", plain(cell))}
            for index, cell in enumerate(row):
                result = row[index + 1] if index == working else None
                if index == working:
                    self.literals(cell, row_numbers - set(re.findall(r"\d+(?:\.\d+)?", plain(cell))))
                self.cell(plain(cell), result)
            if steps:
                self.define(row)

    def literals(self, cell: str, elsewhere: set[str]) -> None:
        for literal in re.findall(r"\d+\.\d{3,}", plain(cell)):
            assert literal in self.printed or literal in elsewhere, (
                f"{self.table.name}: {literal} in {cell!r} is neither an earlier result nor a constant")

    def define(self, row: list[str]) -> None:
        """A step named `x` gives x the exact value of its working (or its result) for the rows below."""
        step, work, result = row
        self.printed.add(plain(result).lstrip("−-"))
        symbol = re.findall(r"`([^`]+)`", step)
        if not symbol:
            return
        value = None
        for part in plain(work).split(";"):
            pieces = part.split("=")
            candidates = [longest_suffix(pieces[0], self.symbols)]
            candidates += [evaluate_sum(middle, self.symbols) for middle in pieces[1:]]
            value = next((c for c in candidates if c is not None), None)
            if value is not None:
                break
        if value is None:
            value = number(result)
        if value is not None:
            self.symbols[symbol[-1]] = value

    def cell(self, text: str, result: str | None) -> None:
        target = number(result) if result is not None else None
        for part in text.split(";"):
            part = part.strip()
            if "=" in part:
                self.chain(part, result if target is not None else None)
            elif COMPARISON.search(part):
                self.compare(part)
            elif target is not None:
                value = longest_suffix(part, self.symbols)
                if value is not None:
                    self.expect(value, result, part)

    def chain(self, part: str, result: str | None) -> None:
        pieces = part.split("=")
        values = []
        first = longest_suffix(pieces[0], self.symbols)
        if first is not None:
            values.append(first)
        for middle in pieces[1:-1]:
            value = evaluate_sum(middle, self.symbols)
            if value is not None:
                values.append(value)
        last = longest_prefix(pieces[-1].strip(), self.symbols)
        if result is None:
            if last is None or number(last[1]) is None:
                return          # nothing printed to compare with
            result = last[1]
        elif last is not None:
            values.append(last[0])
        for value in values:
            self.expect(value, result, part)

    def compare(self, part: str) -> None:
        pieces = COMPARISON.split(part)
        sides = [evaluate_sum(p, self.symbols) for p in pieces[0::2]]
        if any(side is None for side in sides):
            return
        for left, operator, right in zip(sides, pieces[1::2], sides[1:]):
            holds = {"≤": left <= right, "≥": left >= right, "<": left < right, ">": left > right}[operator]
            assert holds, f"{self.table.name}: {part!r} does not hold"
        self.checked += 1

    def expect(self, value: Fraction, printed: str, where: str) -> None:
        assert matches(value, printed), (
            f"{self.table.name}: {where!r} comes to {float(value):.6g}, not {plain(printed)}")
        self.checked += 1


# ---------------------------------------------------------------------------
# Helpers for the checks of meaning
# ---------------------------------------------------------------------------

NONE = {"", "none", "—", "no data", "left out", "n/a"}


def month_name(ordinal: int) -> str:
    return f"{calendar.month_name[ordinal % 12 + 1]} {ordinal // 12}"


def last_number(text: str) -> Fraction:
    found = re.findall(r"[−-]?\d+(?:\.\d+)?", plain(text))
    assert found, f"no number in {text!r}"
    return Fraction(found[-1].replace("−", "-"))


def last_number_text(text: str) -> str:
    return re.findall(r"[−-]?\d+(?:\.\d+)?", plain(text))[-1]


def same(value: float | None, printed: str, what: str) -> None:
    """A computed number against the page's, rounded as printed."""
    text = plain(printed)
    if value is None:
        assert text.lower() in NONE, f"{what}: the page says {text!r}, the code has none"
        return
    assert text.lower() not in NONE, f"{what}: the page has none, the code {value}"
    places = decimals(text)
    shown = Decimal(repr(round_half_away(float(value), places))).quantize(Decimal(1).scaleb(-places))
    assert shown == Decimal(text.replace("−", "-")), f"{what}: the code gives {value}, the page {text}"


def status_word(text: str) -> str:
    return plain(text).lower().replace("no target", "no-target").replace("no data", "no-data")


def kpi_target(text: str):
    text = plain(text)
    if " to " in text:
        low, high = text.split(" to ")
        return (float(number(low)), float(number(high)))
    if text.lower() in NONE:
        return None
    return float(number(text.split(",")[0]))


def tolerance_setting(text: str) -> tuple[float, bool]:
    text = plain(text)
    return (float(text[:-1]), True) if text.endswith("%") else (float(text), False)


def scores_list(text: str) -> list[float]:
    return [float(number(x)) for x in plain(text).split(",")]


def status_in(text: str) -> str:
    for word in ("green", "amber", "red", "no data"):
        if word in plain(text).lower():
            return status_word(word)
    raise AssertionError(f"no status in {text!r}")


def _csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return repr(float(value))
    return str(value)


class MiniProject:
    """A one-scorecard project in a temporary folder, loaded and evaluated by the real code."""

    def __init__(self, root: Path, kpis: list[dict], rows: list[tuple], as_of: str, frequency: str = "quarterly"):
        (root / "scorecards").mkdir(parents=True)
        (root / "data").mkdir()
        definition = {"title": "Example", "frequency": frequency,
                      "objectives": [{"id": "example", "title": "Example", "perspective": "financial",
                                      "kpis": kpis}]}
        (root / "scorecards" / "example.yml").write_text(yaml.safe_dump(definition, sort_keys=False))
        lines = ["kpi,period,actual,target"] + [",".join(_csv(c) for c in row) for row in rows]
        (root / "data" / "actuals.csv").write_text("\n".join(lines) + "\n")
        self.project = load_project(root)
        self.result = evaluate_project(self.project, read_options({"as_of": as_of}).as_of).scorecards[0]
        self.kpis = {k.kpi.id: k for o in self.result.objectives for k in o.kpis}


# ---------------------------------------------------------------------------
# The checks of meaning, one per example
# ---------------------------------------------------------------------------

CHECKS = {}


def check(*names):
    def register(function):
        for name in names:
            CHECKS[name] = function
        return function
    return register


@check("fiscal-quarter-of-month")
def _fiscal_quarter_of_month(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        start = int(r["fiscal_year_start"])
        ordinal = parse_label(r["Month"]).first
        period = reporting_period(ordinal, "quarterly", start)
        assert period.label == r["Quarter"], f"{r['Month']}: the code says {period.label}"
        assert r["The quarter runs"] == f"{month_name(period.first)} to {month_name(period.last)}"
        year = fiscal_year_of(ordinal, start)
        assert last_number(r["Financial year"]) == year, f"{r['Month']}: financial year {year}"
        assert last_number(r["Month of the financial year"]) == ordinal - fiscal_year_first_month(year, start) + 1


@check("fiscal-labels")
def _fiscal_labels(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        period = parse_label(r["Label"], int(r["fiscal_year_start"]))
        assert (month_name(period.first), month_name(period.last)) == (r["First month"], r["Last month"]), r


def monthly_values(page) -> dict[str, float]:
    return {r["Month"]: float(number(r["Actual"])) for r in page["aggregate-months"].records()}


@check("aggregate-months")
def _aggregate_months(table: Table, page, tmp: Path) -> None:
    for month in monthly_values(page):
        assert parse_label(month).grain == "month"


@check("aggregate-quarter")
def _aggregate_quarter(table: Table, page, tmp: Path) -> None:
    values = monthly_values(page)
    records = table.records()
    kpis = [{"id": f"k{i}", "title": "K", "better": "higher", "target": 100,
             "aggregate": r["aggregate"].split()[0]} for i, r in enumerate(records)]
    rows = [(f"k{i}", month, value, None) for i in range(len(records)) for month, value in values.items()]
    project = MiniProject(tmp, kpis, rows, "2026-Q3")
    for i, r in enumerate(records):
        current = project.kpis[f"k{i}"].current
        same(current.actual, r["Value for 2026-Q3"], f"aggregate {r['aggregate']}")
        assert not current.partial


@check("partial-quarter")
def _partial_quarter(table: Table, page, tmp: Path) -> None:
    values = monthly_values(page)
    by_name = {calendar.month_name[parse_label(m).first % 12 + 1]: m for m in values}
    records = table.records()
    kpis, rows = [], []
    for i, r in enumerate(records):
        kpis.append({"id": f"k{i}", "title": "K", "better": "higher", "target": 100, "aggregate": r["aggregate"]})
        for name in re.split(r",\s*", r["Months delivered"]):
            rows.append((f"k{i}", by_name[name], values[by_name[name]], None))
    project = MiniProject(tmp, kpis, rows, "latest")
    for i, r in enumerate(records):
        current = project.kpis[f"k{i}"].current
        assert current.label == "2026-Q3"
        same(current.actual, r["Value for 2026-Q3"], f"row {i + 1}")
        assert current.partial == (r["Partial"] == "yes"), f"row {i + 1}: partial is {current.partial}"


@check("target-in-force")
def _target_in_force(table: Table, page, tmp: Path) -> None:
    # The page's KPI: higher is better, the default tolerance (10%), the same actual every quarter.
    status_column = table.column(next(h for h in table.header if plain(h).startswith("Status")))
    actual = float(last_number(table.header[status_column]))
    schedule_column = table.column("Schedule entry in force")
    entries = [re.findall(r"`(\S+): (\d+(?:\.\d+)?)`", row[schedule_column]) for row in table.rows]
    schedule = {key: float(value) for found in entries for key, value in found}
    records = table.records()
    kpi = {"id": "k", "title": "K", "better": "higher", "target": schedule}
    rows = [("k", r["Quarter"], actual, number(r["Target in the CSV"])) for r in records]
    project = MiniProject(tmp, kpis=[kpi], rows=rows, as_of=records[-1]["Quarter"])
    result = project.kpis["k"]
    by_label = {p.label: p for p in result.series}
    scorecard = project.project.scorecards[0]
    for r, row, entry in zip(records, table.rows, entries):
        period = by_label[r["Quarter"]]
        same(period.target, r["Target used"], f"{r['Quarter']} target")
        assert period.status == status_word(row[status_column]), f"{r['Quarter']}: the code says {period.status}"
        value, source = target_in_force(result.kpi, scorecard, parse_label(r["Quarter"]))
        if entry:
            assert source == TargetSource(TargetOrigin.SCHEDULE, since=parse_label(entry[0][0])), \
                f"{r['Quarter']}: {source}"
            assert value == schedule[entry[0][0]]
        else:
            assert value is None, f"{r['Quarter']}: the code has a schedule entry {source}"
        if number(r["Target in the CSV"]) is not None:
            assert period.target_from.origin == TargetOrigin.CSV, period.target_from
            assert period.target_from.row.file == "data/actuals.csv", period.target_from
        else:
            assert period.target_from == source


@check("target-latest-month")
def _target_latest_month(table: Table, page, tmp: Path) -> None:
    records = table.records()
    months = [r for r in records if parse_label(r["Rows of the CSV"]) is not None]
    quarter = [r for r in records if parse_label(r["Rows of the CSV"]) is None]
    assert len(quarter) == 1
    label = re.match(r"\S+", quarter[0]["Rows of the CSV"])[0]
    aggregate = re.search(r"aggregate: (\w+)", quarter[0]["Rows of the CSV"])[1]
    kpi = {"id": "k", "title": "K", "better": "higher", "target": 100, "aggregate": aggregate}
    rows = [("k", r["Rows of the CSV"], number(r["Actual"]), number(r["Target in the CSV"])) for r in months]
    project = MiniProject(tmp, [kpi], rows, label)
    current = project.kpis["k"].current
    assert current.label == label
    same(current.actual, quarter[0]["Actual"], "the quarter's actual")
    same(current.target, quarter[0]["Target in the CSV"], "the quarter's target")


@check("tolerance")
def _tolerance(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        target = kpi_target(r["Target in force"])
        better = "in-range" if isinstance(target, tuple) else "higher"
        amount, percent = tolerance_setting(r["tolerance"])
        result = evaluate(float(number(r["Actual"])), target, better, amount, percent)
        same(result.tolerance, r["t"], f"tolerance for actual {r['Actual']}")


def edges(target, t: float) -> set[Decimal]:
    if isinstance(target, tuple):
        low, high = target
        found = {low, high, low - t, high + t}
    else:
        found = {target, target - t, target + t}
    return {Decimal(repr(x)).quantize(Decimal("0.000001")).normalize() for x in found}


def stretch_of(text: str | None) -> float | None:
    return None if text is None or plain(text).lower() in NONE else float(number(text))


def raw_score(better: str, actual: float, target, t: float, stretch: float | None) -> float:
    """The formula before it is kept within 0..10, as the page's *Formula gives* column shows it."""
    if better == "in-range":
        low, high = target
        if low <= actual <= high:
            return 20 / 3
        distance = low - actual if actual < low else actual - high
        return 20 / 3 - distance / t * 10 / 3
    sign = 1 if better == "higher" else -1
    if stretch is not None and sign * (actual - target) >= 0:
        if sign * (actual - stretch) >= 0:
            return 10.0
        return 20 / 3 + (actual - target) / (stretch - target) * 10 / 3
    if t == 0:
        return 20 / 3 if sign * (actual - target) >= 0 else 0.0
    return 20 / 3 + sign * (actual - target) / t * 10 / 3


@check("bands-higher", "bands-lower", "bands-in-range", "score-cases", "score-zero-tolerance")
def _kpi_cases(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        target = kpi_target(r["Target"])
        amount, percent = tolerance_setting(r["Tolerance"])
        actual = float(number(r["Actual"]))
        stretch = stretch_of(r.get("Stretch"))
        result = evaluate(actual, target, r["better"], amount, percent, stretch)
        what = f"{table.name}, actual {r['Actual']}"
        assert result.status == status_word(r["Status"]), f"{what}: the code says {result.status}"
        if "Score" in r:
            same(result.score, r["Score"], f"{what} score")
        if "Formula gives" in r:
            same(raw_score(r["better"], actual, target, result.tolerance, stretch), r["Formula gives"],
                 f"{what} formula")
        if "Check" in r:
            allowed = edges(target, result.tolerance or 0.0) | {Decimal(repr(actual)).normalize()}
            for found in re.findall(r"[−-]?\d+(?:\.\d+)?", r["Check"]):
                assert Decimal(found.replace("−", "-")).normalize() in allowed, (
                    f"{what}: {found} in the check is neither the actual nor a band edge")


def definition_of(table: Table) -> dict:
    row = next(row for row in table.rows if plain(row[0]).lower() == "the kpi's definition")
    return yaml.safe_load("{" + ", ".join(re.findall(r"`([^`]+)`", row[1])) + "}")


def steps(table: Table) -> dict[str, str]:
    found = {}
    for step, _, result in table.rows:
        symbol = re.findall(r"`([^`]+)`", step)
        found[symbol[-1] if symbol else plain(step).lower()] = result
    return found


@check("band-edge", "score-higher", "score-lower", "score-in-range", "score-stretch")
def _kpi_steps(table: Table, page, tmp: Path) -> None:
    definition = definition_of(table)
    rows = steps(table)
    target = tuple(definition["target"]) if isinstance(definition["target"], list) else definition["target"]
    tolerance = str(definition.get("tolerance", "10%"))
    amount, percent = tolerance_setting(tolerance)
    actual = float(number(rows["a"]))
    stretch = definition.get("stretch")
    result = evaluate(actual, target, definition["better"], amount, percent, stretch)
    if isinstance(target, tuple):
        same(target[0], rows["L"], "low end")
        same(target[1], rows["H"], "high end")
    else:
        same(target, rows["T"], "target")
    if stretch is not None:
        same(stretch, rows["S"], "stretch")
    assert result.status == status_word(rows["status"]), f"{table.name}: the code says {result.status}"
    same(result.score, rows["score"], f"{table.name} score")
    if "t" in rows:
        same(result.tolerance, rows["t"], f"{table.name} tolerance")
    if "d" in rows:
        sign = 1 if definition["better"] == "higher" else -1
        same(sign * (actual - target) / result.tolerance, rows["d"], f"{table.name} d")
    if "E" in rows:
        same(target - result.tolerance, rows["E"], "start of amber")
        computed = next(row[2] for row in table.rows if "computer" in row[0])
        assert repr(target - abs(target) * amount / 100) == plain(computed), "the edge as the computer holds it"
    if "B" in rows:
        low, high = target
        bound = low if actual < low else high
        same(bound, rows["B"], "nearer end")
        same(abs(actual - bound), rows["x"], "distance")
        same(abs(actual - bound) / result.tolerance, rows["r"], "distance in tolerances")
    if "f" in rows:
        same((actual - target) / (stretch - target), rows["f"], "share of the way to the stretch")


def rollup_rows(table: Table):
    children, total = [], None
    for row in table.rows:
        if plain(row[0]).startswith("the "):
            total = row
        else:
            children.append(row)
    assert total is not None, f"{table.name}: no total row"
    return children, total


@check("rollup-objective", "rollup-perspective")
def _rollup_weighted(table: Table, page, tmp: Path) -> None:
    children, total = rollup_rows(table)
    pairs = []
    for name, weight, score, product in children:
        value = number(score)
        pairs.append((None if value is None else float(value), float(number(weight))))
        if value is None:
            assert plain(product) == "left out", f"{name}: a child without a score is left out"
        else:
            same(float(value) * float(number(weight)), last_number_text(product), f"{name} score × weight")
    same(sum(w for s, w in pairs if s is not None), last_number_text(total[1]), "weights counted")
    mean = weighted_mean(pairs)
    same(mean, last_number_text(total[2]), f"{table.name} weighted mean")
    assert status_from_score(mean) == status_word(total[3]), f"{table.name}: {status_from_score(mean)}"


@check("rollup-perspective-weights")
def _rollup_perspective_weights(table: Table, page, tmp: Path) -> None:
    """The arithmetic, then the same scorecard evaluated by the real code: one KPI per perspective whose
    score is the page's (higher, target 100, tolerance 30: an actual of 100 + 9 x (s - 20/3) scores s)."""
    _rollup_weighted(table, page, tmp)
    children, total = rollup_rows(table)
    perspectives, objectives, rows = [], [], []
    for i, (name, weight, score, _) in enumerate(children):
        perspectives.append({"id": f"p{i}", "title": plain(name), "weight": float(number(weight))})
        objectives.append({"id": f"o{i}", "title": f"O{i}", "perspective": f"p{i}",
                           "kpis": [{"id": f"k{i}", "title": "K", "better": "higher", "target": 100,
                                     "tolerance": 30}]})
        value = number(score)
        if value is not None:
            rows.append(f"k{i},2026-Q1,{float(100 + 9 * (value - Fraction(20, 3)))!r}")
    (tmp / "scorecards").mkdir(parents=True)
    (tmp / "data").mkdir()
    definition = {"title": "Weighted", "perspectives": perspectives, "objectives": objectives}
    (tmp / "scorecards" / "weighted.yml").write_text(yaml.safe_dump(definition, sort_keys=False))
    (tmp / "data" / "actuals.csv").write_text("kpi,period,actual\n" + "\n".join(rows) + "\n")
    result = evaluate_project(load_project(tmp)).scorecards[0]
    same(result.score, last_number_text(total[2]), "the scorecard evaluated with perspective weights")
    assert result.status == status_word(total[3]), f"{table.name}: {result.status}"


@check("rollup-scorecard")
def _rollup_scorecard(table: Table, page, tmp: Path) -> None:
    children, total = rollup_rows(table)
    scores = []
    for name, score, status in children:
        value = number(score)
        scores.append(None if value is None else float(value))
        assert status_from_score(scores[-1]) == status_word(status), f"{name}: {status_from_score(scores[-1])}"
    mean = plain_mean(scores)
    same(mean, last_number_text(total[1]), "the scorecard's plain mean")
    assert status_from_score(mean) == status_word(total[2])


@check("rollup-balance")
def _rollup_balance(table: Table, page, tmp: Path) -> None:
    perspectives, objectives = [], []
    rows = table.records()
    for r in rows[:-2]:
        scores = scores_list(r["Its objectives' scores"])
        objectives += scores
        perspectives.append(weighted_mean((s, 1.0) for s in scores))
        same(perspectives[-1], last_number_text(r["Perspective score"]), r["Perspective"])
    balanced, flat = rows[-2]["Perspective score"], rows[-1]["Perspective score"]
    same(plain_mean(perspectives), re.findall(r"= ([\d.]+)", balanced)[-1], "each perspective once")
    assert status_from_score(plain_mean(perspectives)) == status_in(balanced)
    flat_mean = weighted_mean((s, 1.0) for s in objectives)
    same(flat_mean, re.findall(r"= ([\d.]+)", flat)[-1], "each objective once")
    assert status_from_score(flat_mean) == status_in(flat)
    assert status_in(balanced) != status_in(flat), "the example is meant to show a different colour"


@check("status-from-score")
def _status_from_score(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        value = float(evaluate_sum(r["Unrounded score"], {}))
        same(value, r["Published as"], f"score {r['Unrounded score']}")
        assert status_from_score(value) == status_word(r["Status"]), f"{r['Unrounded score']}: {status_from_score(value)}"


def distance(value: float, target) -> float:
    low, high = target
    return max(low - value, value - high, 0.0)


@check("trend-kpi")
def _trend_kpi(table: Table, page, tmp: Path) -> None:
    distances = next(h for h in table.records()[0] if h.startswith("Distance"))
    steady = next(h for h in table.records()[0] if "1%" in h)
    for r in table.records():
        target = kpi_target(r["Target"])
        previous, current = (None if number(r[k]) is None else float(number(r[k])) for k in ("Previous", "Current"))
        trend = kpi_trend(previous, current, r["better"], target)
        assert trend == r["Trend"], f"{previous} to {current}: the code says {trend}"
        if previous is None or current is None:
            continue
        same(current - previous, last_number_text(r["Change"]), "change")
        same(abs(previous) / 100, last_number_text(r[steady]), "1% of the previous value")
        if r["better"] == "in-range":
            before, after = (float(x) for x in re.findall(r"[\d.]+", r[distances]))
            assert (before, after) == (distance(previous, target), distance(current, target)), r


@check("trend-objective")
def _trend_objective(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        previous, current = (None if number(r[k]) is None else float(number(r[k]))
                             for k in ("Previous score", "Current score"))
        trend = score_trend(previous, current)
        assert trend == r["Trend"], f"{previous} to {current}: the code says {trend}"
        if previous is not None and current is not None:
            same(current - previous, last_number_text(r["Change"]), "change")
    assert repr(8.3 - 8.2) in page["__text__"], "the page quotes the floating-point difference of 8.3 − 8.2"


def arrow_scores(page) -> tuple[list[str], list[float], list[float]]:
    table = page["arrow-scores"]
    quarters = [plain(row[0]) for row in table.rows]
    return (quarters, [float(number(row[1])) for row in table.rows], [float(number(row[2])) for row in table.rows])


@check("arrow-scores")
def _arrow_scores(table: Table, page, tmp: Path) -> None:
    quarters, cause, effect = arrow_scores(page)
    periods = [parse_label(q) for q in quarters]
    assert all(p.grain == "quarter" for p in periods)
    assert all(b.first == a.last + 1 for a, b in zip(periods, periods[1:])), "the quarters follow one another"


def lag_pairs(page, lag: int):
    quarters, cause, effect = arrow_scores(page)
    return [(quarters[i - lag], cause[i - lag], quarters[i], effect[i]) for i in range(lag, len(quarters))]


@check("arrow-ranks")
def _arrow_ranks(table: Table, page, tmp: Path) -> None:
    rows = [row for row in table.rows if plain(row[0]) != "total"]
    total = next(row for row in table.rows if plain(row[0]) == "total")
    quarters = arrow_scores(page)[0]
    lag = quarters.index(plain(rows[0][3])) - quarters.index(plain(rows[0][0]))
    pairs = lag_pairs(page, lag)
    assert [(plain(r[0]), float(number(r[1])), plain(r[3]), float(number(r[4]))) for r in rows] == pairs
    x = np.array([p[1] for p in pairs])
    y = np.array([p[3] for p in pairs])
    rx, ry = average_ranks(x), average_ranks(y)
    for row, a, b in zip(rows, rx, ry):
        same(a, row[2], f"rank of cause {row[1]}")
        same(b, row[5], f"rank of effect {row[4]}")
        same(a - b, last_number_text(row[6]), "rank difference")
        same((a - b) ** 2, row[7], "squared rank difference")
    same(rx.sum(), total[2], "sum of the cause ranks")
    same(ry.sum(), total[5], "sum of the effect ranks")
    same((rx - ry).sum(), total[6], "sum of the differences")
    same(((rx - ry) ** 2).sum(), total[7], "sum of the squared differences")


@check("arrow-rho")
def _arrow_rho(table: Table, page, tmp: Path) -> None:
    ranks = page["arrow-ranks"]
    quarters = arrow_scores(page)[0]
    lag = quarters.index(plain(ranks.rows[0][3])) - quarters.index(plain(ranks.rows[0][0]))
    pairs = lag_pairs(page, lag)
    x = np.array([p[1] for p in pairs])
    y = np.array([p[3] for p in pairs])
    rx, ry = average_ranks(x), average_ranks(y)
    rows = steps(table)
    same(len(pairs), rows["n"], "pairs")
    same(((rx - ry) ** 2).sum(), rows["ΣD²"], "sum of squared differences")
    sx, sy = ((rx - rx.mean()) ** 2).sum(), ((ry - ry.mean()) ** 2).sum()
    same(sx, rows["Sx"], "spread of the cause ranks")
    same(sy, rows["Sy"], "spread of the effect ranks")
    same(math.sqrt(sx * sy), rows["R"], "root")
    same(spearman(x, y), rows["rho"], "rho")
    n = len(pairs)
    shortcut = next(row[2] for row in table.rows if "shortcut" in row[0])
    same(1 - 6 * ((rx - ry) ** 2).sum() / (n * (n * n - 1)), shortcut, "the shortcut")
    assert plain(shortcut) != plain(rows["rho"]), "the example is meant to show the shortcut is off with ties"


@check("arrow-lags")
def _arrow_lags(table: Table, page, tmp: Path) -> None:
    quarters, cause, effect = arrow_scores(page)
    evidence = weigh_arrow(dict(enumerate(cause)), dict(enumerate(effect)))
    records = table.records()
    assert len(records) == len(evidence.lags) == 5
    for r, result in zip(records, evidence.lags):
        assert int(r["Lag k"]) == result.lag
        assert int(r["Pairs n"]) == result.n, f"lag {result.lag}: {result.n} pairs"
        same(result.rho, r["rho"], f"rho at lag {result.lag}")
        counts = r["Counts?"]
        assert counts.startswith("yes" if result.n >= 8 else "no"), f"lag {result.lag}: {counts}"
        assert ("chosen" in counts) == (result.lag == evidence.lag), f"lag {result.lag}: {counts}"
        pairs = lag_pairs(page, result.lag)
        shown = re.findall(r"(\d{4}-Q\d) to (\d{4}-Q\d)", r["Pairs, cause quarter to effect quarter"])
        assert shown == [(pairs[0][0], pairs[0][2]), (pairs[-1][0], pairs[-1][2])], f"lag {result.lag}: {shown}"
    assert evidence.verdict == "supported"


@check("arrow-verdicts")
def _arrow_verdicts(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        cause, effect = scores_list(r["Cause scores"]), scores_list(r["Effect scores"])
        evidence = weigh_arrow(dict(enumerate(cause)), dict(enumerate(effect)))
        what = f"{r['Effect scores']}"
        assert evidence.verdict == r["Verdict"].replace(" ", "-"), f"{what}: the code says {evidence.verdict}"
        assert evidence.n == int(r["Pairs n"]), f"{what}: n is {evidence.n}"
        if evidence.lag is None:
            assert r["Lag chosen"] in NONE
        else:
            assert evidence.lag == int(r["Lag chosen"]), f"{what}: lag {evidence.lag}"
        same(evidence.rho, r["rho"], f"{what} rho")


@check("chance-of-rho")
def _chance_of_rho(table: Table, page, tmp: Path) -> None:
    for r in table.records():
        n = int(r["Pairs n"])
        orderings = np.array(list(itertools.permutations(range(1, n + 1))), dtype=float)
        rho = 1 - 6 * ((orderings - np.arange(1, n + 1)) ** 2).sum(axis=1) / (n * (n * n - 1))
        # the shortcut is exact without ties; confirm it agrees with the site's rho on a sample
        for ordering, value in zip(orderings[::997], rho[::997]):
            assert math.isclose(spearman(np.arange(1.0, n + 1), ordering), value, abs_tol=1e-12)
        threshold = float(re.search(r"rho ≥ ([\d.]+)", next(h for h in r if "rho" in h))[1])
        hits = int((rho >= threshold - 1e-9).sum())
        same(len(orderings), last_number_text(r["Orderings of the effect"]), "orderings")
        same(hits, r[next(h for h in r if "rho" in h)], "orderings reaching the threshold")
        same(hits / len(orderings), last_number_text(r["Share"]), "share")


# ---------------------------------------------------------------------------
# Running the checks
# ---------------------------------------------------------------------------


def check_page(text: str, tmp: Path) -> list[str]:
    """Every failure of every example of a version of the page; empty when all is right."""
    failures = []
    examples = parse_examples(text)
    page = {**examples, "__text__": text}
    for name in examples.keys() - CHECKS.keys():
        failures.append(f"example {name} has no check in tests/test_methodology.py")
    for name in CHECKS.keys() - examples.keys():
        failures.append(f"example {name} is missing from the page")
    for name, table in examples.items():
        if name not in CHECKS:
            continue
        for cell in (c for row in table.rows for c in row):
            if re.search(r"\d\s+-\s+\d", cell):
                failures.append(f"{name}: write a minus as − in {cell!r}, so the sum is checked")
        try:
            Arithmetic(table).run()
            folder = tmp / name
            folder.mkdir(parents=True, exist_ok=True)
            CHECKS[name](table, page, folder)
        except AssertionError as error:
            message = str(error)
            failures.append(message if message.startswith(f"{name}:") else f"{name}: {message}")
    return failures


@pytest.fixture(scope="module")
def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_every_example_on_the_page_is_right(page_text, tmp_path):
    assert check_page(page_text, tmp_path) == []


def test_the_page_has_the_examples_it_promises(page_text):
    examples = parse_examples(page_text)
    assert len(examples) >= 25
    # FORMAT's own example, word for word in numbers: 101.2 against 105 with 10% is amber, 5.46.
    score = steps(examples["score-higher"])
    assert (plain(score["a"]), plain(score["T"]), plain(score["status"]), plain(score["score"])) == (
        "101.2", "105", "amber", "5.46")
    edge = steps(examples["band-edge"])
    assert (plain(edge["a"]), plain(edge["T"]), plain(edge["status"])) == ("0.99", "1.1", "amber")


def test_arithmetic_checker_reads_sums():
    symbols = {"T": Fraction(105), "t": Fraction(21, 2), "ΣD²": Fraction(43, 2), "n": Fraction(8)}
    assert evaluate_sum("(101.2 − 105) / 10.5", {}) == Fraction(-38, 105)
    assert evaluate_sum("T × 10 / 100", symbols) == Fraction(21, 2)
    assert evaluate_sum("1 − 6 × ΣD² / (n × (n² − 1))", symbols) == 1 - Fraction(6 * 43, 2 * 8 * 63)
    assert evaluate_sum("the value of 2026-09", {}) is None
    assert evaluate_sum("min(96, 104, 101)", {}) == 96
    assert evaluate_sum("median(96, 104, 101)", {}) == 101
    assert longest_suffix("April is not before April: 2026 + 1", {}) == 2027
    assert matches(Fraction(546031, 100000), "5.46") and not matches(Fraction(546031, 100000), "5.47")
    assert matches(Fraction(2675, 1000), "2.68")


# Deliberate mistakes: (example, text in that example's table, wrong text). Each must be caught.
MISTAKES = [
    ("score-higher", "| 5.46 |", "| 5.47 |"),
    ("score-higher", "(101.2 − 105) / 10.5 = −3.8 / 10.5", "(101.2 − 105) / 10.5 = −3.9 / 10.5"),
    ("score-higher", "6.6667 + (−0.3619) × 3.3333", "6.6667 + (−0.3629) × 3.3333"),
    ("score-higher", "| 101.2 |", "| 101.3 |"),
    ("band-edge", "| amber |", "| red |"),
    ("fiscal-quarter-of-month", "| FY2027-Q2 | July 2026", "| FY2027-Q3 | July 2026"),
    ("fiscal-quarter-of-month", "8 − 4 + 1 = 5", "8 − 4 + 1 = 4"),
    ("fiscal-labels", "| 7 | FY2027 | July 2026 | June 2027 |", "| 7 | FY2027 | July 2026 | July 2027 |"),
    ("aggregate-quarter", "| 100.33 |", "| 100.34 |"),
    ("partial-quarter", "| 197 | no |", "| 197 | yes |"),
    ("target-in-force", "| 100 | green |", "| 100 | amber |"),
    ("target-latest-month", "| 102.2 | 106 |", "| 102.2 | 104 |"),
    ("tolerance", "| 8.5 |", "| 8 |"),
    ("bands-in-range", "63 ≤ 66 < 70", "62 ≤ 66 < 70"),
    ("score-in-range", "| 0.5714 |", "| 0.5715 |"),
    ("score-cases", "| 11.43 |", "| 11.42 |"),
    ("score-zero-tolerance", "| 8.33 |", "| 8.34 |"),
    ("rollup-objective", "(10.92 + 4.67) / 3 = 5.20", "(10.92 + 4.67) / 3 = 5.21"),
    ("rollup-scorecard", "(4.90 + 6.37 + 8.00) / 3 = 6.42", "(4.90 + 6.37 + 8.00 + 0) / 4 = 4.82"),
    ("rollup-balance", "/ 7 = 7.00", "/ 7 = 6.00"),
    ("rollup-perspective-weights", "/ 4 = 6.04", "/ 3 = 8.06"),
    ("status-from-score", "| 3.3301 | 3.33 | red |", "| 3.3301 | 3.33 | amber |"),
    ("trend-kpi", "| 5 → 4 | improving |", "| 5 → 4 | declining |"),
    ("trend-kpi", "| 4 → 2 |", "| 4 → 3 |"),
    ("trend-objective", "8.3 − 8.2 = 0.1 | steady", "8.3 − 8.2 = 0.1 | improving"),
    ("arrow-ranks", "| 2.25 |", "| 2.5 |"),
    ("arrow-rho", "| 0.743 |", "| 0.742 |"),
    ("arrow-lags", "| 0.901 |", "| 0.910 |"),
    ("arrow-verdicts", "| 0.310 | weak |", "| 0.310 | contradicted |"),
    ("chance-of-rho", "4358", "4359"),
]


def with_mistake(text: str, example: str, old: str, new: str) -> str:
    start = text.index(f"<!-- example: {example} -->")
    end = text.find("\n\n", start)
    block = text[start:end]
    assert block.count(old) >= 1, f"{old!r} is not in example {example}"
    return text[:start] + block.replace(old, new, 1) + text[end:]


@pytest.mark.parametrize("example,old,new", MISTAKES, ids=[f"{m[0]}:{m[2]}" for m in MISTAKES])
def test_a_wrong_number_is_caught(page_text, tmp_path, example, old, new):
    failures = check_page(with_mistake(page_text, example, old, new), tmp_path)
    assert any(failure.startswith(f"{example}:") or example in failure for failure in failures), failures


def test_the_page_is_in_the_navigation():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def pages(entries):
        for entry in entries:
            if isinstance(entry, str):
                yield entry
            elif isinstance(entry, dict):
                for value in entry.values():
                    yield from ([value] if isinstance(value, str) else pages(value))

    guide = next(entry["User guide"] for entry in config["nav"] if isinstance(entry, dict) and "User guide" in entry)
    assert PAGE_PATH in list(pages(guide)), "add guide/methodology.md to the User guide section of the nav"
    index = (REPO / "site_src" / "guide" / "index.md").read_text(encoding="utf-8")
    assert "(methodology.md)" in index, "list the page in the table of site_src/guide/index.md"
