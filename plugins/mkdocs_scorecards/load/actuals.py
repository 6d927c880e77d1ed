"""CSV actuals to one column-wise table, with every row accounted for.

Each data row either lands in exactly one KPI's series or becomes a problem
naming its file and line: nothing is dropped or overwritten in silence.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import Problems, did_you_mean
from ..model import Actuals, Kpi, Scorecard
from ..periods import fits, month_label, parse_label, reporting_period
from .numbers import NotANumber, parse_number

LONG_COLUMNS = ("kpi", "period", "actual", "target", "note")
SOURCE_COLUMNS = ("period", "actual", "target", "note")
DELIMITERS = (",", ";", "\t")
# The message for rows of a KPI whose definition has errors; reported once per file.
UNUSABLE = "rows of a KPI whose definition has errors"
COLUMNS = ("scorecard", "kpi", "first", "last", "label", "actual", "target", "target_high", "note",
           "file", "line")


@dataclass
class KpiIndex:
    """Finds a KPI from how a CSV names it: bare id, or scorecard/kpi."""

    scorecards: dict[str, Scorecard]
    by_bare_id: dict[str, list[tuple[str, Kpi]]] = field(default_factory=dict)
    by_source: dict[str, tuple[str, Kpi]] = field(default_factory=dict)
    by_full_id: dict[str, tuple[str, Kpi]] = field(default_factory=dict)
    unusable: set[str] = field(default_factory=set)   # bare and full ids of KPIs with broken definitions

    @classmethod
    def build(cls, scorecards: list[Scorecard]) -> "KpiIndex":
        index = cls({s.id: s for s in scorecards})
        for scorecard in scorecards:
            for kpi in scorecard.kpis():
                index.by_bare_id.setdefault(kpi.id, []).append((scorecard.id, kpi))
                index.by_full_id[f"{scorecard.id}/{kpi.id}"] = (scorecard.id, kpi)
                if kpi.source:
                    index.by_source[kpi.source] = (scorecard.id, kpi)
            for kpi_id in scorecard.unusable_kpis:
                index.unusable.update((kpi_id, f"{scorecard.id}/{kpi_id}"))
        return index

    def find(self, name: str) -> tuple[tuple[str, Kpi] | None, str, str]:
        """(scorecard id, KPI), or None with a message and a hint."""
        if name in self.by_full_id:
            return self.by_full_id[name], "", ""
        if name in self.unusable and name not in self.by_bare_id:
            return None, UNUSABLE, ""
        if "/" in name:
            scorecard_id, _, kpi_id = name.partition("/")
            scorecard = self.scorecards.get(scorecard_id)
            if scorecard is None:
                return None, f"unknown scorecard '{scorecard_id}' in '{name}'", \
                    did_you_mean(scorecard_id, self.scorecards, "scorecard")
            for kpi in scorecard.kpis():
                if kpi.id == kpi_id:
                    return (scorecard_id, kpi), "", ""
            return None, f"scorecard '{scorecard_id}' has no KPI '{kpi_id}'", \
                did_you_mean(kpi_id, {k.id for k in scorecard.kpis()}, "KPI")
        matches = self.by_bare_id.get(name, [])
        if len(matches) == 1:
            return matches[0], "", ""
        if matches:
            names = ", ".join(f"{s}/{name}" for s, _ in matches)
            return None, f"the KPI id '{name}' is ambiguous: it could be {names}", \
                "write it as scorecard-id/kpi-id"
        return None, f"unknown KPI '{name}'", did_you_mean(name, self.by_bare_id, "KPI")


class _Table:
    """Columns being filled, one list per column."""

    def __init__(self, scorecards: dict[str, Scorecard]) -> None:
        self.scorecards = scorecards
        # (period text, scorecard id) -> (period, reporting label, fits); rows repeat a few periods.
        self.periods: dict[tuple[str, str], tuple] = {}
        self.columns: dict[str, list] = {name: [] for name in COLUMNS}
        self.rows_read = 0
        self.rows_placed = 0
        self.rows_rejected = 0

    def add(self, **values) -> None:
        for name in COLUMNS:
            self.columns[name].append(values[name])

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame({
            "scorecard": pd.Series(self.columns["scorecard"], dtype="category"),
            "kpi": pd.Series(self.columns["kpi"], dtype="category"),
            "first": np.asarray(self.columns["first"], dtype=np.int64),
            "last": np.asarray(self.columns["last"], dtype=np.int64),
            "label": pd.Series(self.columns["label"], dtype="category"),
            "actual": np.asarray(self.columns["actual"], dtype=np.float64),
            "target": np.asarray(self.columns["target"], dtype=np.float64),
            "target_high": np.asarray(self.columns["target_high"], dtype=np.float64),
            "note": pd.Series(self.columns["note"], dtype="string"),
            "file": pd.Series(self.columns["file"], dtype="category"),
            "line": np.asarray(self.columns["line"], dtype=np.int64),
        })
        return frame


def decode(data: bytes, file: str, problems: Problems) -> str | None:
    """Text from bytes as Excel and other tools write them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problems.add(file, 1, "the file says it is UTF-16 but cannot be read as such",
                         "save it again as CSV UTF-8")
            return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.add(file, line, "the file contains a NUL byte", "save it again as CSV UTF-8")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv_file(file: str, in_data: str, data: bytes, index: KpiIndex, table: _Table, problems: Problems) -> None:
    """Read one CSV file into the table; its problems into `problems`.

    `file` is the path shown in messages; `in_data` the path below the data
    folder, which is how a KPI's `source:` names it.
    """
    text = decode(data, file, problems)
    if text is None:
        return
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        return
    delimiter = sniff_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as error:
        problems.add(file, reader.line_num + 1, f"this line is not valid CSV: {error}", "check the quotes")
        return
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return
    header_number, header = rows[0]
    header = _trim_trailing_empty([cell.strip() for cell in header])
    source_kpi = index.by_source.get(in_data)
    if source_kpi is not None:
        layout = _Layout.source(file, header_number, header, source_kpi, problems)
    elif "kpi" in header:
        layout = _Layout.long(file, header_number, header, problems)
    elif "period" in header:
        layout = _Layout.wide(file, header_number, header, index, problems)
    else:
        problems.add(file, header_number, "the header names neither a `kpi` nor a `period` column",
                     "start the file with `kpi,period,actual,target,note` (long form) "
                     "or `period,<kpi>,<kpi>...` (wide form)")
        return
    if layout is None:
        table.rows_read += len(rows) - 1
        table.rows_rejected += len(rows) - 1
        return
    for line, row in rows[1:]:
        table.rows_read += 1
        if layout.read_row(line, row, delimiter, index, table, problems):
            table.rows_placed += 1
        else:
            table.rows_rejected += 1


def _trim_trailing_empty(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


@dataclass
class _Layout:
    """How one file's columns map to values: long, wide, or a KPI's own source file."""

    file: str
    header: list[str]
    kind: str
    kpi_columns: dict[int, tuple[str, Kpi] | None] = field(default_factory=dict)
    source_kpi: tuple[str, Kpi] | None = None
    set_aside: set[str] = field(default_factory=set)

    @classmethod
    def long(cls, file, line, header, problems):
        return cls._checked(file, line, header, LONG_COLUMNS, ("kpi", "period", "actual"), "long", problems)

    @classmethod
    def source(cls, file, line, header, source_kpi, problems):
        layout = cls._checked(file, line, header, SOURCE_COLUMNS, ("period", "actual"), "source", problems)
        if layout:
            layout.source_kpi = source_kpi
        return layout

    @classmethod
    def _checked(cls, file, line, header, allowed, required, kind, problems):
        ok = _no_duplicate_columns(file, line, header, problems)
        for name in header:
            if name not in allowed:
                problems.add(file, line, f"unknown column '{name}'",
                             did_you_mean(name, allowed, "column") + f" (columns allowed here: {', '.join(allowed)})")
                ok = False
        for name in required:
            if name not in header:
                problems.add(file, line, f"the header has no '{name}' column", f"add a '{name}' column")
                ok = False
        return cls(file, header, kind) if ok else None

    @classmethod
    def wide(cls, file, line, header, index: KpiIndex, problems):
        ok = _no_duplicate_columns(file, line, header, problems)
        layout = cls(file, header, "wide")
        for position, name in enumerate(header):
            if name == "period":
                continue
            if name in ("actual", "target", "note"):
                problems.add(file, line, f"column '{name}' belongs to the long form, which also needs a 'kpi' column",
                             "add a `kpi` column, or name one KPI per column")
                ok = False
                continue
            found, message, hint = index.find(name)
            if found is None and message == UNUSABLE:
                problems.add(file, line, f"column '{name}' was not read, because the KPI's definition has errors",
                             "fix the KPI's definition reported above")
                ok = False
            elif found is None:
                problems.add(file, line, f"column '{name}': {message}", hint)
                ok = False
            layout.kpi_columns[position] = found
        return layout if ok else None

    def _set_aside(self, name: str, line: int, problems: Problems) -> bool:
        """A row of a KPI whose definition is broken: said once per file, not once per row."""
        if name not in self.set_aside:
            self.set_aside.add(name)
            problems.add(self.file, line, f"rows for KPI '{name}' (from this line on) were not read, "
                         "because its definition has errors", "fix the KPI's definition reported above")
        return False

    def read_row(self, line: int, row: list[str], delimiter: str, index: KpiIndex, table: _Table,
                 problems: Problems) -> bool:
        cells = [cell.strip() for cell in row]
        if len(cells) > len(self.header) and not any(cells[len(self.header):]):
            cells = cells[: len(self.header)]
        if len(cells) != len(self.header):
            problems.add(self.file, line, f"this row has {len(cells)} fields but the header has {len(self.header)}",
                         "check for a missing or extra delimiter, or quote values that contain one")
            return False
        values = dict(zip(self.header, cells))
        place = (self.file, line)
        if self.kind == "wide":
            ok = True
            for position, found in self.kpi_columns.items():
                if cells[position]:
                    ok &= _place_value(found, values["period"], cells[position], "", "", delimiter, place,
                                       table, problems, self.header[position])
            return ok
        if self.kind == "source":
            found = self.source_kpi
        else:
            found, message, hint = index.find(values["kpi"])
            if found is None and message == UNUSABLE:
                return self._set_aside(values["kpi"], line, problems)
            if found is None:
                problems.add(self.file, line, message if values["kpi"] else "the kpi field is empty",
                             hint if values["kpi"] else "name the KPI this row is for")
                return False
        return _place_value(found, values["period"], values.get("actual", ""), values.get("target", ""),
                            values.get("note", ""), delimiter, place, table, problems, "actual")


def _no_duplicate_columns(file, line, header, problems) -> bool:
    seen = set()
    ok = True
    for name in header:
        if name in seen:
            problems.add(file, line, f"the column '{name}' appears twice", "remove one of them")
            ok = False
        seen.add(name)
    return ok


def _place_value(found, period_text, actual_text, target_text, note, delimiter, place, table, problems,
                 column) -> bool:
    file, line = place
    scorecard_id, kpi = found
    scorecard = table.scorecards[scorecard_id]
    if not period_text:
        problems.add(file, line, "the period is empty", "write a month such as 2026-03 or a label such as 2026-Q1")
        return False
    cached = table.periods.get((period_text, scorecard_id))
    if cached is None:
        period = parse_label(period_text, scorecard.fiscal_year_start)
        fitting = period is not None and fits(period, scorecard.frequency, scorecard.fiscal_year_start)
        label = reporting_period(period.first, scorecard.frequency, scorecard.fiscal_year_start).label \
            if period else ""
        cached = table.periods[(period_text, scorecard_id)] = (period, label, fitting)
    period, label, fitting = cached
    if period is None:
        problems.add(file, line, f"'{period_text}' is not a period",
                     "write a month (2026-03), a date (2026-03-31) or a label such as 2026-Q1, 2026 or FY2027-Q1")
        return False
    if not fitting:
        holder = reporting_period(period.first, scorecard.frequency, scorecard.fiscal_year_start)
        problems.add(file, line, f"period '{period_text}' does not fit the {scorecard.frequency} calendar of "
                     f"scorecard '{scorecard_id}' (it spans more than {holder.label})",
                     "give values per month or per reporting period")
        return False
    actual = _number(actual_text, delimiter, file, line, column, problems)
    target, target_high = np.nan, np.nan
    if target_text:
        target, target_high = _target(target_text, kpi, delimiter, file, line, problems)
    if actual is None or target is None:
        return False
    table.add(scorecard=scorecard_id, kpi=kpi.id, first=period.first, last=period.last, label=label,
              actual=np.nan if actual_text == "" else actual, target=target, target_high=target_high,
              note=note, file=file, line=line)
    return True


def _number(text, delimiter, file, line, column, problems):
    if text == "":
        return np.nan
    try:
        return parse_number(text, delimiter)
    except NotANumber:
        problems.add(file, line, f"{column} '{text}' is not a number",
                     "write digits such as 101.5 (or 101,5 in a file separated by ';'), or leave it empty")
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
        if low > high:
            problems.add(file, line, f"target range '{text}' runs backwards", "write the low end first")
            return None, None
        return low, high
    value = _number(text, delimiter, file, line, "target", problems)
    if value == 0 and kpi.tolerance.percent:
        problems.add(file, line, f"target 0 with KPI '{kpi.id}''s tolerance of {kpi.tolerance} has no amber band",
                     "give the KPI an absolute tolerance in its unit, or a non-zero target")
        return None, None
    return value, np.nan


def check_series(frame: pd.DataFrame, scorecards: dict[str, Scorecard], problems: Problems) -> None:
    """Rules across rows: no two values for one period, no mixed grains for one KPI."""
    if frame.empty:
        return
    duplicated = frame[frame.duplicated(["scorecard", "kpi", "first", "last"], keep=False)]
    for _, group in duplicated.groupby(["scorecard", "kpi", "first", "last"], sort=True, observed=True):
        rows = group.sort_values(["file", "line"])
        first = rows.iloc[0]
        for _, row in rows.iloc[1:].iterrows():
            problems.add(row["file"], int(row["line"]),
                         f"a second value for {row['kpi']} in {_period_text(row)} "
                         f"(the first is at {first['file']}:{first['line']})",
                         "keep one row per KPI and period; restate a value by editing the first")
    spans = frame.assign(months=frame["last"] - frame["first"])
    mixed = spans.groupby(["scorecard", "kpi"], sort=True, observed=True)["months"].nunique()
    for scorecard_id, kpi_id in mixed[mixed > 1].index:
        group = spans[(spans["scorecard"] == scorecard_id) & (spans["kpi"] == kpi_id)]
        group = group.sort_values(["file", "line"])
        first = group.iloc[0]
        other = group[group["months"] != first["months"]].iloc[0]
        problems.add(other["file"], int(other["line"]),
                     f"KPI {scorecard_id}/{kpi_id} mixes periods of different lengths: "
                     f"'{_period_text(other)}' here and '{_period_text(first)}' at {first['file']}:{first['line']}",
                     "give all of one KPI's values per month, or all per reporting period")


def _period_text(row) -> str:
    if row["first"] == row["last"]:
        return month_label(int(row["first"]))
    return row["label"]


def read_actuals(files: list[tuple[str, str, bytes]], scorecards: list[Scorecard], problems: Problems) -> Actuals:
    """Every CSV file, in path order, into one table.

    `files` holds (path shown in messages, path below the data folder, bytes).
    """
    index = KpiIndex.build(scorecards)
    table = _Table(index.scorecards)
    present = {in_data for _, in_data, _ in files}
    for source, (scorecard_id, kpi) in sorted(index.by_source.items()):
        if source not in present:
            problems.add(kpi.place.file, kpi.place.line, f"KPI '{kpi.id}' names source '{source}', which does not exist",
                         f"create {source} in the data folder, or correct the path")
    for file, in_data, data in files:
        read_csv_file(file, in_data, data, index, table, problems)
    frame = table.frame()
    check_series(frame, index.scorecards, problems)
    return Actuals(frame, rows_read=table.rows_read, rows_placed=table.rows_placed,
                   rows_rejected=table.rows_rejected, files_read=len(files))
