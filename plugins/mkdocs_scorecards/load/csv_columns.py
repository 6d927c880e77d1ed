"""CSV files read column-wise: pandas' C parser for the cells, numpy for the rows that are plainly right.

Read row by row through Python, a million rows take seconds. Here pandas
reads the cells in one go (`csv_cells`), each distinct KPI name and
period text is looked up once (`KpiIndex.find`, `ValueReader.placing`),
numbers are read a column at a time (`read_number_column`), and the rows
that are plainly right become the table's columns directly.

Nothing about what a file means is decided here. A row is taken only when
nothing in it is wrong: as many fields as the header (or trailing empty
ones), a known KPI, a period that fits, numbers that are numbers, no
actual for a calculated KPI, a target only where a plain number is one.
Every other row goes to `Layout.read_row`, the row reader's own code, with
the cells the csv module would have given it, so its problems are the row
reader's word for word and its records land in the same order. A file
whose lines the row reader might see otherwise (`csv_lines.split_lines`)
is left to the row reader whole, before anything is reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problems
from ..model import Kpi, own_calendar
from .actuals_table import ActualsTable, chunk_of_records
from .csv_cells import FileRows, read_cells, settle_blank
from .csv_layout import Layout, choose_layout, trim_trailing_empty
from .csv_lines import split_lines
from .csv_values import ValueReader
from .kpi_index import KpiIndex
from .numbers import read_number_column

# Columns whose values repeat from row to row, read as codes of their distinct values.
REPEATING = ("kpi", "period", "note")


def read_columns(file: str, in_data: str, body: bytes, delimiter: str, index: KpiIndex, values: ValueReader,
                 table: ActualsTable, problems: Problems) -> bool:
    """Read one file's text (after any `sep=` line, as UTF-8) column-wise into the table, as
    `read_csv_file` would.

    False, having reported and added nothing, when the file is one for the
    row reader (see `csv_lines`), or pandas does not give one record per
    line.
    """
    lines = split_lines(body, delimiter)
    if lines is None:
        return False
    header_at = lines.first_row(delimiter)
    if header_at is None:
        return True
    raw_header = lines.cells(header_at, delimiter)
    header = trim_trailing_empty([cell.strip() for cell in raw_header])
    columns = read_cells(lines, delimiter, [position for position, name in enumerate(header) if name in REPEATING])
    if columns is None:
        return False
    settle_blank(lines, columns)
    rows = np.flatnonzero(~lines.blank)
    rows = rows[rows > header_at]
    file_rows = FileRows(columns, lines, rows)
    layout = choose_layout(file, in_data, header_at + 1, header, index, problems)
    count = len(file_rows.at)
    table.read += count
    if layout is None:
        table.rejected += count
        return True
    widths = np.unique(file_rows.fields)
    layout.width = max(max(len(raw_header), int(widths[0])) if len(widths) == 1 else len(raw_header), len(header))
    reader = _Reader(file, layout, delimiter, index, values, file_rows)
    chunk, clean = reader.wide() if layout.kind == "wide" else reader.long()
    table.placed += int(clean.sum())
    slow: list[dict] = []
    for at in file_rows.at[~clean].tolist():
        if layout.read_row(at + 1, file_rows.cells_of(at), delimiter, index, values, slow.append, problems):
            table.placed += 1
        else:
            table.rejected += 1
    table.add_columns(_merged(chunk, slow))
    return True


def _used(codes: np.ndarray, count: int) -> list[int]:
    """The codes (of `count` possible) that some row has, in order."""
    if count > 4 * len(codes) + 4096:
        return sorted(pd.unique(codes).tolist())
    return np.flatnonzero(np.bincount(codes, minlength=count)).tolist()


class _Series:
    """What the column-wise reader needs to know of the series a file's rows name, one entry per name."""

    def __init__(self, found: list, scorecards):
        self.known = np.array([f is not None for f in found], dtype=bool)
        self.formula = np.array([f is not None and isinstance(f[1], Kpi) and f[1].formula is not None
                                 for f in found], dtype=bool)
        # A target that needs no more than to be a number: not a measure's, not in-range, no stretch.
        self.plain_target = np.array([f is not None and isinstance(f[1], Kpi) and f[1].better != "in-range"
                                      and f[1].stretch is None for f in found], dtype=bool)
        self.zero_refused = np.array([f is not None and isinstance(f[1], Kpi) and f[1].tolerance.percent
                                      for f in found], dtype=bool)
        # Series that read a period's text alike (same calendar and grain), and one example of each.
        kinds: dict[tuple, int] = {}
        self.example: dict[int, tuple] = {}
        kind = []
        for f in found:
            if f is None:
                kind.append(-1)
                continue
            code = kinds.setdefault((own_calendar(f[1], scorecards[f[0]].calendar), f[1].grain), len(kinds))
            self.example.setdefault(code, f)
            kind.append(code)
        self.kind = np.array(kind, dtype=np.int64)
        self.kinds = len(kinds)
        # The scorecard of each entry, as a code into `scorecard_ids`.
        ids: dict[str, int] = {}
        self.scorecard = np.array([ids.setdefault(f[0], len(ids)) if f else 0 for f in found], dtype=np.int64)
        self.scorecard_ids = list(ids)
        # The table's text of each entry: its scorecard, its id.
        self.scorecard_names = [f[0] if f else "" for f in found]
        self.kpi_names = [f[1].id if f else "" for f in found]
        # Where each period lands for each kind: filled by `_Reader.placings` when first asked for.
        self.placings: dict | None = None


class _Reader:
    """Reads the data rows of one file column-wise: long form and source files, or wide form."""

    def __init__(self, file: str, layout: Layout, delimiter: str, index: KpiIndex, values: ValueReader,
                 rows: FileRows):
        self.file = file
        self.layout = layout
        self.delimiter = delimiter
        self.index = index
        self.values = values
        self.rows = rows
        header = layout.header
        fits = rows.fields == len(header)
        wider = (rows.fields > len(header)) & (rows.fields <= layout.width)
        if wider.any():
            extra_empty = np.ones(len(rows.at), dtype=bool)
            for position in range(len(header), len(rows.columns)):
                extra_empty &= rows.empty(position)
            fits |= wider & extra_empty
        self.fits = fits
        self.period_codes, texts = rows.codes(header.index("period"))
        self.period_texts = {code: texts[code].strip() for code in _used(self.period_codes, len(texts))}
        self.periods = len(texts)
        self.files = [file]

    def placings(self, series: _Series) -> dict:
        """Where each period's text lands for each kind of series, as arrays over pairs (kind * periods +
        period; the last pair for rows of no known series). Worked out once per file and series, so
        that a wide file's columns share them."""
        if series.placings is None:
            count = series.kinds * self.periods + 1
            fitting = np.zeros(count, dtype=bool)
            first, last, day = (np.zeros(count, dtype=np.int64) for _ in range(3))
            labels = [""] * count
            reporting: list = [None] * count
            for kind in range(series.kinds):
                scorecard_id, kpi = series.example[kind]
                scorecard = self.values.scorecards[scorecard_id]
                for period, text in self.period_texts.items():
                    placing = self.values.placing(text, scorecard, kpi) if text else None
                    if placing is not None and placing.fitting:
                        pair = kind * self.periods + period
                        fitting[pair] = True
                        first[pair], last[pair], day[pair] = placing.period.first, placing.period.last, placing.day
                        labels[pair] = placing.reporting.label
                        reporting[pair] = placing.reporting
            series.placings = {"fitting": fitting, "first": first, "last": last, "day": day, "labels": labels,
                               "reporting": reporting, "count": count}
        return series.placings

    def _pairs(self, series: _Series, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For rows of the series `codes` names: (whether the period fits, the pair of each row)."""
        kinds = series.kind[codes]
        pairs = np.where(kinds >= 0, kinds * self.periods + self.period_codes, series.kinds * self.periods)
        return self.placings(series)["fitting"][pairs], pairs

    def _note(self, series: _Series, keys: np.ndarray) -> None:
        """Every reporting period placed rows fall in, by scorecard, for evaluation (as `ValueReader.read`
        keeps them); `keys` are scorecard * pairs + pair, one per placed row."""
        placings = self.placings(series)
        count = placings["count"]
        for key in _used(keys, len(series.scorecard_ids) * count):
            scorecard, pair = divmod(key, count)
            period = placings["reporting"][pair]
            self.values.reporting[(series.scorecard_ids[scorecard], period.label)] = period

    def _chunk(self, series: _Series, codes: np.ndarray, pairs: np.ndarray, taken, actual: np.ndarray,
               target: np.ndarray | None, notes: np.ndarray | None, lines: np.ndarray) -> dict:
        """The taken values' columns (`taken` a mask, or a slice of all), for the table; `lines` the line
        (0-based) of each value."""
        placings = self.placings(series)
        pairs = pairs[taken]
        count = len(pairs)
        nothing = np.full(count, np.nan)
        return {
            "scorecard": (codes[taken], series.scorecard_names), "kpi": (codes[taken], series.kpi_names),
            "first": placings["first"][pairs], "last": placings["last"][pairs], "label": (pairs, placings["labels"]),
            "actual": actual[taken], "target": target[taken] if target is not None else nothing,
            "target_high": nothing, "note": notes if notes is not None else np.full(count, "", dtype=object),
            "file": (np.zeros(count, dtype=np.int64), self.files), "line": lines[taken] + 1,
            "day": placings["day"][pairs],
        }

    def long(self) -> tuple[dict, np.ndarray]:
        """Long form and a KPI's own source file: (the chunk of clean rows, which rows are clean)."""
        layout, rows = self.layout, self.rows
        names = {name: position for position, name in enumerate(layout.header)}
        if layout.kind == "source":
            codes = np.zeros(len(rows.at), dtype=np.int64)
            found = [layout.source_kpi]
        else:
            codes, written = rows.codes(names["kpi"])
            found = [None] * len(written)
            for code in _used(codes, len(written)):
                found[code] = self.index.find(written[code].strip())[0]
        series = _Series(found, self.values.scorecards)
        fitting, pairs = self._pairs(series, codes)
        actual, actual_ok = read_number_column(rows.cells(names["actual"]), self.delimiter)
        clean = self.fits & series.known[codes] & fitting & actual_ok & ~(series.formula[codes] & ~np.isnan(actual))
        target = None
        if "target" in names:
            target, target_ok = read_number_column(rows.cells(names["target"]), self.delimiter)
            given = ~target_ok | ~np.isnan(target)
            clean &= ~given | (target_ok & series.plain_target[codes] & ~((target == 0) & series.zero_refused[codes]))
        taken = slice(None) if clean.all() else clean    # a view of every row, not a copy
        notes = None
        if "note" in names:
            note_codes, written = rows.codes(names["note"])
            notes = np.array([text.strip() for text in written], dtype=object)[note_codes[taken]]
        self._note(series, series.scorecard[codes[taken]] * self.placings(series)["count"] + pairs[taken])
        return self._chunk(series, codes, pairs, taken, actual, target, notes, rows.at), clean

    def wide(self) -> tuple[dict, np.ndarray]:
        """Wide form: (the chunk of the clean rows' values, in row then column order; which rows are clean)."""
        layout, rows = self.layout, self.rows
        positions = list(layout.kpi_columns)
        series = _Series([layout.kpi_columns[position] for position in positions], self.values.scorecards)
        clean = self.fits.copy()
        read = []
        for code, position in enumerate(positions):
            fitting, pairs = self._pairs(series, np.full(len(rows.at), code, dtype=np.int64))
            actual, actual_ok = read_number_column(rows.cells(position), self.delimiter)
            given = ~actual_ok | ~np.isnan(actual)
            clean &= ~given | (actual_ok & fitting & ~series.formula[code])
            read.append((given, actual, pairs))
        if not read:
            return chunk_of_records([]), clean
        # One row of values per line, one column per KPI: read row by row, they are in the table's order.
        taken = (np.stack([given for given, _, _ in read], axis=1) & clean[:, None]).ravel()
        codes = np.broadcast_to(np.arange(len(read)), (len(rows.at), len(read))).ravel()
        pairs = np.stack([pairs for _, _, pairs in read], axis=1).ravel()
        actual = np.stack([actual for _, actual, _ in read], axis=1).ravel()
        lines = np.repeat(rows.at, len(read))
        self._note(series, series.scorecard[codes[taken]] * self.placings(series)["count"] + pairs[taken])
        return self._chunk(series, codes, pairs, taken, actual, None, None, lines), clean


def _concatenated(parts: list[dict]) -> dict:
    """Chunks one after the other; each categorical's codes moved past the values of the parts before it."""
    chunk = {}
    for name in parts[0]:
        if isinstance(parts[0][name], tuple):
            offsets = np.cumsum([0] + [len(part[name][1]) for part in parts[:-1]])
            chunk[name] = (np.concatenate([part[name][0] + offset for part, offset in zip(parts, offsets)]),
                           [value for part in parts for value in part[name][1]])
        else:
            chunk[name] = np.concatenate([part[name] for part in parts])
    return chunk


def _taken(chunk: dict, order: np.ndarray) -> dict:
    return {name: (column[0][order], column[1]) if isinstance(column, tuple) else column[order]
            for name, column in chunk.items()}


def _merged(chunk: dict, records: list[dict]) -> dict:
    """The clean rows' chunk and the row reader's records of the other rows, in line order."""
    if not records:
        return chunk
    merged = _concatenated([chunk, chunk_of_records(records)])
    return _taken(merged, np.argsort(merged["line"], kind="stable"))
