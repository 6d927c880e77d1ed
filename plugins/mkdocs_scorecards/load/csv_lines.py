"""What each physical line of a CSV file holds, found in the bytes without reading it row by row.

The column-wise reader (`csv_columns`) counts on record i being physical
line i + 1, so that every message names the right line. That holds when no
quoted field spans lines and every line ends in LF or CRLF: `split_lines`
checks this and says None otherwise, and the file is read row by row.

For each line it finds how many fields it has and whether it is blank
(every cell empty or white space, which the row reader skips and does not
count). Lines with a quote are few in practice (a note with a comma); they
are read with Python's csv module, exactly as the row reader reads them,
and their cells are kept to check pandas against.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

# Well inside the csv module's field limit (131,072 characters), and far longer than a row of data.
LONGEST_LINE = 100_000


@dataclass
class Lines:
    """The physical lines of a file: where each starts and ends, its fields, whether it is blank, and the
    cells of lines with a quote."""

    body: bytes
    starts: np.ndarray               # int64: the offset of each line
    ends: np.ndarray                 # int64: the offset of each line's break (or of the end of the text)
    fields: np.ndarray               # int64: the fields of each line
    blank: np.ndarray                # bool: every cell empty or white space
    quoted: dict[int, list[str]]     # line index -> its cells, for lines with a quote

    @property
    def count(self) -> int:
        return len(self.fields)

    def cells(self, index: int, delimiter: str) -> list[str]:
        """One line's cells, as the csv module reads them."""
        if index in self.quoted:
            return self.quoted[index]
        text = self.body[self.starts[index]:self.ends[index]].decode("utf-8").removesuffix("\r")
        return text.split(delimiter) if text else []


def _solid(delimiter: str) -> np.ndarray:
    """Per byte: an ASCII character that is not white space, the delimiter or a quote. A line that starts
    with one is not blank; any other line is looked at in full."""
    solid = np.zeros(256, dtype=bool)
    for byte in range(128):
        solid[byte] = not chr(byte).isspace() and chr(byte) not in (delimiter, '"')
    return solid


def split_lines(body: bytes, delimiter: str) -> Lines | None:
    """The lines of UTF-8 text as the row reader would see them; None when it might see them otherwise.

    None for a BOM left in the text, a lone CR (a line break to the csv
    module), a line of LONGEST_LINE bytes or more (the csv module refuses
    fields that long), or a quote the csv module reads differently on its
    own line than in the file (a quoted field that spans lines, or text
    after a closing quote, which it refuses).
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return None
    data = np.frombuffer(body, np.uint8)
    if b"\r" in body:
        returns = np.flatnonzero(data == 13)
        if returns[-1] + 1 == len(data) or not (data[returns + 1] == 10).all():
            return None
    # Line breaks and delimiters in one pass: the delimiters before each break count each line's fields.
    marks = np.flatnonzero((data == 10) | (data == ord(delimiter)))
    rank = np.flatnonzero(data[marks] == 10)
    breaks = marks[rank]
    delimiters = np.append(rank - np.arange(len(rank)), len(marks) - len(rank))   # before each break, in all
    if body.endswith(b"\n") or not body:
        delimiters = delimiters[:-1]
    else:
        breaks = np.append(breaks, len(body))
    if not len(breaks):
        return Lines(body, breaks, breaks, breaks, np.zeros(0, bool), {})
    fields = np.diff(delimiters, prepend=0) + 1
    starts = np.concatenate(([0], breaks[:-1] + 1))
    if int((breaks - starts).max()) >= LONGEST_LINE:
        return None
    blank = ~_solid(delimiter)[data[starts]]
    quoted: dict[int, list[str]] = {}
    if b'"' in body:
        for index in np.unique(np.searchsorted(breaks, np.flatnonzero(data == 34))).tolist():
            cells = _quoted_cells(body[starts[index]:breaks[index]], delimiter)
            if cells is None:
                return None
            quoted[index] = cells
            fields[index] = len(cells)
            blank[index] = not any(cell.strip() for cell in cells)
    lines = Lines(body, starts, breaks, fields, blank, quoted)
    for index in np.flatnonzero(blank).tolist():
        blank[index] = not any(cell.strip() for cell in lines.cells(index, delimiter))
    return lines


def _quoted_cells(line: bytes, delimiter: str) -> list[str] | None:
    """One line's cells (without its line break) as the csv module reads them, None when it reads them only
    with the next line or not at all."""
    text = line.decode("utf-8").removesuffix("\r")
    try:
        rows = list(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None
