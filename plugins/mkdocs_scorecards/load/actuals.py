"""CSV actuals to one column-wise table, with every row accounted for.

Each data row either lands in exactly one KPI's series or becomes a problem
naming its file and line: nothing is dropped or overwritten in silence.
The steps have modules of their own: `csv_text` (bytes to rows of cells),
`csv_layout` (what the header says the columns are), `csv_values` (one
row's period, actual and target) and `csv_checks` (rules across rows).

That is the row reader, and the reference. Most files are read the same
way a column at a time (`csv_lines`, `csv_cells`, `csv_columns`), which
for a million rows is some twenty times quicker; a file or a row that
reader cannot vouch for goes through the row reader's own code. Both fill
one `actuals_table.ActualsTable`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problems
from ..model import Actuals, Measure, RowCounts, Scorecard
from .actuals_table import ActualsTable
from .csv_checks import check_series
from .csv_columns import read_columns
from .csv_layout import choose_layout, trim_trailing_empty
from .csv_text import declared_delimiter, decode, first_line, records, sniff_delimiter
from .csv_values import ValueReader
from .kpi_index import KpiIndex

# Files smaller than this are read row by row: for a few hundred rows pandas' own cost per file is more than
# what reading column-wise saves. `read_actuals(..., columns_from=0)` reads every file it can column-wise.
COLUMNS_FROM = 16 * 1024


def csv_text(file: str, data: bytes, problems: Problems) -> tuple[str, str] | None:
    """(the text below any `sep=` line, its delimiter); None when there is nothing to read, or (with a
    problem) when the bytes are not text or the declared delimiter is not one we read."""
    text = decode(data, file, problems)
    if text is None:
        return None
    declared = declared_delimiter(text, file, problems)
    if declared is None:
        return None
    delimiter, text = declared
    header_line = first_line(text)
    if not header_line:
        return None
    return text, delimiter or sniff_delimiter(header_line)


def read_csv_file(file: str, in_data: str, data: bytes, index: KpiIndex, values: ValueReader, table: ActualsTable,
                  problems: Problems, columns_from: int | None = None) -> None:
    """Read one CSV file into the table; its problems into `problems`.

    `file` is the path shown in messages; `in_data` the path below the data
    folder, which is how a KPI's `source:` names it. Blank rows (every cell
    empty) are no rows: they are skipped and not counted. Every other row
    below the header is counted as read, and then as placed or rejected.

    A file of `columns_from` bytes or more whose lines allow it is read
    column-wise (`csv_columns`), to the same table and the same problems;
    the row by row reading below is the reference, and what the rest falls
    back to. None reads every file row by row.
    """
    read = csv_text(file, data, problems)
    if read is None:
        return
    text, delimiter = read
    if columns_from is not None and len(data) >= columns_from and read_columns(file, in_data, _utf8(text, data), delimiter, index, values, table, problems):
        return
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


def _utf8(text: str, data: bytes) -> bytes:
    """The text as UTF-8: the file's own bytes when they are ASCII and the text all of them (no `sep=`
    line), so that a large file is not held twice more."""
    return data if len(data) == len(text) and data.isascii() else text.encode("utf-8")


def read_actuals(files: list[tuple[str, str, bytes]], scorecards: list[Scorecard], problems: Problems,
                 partly_read: Mapping[str, str], broken_sources: Mapping[str, tuple[str, str]],
                 on_disk: set[str], columns_from: int | None = COLUMNS_FROM) -> Actuals:
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
    table = ActualsTable()
    for source, (_, kpi) in sorted(index.by_source.items()):
        if source not in on_disk:
            problems.add(kpi.place.file, kpi.source_line or kpi.place.line,
                         f"{'measure' if isinstance(kpi, Measure) else 'KPI'} '{kpi.id}' names source '{source}', "
                         "which does not exist",
                         f"create {source} in the data folder, or correct the path")
    for file, in_data, data in files:
        read_csv_file(file, in_data, data, index, values, table, problems, columns_from)
    frame = table.frame()
    flagged = check_series(frame, problems)
    rows = RowCounts(read=table.read, placed=table.placed - len(flagged), rejected=table.rejected + len(flagged),
                     files=len(files))
    return Actuals(frame, values.reporting, rows)
