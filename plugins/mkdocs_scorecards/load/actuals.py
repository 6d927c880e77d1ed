"""CSV actuals to one column-wise table, with every row accounted for.

Each data row either lands in exactly one KPI's series or becomes a problem
naming its file and line: nothing is dropped or overwritten in silence.
The steps have modules of their own: `csv_text` (bytes to rows of cells),
`csv_layout` (what the header says the columns are), `csv_values` (one
row's period, actual and target) and `csv_checks` (rules across rows).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import Problems
from ..model import Actuals, Measure, RowCounts, Scorecard
from .csv_checks import check_series
from .csv_layout import choose_layout, trim_trailing_empty
from .csv_text import declared_delimiter, decode, first_line, records, sniff_delimiter
from .csv_values import ValueReader
from .kpi_index import KpiIndex

COLUMNS = ("scorecard", "kpi", "first", "last", "label", "actual", "target", "target_high", "note",
           "file", "line", "day")


class _Table:
    """Columns being filled, one list per column, and what happened to each row read."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = {name: [] for name in COLUMNS}
        self.read = self.placed = self.rejected = 0

    def add(self, record: dict) -> None:
        for name in COLUMNS:
            self.columns[name].append(record[name])

    def frame(self) -> pd.DataFrame:
        columns = self.columns
        return pd.DataFrame({
            "scorecard": pd.Series(columns["scorecard"], dtype="category"),
            "kpi": pd.Series(columns["kpi"], dtype="category"),
            "first": np.asarray(columns["first"], dtype=np.int64),
            "last": np.asarray(columns["last"], dtype=np.int64),
            "label": pd.Series(columns["label"], dtype="category"),
            "actual": np.asarray(columns["actual"], dtype=np.float64),
            "target": np.asarray(columns["target"], dtype=np.float64),
            "target_high": np.asarray(columns["target_high"], dtype=np.float64),
            "note": pd.Series(columns["note"], dtype="string"),
            "file": pd.Series(columns["file"], dtype="category"),
            "line": np.asarray(columns["line"], dtype=np.int64),
            "day": np.asarray(columns["day"], dtype=np.int64),
        })


def read_csv_file(file: str, in_data: str, data: bytes, index: KpiIndex, values: ValueReader, table: _Table,
                  problems: Problems) -> None:
    """Read one CSV file into the table; its problems into `problems`.

    `file` is the path shown in messages; `in_data` the path below the data
    folder, which is how a KPI's `source:` names it. Blank rows (every cell
    empty) are no rows: they are skipped and not counted. Every other row
    below the header is counted as read, and then as placed or rejected.
    """
    text = decode(data, file, problems)
    if text is None:
        return
    declared = declared_delimiter(text, file, problems)
    if declared is None:
        return
    delimiter, text = declared
    header_line = first_line(text)
    if not header_line:
        return
    delimiter = delimiter or sniff_delimiter(header_line)
    rows = [(line, row) for line, row in records(text, delimiter, file, problems) if any(cell.strip() for cell in row)]
    if not rows:
        return
    header_number, raw_header = rows[0]
    header = trim_trailing_empty([cell.strip() for cell in raw_header])
    data_rows = rows[1:]
    layout = choose_layout(file, in_data, header_number, header, index, problems)
    table.read += len(data_rows)
    if layout is None:
        table.rejected += len(data_rows)
        return
    # Trailing delimiters are accepted where they are the file's habit: as far as the
    # header has them, or when every row has the same number of them. A single
    # row with one field too many (`1,234` unquoted) is ragged, not "trailing".
    widths = {len(row) for _, row in data_rows}
    layout.width = max(max(len(raw_header), *widths) if len(widths) == 1 else len(raw_header), len(header))
    for line, row in data_rows:
        if layout.read_row(line, row, delimiter, index, values, table.add, problems):
            table.placed += 1
        else:
            table.rejected += 1


def read_actuals(files: list[tuple[str, str, bytes]], scorecards: list[Scorecard], problems: Problems,
                 partly_read: Mapping[str, str], broken_sources: Mapping[str, tuple[str, str]],
                 on_disk: set[str]) -> Actuals:
    """Every CSV file, in path order, into one table.

    `files` holds (path shown in messages, path below the data folder, bytes).
    `partly_read` maps the scorecards whose definitions could not be read in
    full to their files, and `broken_sources` the `source:` files of KPIs
    with broken definitions to (KPI id, definition file): rows that may be
    theirs are set aside with one message, not one per row. `on_disk` names
    every CSV file below the data folder, read or not.

    Afterwards rows read == placed + rejected: every row below a header is
    counted once, as placed (its values are in the table) or as rejected (a
    problem names it, its file's header, or, for a KPI that cannot be read,
    the first of its rows in that file).
    """
    index = KpiIndex.build(scorecards, partly_read, broken_sources)
    values = ValueReader(index.scorecards)
    table = _Table()
    for source, (_, kpi) in sorted(index.by_source.items()):
        if source not in on_disk:
            problems.add(kpi.place.file, kpi.source_line or kpi.place.line,
                         f"{'measure' if isinstance(kpi, Measure) else 'KPI'} '{kpi.id}' names source '{source}', "
                         "which does not exist",
                         f"create {source} in the data folder, or correct the path")
    for file, in_data, data in files:
        read_csv_file(file, in_data, data, index, values, table, problems)
    frame = table.frame()
    flagged = check_series(frame, problems)
    rows = RowCounts(read=table.read, placed=table.placed - len(flagged), rejected=table.rejected + len(flagged),
                     files=len(files))
    return Actuals(frame, values.reporting, rows)
