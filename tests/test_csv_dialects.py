"""Every CSV dialect the loader accepts reads to the same numbers (FORMAT section 4).

One set of actuals is written the ways Excel and other systems write CSV:
encodings (UTF-8 with and without BOM, Windows-1252, UTF-16 "Unicode text"),
delimiters (`,` `;` tab), line endings, quoting, thousands separators, the
decimal comma, percent signs, exponents, blank rows, trailing delimiters,
`sep=` lines and the wide form. Each must load to exactly the table the plain
file gives: same KPIs, periods, actuals, targets and notes.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from mkdocs_scorecards.load import load_project
from mkdocs_scorecards.load.numbers import NotANumber, parse_number

BASE = Path(__file__).parent / "bad_inputs" / "_base"

# kpi, period, actual, target, note: the plain spelling, as in the reference file.
ROWS = [
    ("revenue", "2026-01", "1234.5", "", ""),
    ("revenue", "2026-02", "1300", "", "Café: restated after audit"),
    ("revenue", "2026-03", "35.25", "", ""),
    ("nps", "2026-Q1", "42", "30..50", ""),
    ("days-to-value", "2026-Q1", "15", "14", "Naïve estimate"),
    ("deals", "2026-01", "9", "", ""),
    ("deals", "2026-02", "", "", "no value yet"),
]
HEADER = ("kpi", "period", "actual", "target", "note")


def comma_decimal(value: str) -> str:
    """A number as a ';'-separated file writes it: decimal comma, '.' grouping thousands."""
    if not value or ".." in value:
        return value
    whole, _, fraction = value.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + fraction if fraction else "")


def point_grouped(value: str) -> str:
    if not value or ".." in value:
        return value
    whole, _, fraction = value.partition(".")
    return f"{int(whole):,}" + ("." + fraction if fraction else "")


def quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def table(rows, delimiter=",", number=lambda v: v, cell=None, header=HEADER, end="\n") -> str:
    """CSV text; `cell` spells each cell, by default quoted only where the delimiter or a quote needs it."""
    cell = cell or (lambda c: quote(c) if any(ch in c for ch in (delimiter, '"', "\n")) else c)
    lines = [delimiter.join(cell(name) for name in header)]
    for kpi, period, actual, target, note in rows:
        lines.append(delimiter.join(cell(c) for c in (kpi, period, number(actual), number(target), note)))
    return end.join(lines) + end


def quoted_where_needed(cell: str) -> str:
    return quote(cell) if any(ch in cell for ch in ",\"\n") else cell


PLAIN = table(ROWS)


def wide_form() -> dict[str, bytes]:
    """The same values in two wide files and one long file for the rows with targets or notes."""
    wide = "period,revenue,deals\n2026-01,1234.5,9\n2026-03,35.25,\n"
    long_rows = [row for row in ROWS if row[1] not in ("2026-01", "2026-03") or row[0] not in ("revenue", "deals")]
    return {"actuals.csv": table(long_rows).encode(), "wide.csv": wide.encode()}


DIALECTS: dict[str, dict[str, bytes]] = {
    "utf8-comma-lf": {"actuals.csv": PLAIN.encode()},
    "utf8-bom-comma-crlf (Excel: CSV UTF-8)": {"actuals.csv": b"\xef\xbb\xbf" + PLAIN.replace("\n", "\r\n").encode()},
    "cp1252-comma-crlf (Excel US: CSV)": {"actuals.csv": PLAIN.replace("\n", "\r\n").encode("cp1252")},
    "cp1252-semicolon-decimal-comma (Excel DE/FR: CSV)": {
        "actuals.csv": table(ROWS, ";", comma_decimal, end="\r\n").encode("cp1252")},
    "utf8-bom-semicolon-decimal-comma": {
        "actuals.csv": b"\xef\xbb\xbf" + table(ROWS, ";", comma_decimal).encode()},
    "utf16le-tab-crlf (Excel: Unicode text)": {
        "actuals.csv": table(ROWS, "\t", end="\r\n").encode("utf-16")},
    "utf16be-tab": {"actuals.csv": b"\xfe\xff" + table(ROWS, "\t").encode("utf-16-be")},
    "utf8-tab": {"actuals.csv": table(ROWS, "\t").encode()},
    "every-field-quoted": {"actuals.csv": table(ROWS, cell=quote).encode()},
    "quoted-thousands-comma": {"actuals.csv": table(ROWS, ",", point_grouped).encode()},
    "thousands-in-tab-file": {"actuals.csv": table(ROWS, "\t", point_grouped).encode()},
    "space-grouped-decimal-comma": {
        "actuals.csv": table(ROWS, ";", lambda v: v if ".." in v else comma_decimal(v).replace(".", "\u00a0"))
        .encode()},
    "percent-signs": {"actuals.csv": table(ROWS, number=lambda v: v + "%" if v and ".." not in v else v).encode()},
    "exponents": {"actuals.csv": PLAIN.replace(",1234.5,", ",1.2345E+3,").replace(",35.25,", ",3525e-2,").encode()},
    "blank-rows-and-spaces": {"actuals.csv": ("\n \n" + PLAIN.replace("\n", "\n,,,,\n", 3)
                                              .replace(",42,", ", 42 ,") + "\n\n,,,,\n").encode()},
    "trailing-delimiters": {"actuals.csv": PLAIN.replace("\n", ",\n").encode()},
    "trailing-delimiter-on-every-row-but-the-header": {
        "actuals.csv": PLAIN.replace("\n", ",\n").replace("note,\n", "note\n", 1).encode()},
    "header-with-trailing-delimiters": {"actuals.csv": PLAIN.replace("note\n", "note,,\n").encode()},
    "sep-line": {"actuals.csv": ("sep=;\n" + table(ROWS, ";", comma_decimal)).encode()},
    "cr-only (old Mac)": {"actuals.csv": PLAIN.replace("\n", "\r").encode("cp1252")},
    "dates-for-months": {"actuals.csv": PLAIN.replace("revenue,2026-01,", "revenue,2026-01-31,")
                         .replace("deals,2026-02,", "deals,2026-02-28,").encode()},
    "qualified-kpi-ids": {"actuals.csv": PLAIN.replace("\nrevenue,", "\nenterprise/revenue,")
                          .replace("\ndeals,", "\nsales/deals,").encode()},
    "columns-in-another-order": {"actuals.csv": (
        "note,actual,period,kpi,target\n" + "".join(
            f"{quoted_where_needed(note)},{actual},{period},{kpi},{target}\n"
            for kpi, period, actual, target, note in ROWS)).encode()},
    "multi-line-note": {"actuals.csv": PLAIN.replace('"Café: restated after audit"',
                                                     '"Café: restated\nafter audit"').encode()},
    "wide-form": wide_form(),
}

EXPECTED_NOTES = {"Café: restated after audit", "Naïve estimate", "no value yet"}


def load(tmp_path: Path, files: dict[str, bytes]):
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    (root / "data" / "actuals.csv").unlink()
    for name, content in files.items():
        (root / "data" / name).write_bytes(content)
    return load_project(root)


def values(project) -> list[tuple]:
    """The table as plain tuples, in a fixed order, notes aside (they are checked separately)."""
    frame = project.actuals.table
    rows = []
    for row in frame.itertuples(index=False):
        actual = None if math.isnan(row.actual) else row.actual
        target = None if math.isnan(row.target) else row.target
        high = None if math.isnan(row.target_high) else row.target_high
        rows.append((row.scorecard, row.kpi, row.first, row.last, row.label, actual, target, high))
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return load(tmp_path_factory.mktemp("reference"), DIALECTS["utf8-comma-lf"])


def test_the_reference_holds_the_numbers_as_written(reference):
    by_kpi = {(kpi, first): actual for _, kpi, first, _, _, actual, _, _ in values(reference)}
    assert by_kpi[("revenue", 2026 * 12)] == 1234.5
    assert by_kpi[("revenue", 2026 * 12 + 1)] == 1300
    assert by_kpi[("deals", 2026 * 12 + 1)] is None
    assert len(values(reference)) == len(ROWS) + 3   # and the three rows of data/finance/nrr.csv


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_dialect_reads_to_the_same_table(dialect, reference, tmp_path):
    project = load(tmp_path, DIALECTS[dialect])
    assert values(project) == values(reference)
    notes = {note.replace("\n", " ") for note in project.actuals.table["note"].dropna() if note}
    assert notes == EXPECTED_NOTES
    assert project.actuals.rows.rejected == 0
    assert project.actuals.rows.read == project.actuals.rows.placed


# How single cells read, delimiter by delimiter: (text, delimiter, value or None when refused).
CELLS = [
    ("101.5", ",", 101.5), ("101,5", ";", 101.5), ("1,234.5", ",", 1234.5), ("1.234,5", ";", 1234.5),
    ("1,234,567", ",", 1234567), ("1.234.567", ";", 1234567), ("1 234,5", ";", 1234.5),
    ("1\u00a0234.5", ",", 1234.5), ("1\u202f234.5", "\t", 1234.5), ("12.5%", ",", 12.5), ("12,5 %", ";", 12.5),
    ("-3", ",", -3), ("+3", ",", 3), ("-0,5", ";", -0.5), (".5", ",", 0.5), ("5.", ",", 5), ("007", ",", 7),
    ("1.5E+3", ",", 1500), ("1,5E-3", ";", 0.0015), ("2e3", "\t", 2000), ("0", ",", 0),
    # refused: never guessed
    ("1,5", ",", None), ("12.5", ";", None), ("0.125", ";", None), ("1,23", ",", None), ("1.2345,6", ";", None),
    ("0,123", ",", None), ("1 5", ",", None), ("1,234 567", ",", None), ("nan", ",", None), ("inf", ",", None),
    ("-Infinity", ",", None), ("1e400", ",", None), ("#DIV/0!", ",", None), ("$5", ",", None), ("5 USD", ",", None),
    ("(5)", ",", None), ("\u22125", ",", None), ("٣", ",", None), ("３", ",", None), ("५", ",", None),
    ("0x10", ",", None),
    ("1_000", ",", None), ("%", ",", None), ("-", ",", None), ("1e", ",", None), ("yes", ",", None),
    ("1,234e3", ",", None), ("5-", ",", None),
]


@pytest.mark.parametrize("text, delimiter, expected", CELLS)
def test_cell(text, delimiter, expected):
    if expected is None:
        with pytest.raises(NotANumber):
            parse_number(text, delimiter)
    else:
        assert parse_number(text, delimiter) == pytest.approx(expected, rel=0, abs=1e-12)
