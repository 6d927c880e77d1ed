"""Numbers as spreadsheets write them, read strictly.

The delimiter decides the decimal mark (FORMAT section 4): with `;` the comma
is the decimal mark and `.` groups thousands; with `,` or tab it is the other
way round. Anything that is not plainly a number is refused, never guessed.
"""

from __future__ import annotations

import math
import re

_POINT_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^[+-]?,\d+$")
_EXPONENT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")


class NotANumber(ValueError):
    pass


def parse_number(text: str, delimiter: str) -> float:
    """Read '1,234.5', '1.234,5' (with ';'), '12.5%' or '1e3'; raise NotANumber otherwise.

    Only ASCII digits count: other scripts' digits are refused so that a
    value never depends on the reader's locale.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.endswith("%"):
        value = value[:-1]
    if not value or not value.isascii():
        raise NotANumber(text)
    comma_decimal = delimiter == ";"
    if _EXPONENT.match(value):
        number = float(value)
    elif comma_decimal and _COMMA_DECIMAL.match(value):
        number = float(value.replace(".", "").replace(",", "."))
    elif not comma_decimal and _POINT_DECIMAL.match(value):
        number = float(value.replace(",", ""))
    else:
        raise NotANumber(text)
    if not math.isfinite(number):
        raise NotANumber(text)
    return number
