"""CSV actuals to one column-wise table, with every row accounted for.

Each data row either lands in exactly one KPI's series or becomes a problem
naming its file and line: nothing is dropped or overwritten in silence.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import Problems, did_you_mean, nearest
from ..model import Actuals, Kpi, Scorecard, stretch_lies_beyond
from ..periods import fits, month_label, reporting_period
from .encoding import looks_like_utf16
from .numbers import NotANumber, parse_number
from .periodtext import read_period

LONG_COLUMNS = ("kpi", "period", "actual", "target", "note")
SOURCE_COLUMNS = ("period", "actual", "target", "note")
DELIMITERS = (",", ";", "\t")
# The message for rows of a KPI whose definition has errors; reported once per file.
UNUSABLE = "rows of a KPI whose definition has errors"
# The message for rows that may belong to a scorecard whose file could not be read.
UNREADABLE = "rows of a KPI that is not known, while a scorecard could not be read"
_LINE = re.compile(r"[^\r\n]+")
COLUMNS = ("scorecard", "kpi", "first", "last", "label", "actual", "target", "target_high", "note",
           "file", "line")


@dataclass
class KpiIndex:
    """Finds a KPI from how a CSV names it: bare id, or scorecard/kpi."""

    scorecards: dict[str, Scorecard]
    by_bare_id: dict[str, list[tuple[str, Kpi]]] = field(default_factory=dict)
    by_source: dict[str, tuple[str, Kpi]] = field(default_factory=dict)
    by_full_id: dict[str, tuple[str, Kpi]] = field(default_factory=dict)
    # Bare and full ids of KPIs with broken definitions -> the file that defines them.
    unusable: dict[str, str] = field(default_factory=dict)
    # Scorecards whose files could not be read, or hold a KPI or objective whose id
    # could not be read (id -> file): a KPI not found may be theirs, so its rows are set aside.
    uncertain: dict[str, str] = field(default_factory=dict)
    # `source:` files of KPIs with broken definitions (path below data/ -> (KPI id, definition file)).
    broken_sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    _found: dict[str, tuple] = field(default_factory=dict)

    @classmethod
    def build(cls, scorecards: list[Scorecard], uncertain=None, broken_sources=None) -> "KpiIndex":
        index = cls({s.id: s for s in scorecards}, uncertain=dict(uncertain or {}),
                    broken_sources=dict(broken_sources or {}))
        for scorecard in scorecards:
            for kpi in scorecard.kpis():
                index.by_bare_id.setdefault(kpi.id, []).append((scorecard.id, kpi))
                index.by_full_id[f"{scorecard.id}/{kpi.id}"] = (scorecard.id, kpi)
                if kpi.source:
                    index.by_source[kpi.source] = (scorecard.id, kpi)
            for kpi_id in scorecard.unusable_kpis:
                index.unusable.setdefault(kpi_id, scorecard.place.file)
                index.unusable[f"{scorecard.id}/{kpi_id}"] = scorecard.place.file
        return index

    def find(self, name: str) -> tuple[tuple[str, Kpi] | None, str, str]:
        """(scorecard id, KPI), or None with a message and a hint (remembered per name)."""
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = self._find(name)
        return found

    def _find(self, name: str) -> tuple[tuple[str, Kpi] | None, str, str]:
        if name in self.by_full_id:
            return self.by_full_id[name], "", ""
        if name in self.unusable and name not in self.by_bare_id:
            return None, UNUSABLE, f"fix them in {self.unusable[name]}"
        if "/" in name:
            scorecard_id, _, kpi_id = name.partition("/")
            scorecard = self.scorecards.get(scorecard_id)
            if scorecard_id in self.uncertain:
                return None, UNREADABLE, f"fix the errors in {self.uncertain[scorecard_id]} first"
            if scorecard is None:
                return None, f"unknown scorecard '{scorecard_id}' in '{name}'", \
                    did_you_mean(scorecard_id, self.scorecards, "scorecard")
            return None, f"scorecard '{scorecard_id}' has no KPI '{kpi_id}'", \
                did_you_mean(kpi_id, {k.id for k in scorecard.kpis()}, "KPI")
        matches = self.by_bare_id.get(name, [])
        if len(matches) == 1:
            return matches[0], "", ""
        if matches:
            names = ", ".join(f"{s}/{name}" for s, _ in matches)
            return None, f"the KPI id '{name}' is ambiguous: it could be {names}", \
                "write it as scorecard-id/kpi-id"
        if self.uncertain:
            guess = nearest(name, self.by_bare_id)
            return None, UNREADABLE, f"it may be defined in {_listed(self.uncertain.values())}, which has errors " \
                "to fix first" + (f"; or did you mean '{guess}'?" if guess else "")
        return None, f"unknown KPI '{name}'", did_you_mean(name, self.by_bare_id, "KPI")


class _Table:
    """Columns being filled, one list per column, and the count of rows read."""

    def __init__(self, scorecards: dict[str, Scorecard]) -> None:
        self.scorecards = scorecards
        # (period text, scorecard id) -> (period, reporting label, fits, message, hint).
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
    """Text from bytes as Excel and other tools write them.

    UTF-16 with a byte order mark ("Unicode text"), UTF-8 with or without a
    BOM, and otherwise Windows-1252 ("CSV" from Excel on Windows). A file
    that is none of these, or holds a NUL character, is refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            problems.add(file, 1, "the file says it is UTF-16 but cannot be read as such",
                         "save it again as CSV UTF-8")
            return None
    elif b"\x00" in data:
        if looks_like_utf16(data):
            problems.add(file, 1, "the file looks like UTF-16 text without a byte order mark",
                         "save it again as CSV UTF-8, or as Unicode text (UTF-16 with a byte order mark)")
            return None
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.add(file, line, "the file contains a NUL byte",
                     "save it again as CSV UTF-8 (a NUL byte is never part of a CSV file)")
        return None
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start + 3].count(b"\n") + 1
            problems.add(file, line, "the file starts with a UTF-8 mark but is not UTF-8 text",
                         "save it again as CSV UTF-8")
            return None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                line = data[: utf8_error.start].count(b"\n") + 1
                problems.add(file, line, "the file is neither UTF-8 nor Windows-1252 text",
                             "save it again as CSV UTF-8")
                return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.add(file, line, "the file contains a NUL character", "save it again as CSV UTF-8")
        return None
    return text.lstrip("\ufeff")


def sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


# Column names people write for the ones the format names.
_COLUMN_SYNONYMS = {"value": "actual", "actuals": "actual", "amount": "actual", "result": "actual",
                    "date": "period", "month": "period", "quarter": "period", "year": "period",
                    "comment": "note", "comments": "note", "notes": "note", "goal": "target",
                    "metric": "kpi", "measure": "kpi", "kpi_id": "kpi", "kpi-id": "kpi"}

_CSV_ERRORS = {
    "unexpected end of data": ("a quote opened in this row is never closed, so the rest of the file was not read",
                               "close the quote, or remove it"),
    "field larger than field limit": ("a field is longer than 131,072 characters, so the rest of the file "
                                      "was not read", "check for a quote that is never closed"),
}


def _records(text: str, delimiter: str, file: str, problems: Problems) -> list[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row up to the first CSV syntax error."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            records.append((previous + 1, row))
            previous = reader.line_num
    except csv.Error as error:
        reason = str(error)
        message, hint = next(((m, h) for key, (m, h) in _CSV_ERRORS.items() if reason.startswith(key)),
                             (None, None))
        if message is None and "expected after" in reason:
            message, hint = ("a quoted field has more text after its closing quote, so the rest of the file "
                             "was not read", 'quote the whole field, and write a quote inside it as ""')
        problems.add(file, previous + 1, message or f"this row is not valid CSV ({reason}), so the rest of "
                     "the file was not read", hint or "check the quotes")
    return records


def read_csv_file(file: str, in_data: str, data: bytes, index: KpiIndex, table: _Table, problems: Problems) -> None:
    """Read one CSV file into the table; its problems into `problems`.

    `file` is the path shown in messages; `in_data` the path below the data
    folder, which is how a KPI's `source:` names it. Blank rows (every cell
    empty) are no rows: they are skipped and not counted. Every other row
    below the header is counted as read, and then as placed or rejected.
    """
    text = decode(data, file, problems)
    if text is None:
        return
    delimiter = ""
    if (declared := re.match(r"sep=([^\r\n])(?=\r|\n|$)", text)) is not None:
        delimiter = declared[1]
        if delimiter not in DELIMITERS:
            problems.add(file, 1, f"the delimiter '{delimiter}' declared by `sep=` is not supported",
                         "separate the values with ',', ';' or tabs")
            return
        text = text[declared.end():]   # keep the line break, so line numbers stay; an empty row is skipped below
    header_line = next((match[0] for match in _LINE.finditer(text) if match[0].strip()), "")
    if not header_line:
        return
    delimiter = delimiter or sniff_delimiter(header_line)
    rows = [(line, row) for line, row in _records(text, delimiter, file, problems)
            if any(cell.strip() for cell in row)]
    if not rows:
        return
    header_number, raw_header = rows[0]
    header = _trim_trailing_empty([cell.strip() for cell in raw_header])
    data_rows = rows[1:]
    # Trailing delimiters are accepted where they are the file's habit: as far as the
    # header has them, or when every row has the same number of them. A single
    # row with one field too many (`1,234` unquoted) is ragged, not "trailing".
    widths = {len(row) for _, row in data_rows}
    width = max(len(raw_header), *widths) if len(widths) == 1 else len(raw_header)
    source_kpi = index.by_source.get(in_data)
    if source_kpi is not None:
        layout = _Layout.source(file, header_number, header, source_kpi, problems)
    elif in_data in index.broken_sources:
        kpi_id, definition = index.broken_sources[in_data]
        problems.add(file, header_number, f"this file was not read: it is the `source:` of KPI '{kpi_id}', "
                     "whose definition (or its objective's) has errors", f"fix them in {definition}")
        layout = None
    elif "kpi" in header:
        layout = _Layout.long(file, header_number, header, problems)
    elif "period" in header and set(header) <= set(SOURCE_COLUMNS) and "actual" in header:
        hint = f"add `source: {in_data}` to its KPI, or add a `kpi` column (long form)"
        if index.uncertain:
            hint = f"it may be the source of a KPI defined in {_listed(index.uncertain.values())}, which has " \
                "errors to fix first; otherwise " + hint
        problems.add(file, header_number, "this file has the columns of a KPI's own source file, but no KPI names "
                     "it in `source:`", hint)
        layout = None
    elif "period" in header:
        layout = _Layout.wide(file, header_number, header, index, problems)
    else:
        lowered = [name.lower() for name in header]
        hint = "start the file with `kpi,period,actual,target,note` (long form) or `period,<kpi>,<kpi>...` (wide form)"
        if "kpi" in lowered or "period" in lowered:
            hint = "write the column names in lowercase; " + hint
        problems.add(file, header_number, "the header names neither a `kpi` nor a `period` column", hint)
        layout = None
    table.rows_read += len(data_rows)
    if layout is None:
        table.rows_rejected += len(data_rows)
        return
    layout.width = max(width, len(header))
    for line, row in data_rows:
        if layout.read_row(line, row, delimiter, index, table, problems):
            table.rows_placed += 1
        else:
            table.rows_rejected += 1


def _listed(files) -> str:
    return " or ".join(sorted(set(files)))


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
    width: int = 0   # the most fields a row may have, the extra ones empty

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
        for position, name in enumerate(header, 1):
            if not name:
                problems.add(file, line, f"column {position} of the header has no name",
                             f"name it (columns allowed here: {', '.join(allowed)}), or remove the column")
                ok = False
            elif name not in allowed:
                guess = _COLUMN_SYNONYMS.get(name.lower(), "")
                guess = guess if guess in allowed else nearest(name, allowed)
                problems.add(file, line, f"unknown column '{name}'", f"did you mean '{guess}'?" if guess else
                             f"the columns allowed here are {', '.join(allowed)}")
                ok = False
        for name in required:
            if name not in header:
                problems.add(file, line, f"the header has no column '{name}'", f"add the column '{name}'")
                ok = False
        return cls(file, header, kind) if ok else None

    @classmethod
    def wide(cls, file, line, header, index: KpiIndex, problems):
        ok = _no_duplicate_columns(file, line, header, problems)
        layout = cls(file, header, "wide")
        for position, name in enumerate(header):
            if name == "period":
                continue
            if not name:
                problems.add(file, line, f"column {position + 1} of the header has no name",
                             "name the KPI of this column, or remove the column")
                ok = False
                continue
            if name in ("actual", "target", "note"):
                problems.add(file, line, f"column '{name}' belongs to the long form, which also needs a 'kpi' column",
                             "add a `kpi` column, or name one KPI per column")
                ok = False
                continue
            found, message, hint = index.find(name)
            if found is None and message == UNUSABLE:
                problems.add(file, line, f"column '{name}' was not read, because its KPI's definition "
                             "(or its objective's) has errors", hint)
                ok = False
            elif found is None and message == UNREADABLE:
                problems.add(file, line, f"column '{name}' was not read, because its KPI is not known", hint)
                ok = False
            elif found is None:
                problems.add(file, line, f"column '{name}': {message}", hint)
                ok = False
            layout.kpi_columns[position] = found
        return layout if ok else None

    def _set_aside(self, name: str, line: int, message: str, hint: str, problems: Problems) -> bool:
        """A row of a KPI that cannot be known now: said once per file, not once per row."""
        if name not in self.set_aside:
            self.set_aside.add(name)
            if message == UNUSABLE:
                problems.add(self.file, line, f"rows for KPI '{name}' (from this line on) were not read, "
                             "because its definition (or its objective's) has errors", hint)
            else:
                problems.add(self.file, line, f"rows for KPI '{name}' (from this line on) were not read, "
                             "because the KPI is not known", hint)
        return False

    def read_row(self, line: int, row: list[str], delimiter: str, index: KpiIndex, table: _Table,
                 problems: Problems) -> bool:
        """Check one row and place all of its values, or none of them; False when it was rejected."""
        cells = [cell.strip() for cell in row]
        if len(self.header) < len(cells) <= self.width and not any(cells[len(self.header):]):
            cells = cells[: len(self.header)]
        if len(cells) != len(self.header):
            problems.add(self.file, line, f"this row has {len(cells)} fields but the header has {len(self.header)}",
                         "check for a missing or extra delimiter, or quote values that contain one")
            return False
        values = dict(zip(self.header, cells))
        place = (self.file, line)
        if self.kind == "wide":
            records = []
            for position, found in self.kpi_columns.items():
                if cells[position]:
                    records.append(_read_value(found, values["period"], cells[position], "", "", delimiter, place,
                                               table, problems, f"in column '{self.header[position]}'"))
            if any(record is None for record in records):
                return False
            for record in records:
                table.add(**record)
            return True
        if self.kind == "source":
            found = self.source_kpi
        else:
            found, message, hint = index.find(values["kpi"])
            if found is None and message in (UNUSABLE, UNREADABLE):
                return self._set_aside(values["kpi"], line, message, hint, problems)
            if found is None:
                problems.add(self.file, line, message if values["kpi"] else "the kpi field is empty",
                             hint if values["kpi"] else "name the KPI this row is for")
                return False
        record = _read_value(found, values["period"], values.get("actual", ""), values.get("target", ""),
                             values.get("note", ""), delimiter, place, table, problems, "actual")
        if record is None:
            return False
        table.add(**record)
        return True


def _no_duplicate_columns(file, line, header, problems) -> bool:
    seen = set()
    ok = True
    for name in header:
        if name in seen and name:
            problems.add(file, line, f"the column '{name}' appears twice", "remove one of them")
            ok = False
        seen.add(name)
    return ok


def _read_value(found, period_text, actual_text, target_text, note, delimiter, place, table, problems,
                column) -> dict | None:
    """One value checked, as a table record; None (with its problems added) when anything is wrong."""
    file, line = place
    scorecard_id, kpi = found
    scorecard = table.scorecards[scorecard_id]
    if not period_text:
        problems.add(file, line, "the period is empty", "write a month such as 2026-03 or a label such as 2026-Q1")
        return None
    cached = table.periods.get((period_text, scorecard_id))
    if cached is None:
        period, message, hint = read_period(period_text, scorecard.fiscal_year_start)
        fitting = period is not None and fits(period, scorecard.frequency, scorecard.fiscal_year_start)
        label = reporting_period(period.first, scorecard.frequency, scorecard.fiscal_year_start).label \
            if period else ""
        if period is not None and not fitting:
            message = f"period '{period_text}' does not fit the {scorecard.frequency} calendar of scorecard " \
                      f"'{scorecard_id}' (it spans more than {label})"
            hint = "give values per month or per reporting period"
        cached = table.periods[(period_text, scorecard_id)] = (period, label, fitting, message, hint)
    period, label, fitting, message, hint = cached
    ok = True
    if not fitting:
        problems.add(file, line, message, hint)
        ok = False
    actual = _number(actual_text, delimiter, file, line, column, problems)
    target, target_high = np.nan, np.nan
    if target_text:
        target, target_high = _target(target_text, kpi, delimiter, file, line, problems)
    if not ok or actual is None or target is None:
        return None
    return dict(scorecard=scorecard_id, kpi=kpi.id, first=period.first, last=period.last, label=label,
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


def check_series(frame: pd.DataFrame, scorecards: dict[str, Scorecard], problems: Problems) -> set[tuple[str, int]]:
    """Rules across rows: no two values for one period, no mixed grains for one KPI.

    Returns the (file, line) of every row reported here: those rows were
    placed, and now count as rejected.
    """
    flagged: set[tuple[str, int]] = set()
    if frame.empty:
        return flagged
    duplicated = frame[frame.duplicated(["scorecard", "kpi", "first", "last"], keep=False)]
    for _, group in duplicated.groupby(["scorecard", "kpi", "first", "last"], sort=True, observed=True):
        rows = group.sort_values(["file", "line"])
        first = rows.iloc[0]
        for _, row in rows.iloc[1:].iterrows():
            problems.add(row["file"], int(row["line"]),
                         f"a second value for {row['kpi']} in {_period_text(row)} "
                         f"(the first is at {first['file']}:{first['line']})",
                         "keep one row per KPI and period; restate a value by editing the first")
            flagged.add((row["file"], int(row["line"])))
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
        flagged.add((other["file"], int(other["line"])))
    return flagged


def _period_text(row) -> str:
    if row["first"] == row["last"]:
        return month_label(int(row["first"]))
    return row["label"]


def read_actuals(files: list[tuple[str, str, bytes]], scorecards: list[Scorecard], problems: Problems,
                 uncertain: dict[str, str] | None = None,
                 broken_sources: dict[str, tuple[str, str]] | None = None,
                 on_disk: set[str] | None = None) -> Actuals:
    """Every CSV file, in path order, into one table.

    `files` holds (path shown in messages, path below the data folder, bytes).
    `uncertain` maps the scorecards whose definitions could not be read in full
    to their files, and `broken_sources` the `source:` files of KPIs with
    broken definitions to (KPI id, definition file): rows that may be theirs
    are set aside with one message, not one per row. `on_disk` names every
    CSV file below the data folder, read or not (default: those in `files`).

    Afterwards rows_read == rows_placed + rows_rejected: every row below a
    header is counted once, as placed (its values are in the table) or as
    rejected (a problem names it, its file's header, or, for a KPI that
    cannot be read, the first of its rows in that file).
    """
    index = KpiIndex.build(scorecards, uncertain, broken_sources)
    table = _Table(index.scorecards)
    present = on_disk if on_disk is not None else {in_data for _, in_data, _ in files}
    for source, (scorecard_id, kpi) in sorted(index.by_source.items()):
        if source not in present:
            problems.add(kpi.place.file, kpi.source_line or kpi.place.line,
                         f"KPI '{kpi.id}' names source '{source}', which does not exist",
                         f"create {source} in the data folder, or correct the path")
    for file, in_data, data in files:
        read_csv_file(file, in_data, data, index, table, problems)
    frame = table.frame()
    flagged = check_series(frame, index.scorecards, problems)
    table.rows_placed -= len(flagged)
    table.rows_rejected += len(flagged)
    return Actuals(frame, rows_read=table.rows_read, rows_placed=table.rows_placed,
                   rows_rejected=table.rows_rejected, files_read=len(files))
