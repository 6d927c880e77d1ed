"""What each physical line of a CSV file holds, found in the bytes without reading it row by row.

The column-wise reader (`csv_columns`) counts on record i being physical
line i + 1, so that every message names the right line, and on pandas
reading each line's cells as the row reader's csv module does. Both hold
when every line ends in LF or CRLF and every quote belongs to a well-formed
quoted field: one that takes a whole field (from a delimiter or the line's
start to a delimiter or the line's end), writes a quote inside it as `""`
and ends on its own line. On such fields pandas and the csv module agree.
`split_lines` checks this and says None otherwise, and the file is read
row by row.

For each line it finds how many fields it has and whether it is blank
(every cell empty or white space, which the row reader skips and does not
count). A line with a quote that starts with one may be blank (`"",""`):
it is marked `unsure`, and settled from its cells once pandas has read
them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

# Well inside the csv module's field limit (131,072 characters), and far longer than a row of data.
LONGEST_LINE = 100_000
# Bytes looked at in one go: what the masks of a large file cost in memory at a time.
BLOCK = 1 << 22


@dataclass
class Lines:
    """The physical lines of a file: where each starts and ends, its fields, and whether it is blank."""

    body: bytes
    starts: np.ndarray               # int64: the offset of each line
    ends: np.ndarray                 # int64: the offset of each line's break (or of the end of the text)
    fields: np.ndarray               # int64: the fields of each line
    blank: np.ndarray                # bool: every cell empty or white space (False where unsure)
    unsure: np.ndarray               # bool: has a quote and starts with white space, a delimiter or the quote,
                                     # so whether it is blank is known from its cells
    quoted: np.ndarray               # bool: has a quote

    @property
    def count(self) -> int:
        return len(self.fields)

    def cells(self, index: int, delimiter: str) -> list[str]:
        """One line's cells, as the csv module reads them."""
        text = self.body[self.starts[index]:self.ends[index]].decode("utf-8").removesuffix("\r")
        if self.quoted[index]:
            return next(csv.reader([text], delimiter=delimiter, strict=True))
        return text.split(delimiter) if text else []

    def first_row(self, delimiter: str) -> int | None:
        """The first line that is not blank (the header), or None."""
        for index in np.flatnonzero(~self.blank):      # nearly always the first
            if not self.unsure[index] or any(cell.strip() for cell in self.cells(int(index), delimiter)):
                return int(index)
        return None


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
    fields that long), or a quote outside a well-formed quoted field (one
    that spans lines, text after a closing quote, a quote inside an
    unquoted field), where pandas and the csv module may part ways.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return None
    data = np.frombuffer(body, np.uint8)
    if b"\r" in body:
        returns = _offsets(data, b"\r")
        if returns[-1] + 1 == len(data) or not (data[returns + 1] == 10).all():
            return None
    has_quotes = b'"' in body
    found = _breaks_and_fields(data, delimiter, body.endswith(b"\n") or not body, has_quotes)
    if found is None:
        return None
    breaks, fields = found
    if not len(breaks):
        nothing = np.zeros(0, dtype=bool)
        return Lines(body, breaks, breaks, breaks, nothing, nothing, nothing)
    starts = np.concatenate(([0], breaks[:-1] + 1))
    if int((breaks - starts).max()) >= LONGEST_LINE:
        return None
    blank = ~_solid(delimiter)[data[starts]]
    quoted = np.zeros(len(breaks), dtype=bool)
    if has_quotes:
        quoted[np.searchsorted(breaks, _offsets(data, b'"'))] = True
    unsure = blank & quoted
    blank &= ~quoted
    lines = Lines(body, starts, breaks, fields, blank, unsure, quoted)
    for index in np.flatnonzero(blank).tolist():
        blank[index] = not any(cell.strip() for cell in lines.cells(index, delimiter))
    return lines


def _breaks_and_fields(data: np.ndarray, delimiter: str, ends_in_break: bool,
                       has_quotes: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """(the offset of each line's break, or of the end of an unbroken last line; each line's fields),
    from the line breaks, delimiters and quotes, found in one pass; None for a quote outside a
    well-formed quoted field. `ends_in_break`: the text has no line after its last break (or none at all).

    Each quote turns quoting on or off. One that turns it on must open a
    field (after a delimiter, a line break or the start) or be the second
    of a doubled quote; one that turns it off must end a field (before a
    delimiter, a line break or the end) or be the first of a doubled quote;
    every line break must fall with quoting off. Delimiters with quoting on
    are text, not between fields.
    """
    marks = _offsets(data, b'\n' + delimiter.encode() + (b'"' if has_quotes else b""))
    kinds = data[marks]
    if has_quotes:
        quote = kinds == 34
        before = np.cumsum(quote) - quote                 # quotes before each mark
        at = marks[quote]
        opening = (np.arange(len(at)) % 2) == 0
        previous = data[np.maximum(at - 1, 0)]
        following = data[np.minimum(at + 1, len(data) - 1)]
        opens_well = (at == 0) | (previous == ord(delimiter)) | (previous == 10) | (previous == 34)
        closes_well = (at == len(data) - 1) | np.isin(following, (ord(delimiter), 13, 10, 34))
        if not np.where(opening, opens_well, closes_well).all() or (before[kinds == 10] % 2).any() \
                or len(at) % 2:
            return None
        between = ~quote & (before % 2 == 0)
        marks, kinds = marks[between], kinds[between]
    rank = np.flatnonzero(kinds == 10)
    breaks = marks[rank]
    delimiters = np.append(rank - np.arange(len(rank)), len(marks) - len(rank))   # before each break, in all
    if ends_in_break:
        delimiters = delimiters[:-1]
    else:
        breaks = np.append(breaks, len(data))
    return breaks, np.diff(delimiters, prepend=0) + 1


def _offsets(data: np.ndarray, wanted: bytes) -> np.ndarray:
    """The offsets of every byte that is one of `wanted`, in order, a block at a time."""
    found = []
    for start in range(0, len(data), BLOCK):
        block = data[start:start + BLOCK]
        mask = block == wanted[0]
        for byte in wanted[1:]:
            mask |= block == byte
        found.append(np.flatnonzero(mask) + start)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
