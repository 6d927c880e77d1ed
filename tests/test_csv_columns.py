"""The column-wise CSV reader gives the row reader's table and problems, word for word.

`read_actuals(..., columns_from=None)` reads every file row by row: that
is the reference; `columns_from=0` reads every file it can column-wise
(by default only files large enough to gain from it are). Each case here is read both ways and must give the same
table (every column, dtype, category and row order), the same reporting
periods, the same row counts and the same problems in the same order. The
cases meant for the column-wise reader are checked to take it, so that a
reader that quietly fell back to rows would not pass for one that works.

The scorecards hold one of every kind of series a row can name: a bare id
in two scorecards (ambiguous), daily grain, a calculated KPI, measures, an
in-range KPI, a percent tolerance (no target 0), a stretch, a KPI reported
quarterly on a monthly scorecard, a `source:` file, a fiscal calendar.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.errors import InputError, Problems
from mkdocs_scorecards.load import load_project
from mkdocs_scorecards.load.actuals import csv_text, read_actuals
from mkdocs_scorecards.load.actuals_table import ActualsTable
from mkdocs_scorecards.load.csv_columns import read_columns
from mkdocs_scorecards.load.csv_lines import split_lines
from mkdocs_scorecards.load.csv_values import ValueReader
from mkdocs_scorecards.load.kpi_index import KpiIndex
from mkdocs_scorecards.load.numbers import NotANumber, parse_number, read_number_column

SALES = """\
title: Sales
frequency: monthly
measures:
  - {id: calls, title: Calls, aggregate: sum}
  - {id: visits, title: Visits, aggregate: sum, grain: daily}
objectives:
  - id: win
    title: Win deals
    perspective: financial
    kpis:
      - {id: deals, title: Deals, better: higher, target: 10, tolerance: 2}
      - {id: tickets, title: Tickets, better: lower, aggregate: sum, grain: daily, target: 20}
      - {id: rate, title: Rate, better: higher, formula: 'deals / calls * 100', target: 5}
      - {id: nps, title: NPS, better: in-range, target: [30, 50], tolerance: 5}
      - {id: margin, title: Margin, better: higher, target: 10, tolerance: 10%}
      - {id: wins, title: Wins, better: higher, target: 10, stretch: 20}
      - {id: survey, title: Survey, better: higher, frequency: quarterly, target: 7}
      - {id: nrr, title: NRR, better: higher, target: 100, source: finance/nrr.csv}
"""
SUPPORT = """\
title: Support
frequency: quarterly
fiscal_year_start: 4
objectives:
  - id: serve
    title: Serve customers
    perspective: customer
    kpis:
      - {id: deals, title: Deals too, better: higher, target: 3}
      - {id: csat, title: CSAT, better: higher, aggregate: mean, target: 4}
"""
NRR = "finance/nrr.csv"


def write_definitions(root: Path, broken: bool = False) -> Path:
    (root / "scorecards").mkdir(parents=True, exist_ok=True)
    (root / "scorecards" / "sales.yml").write_text(SALES, encoding="utf-8")
    (root / "scorecards" / "support.yml").write_text(SUPPORT, encoding="utf-8")
    if broken:   # a scorecard that cannot be read: rows that may be its KPIs' are set aside
        (root / "scorecards" / "ops.yml").write_text("title: Ops\nobjectives: [\n", encoding="utf-8")
    (root / "data" / "finance").mkdir(parents=True, exist_ok=True)
    (root / "data" / NRR).write_text("period,actual\n2026-01,101\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def scorecards(tmp_path_factory):
    return list(load_project(write_definitions(tmp_path_factory.mktemp("defs")), "scorecards", "data").scorecards)


def encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def read_both(scorecards, files: dict[str, str | bytes]):
    """The actuals and problems of the row reader and of the column-wise reader, after checking they agree."""
    listed = [(f"data/{name}", name, encoded(content)) for name, content in sorted(files.items())]
    on_disk = set(files) | {NRR}
    found = []
    for columns_from in (None, 0):
        problems = Problems()
        actuals = read_actuals(listed, scorecards, problems, {}, {}, on_disk, columns_from=columns_from)
        found.append((actuals, [str(problem) for problem in problems.items]))
    (by_rows, row_problems), (by_columns, column_problems) = found
    assert column_problems == row_problems
    pd.testing.assert_frame_equal(by_columns.table, by_rows.table, check_exact=True)
    assert by_columns.periods == by_rows.periods
    assert by_columns.rows == by_rows.rows
    return by_columns, column_problems


def takes_columns(scorecards, name: str, content: str | bytes) -> bool:
    """Whether the column-wise reader reads this file itself (rather than leave it to the row reader)."""
    problems = Problems()
    read = csv_text(f"data/{name}", encoded(content), problems)
    assert read is not None, problems.items
    index = KpiIndex.build(scorecards, {}, {})
    text, delimiter = read
    return read_columns(f"data/{name}", name, text.encode("utf-8"), delimiter, index, ValueReader(index.scorecards),
                        ActualsTable(), Problems())


LONG = "kpi,period,actual,target,note\n"
SPRINKLED = LONG + """\
sales/deals,2026-01,5,,
sales/deals,2026-02,x,,
deals,2026-03,5,,
support/deals,2026-Q1,3,,
support/deals,FY2027-Q1,4,,
tickets,2026-01-03,4,,a note
tickets,2026-01,4,,
visits,2026-02-28,7,,
visits,2026-02-30,7,,
calls,2026-01,12,9,
rate,2026-01,3,,
rate,2026-02,,6,target only
nps,2026-01,40,30..50,
nps,2026-02,40,50..30,
nps,2026-03,40,45,
margin,2026-01,9,0,
margin,2026-02,9,11,
wins,2026-01,9,25,
wins,2026-02,9,15,
survey,2026-Q1,6,,
survey,2026-02,6,,
csat,2026-Q1,4,,
csat,2026,4,,
nope,2026-01,1,,
sales/nope,2026-01,1,,
nope/deals,2026-01,1,,
,2026-01,1,,
calls,,1,,
calls,Jan-26,1,,
calls,2026-13,1,,
calls,1850-01,1,,
calls,2026-02,1e999,,
calls,2026-03,nan,,
calls,2026-04,#DIV/0!,,
calls,2026-05, 12 ,,  padded note
calls,2026-06,12%,,
calls,2026-07,1e3,,
calls,2026-08,-0,,
calls,2026-09,+.5,,
calls,2026-10,5.,,
calls,2026-11,1.2.3,,
calls,2026-12,-,,
 calls ,2027-01,1,,
calls,2027-02,1,,,
calls,2027-03,1
calls,2027-04,1,,,,,
calls,2027-05,1,,,x
,,,,
   \n\
calls,2027-06,007,,
"""

CASES = {
    "clean long form": {"a.csv": LONG + "sales/deals,2026-01,5,,\ntickets,2026-01-03,4.5,,ok\ncsat,2026-Q1,4,,\n"},
    "bad cells sprinkled": {"a.csv": SPRINKLED},
    "duplicates across files": {"a.csv": LONG + "sales/deals,2026-01,5,,\ncalls,2026-01,1,,\n",
                                "b.csv": LONG + "sales/deals,2026-01,6,,\ncalls,2026-01-15,1,,\n"},
    "duplicate days and mixed grain": {"a.csv": LONG + "tickets,2026-01-03,1,,\ntickets,2026-01-03,2,,\n"
                                       "survey,2026-01,1,,\nsurvey,2026-Q2,1,,\ncsat,2026-04,1,,\ncsat,FY2027-Q1,2,,\n"},
    "ambiguous ids": {"a.csv": LONG + "deals,2026-01,5,,\ndeals,2026-02,5,,\nsales/deals,2026-03,5,,\n"},
    "daily grain": {"a.csv": "kpi,period,actual\n" + "".join(f"visits,2026-03-{d:02d},{d}\n" for d in range(1, 32))
                    + "visits,2026-03,1\nvisits,2026-04-31,1\ntickets,2026-03-05,2\n"},
    "notes": {"a.csv": LONG + 'calls,2026-01,1,,"restated, after audit"\ncalls,2026-02,2,,"said ""yes"""\n'
              'calls,2026-03,3,,  spaced  \ncalls,2026-04,4,,Café\n'},
    "targets": {"a.csv": LONG + "sales/deals,2026-01,5,12,\nsales/deals,2026-02,,12,\nmargin,2026-03,1,0,\n"
                "nps,2026-01,35,30..50,\nnps,2026-02,35, 30 .. 50 ,\nnps,2026-03,35,..50,\nvisits,2026-03-01,1,5,\n"},
    "BOM": {"a.csv": b"\xef\xbb\xbf" + encoded(LONG + "calls,2026-01,1,,\ncalls,2026-02,x,,\n")},
    "semicolons and decimal commas": {"a.csv": "kpi;period;actual;target;note\ncalls;2026-01;1,5;;\n"
                                      "calls;2026-02;1.234,5;;\ncalls;2026-03;12.5;;\nnps;2026-01;40,5;30..50;\n"
                                      "calls;2026-04;1 234,5;;\ncalls;2026-05;,5;;\ncalls;2026-06;1,2,3;;\n"},
    "tabs": {"a.csv": "kpi\tperiod\tactual\ncalls\t2026-01\t1.5\ncalls\t2026-02\t1,5\ncalls\t2026-03\t1,234.5\n"},
    "CRLF": {"a.csv": (LONG + "calls,2026-01,1,,\ncalls,2026-02,x,,\n\ncalls,2026-03,3,,\n").replace("\n", "\r\n")},
    "trailing delimiters everywhere": {"a.csv": "kpi,period,actual,\ncalls,2026-01,1,\ncalls,2026-02,2,\n"},
    "trailing delimiters beyond the header": {"a.csv": "kpi,period,actual\ncalls,2026-01,1,,\ncalls,2026-02,2,,\n"},
    "one ragged row": {"a.csv": "kpi,period,actual\ncalls,2026-01,1,234\ncalls,2026-02,2\n"},
    "quoted numbers": {"a.csv": 'kpi,period,actual\ncalls,2026-01,"1,234.5"\n"calls","2026-02","2"\n'},
    "every field quoted": {"a.csv": '"kpi","period","actual","note"\n"calls","2026-01","1",""\n"calls","2026-02","x",""\n'},
    "sep line": {"a.csv": "sep=;\nkpi;period;actual\ncalls;2026-01;1,5\ncalls;2026-02;x\n"},
    "blank lines and no final line break": {"a.csv": "\n\n" + LONG + "calls,2026-01,1,,\n,,,,\n \t \ncalls,2026-02,2,,"},
    "wide form": {"w.csv": "period,calls,sales/deals,support/deals,visits,rate\n2026-01,1,2,,,\n2026-02,x,3,,,\n"
                  "2026-Q2,,,4,,\n2026-03-05,1,,,5,\n,1,,,,\n,,,,,\n2026-04,,,,,7\n2026-05, 1 ,,,,\n"},
    "wide form, periods only": {"w.csv": "period\n2026-01\n2026-02\n"},
    "source file": {NRR: "period,actual,target,note\n2026-01,101,100,\n2026-02,x,,\n2026-Q1,99,,\n2026-03,98,,fine\n"},
    "unknown columns": {"a.csv": "kpi,period,value\ncalls,2026-01,1\n"},
    "header only": {"a.csv": LONG},
    "cp1252": {"a.csv": (LONG + "calls,2026-01,1,,Café\ncalls,2026-02,x,,\n").encode("cp1252")},
    "UTF-16": {"a.csv": ("kpi\tperiod\tactual\ncalls\t2026-01\t1\ncalls\t2026-02\tx\n").encode("utf-16")},
}
# Cases the row reader keeps: their lines could mean something else to pandas.
ROW_READER_CASES = {
    "quoted note over two lines": {"a.csv": LONG + 'calls,2026-01,1,,"two\nlines"\ncalls,2026-02,x,,\n'},
    "text after a closing quote": {"a.csv": LONG + 'calls,2026-01,1,,"a"b\ncalls,2026-02,2,,\n'},
    "a quote never closed": {"a.csv": LONG + 'calls,2026-01,1,,"open\ncalls,2026-02,2,,\n'},
    "a lone CR": {"a.csv": LONG + "calls,2026-01,1,,\rcalls,2026-02,2,,\n"},
    "a field over the csv module's limit": {"a.csv": LONG + 'calls,2026-01,1,,"' + "x" * 200_000 + '"\n'},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_column_wise_reader_gives_the_row_readers_table_and_problems(scorecards, case):
    files = CASES[case]
    read_both(scorecards, files)
    for name, content in files.items():
        assert takes_columns(scorecards, name, content), name


@pytest.mark.parametrize("case", sorted(ROW_READER_CASES))
def test_files_the_row_reader_keeps(scorecards, case):
    files = ROW_READER_CASES[case]
    read_both(scorecards, files)
    for name, content in files.items():
        assert not takes_columns(scorecards, name, content), name


def test_the_sprinkled_file_is_mostly_rejected_and_each_rejection_named(scorecards):
    """A guard on the guard: the sprinkled case really holds problems of every kind."""
    actuals, problems = read_both(scorecards, CASES["bad cells sprinkled"])
    assert actuals.rows.placed > 10 and actuals.rows.rejected > 25
    assert actuals.rows.read == actuals.rows.placed + actuals.rows.rejected
    for text in ("is ambiguous", "is not a number", "is not a period", "does not fit", "`grain: daily`",
                 "calculated by its formula", "has no target", "has no amber band", "is not below", "runs backwards",
                 "fields but the header has", "the kpi field is empty", "the period is empty", "too large",
                 "not a finite number", "spreadsheet error", "unknown scorecard", "has no KPI or measure"):
        assert any(text in problem for problem in problems), text


@pytest.mark.parametrize("broken", [False, True])
def test_load_project_agrees_both_ways_with_scorecards_that_cannot_be_read(tmp_path, broken):
    """Rows set aside for a scorecard with errors are named once per file, both ways."""
    root = write_definitions(tmp_path, broken)
    (root / "data" / "a.csv").write_text(LONG + "calls,2026-01,1,,\nopsmetric,2026-01,1,,\nopsmetric,2026-02,1,,\n"
                                         "ops/x,2026-01,1,,\ncalls,2026-02,x,,\n", encoding="utf-8")
    outcomes = []
    for columns_from in (None, 0):
        with pytest.raises(InputError) as caught:
            load_project(root, "scorecards", "data", columns_from=columns_from)
        outcomes.append(([str(problem) for problem in caught.value.problems], caught.value.rows))
    assert outcomes[0] == outcomes[1]


# --------------------------------------------------------------------------- generated files

KPI_NAMES = ["deals", "sales/deals", "support/deals", "tickets", "calls", "visits", "rate", "nps", "margin", "wins",
             "survey", "csat", "nope", "sales/nope", "", " calls ", "Calls"]
PERIODS = ["2026-01", "2026-02", "2026-03", "2026-01-05", "2026-02-28", "2026-03-31", "2026-Q1", "FY2027-Q1",
           "2026", "", " 2026-01 ", "Jan-26", "2026-13", "2026-02-30"]
NUMBERS = ["1", "2.5", "-3", "", "007", " 4 ", "1e3", "12%", "x", "nan", "1.234,5", "1,5", "1.234", "1,234.5",
           "+.5", "5.", "-", "1.2.3", "١٢", "0", "1e999", "(5)"]
TARGETS = ["", "", "10", "0", "30..50", "50..30", "..5", "25", "x", "1,5"]
NOTES = ["", "", "restated", "a, b", 'said "hi"', "  padded  ", "Café", "a; b"]


def cell_text(text: str, delimiter: str, quote_all: bool) -> str:
    if quote_all or any(mark in text for mark in (delimiter, '"')):
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def long_files(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    columns = ["kpi", "period", "actual"] + draw(st.sampled_from([[], ["target"], ["note"], ["target", "note"]]))
    columns = draw(st.permutations(columns))
    pools = {"kpi": KPI_NAMES, "period": PERIODS, "actual": NUMBERS, "target": TARGETS, "note": NOTES}
    quote_all = draw(st.booleans()) and draw(st.booleans())
    trailing = delimiter * draw(st.sampled_from([0, 0, 1, 2]))
    lines = [delimiter.join(columns) + (trailing if draw(st.booleans()) else "")]
    for _ in range(draw(st.integers(0, 25))):
        shape = draw(st.sampled_from(["row"] * 8 + ["blank", "short", "long"]))
        if shape == "blank":
            lines.append(draw(st.sampled_from(["", "  ", delimiter * len(columns), " " + delimiter + " "])))
            continue
        cells = [cell_text(draw(st.sampled_from(pools[name])), delimiter, quote_all) for name in columns]
        if shape == "short":
            cells = cells[:-1]
        elif shape == "long":
            cells.append(draw(st.sampled_from(["", "x", " "])))
        lines.append(delimiter.join(cells) + trailing)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    prefix = draw(st.sampled_from(["", "", "\ufeff", f"sep={delimiter}{newline}"]))
    return encoded(prefix + text)


@st.composite
def wide_files(draw):
    delimiter = draw(st.sampled_from([",", ";"]))
    kpis = draw(st.lists(st.sampled_from([k for k in KPI_NAMES if k.strip() and k != "deals"]), min_size=0,
                         max_size=5, unique=True))
    lines = [delimiter.join(["period", *kpis])]
    for _ in range(draw(st.integers(0, 15))):
        cells = [draw(st.sampled_from(PERIODS))] + [draw(st.sampled_from(NUMBERS + ["", "", ""])) for _ in kpis]
        lines.append(delimiter.join(cell_text(cell, delimiter, False) for cell in cells))
    return encoded("\n".join(lines) + "\n")


@st.composite
def source_files(draw):
    columns = draw(st.permutations(["period", "actual"] + draw(st.sampled_from([[], ["target"], ["note"]]))))
    pools = {"period": PERIODS, "actual": NUMBERS, "target": TARGETS, "note": NOTES}
    lines = [",".join(columns)]
    for _ in range(draw(st.integers(0, 12))):
        lines.append(",".join(cell_text(draw(st.sampled_from(pools[name])), ",", False) for name in columns))
    return encoded("\n".join(lines) + "\n")


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


@SETTINGS
@given(first=long_files(), second=long_files())
def test_generated_long_files_read_alike_both_ways(scorecards, first, second):
    read_both(scorecards, {"a.csv": first, "b.csv": second})
    assert takes_columns(scorecards, "a.csv", first)


@SETTINGS
@given(wide=wide_files(), source=source_files())
def test_generated_wide_and_source_files_read_alike_both_ways(scorecards, wide, source):
    read_both(scorecards, {"w.csv": wide, NRR: source})
    assert takes_columns(scorecards, "w.csv", wide)
    assert takes_columns(scorecards, NRR, source)


@SETTINGS
@given(body=st.text(alphabet=',;"\n\r \t1a-.', max_size=80))
def test_files_of_stray_quotes_and_line_breaks_read_alike_both_ways(scorecards, body):
    """Whatever the quotes and line breaks, either way the same: the column-wise reader takes the file or
    leaves it whole to the row reader."""
    read_both(scorecards, {"a.csv": LONG + body, "b.csv": "period,calls\n" + body})


# --------------------------------------------------------------------------- the parts

@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.text(alphabet="0123456789.,+-eE% \u00a0١x", max_size=8), max_size=30),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_a_number_column_reads_as_parse_number_reads_each_cell(cells, delimiter):
    values, ok = read_number_column(np.array(cells, dtype=object), delimiter)
    for cell, value, accepted in zip(cells, values.tolist(), ok.tolist()):
        text = cell.strip()
        try:
            expected = parse_number(text, delimiter) if text else math.nan
        except NotANumber:
            assert not accepted and math.isnan(value), cell
            continue
        assert accepted, cell
        assert (math.isnan(expected) and math.isnan(value)) or (value == expected and
                                                                 math.copysign(1, value) == math.copysign(1, expected)), cell


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=',;"\n\r a\u00a0\t', max_size=40), delimiter=st.sampled_from([",", ";"]))
def test_lines_are_the_csv_modules_records_where_they_are_taken(text, delimiter):
    lines = split_lines(text.encode("utf-8"), delimiter)
    if lines is None:
        return
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    assert len(records) == lines.count
    for index, record in enumerate(records):
        assert lines.cells(index, delimiter) == record
        assert lines.fields[index] == max(len(record), 1)
        if lines.unsure[index]:   # settled from its cells once pandas has read them
            assert not lines.blank[index]
        else:
            assert bool(lines.blank[index]) == (not any(cell.strip() for cell in record))


quoted_field = st.text(alphabet=',;" \ta1\u00e9', max_size=6).map(lambda text: '"' + text.replace('"', '""') + '"')
plain_field = st.text(alphabet=',; \ta1\u00e9', max_size=6)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(quoted_field, plain_field), min_size=1, max_size=5), min_size=1, max_size=8),
       delimiter=st.sampled_from([",", ";", "\t"]), newline=st.sampled_from(["\n", "\r\n"]))
def test_pandas_reads_well_formed_quoted_fields_as_the_csv_module_does(rows, delimiter, newline):
    """What the column-wise reader trusts pandas with: cells quoted whole, quotes inside doubled."""
    fields = [[cell for cell in row if delimiter not in cell or cell.startswith('"')] or ['""'] for row in rows]
    text = newline.join(delimiter.join(row) for row in fields) + newline
    lines = split_lines(text.encode("utf-8"), delimiter)
    assert lines is not None
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    frame = pd.read_csv(io.BytesIO(text.encode("utf-8")), sep=delimiter, header=None, index_col=False,
                        names=range(int(lines.fields.max())), dtype=object, na_filter=False,
                        skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    assert len(frame) == len(records) == lines.count
    for index, record in enumerate(records):
        assert lines.fields[index] == max(len(record), 1)
        assert list(frame.iloc[index])[: len(record)] == record
        assert all(cell == "" for cell in list(frame.iloc[index])[len(record):])


def test_the_load_benchmark_reads_alike_both_ways_and_reports_its_medians(tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    try:
        from bench_load import measure_load, write_project
    finally:
        sys.path.pop(0)
    shape = write_project(tmp_path, 3_000, 30)
    projects = [load_project(tmp_path, "scorecards", "data", columns_from=columns_from) for columns_from in (None, 0)]
    projects.append(load_project(tmp_path, "scorecards", "data"))   # its 70 kB are read column-wise by default
    for project in projects[1:]:
        pd.testing.assert_frame_equal(project.actuals.table, projects[0].actuals.table, check_exact=True)
    assert projects[1].actuals.rows.placed == shape["rows"] == 3_000
    assert takes_columns(list(projects[1].scorecards), "actuals.csv", (tmp_path / "data" / "actuals.csv").read_bytes())
    result = measure_load(rows=600, kpis=12, repeat=1)
    assert result["placed"] == result["rows"] == 600
    assert result["ratio"] > 0 and result["cpu_ratio"] > 0   # medians are rounded; their ratio is not
    assert result["peak_rss_mib"] >= result["rss_before_mib"] > 0


def test_the_example_project_reads_alike_both_ways():
    """Every file of the example site is read column-wise when asked to be, to the same table."""
    repo = Path(__file__).resolve().parents[1]
    projects = [load_project(repo, "scorecards", "data", columns_from=columns_from) for columns_from in (None, 0)]
    pd.testing.assert_frame_equal(projects[1].actuals.table, projects[0].actuals.table, check_exact=True)
    assert projects[1].actuals.periods == projects[0].actuals.periods
    assert projects[1].actuals.rows == projects[0].actuals.rows
    for path in sorted((repo / "data").rglob("*.csv")):
        relative = path.relative_to(repo / "data").as_posix()
        assert takes_columns(list(projects[1].scorecards), relative, path.read_bytes()), relative
