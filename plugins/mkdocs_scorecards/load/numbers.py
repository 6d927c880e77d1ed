"""Numbers as spreadsheets write them, read strictly.

The delimiter decides the decimal mark (FORMAT section 4): with `;` the comma
is the decimal mark and `.` groups thousands; with `,` or tab it is the other
way round. Anything that is not plainly a number is refused, never guessed.

Accepted: an optional sign (`+` or `-`), the digits 0-9, thousands groups of
exactly three digits (the file's group mark, or a space, no-break space or
narrow no-break space, used consistently), the file's decimal mark, an
exponent (`1.5E+3`, as spreadsheets write large numbers), a trailing `%`
(`12.5%` is 12.5), and leading zeros (`007` is 7; a CSV has no octal).

Refused, each with its own message: digits of other scripts (`١٢`, `１２`)
so that a value never depends on the reader's locale; the wrong decimal mark
for the delimiter; `nan`, `inf` and spreadsheet errors (`#DIV/0!`); values
too large for a float; currency symbols, units, parentheses for negatives,
the minus sign U+2212 and any other text.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

_SPACES = " \u00a0\u202f"
_NOT_FINITE = {"nan", "inf", "infinity", "-nan", "+nan", "-inf", "+inf", "-infinity", "+infinity"}


class NotANumber(ValueError):
    """A cell that is not a number: `reason` completes "actual '<text>' ..."; `hint` says what to do."""

    def __init__(self, text: str, reason: str = "is not a number", hint: str = ""):
        super().__init__(text)
        self.text = text
        self.reason = reason
        self.hint = hint or ("write digits such as 101.5 (or 101,5 in a file separated by ';'), "
                             "or leave it empty")


def _pattern(decimal: str, group: str) -> re.Pattern:
    groups = re.escape(group) + "".join(_SPACES)
    return re.compile(
        r"^(?P<sign>[+-]?)"
        r"(?:(?P<grouped>[1-9][0-9]{0,2}(?P<mark>[" + groups + r"])[0-9]{3}(?:(?P=mark)[0-9]{3})*)"
        r"|(?P<plain>[0-9]+))?"
        r"(?:" + re.escape(decimal) + r"(?P<fraction>[0-9]*))?"
        r"(?:[eE](?P<exponent>[+-]?[0-9]+))?$")


_POINT = _pattern(".", ",")
_COMMA = _pattern(",", ".")


def _match(value: str, comma_decimal: bool):
    match = (_COMMA if comma_decimal else _POINT).match(value)
    if not match or not (match["grouped"] or match["plain"] or match["fraction"]):
        return None
    if match["grouped"] and match["exponent"]:
        return None
    return match


def parse_number(text: str, delimiter: str) -> float:
    """Read '1,234.5', '1.234,5' (with ';'), '12.5%' or '1.5E+3'; raise NotANumber otherwise."""
    value = text.strip(" \t\u00a0\u202f")
    if value.endswith("%"):
        value = value[:-1].rstrip(" \u00a0\u202f")
    comma_decimal = delimiter == ";"
    match = _match(value, comma_decimal)
    if match is None:
        raise _why_not(text, value, comma_decimal)
    grouped = match["grouped"]
    integer = re.sub("[^0-9]", "", grouped) if grouped else (match["plain"] or "0")
    number = float(f"{match['sign']}{integer}.{match['fraction'] or '0'}e{match['exponent'] or '0'}")
    if not math.isfinite(number):
        raise NotANumber(text, "is too large to be a number", "check the value and its unit")
    return number


def _why_not(text: str, value: str, comma_decimal: bool) -> NotANumber:
    if any(not "0" <= ch <= "9" and unicodedata.category(ch) == "Nd" for ch in value):
        return NotANumber(text, "uses digits other than 0-9", "write the number with the digits 0-9")
    if value.lower() in _NOT_FINITE:
        return NotANumber(text, "is not a finite number", "write a number, or leave it empty when there is no value")
    if value.startswith("#"):
        return NotANumber(text, "is a spreadsheet error, not a number",
                          "fix the formula in the spreadsheet, or leave the cell empty")
    if "\u2212" in value:
        return NotANumber(text, "uses the minus sign U+2212", "write the minus as '-'")
    if value.startswith("(") and value.endswith(")") and _match(value[1:-1], comma_decimal):
        return NotANumber(text, "uses parentheses for a negative number", "write it with a minus sign instead")
    if _match(value, not comma_decimal):
        if comma_decimal:
            return NotANumber(text, "uses '.' as the decimal mark, but in a file separated by ';' the decimal mark "
                              "is ','", "write it with a decimal comma, or separate the file with ','")
        return NotANumber(text, "uses ',' as the decimal mark, but in a file separated by ',' or tabs the decimal "
                          "mark is '.'", "write it with a decimal point, or separate the file with ';'")
    return NotANumber(text)


# Characters outside a plain number (digits, one decimal mark, a sign): such cells are read one by one.
_NOT_PLAIN = {False: re.compile(r"[^0-9.+\-\n]"), True: re.compile(r"[^0-9,+\-\n]")}


def read_number_column(cells: np.ndarray, delimiter: str) -> tuple[np.ndarray, np.ndarray]:
    """Each cell (an object array of str, no line breaks) as the row reader reads it: stripped, then
    empty or `parse_number`. Returns (values, ok): NaN and ok where empty, NaN and not ok where refused.

    A million cells one by one through `parse_number` take seconds, and
    nearly all of them are plain numbers: digits, a decimal mark, a sign.
    Within those characters `float()` accepts exactly what `parse_number`
    accepts and reads the same float (both round the same decimal
    correctly), so plain cells are read together by numpy's `float()` of
    each, first as they are and then stripped of white space; every other
    cell (groups, `%`, an exponent, text) goes through `parse_number`
    itself, so what is accepted and refused never differs from the row
    reader.
    """
    values = np.full(len(cells), np.nan)
    ok = np.ones(len(cells), dtype=bool)
    comma_decimal = delimiter == ";"
    odd = np.flatnonzero(_read_plain(cells, comma_decimal, values))
    if len(odd):
        stripped = np.array([cells[position].strip() for position in odd.tolist()], dtype=object)
        again = np.full(len(odd), np.nan)
        left = np.flatnonzero(_read_plain(stripped, comma_decimal, again))
        values[odd] = again
        for position, text in zip(odd[left].tolist(), stripped[left].tolist()):
            try:
                values[position] = parse_number(text, delimiter)
            except NotANumber:
                ok[position] = False
    return values, ok


def _read_plain(cells: np.ndarray, comma_decimal: bool, values: np.ndarray) -> np.ndarray:
    """Read the plain numbers among the cells into `values`; the mask of the cells that are neither plain
    nor empty."""
    count = len(cells)
    odd = np.zeros(count, dtype=bool)
    if not count:
        return odd
    joined = "\n".join(cells)
    positions = [match.start() for match in _NOT_PLAIN[comma_decimal].finditer(joined)]
    if positions:
        lengths = np.fromiter(map(len, cells), np.int64, count) + 1
        starts = np.cumsum(lengths) - lengths
        odd[np.searchsorted(starts, positions, side="right") - 1] = True
    texts = np.array(joined.replace(",", ".").split("\n"), dtype=object) if comma_decimal and "," in joined \
        else cells
    where = np.flatnonzero(~odd & (cells != ""))
    try:
        values[where] = texts[where].astype(np.float64)
    except ValueError:                       # '1.2.3', '-', '+-1': parse_number says why
        for position in where.tolist():
            try:
                values[position] = float(texts[position])
            except ValueError:
                odd[position] = True
    odd |= np.isinf(values)                  # too large: parse_number says so
    values[odd] = np.nan
    return odd
