"""CSV files as spreadsheet programs write them: bytes to text, the delimiter, rows of cells.

Only the file's syntax is handled here; what the columns mean is `csv_layout`'s.
"""

from __future__ import annotations

import csv
import io
import re

from ..errors import Problems
from .encoding import looks_like_utf16

DELIMITERS = (",", ";", "\t")
_LINE = re.compile(r"[^\r\n]+")
_DECLARED = re.compile(r"sep=([^\r\n])(?=\r|\n|$)")


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



_CSV_ERRORS = {
    "unexpected end of data": ("a quote opened in this row is never closed, so the rest of the file was not read",
                               "close the quote, or remove it"),
    "field larger than field limit": ("a field is longer than 131,072 characters, so the rest of the file "
                                      "was not read", "check for a quote that is never closed"),
}


def records(text: str, delimiter: str, file: str, problems: Problems) -> list[tuple[int, list[str]]]:
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



def declared_delimiter(text: str, file: str, problems: Problems) -> tuple[str, str] | None:
    """(delimiter, text after the declaration) for a file that starts with Excel's `sep=` line,
    ("", text) for one that does not, None (with a problem) for a delimiter we do not read."""
    declared = _DECLARED.match(text)
    if declared is None:
        return "", text
    if declared[1] not in DELIMITERS:
        problems.add(file, 1, f"the delimiter '{declared[1]}' declared by `sep=` is not supported",
                     "separate the values with ',', ';' or tabs")
        return None
    # Keep the line break, so that line numbers stay; the empty row is skipped like any blank row.
    return declared[1], text[declared.end():]


def first_line(text: str) -> str:
    """The first line that is not blank: the header, from which the delimiter is guessed."""
    return next((match[0] for match in _LINE.finditer(text) if match[0].strip()), "")
