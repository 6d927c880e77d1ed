"""Golden tables for FORMAT sections 5, 6 and 7, run end to end where they can be.

Each table row is a case worked by hand: the expected numbers are written
here with their working in a comment, never computed with the code under
test. Where a rule depends on loading (period labels in CSV rows, target
schedules in YAML, aggregation of rows, roll-ups, as_of), the case writes a
tiny project (scorecards/<id>.yml and data/*.csv) and evaluates it with
`evaluate_site`, as the plugin does.

These tables extend tests/test_evaluation_rules.py and do not repeat its
cases. Scores are compared to 4 decimals (20/3 is 6.6667, 10/3 is 3.3333);
every rho is cross-checked against scipy.stats.spearmanr.

A KPI used in many cases below is `better: higher, target: 100,
tolerance: 30` (absolute). Its score is 20/3 + ((a - 100) / 30) * 10/3
= 20/3 + (a - 100) / 9, so an actual of 100 + 9 * (s - 20/3) scores s:
a = 58 -> 2, 67 -> 3, 76 -> 4, 82 -> 14/3, 85 -> 5, 94 -> 6, 103 -> 7,
106 -> 22/3, 112 -> 8, 121 -> 9, 130 -> 10.
"""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest
from mkdocs_scorecards.compute.evidence import weigh_arrow
from mkdocs_scorecards.compute.results import TargetOrigin, TargetSource
from mkdocs_scorecards.compute.rollup import plain_mean, weighted_mean
from mkdocs_scorecards.compute.status import evaluate, status_from_score
from mkdocs_scorecards.compute.trend import kpi_trend, score_trend
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.model import Place
from mkdocs_scorecards.options import read_options
from mkdocs_scorecards.periods import parse_label, reporting_period
from mkdocs_scorecards.render.json_out import scorecard_json
from mkdocs_scorecards.site import evaluate_site
from scipy.stats import spearmanr

GREEN_FROM = 20 / 3
AMBER_FROM = 10 / 3
PLACES = 1e-4


def ordinal(year: int, month: int) -> int:
    """Months as periods.py numbers them: year * 12 + month - 1."""
    return year * 12 + month - 1


def month(text: str) -> int:
    year, number = text.split("-")
    return ordinal(int(year), int(number))


# ---------------------------------------------------------------------------
# Tiny projects
# ---------------------------------------------------------------------------

def write_project(root: Path, scorecards: dict[str, str], data: dict[str, str]) -> Path:
    for folder in ("scorecards", "data"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for scorecard_id, text in scorecards.items():
        (root / "scorecards" / f"{scorecard_id}.yml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    for name, text in data.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def run(scorecards: dict[str, str], data: dict[str, str], as_of: str = "latest"):
    """Evaluate a project written to a temporary folder; the ProjectResult."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), scorecards, data)
        return evaluate_site(root, read_options({"as_of": as_of}))


def one_kpi_card(kpi: str, frequency: str = "quarterly", fiscal_year_start: int = 1) -> str:
    """A scorecard with one objective holding one KPI, given as a YAML flow mapping."""
    return f"""\
title: Card
frequency: {frequency}
fiscal_year_start: {fiscal_year_start}
objectives:
  - id: obj
    title: Objective
    perspective: financial
    kpis:
      - {kpi}
"""


def csv_rows(rows, with_target: bool = False, kpi: str = "k") -> str:
    """Long-form CSV: rows are (period, actual) or (period, actual, target); None is an empty cell."""
    def cell(value):
        return "" if value is None else str(value)
    header = "kpi,period,actual,target\n" if with_target else "kpi,period,actual\n"
    lines = []
    for row in rows:
        cells = [kpi, row[0], cell(row[1])]
        if with_target:
            cells.append(cell(row[2] if len(row) > 2 else None))
        lines.append(",".join(cells))
    return header + "\n".join(lines) + "\n"


def find_kpi(result, scorecard_id: str, kpi_id: str):
    for objective in result.scorecard(scorecard_id).objectives:
        for kpi in objective.kpis:
            if kpi.kpi.id == kpi_id:
                return kpi
    raise KeyError(kpi_id)


def in_period(kpi_result, label: str):
    """The KPI evaluated in one reporting period: from its series, or the as-of period."""
    for period in kpi_result.series:
        if period.label == label:
            return period
    if kpi_result.current.label == label:
        return kpi_result.current
    raise KeyError(f"{label} not in {[p.label for p in kpi_result.series]} / {kpi_result.current.label}")


def assert_score(got, expected):
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=PLACES)


# ===========================================================================
# Periods (FORMAT section 5)
# ===========================================================================

# FY2027 and two of its quarters for every fiscal_year_start m. The fiscal
# year is named by the calendar year it ends in: for m = 2..12 FY2027 runs from
# month m of 2026 to month m - 1 of 2027; for m = 1 it is calendar 2027.
# Q1 is its first three months, Q3 months 7..9 of the fiscal year.
# (m, FY2027 first, FY2027 last, FY2027-Q1 first, last, FY2027-Q3 first, last)
FISCAL_YEARS = [
    (1, "2027-01", "2027-12", "2027-01", "2027-03", "2027-07", "2027-09"),
    (2, "2026-02", "2027-01", "2026-02", "2026-04", "2026-08", "2026-10"),
    (3, "2026-03", "2027-02", "2026-03", "2026-05", "2026-09", "2026-11"),
    (4, "2026-04", "2027-03", "2026-04", "2026-06", "2026-10", "2026-12"),
    (5, "2026-05", "2027-04", "2026-05", "2026-07", "2026-11", "2027-01"),
    (6, "2026-06", "2027-05", "2026-06", "2026-08", "2026-12", "2027-02"),
    (7, "2026-07", "2027-06", "2026-07", "2026-09", "2027-01", "2027-03"),   # FORMAT: FY2027-Q3 = Jan..Mar 2027
    (8, "2026-08", "2027-07", "2026-08", "2026-10", "2027-02", "2027-04"),
    (9, "2026-09", "2027-08", "2026-09", "2026-11", "2027-03", "2027-05"),
    (10, "2026-10", "2027-09", "2026-10", "2026-12", "2027-04", "2027-06"),
    (11, "2026-11", "2027-10", "2026-11", "2027-01", "2027-05", "2027-07"),
    (12, "2026-12", "2027-11", "2026-12", "2027-02", "2027-06", "2027-08"),
]


@pytest.mark.parametrize("start, year_first, year_last, q1_first, q1_last, q3_first, q3_last", FISCAL_YEARS)
def test_fiscal_labels_for_every_start_month(start, year_first, year_last, q1_first, q1_last, q3_first, q3_last):
    year = parse_label("FY2027", start)
    assert (year.first, year.last) == (month(year_first), month(year_last))
    q1 = parse_label("FY2027-Q1", start)
    assert (q1.first, q1.last) == (month(q1_first), month(q1_last))
    q3 = parse_label("FY2027-Q3", start)
    assert (q3.first, q3.last) == (month(q3_first), month(q3_last))
    # Labels without FY are calendar periods whatever the fiscal year
    calendar = parse_label("2026-Q3", start)
    assert (calendar.first, calendar.last) == (month("2026-07"), month("2026-09"))


# Which reporting period holds January 2026 and December 2026, for every m.
# Fiscal year of a month: the calendar year, plus one when m > 1 and month >= m.
# January 2026 (m > 1): FY2026, which began in month m of 2025; its position in
# that year is 12 - (m - 1) = 13 - m months in (0-based: 13 - m), quarter = that // 3 + 1.
# (m, quarter of 2026-01, year of 2026-01, quarter of 2026-12, year of 2026-12)
REPORTING_ALL_STARTS = [
    (1, "2026-Q1", "2026", "2026-Q4", "2026"),
    (2, "FY2026-Q4", "FY2026", "FY2027-Q4", "FY2027"),    # Jan is month 12 of Feb..Jan; Dec is month 11
    (3, "FY2026-Q4", "FY2026", "FY2027-Q4", "FY2027"),    # Jan: 11th of Mar..Feb; Dec: 10th
    (4, "FY2026-Q4", "FY2026", "FY2027-Q3", "FY2027"),    # Jan: 10th of Apr..Mar; Dec: 9th (Oct..Dec)
    (5, "FY2026-Q3", "FY2026", "FY2027-Q3", "FY2027"),    # Jan: 9th (Nov..Jan); Dec: 8th (Nov..Jan)
    (6, "FY2026-Q3", "FY2026", "FY2027-Q3", "FY2027"),    # Jan: 8th (Dec..Feb); Dec: 7th (Dec..Feb)
    (7, "FY2026-Q3", "FY2026", "FY2027-Q2", "FY2027"),    # Jan: 7th (Jan..Mar); Dec: 6th (Oct..Dec)
    (8, "FY2026-Q2", "FY2026", "FY2027-Q2", "FY2027"),    # Jan: 6th (Nov..Jan); Dec: 5th
    (9, "FY2026-Q2", "FY2026", "FY2027-Q2", "FY2027"),    # Jan: 5th (Dec..Feb); Dec: 4th (Dec..Feb)
    (10, "FY2026-Q2", "FY2026", "FY2027-Q1", "FY2027"),   # Jan: 4th (Jan..Mar); Dec: 3rd (Oct..Dec)
    (11, "FY2026-Q1", "FY2026", "FY2027-Q1", "FY2027"),   # Jan: 3rd (Nov..Jan); Dec: 2nd
    (12, "FY2026-Q1", "FY2026", "FY2027-Q1", "FY2027"),   # Jan: 2nd (Dec..Feb); Dec: 1st of FY2027
]


@pytest.mark.parametrize("start, jan_quarter, jan_year, dec_quarter, dec_year", REPORTING_ALL_STARTS)
def test_reporting_periods_for_every_start_month(start, jan_quarter, jan_year, dec_quarter, dec_year):
    assert reporting_period(month("2026-01"), "quarterly", start).label == jan_quarter
    assert reporting_period(month("2026-01"), "yearly", start).label == jan_year
    assert reporting_period(month("2026-12"), "quarterly", start).label == dec_quarter
    assert reporting_period(month("2026-12"), "yearly", start).label == dec_year
    assert reporting_period(month("2026-01"), "monthly", start).label == "2026-01"


# A CSV row's period as written -> the reporting period it lands in, end to end.
# (frequency, fiscal_year_start, period as written, expected reporting label)
ROW_LABELS = [
    ("quarterly", 1, "2026-05", "2026-Q2"),
    ("quarterly", 1, "2026-05-31", "2026-Q2"),        # a date is its month
    ("quarterly", 1, "2026-02-28", "2026-Q1"),
    ("quarterly", 1, "2026-Q2", "2026-Q2"),
    ("quarterly", 1, "FY2027-Q1", "2027-Q1"),         # m = 1: FY2027-Q1 is Jan..Mar 2027
    ("quarterly", 4, "2026-Q2", "FY2027-Q1"),         # calendar Apr..Jun 2026 is FY2027-Q1 when m = 4
    ("quarterly", 4, "FY2027-Q1", "FY2027-Q1"),
    ("quarterly", 4, "2026-03-31", "FY2026-Q4"),      # March 2026 closes FY2026
    ("quarterly", 4, "2026-04-01", "FY2027-Q1"),      # and April opens FY2027
    ("quarterly", 7, "2027-Q1", "FY2027-Q3"),         # FORMAT: m = 7, FY2027-Q3 = Jan..Mar 2027
    ("quarterly", 7, "2027-02", "FY2027-Q3"),
    ("quarterly", 10, "2026-Q4", "FY2027-Q1"),        # m = 10: FY2027 = Oct 2026..Sep 2027
    ("monthly", 4, "2026-04-30", "2026-04"),          # monthly labels are plain months on every calendar
    ("monthly", 1, "2026-11", "2026-11"),
    ("yearly", 1, "2026-Q3", "2026"),                 # a quarter is finer than a year
    ("yearly", 1, "FY2026", "2026"),                  # m = 1: FY2026 is calendar 2026
    ("yearly", 7, "2026-Q3", "FY2027"),               # Jul..Sep 2026 is the start of FY2027 (Jul 2026..Jun 2027)
    ("yearly", 7, "2026-06", "FY2026"),
    ("yearly", 7, "FY2027", "FY2027"),
    ("yearly", 4, "FY2027-Q4", "FY2027"),             # Jan..Mar 2027
]


@pytest.mark.parametrize("frequency, start, written, label", ROW_LABELS)
def test_a_row_lands_in_the_reporting_period_holding_its_months(frequency, start, written, label):
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 30}", frequency, start)
    result = run({"card": card}, {"a.csv": csv_rows([(written, 100)])})
    kpi = find_kpi(result, "card", "k")
    assert [p.label for p in kpi.series] == [label]
    assert result.scorecard("card").as_of_label == label
    assert kpi.current.actual == 100


@pytest.mark.parametrize("frequency, start, written", [
    ("quarterly", 1, "2026"),          # a year is coarser than a quarter
    ("quarterly", 2, "2026-Q1"),       # m = 2: quarters Nov..Jan and Feb..Apr, so Jan..Mar straddles two
    ("yearly", 7, "2026"),             # calendar 2026 straddles FY2026 and FY2027
    ("monthly", 1, "2026-Q1"),
])
def test_a_row_coarser_than_or_across_reporting_periods_is_refused(frequency, start, written):
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 30}", frequency, start)
    data = {"a.csv": csv_rows([(written, 100)])}
    with pytest.raises(InputError) as error:
        run({"card": card}, data)
    assert "data/a.csv:2" in str(error.value)


# as_of read in each scorecard's own calendar: the reporting period holding
# the label's last month. Six scorecards in one project:
#   m1  monthly m=1, q1 quarterly m=1, y1 yearly m=1,
#   q4  quarterly m=4 (FY = Apr..Mar), y7 yearly m=7 (FY = Jul..Jun), m4 monthly m=4.
AS_OF_CARDS = {"m1": ("monthly", 1), "q1": ("quarterly", 1), "y1": ("yearly", 1),
               "q4": ("quarterly", 4), "y7": ("yearly", 7), "m4": ("monthly", 4)}
AS_OF = [
    # as_of, then the expected as-of label for m1, q1, y1, q4, y7, m4
    # 2026-Q3: last month 2026-09; for q4 Sep 2026 is the 6th month of FY2027 (Apr..) -> Q2; for y7 in FY2027
    ("2026-Q3", "2026-09", "2026-Q3", "2026", "FY2027-Q2", "FY2027", "2026-09"),
    ("2026-09", "2026-09", "2026-Q3", "2026", "FY2027-Q2", "FY2027", "2026-09"),
    ("2026-08-15", "2026-08", "2026-Q3", "2026", "FY2027-Q2", "FY2027", "2026-08"),
    # 2026: last month 2026-12; Dec is the 9th month of FY2027 for m = 4 -> Q3
    ("2026", "2026-12", "2026-Q4", "2026", "FY2027-Q3", "FY2027", "2026-12"),
    # FY labels are read in each calendar: FY2027-Q1 is Jan..Mar 2027 for m = 1,
    # Apr..Jun 2026 for m = 4 and Jul..Sep 2026 for m = 7
    ("FY2027-Q1", "2027-03", "2027-Q1", "2027", "FY2027-Q1", "FY2027", "2026-06"),
    # FY2027 ends Dec 2027 (m = 1), Mar 2027 (m = 4), Jun 2027 (m = 7)
    ("FY2027", "2027-12", "2027-Q4", "2027", "FY2027-Q4", "FY2027", "2027-03"),
    ("2026-04", "2026-04", "2026-Q2", "2026", "FY2027-Q1", "FY2026", "2026-04"),   # Apr 2026 is in FY2026 for m = 7
]


def _as_of_project() -> tuple[dict[str, str], dict[str, str]]:
    cards, rows = {}, ["kpi,period,actual"]
    for scorecard_id, (frequency, start) in AS_OF_CARDS.items():
        kpi = f"{{id: k-{scorecard_id}, title: K, better: higher, target: 100, tolerance: 30}}"
        cards[scorecard_id] = one_kpi_card(kpi, frequency, start)
        rows.append(f"k-{scorecard_id},2026-01,100")
    return cards, {"a.csv": "\n".join(rows) + "\n"}


@pytest.mark.parametrize("as_of, expected", [(case[0], case[1:]) for case in AS_OF], ids=[case[0] for case in AS_OF])
def test_as_of_is_read_in_each_scorecards_calendar(as_of, expected):
    cards, data = _as_of_project()
    result = run(cards, data, as_of)
    got = [result.scorecard(scorecard_id).as_of_label for scorecard_id in AS_OF_CARDS]
    assert got == list(expected)


def test_as_of_latest_is_each_scorecards_latest_period_with_an_actual():
    cards, _ = _as_of_project()
    # m1 has data up to 2026-08, q4 up to 2026-10 (FY2027-Q3 for m = 4), y7 up to
    # 2026-06 (FY2026), and a target-only row in 2026-12 does not count as an actual.
    data = {"a.csv": """\
        kpi,period,actual,target
        k-m1,2026-08,1,
        k-m1,2026-12,,100
        k-q1,2026-02,1,
        k-y1,2025-12,1,
        k-q4,2026-10,1,
        k-y7,2026-06,1,
        k-m4,2026-05-31,1,
        """}
    result = run(cards, data)
    got = {scorecard_id: result.scorecard(scorecard_id).as_of_label for scorecard_id in AS_OF_CARDS}
    assert got == {"m1": "2026-08", "q1": "2026-Q1", "y1": "2025", "q4": "FY2027-Q3", "y7": "FY2026",
                   "m4": "2026-05"}


# Rows after as_of take no part: each case sums monthly rows Apr..Dec 2026 with
# actuals equal to the month number (4 + 5 + ... + 12).
# (frequency, m, as_of, expected label, expected sum, partial)
AS_OF_CUTS = [
    # quarterly m=1, as_of 2026-08: Q3 from July and August only: 7 + 8 = 15, partial
    ("quarterly", 1, "2026-08", "2026-Q3", 15, True),
    ("quarterly", 1, "2026-Q3", "2026-Q3", 24, False),        # 7 + 8 + 9
    ("yearly", 1, "2026-06", "2026", 15, True),               # 4 + 5 + 6
    # quarterly m=4, as_of 2026-Q3 (Jul..Sep 2026) = FY2027-Q2: 7 + 8 + 9
    ("quarterly", 4, "2026-Q3", "FY2027-Q2", 24, False),
    ("monthly", 4, "FY2027-Q1", "2026-06", 6, False),         # m = 4: FY2027-Q1 ends June 2026
    ("quarterly", 4, "FY2027-Q1", "FY2027-Q1", 15, False),    # Apr..Jun 2026: 4 + 5 + 6
    ("yearly", 1, "FY2026-Q3", "2026", 24 + 15, True),        # m = 1: FY2026-Q3 = Jul..Sep 2026: 4 + ... + 9
]

# The same with a fiscal quarter as as_of on a fiscal yearly scorecard.
AS_OF_FISCAL_CUTS = [
    # yearly m=4, as_of FY2027-Q1 = Apr..Jun 2026 in this calendar: 4 + 5 + 6 = 15, partial (March 2027 missing)
    ("yearly", 4, "FY2027-Q1", "FY2027", 15, True),
    # yearly m=7, as_of FY2027-Q1 = Jul..Sep 2026: 7 + 8 + 9 = 24, partial
    ("yearly", 7, "FY2027-Q1", "FY2027", 24, True),
]


@pytest.mark.parametrize("frequency, start, as_of, label, total, partial", AS_OF_CUTS)
def test_rows_after_as_of_take_no_part(frequency, start, as_of, label, total, partial):
    _check_cut(frequency, start, as_of, label, total, partial)


@pytest.mark.parametrize("frequency, start, as_of, label, total, partial", AS_OF_FISCAL_CUTS)
def test_rows_after_a_fiscal_as_of_take_no_part_on_a_fiscal_yearly_scorecard(frequency, start, as_of, label,
                                                                             total, partial):
    # Regression: a yearly scorecard with fiscal_year_start 4 (or 7) and as_of: FY2027-Q1
    # sums every month of its fiscal year up to the end of the data
    # (4 + ... + 12 = 72 with m = 4; 7 + ... + 12 = 57 with m = 7) instead of
    # stopping at the label's last month in the scorecard's calendar (June
    # 2026 -> 15; September 2026 -> 24). data_cutoff in compute/scorecard.py
    # reads the as_of label with fiscal_year_start 1 (Jan..Mar 2027), so rows
    # dated after as_of take part in the evaluation.
    _check_cut(frequency, start, as_of, label, total, partial)


def _check_cut(frequency, start, as_of, label, total, partial):
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 30, aggregate: sum}",
                        frequency, start)
    rows = [(f"2026-{m:02d}", m) for m in range(4, 13)]
    result = run({"card": card}, {"a.csv": csv_rows(rows)}, as_of)
    kpi = find_kpi(result, "card", "k")
    assert result.scorecard("card").as_of_label == label
    assert (kpi.current.label, kpi.current.actual, kpi.current.partial) == (label, total, partial)
    assert all(parse_label(p.label, start).last <= parse_label(label, start).last for p in kpi.series)


# A schedule key applies from the reporting period that holds its first month.
# (frequency, m, schedule, rows, {reporting label: target in force (None: no target)})
SCHEDULES = [
    # FORMAT: 2026-08 on a quarterly scorecard applies from 2026-Q3 (so July has it too)
    ("quarterly", 1, "{2026-08: 110}", ["2026-05", "2026-07"], {"2026-Q2": None, "2026-Q3": 110}),
    # FORMAT: 2026 applies from 2026-Q1; the next entry takes over from its own period
    ("quarterly", 1, "{2026: 50, 2026-08: 60}", ["2026-01", "2026-05", "2026-08", "2026-12"],
     {"2026-Q1": 50, "2026-Q2": 50, "2026-Q3": 60, "2026-Q4": 60}),
    # entries may be written in any order: sorted by their first month
    ("quarterly", 1, "{2026-Q3: 105, 2026-Q1: 95}", ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
     {"2025-Q4": None, "2026-Q1": 95, "2026-Q2": 95, "2026-Q3": 105, "2026-Q4": 105}),
    ("monthly", 1, "{2026-Q2: 10}", ["2026-03", "2026-04", "2026-06"],
     {"2026-03": None, "2026-04": 10, "2026-06": 10}),
    ("monthly", 1, "{2026-03-15: 12}", ["2026-02", "2026-03"], {"2026-02": None, "2026-03": 12}),
    # m = 4: FY2027 starts April 2026 (FY2027-Q1); 2026-Q3 starts July 2026 (FY2027-Q2)
    ("quarterly", 4, "{FY2027: 70, 2026-Q3: 80}", ["2026-03", "2026-05", "2026-08"],
     {"FY2026-Q4": None, "FY2027-Q1": 70, "FY2027-Q2": 80}),
    # m = 4: 2026-05 lies in FY2027-Q1 (Apr..Jun), so it applies to April's row as well
    ("quarterly", 4, "{2026-05: 40}", ["2026-03", "2026-04"], {"FY2026-Q4": None, "FY2027-Q1": 40}),
    # m = 7, yearly: November 2026 lies in FY2027 (Jul 2026..Jun 2027)
    ("yearly", 7, "{2026-11: 5}", ["2026-06", "2026-07"], {"FY2026": None, "FY2027": 5}),
    ("yearly", 1, "{2026-Q4: 9}", ["2025-12", "2026-01"], {"2025": None, "2026": 9}),
    # m = 1: FY2027-Q1 is Jan..Mar 2027
    ("quarterly", 1, "{FY2027-Q1: 3}", ["2026-Q4", "2027-Q1"], {"2026-Q4": None, "2027-Q1": 3}),
]


@pytest.mark.parametrize("frequency, start, schedule, periods, expected", SCHEDULES)
def test_target_schedule_applies_from_the_period_holding_its_first_month(frequency, start, schedule, periods,
                                                                           expected):
    card = one_kpi_card(f"{{id: k, title: K, better: higher, target: {schedule}, tolerance: 1}}", frequency, start)
    # actual 1000 is above every target: green wherever a target is in force
    result = run({"card": card}, {"a.csv": csv_rows([(p, 1000) for p in periods])})
    kpi = find_kpi(result, "card", "k")
    got = {p.label: p.target for p in kpi.series}
    assert got == expected
    for period in kpi.series:
        assert period.status == ("no-target" if expected[period.label] is None else "green")


# ===========================================================================
# Aggregation of finer rows, and the partial flag (FORMAT sections 4 and 5)
# ===========================================================================

# (case, frequency, m, aggregate, rows (period, actual; None = empty cell), label, actual, partial)
AGGREGATES = [
    ("last", "quarterly", 1, "last", [("2026-01", 10), ("2026-02", 20), ("2026-03", 30)], "2026-Q1", 30, False),
    # March has no row: the quarter stands at February's value, partial
    ("last, March missing", "quarterly", 1, "last", [("2026-01", 10), ("2026-02", 20)], "2026-Q1", 20, True),
    # a row for March with an empty actual is no value: still partial
    ("last, March empty", "quarterly", 1, "last", [("2026-01", 10), ("2026-02", 20), ("2026-03", None)],
     "2026-Q1", 20, True),
    # "last" is the latest month, not the last row of the file
    ("last, rows reversed", "quarterly", 1, "last", [("2026-03", 30), ("2026-02", 20), ("2026-01", 10)],
     "2026-Q1", 30, False),
    ("last of dates", "quarterly", 1, "last", [("2026-01-31", 10), ("2026-03-31", 30)], "2026-Q1", 30, False),
    ("sum", "quarterly", 1, "sum", [("2026-01", 10), ("2026-02", 20), ("2026-03", 30)], "2026-Q1", 60, False),
    # 0.1 + 0.2 = 0.3, partial (no March)
    ("sum of decimals", "quarterly", 1, "sum", [("2026-01", 0.1), ("2026-02", 0.2)], "2026-Q1", 0.3, True),
    # a missing middle month does not make the quarter partial: 10 + 5
    ("sum, February missing", "quarterly", 1, "sum", [("2026-01", 10), ("2026-03", 5)], "2026-Q1", 15, False),
    ("sum of negatives", "quarterly", 1, "sum", [("2026-01", -4), ("2026-02", 1.5), ("2026-03", -0.5)],
     "2026-Q1", -3, False),
    ("mean", "quarterly", 1, "mean", [("2026-01", 10), ("2026-02", 20), ("2026-03", 60)], "2026-Q1", 30, False),
    ("mean 7/3", "quarterly", 1, "mean", [("2026-01", 1), ("2026-02", 2), ("2026-03", 4)], "2026-Q1", 7 / 3, False),
    # an empty cell is no value, not 0: (10 + 20) / 2
    ("mean skips empty", "quarterly", 1, "mean", [("2026-01", 10), ("2026-02", None), ("2026-03", 20)],
     "2026-Q1", 15, False),
    ("min", "quarterly", 1, "min", [("2026-01", 5), ("2026-02", -3), ("2026-03", 7)], "2026-Q1", -3, False),
    ("max", "quarterly", 1, "max", [("2026-01", 5), ("2026-02", -3), ("2026-03", 7)], "2026-Q1", 7, False),
    ("max, March missing", "quarterly", 1, "max", [("2026-02", 8), ("2026-01", 9)], "2026-Q1", 9, True),
    ("min of one month", "quarterly", 1, "min", [("2026-03", 4)], "2026-Q1", 4, False),
    # m = 4: April..June 2026 is FY2027-Q1: 1 + 2 + 3
    ("fiscal quarter sum", "quarterly", 4, "sum", [("2026-04", 1), ("2026-05", 2), ("2026-06", 3)],
     "FY2027-Q1", 6, False),
    # m = 4: the fiscal quarter ends in June, so a quarter with April..May only is partial
    ("fiscal quarter partial", "quarterly", 4, "mean", [("2026-04", 1), ("2026-05", 2)], "FY2027-Q1", 1.5, True),
    # quarters into a year: Q4 (whose last month is December) missing -> partial; 10 + 20 + 30
    ("quarters into a year", "yearly", 1, "sum", [("2026-Q1", 10), ("2026-Q2", 20), ("2026-Q3", 30)],
     "2026", 60, True),
    ("quarters into a year, complete", "yearly", 1, "max",
     [("2026-Q1", 10), ("2026-Q2", 40), ("2026-Q3", 30), ("2026-Q4", 20)], "2026", 40, False),
    # m = 7: FY2027 = Jul 2026..Jun 2027; June 2027 present -> not partial; min of 3, 1, 2
    ("fiscal year of months", "yearly", 7, "min", [("2026-07", 3), ("2026-12", 1), ("2027-06", 2)],
     "FY2027", 1, False),
    # rows at the reporting period itself are never partial
    ("quarter rows", "quarterly", 1, "sum", [("2026-Q1", 12)], "2026-Q1", 12, False),
    ("monthly, single month", "monthly", 1, "sum", [("2026-05", 12)], "2026-05", 12, False),
]


@pytest.mark.parametrize("frequency, start, aggregate, rows, label, actual, partial",
                         [case[1:] for case in AGGREGATES], ids=[case[0] for case in AGGREGATES])
def test_aggregation_of_finer_rows(frequency, start, aggregate, rows, label, actual, partial):
    card = one_kpi_card(f"{{id: k, title: K, better: higher, target: 100, tolerance: 30, aggregate: {aggregate}}}",
                        frequency, start)
    result = run({"card": card}, {"a.csv": csv_rows(rows)})
    kpi = find_kpi(result, "card", "k")
    assert kpi.current.label == label
    # computed values are compared as FORMAT compares them: equal within 1e-9 of their magnitude
    assert kpi.current.actual == pytest.approx(actual, rel=1e-9, abs=1e-12)
    assert kpi.current.partial is partial
    # and the score is that of the aggregated actual: 20/3 + (a - 100) / 9, clamped to 0..10
    assert kpi.current.score == pytest.approx(min(10.0, max(0.0, GREEN_FROM + (actual - 100) / 9)), abs=PLACES)


def test_partial_is_per_kpi_and_per_period():
    # Two KPIs of one quarterly scorecard: a has all of Q1 and July only of Q3;
    # b has January..February of Q1 and all of Q3.
    card = """\
        title: Card
        objectives:
          - id: obj
            title: Objective
            perspective: financial
            kpis:
              - {id: a, title: A, better: higher, target: 100, tolerance: 30, aggregate: sum}
              - {id: b, title: B, better: higher, target: 100, tolerance: 30, aggregate: sum}
        """
    data = """\
        kpi,period,actual
        a,2026-01,1
        a,2026-02,1
        a,2026-03,1
        a,2026-07,1
        b,2026-01,1
        b,2026-02,1
        b,2026-07,1
        b,2026-08,1
        b,2026-09,1
        """
    result = run({"card": card}, {"a.csv": data})
    a, b = find_kpi(result, "card", "a"), find_kpi(result, "card", "b")
    assert [(p.label, p.actual, p.partial) for p in a.series] == [("2026-Q1", 3, False), ("2026-Q3", 1, True)]
    assert [(p.label, p.actual, p.partial) for p in b.series] == [("2026-Q1", 2, True), ("2026-Q3", 3, False)]
    # and in scorecard.json: "partial": true on the KPI (as of Q3) and on each partial series entry
    document = json.loads(scorecard_json(result.scorecard("card"), result))
    a_json, b_json = document["objectives"][0]["kpis"]
    assert (a_json["partial"], b_json["partial"]) == (True, False)
    assert [entry.get("partial", False) for entry in a_json["series"]] == [False, True]
    assert [entry.get("partial", False) for entry in b_json["series"]] == [True, False]


def test_a_value_is_never_carried_forward():
    # Q1 has an actual, Q2 none: as of Q2 the KPI is no-data with no score, and its trend n/a.
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 30}")
    result = run({"card": card}, {"a.csv": csv_rows([("2026-Q1", 112)])}, as_of="2026-Q2")
    kpi = find_kpi(result, "card", "k")
    assert (kpi.current.label, kpi.current.actual, kpi.current.status, kpi.current.score) == \
        ("2026-Q2", None, "no-data", None)
    assert kpi.trend == "n/a"
    assert [p.label for p in kpi.series] == ["2026-Q1"]
    objective = result.scorecard("card").objective("obj")
    assert (objective.score, objective.status, objective.trend) == (None, "no-data", "n/a")


@pytest.mark.parametrize("written, value", [
    ("12345678901.23", 12345678901.23),      # twelve billion with cents: 13 significant digits
    ("0.1234567890123", 0.1234567890123),
])
def test_an_actual_of_one_row_is_kept_as_read(written, value):
    # Regression: a single row's actual is published rounded to 12 significant digits
    # (series._rounded, meant to drop noise from sums): 12345678901.23 is
    # published as 12345678901.2 and 0.1234567890123 as 0.123456789012.
    # FORMAT section 8 publishes actuals "as read" (and section 4: no value
    # may be lost); site_src/guide/decisions.md promises the rounding for sums
    # and means only, but it is applied to every aggregate, `last` included.
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 30}")
    result = run({"card": card}, {"a.csv": f"kpi,period,actual\nk,2026-Q1,{written}\n"})
    assert find_kpi(result, "card", "k").current.actual == value


# ===========================================================================
# Targets (FORMAT sections 3 and 6), end to end
# ===========================================================================

# (case, KPI flow mapping, rows (period, actual, CSV target), {label: (target, status, score)})
TARGETS = [
    # t = 10% of 200 = 20; d = (190 - 200) / 20 = -0.5 -> 20/3 - 5/3 = 5.0
    ("number, default 10%", "{id: k, title: K, better: higher, target: 200}",
     [("2026-Q1", 190)], {"2026-Q1": (200, "amber", 5.0)}),
    # lower, t = 10% of 50 = 5; d = (50 - 52) / 5 = -0.4 -> 20/3 - 4/3 = 5.3333
    ("number, lower", "{id: k, title: K, better: lower, target: 50}",
     [("2026-Q1", 52)], {"2026-Q1": (50, "amber", 5.3333)}),
    # in-range [40, 60], 10% of the nearer bound:
    #   63: bound 60, t = 6, distance 3 -> 20/3 - (3/6) * 10/3 = 5.0
    #   37: bound 40, t = 4, distance 3 -> 20/3 - (3/4) * 10/3 = 4.1667
    #   50: inside -> 20/3;  30: bound 40, distance 10 > t -> 20/3 - 25/3 < 0 -> 0
    ("in-range pair", "{id: k, title: K, better: in-range, target: [40, 60]}",
     [("2026-Q1", 63), ("2026-Q2", 37), ("2026-Q3", 50), ("2026-Q4", 30)],
     {"2026-Q1": ((40, 60), "amber", 5.0), "2026-Q2": ((40, 60), "amber", 4.1667),
      "2026-Q3": ((40, 60), "green", 6.6667), "2026-Q4": ((40, 60), "red", 0.0)}),
    # FORMAT's schedule, actual 100 throughout, default 10%:
    #   before 2026-Q1 no target;
    #   T = 95: t = 9.5, d = 5 / 9.5 = 0.526316 -> 6.6667 + 1.7544 = 8.4211
    #   T = 105: t = 10.5, d = -5 / 10.5 = -0.476190 -> 6.6667 - 1.5873 = 5.0794
    ("schedule", "{id: k, title: K, better: higher, target: {2026-Q1: 95, 2026-Q3: 105}}",
     [("2025-Q4", 100), ("2026-Q1", 100), ("2026-Q2", 100), ("2026-Q3", 100), ("2026-Q4", 100)],
     {"2025-Q4": (None, "no-target", None), "2026-Q1": (95, "green", 8.4211), "2026-Q2": (95, "green", 8.4211),
      "2026-Q3": (105, "amber", 5.0794), "2026-Q4": (105, "amber", 5.0794)}),
    # CSV target: the row of the latest month carrying one counts (February's 120,
    # March has none); the next quarter falls back to the definition (100).
    #   Q1: last actual 115, T = 120, t = 10: d = -0.5 -> 5.0;  Q2: 105 vs 100: d = 0.5 -> 8.3333
    ("CSV target, latest month", "{id: k, title: K, better: higher, target: 100, tolerance: 10}",
     [("2026-01", 100, 90), ("2026-02", 100, 120), ("2026-03", 115), ("2026-04", 105)],
     {"2026-Q1": (120, "amber", 5.0), "2026-Q2": (100, "green", 8.3333)}),
    # rows out of order: March's target 110 is the latest (January's 90 is not): d = (105 - 110) / 10 -> 5.0
    ("CSV target, rows out of order", "{id: k, title: K, better: higher, target: 100, tolerance: 10}",
     [("2026-03", 105, 110), ("2026-01", 100, 90)], {"2026-Q1": (110, "amber", 5.0)}),
    # a percent tolerance follows the CSV target: 10% of 200 = 20; d = (190 - 200) / 20 = -0.5 -> 5.0
    # (10% of the definition's 100 would make 190 green)
    ("CSV target, percent tolerance", "{id: k, title: K, better: higher, target: 100, tolerance: 10%}",
     [("2026-Q1", 190, 200)], {"2026-Q1": (200, "amber", 5.0)}),
    # a CSV target below the stretch: the stretch runs from it. (107.5 - 105) / (110 - 105) = 0.5
    # -> 20/3 + 0.5 * 10/3 = 8.3333
    ("CSV target under the stretch", "{id: k, title: K, better: higher, target: 100, tolerance: 10, stretch: 110}",
     [("2026-Q1", 107.5, 105)], {"2026-Q1": (105, "green", 8.3333)}),
    # a schedule of ranges, 10% of the nearer bound:
    #   Q1 [40, 60]: 62 -> t = 6, distance 2 -> 20/3 - (2/6) * 10/3 = 5.5556
    #   Q3 [45, 55]: 62 -> t = 5.5, distance 7 > t -> 20/3 - (7/5.5) * 10/3 = 2.4242 (red)
    ("schedule of ranges", "{id: k, title: K, better: in-range, target: {2026-Q1: [40, 60], 2026-Q3: [45, 55]}}",
     [("2026-Q1", 62), ("2026-Q2", 62), ("2026-Q3", 62)],
     {"2026-Q1": ((40, 60), "amber", 5.5556), "2026-Q2": ((40, 60), "amber", 5.5556),
      "2026-Q3": ((45, 55), "red", 2.4242)}),
    # a CSV target where the schedule has none yet: 80 vs 80 -> met, 20/3
    ("CSV target before the schedule", "{id: k, title: K, better: higher, target: {2026-Q3: 100}, tolerance: 5}",
     [("2026-Q1", 80, 80), ("2026-Q2", 80)],
     {"2026-Q1": (80, "green", 6.6667), "2026-Q2": (None, "no-target", None)}),
    # CSV range 45..55 overrides [40, 60]: 57 is 2 above 55, t = 5.5 -> 20/3 - (2/5.5) * 10/3 = 5.4545
    ("CSV range", "{id: k, title: K, better: in-range, target: [40, 60]}",
     [("2026-Q1", 57, "45..55"), ("2026-Q2", 57)],
     {"2026-Q1": ((45, 55), "amber", 5.4545), "2026-Q2": ((40, 60), "green", 6.6667)}),
    # tolerance 5 (absolute) vs 5% of 200 = 10:
    #   196: d = -4/5 = -0.8 -> 20/3 - 8/3 = 4.0;   194: d = -6/5 = -1.2 -> 20/3 - 4 = 2.6667 (red)
    ("tolerance absolute", "{id: k, title: K, better: higher, target: 200, tolerance: 5}",
     [("2026-Q1", 196), ("2026-Q2", 194)], {"2026-Q1": (200, "amber", 4.0), "2026-Q2": (200, "red", 2.6667)}),
    #   196: d = -4/10 = -0.4 -> 20/3 - 4/3 = 5.3333; 194: d = -0.6 -> 20/3 - 2 = 4.6667 (amber)
    ("tolerance percent", "{id: k, title: K, better: higher, target: 200, tolerance: 5%}",
     [("2026-Q1", 196), ("2026-Q2", 194)], {"2026-Q1": (200, "amber", 5.3333), "2026-Q2": (200, "amber", 4.6667)}),
    # in-range with an absolute tolerance: both sides 4. 63: distance 3 -> 20/3 - 2.5 = 4.1667
    ("in-range absolute tolerance", "{id: k, title: K, better: in-range, target: [40, 60], tolerance: 4}",
     [("2026-Q1", 63)], {"2026-Q1": ((40, 60), "amber", 4.1667)}),
    # tolerance 0: met -> 20/3 (beyond the target too, without a stretch), missed by any amount -> red 0
    ("tolerance 0", "{id: k, title: K, better: higher, target: 200, tolerance: 0}",
     [("2026-Q1", 199.99), ("2026-Q2", 200), ("2026-Q3", 250)],
     {"2026-Q1": (200, "red", 0.0), "2026-Q2": (200, "green", 6.6667), "2026-Q3": (200, "green", 6.6667)}),
    ("tolerance 0%", "{id: k, title: K, better: lower, target: 200, tolerance: 0%}",
     [("2026-Q1", 200.01), ("2026-Q2", 200), ("2026-Q3", 150)],
     {"2026-Q1": (200, "red", 0.0), "2026-Q2": (200, "green", 6.6667), "2026-Q3": (200, "green", 6.6667)}),
    # stretch 220 over target 200: the score runs 20/3 -> 10 over 200..220:
    #   205 -> 20/3 + (5/20) * 10/3 = 7.5; 210 -> 8.3333; 215 -> 9.1667; 220 and beyond -> 10
    #   (without the stretch, t = 5: 205 -> 20/3 + (5/5) * 10/3 = 10)
    ("stretch", "{id: k, title: K, better: higher, target: 200, tolerance: 5, stretch: 220}",
     [("2026-Q1", 205), ("2026-Q2", 210), ("2026-Q3", 215), ("2026-Q4", 220), ("2027-Q1", 230), ("2027-Q2", 198)],
     # 198 is below the target: the stretch plays no part, d = -2/5 -> 20/3 - 4/3 = 5.3333
     {"2026-Q1": (200, "green", 7.5), "2026-Q2": (200, "green", 8.3333), "2026-Q3": (200, "green", 9.1667),
      "2026-Q4": (200, "green", 10.0), "2027-Q1": (200, "green", 10.0), "2027-Q2": (200, "amber", 5.3333)}),
    # lower with stretch 40 under target 50: 47 -> 20/3 + (3/10) * 10/3 = 7.6667; 52: d = -2/5 -> 5.3333
    ("stretch lower", "{id: k, title: K, better: lower, target: 50, tolerance: 5, stretch: 40}",
     [("2026-Q1", 47), ("2026-Q2", 52), ("2026-Q3", 35)],
     {"2026-Q1": (50, "green", 7.6667), "2026-Q2": (50, "amber", 5.3333), "2026-Q3": (50, "green", 10.0)}),
    # stretch with a schedule: 108 between T = 100 and S = 110 -> 20/3 + 0.8 * 10/3 = 9.3333;
    # from Q2 T = 105: (108 - 105) / (110 - 105) = 0.6 -> 20/3 + 2 = 8.6667
    ("stretch with schedule", "{id: k, title: K, better: higher, target: {2026-Q1: 100, 2026-Q2: 105}, "
     "tolerance: 5, stretch: 110}",
     [("2026-Q1", 108), ("2026-Q2", 108)], {"2026-Q1": (100, "green", 9.3333), "2026-Q2": (105, "green", 8.6667)}),
    ("no target", "{id: k, title: K, better: higher}",
     [("2026-Q1", 5)], {"2026-Q1": (None, "no-target", None)}),
    ("no target, in-range", "{id: k, title: K, better: in-range}",
     [("2026-Q1", 5)], {"2026-Q1": (None, "no-target", None)}),
]


@pytest.mark.parametrize("kpi, rows, expected", [case[1:] for case in TARGETS], ids=[case[0] for case in TARGETS])
def test_targets_end_to_end(kpi, rows, expected):
    with_target = any(len(row) > 2 for row in rows)
    result = run({"card": one_kpi_card(kpi)}, {"a.csv": csv_rows(rows, with_target=with_target)})
    found = find_kpi(result, "card", "k")
    for label, (target, status, score) in expected.items():
        period = in_period(found, label)
        assert period.target == (pytest.approx(target) if isinstance(target, (int, float)) else target), label
        assert period.status == status, label
        assert_score(period.score, score)


def test_csv_target_source_names_the_row_of_the_latest_month():
    rows = [("2026-01", 100, 90), ("2026-02", 100, 120), ("2026-03", 115)]
    result = run({"card": one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 10}")},
                 {"a.csv": csv_rows(rows, with_target=True)})
    current = find_kpi(result, "card", "k").current
    assert current.target_from == TargetSource(TargetOrigin.CSV, row=Place("data/a.csv", 3))   # the February row


def test_no_data_and_no_target_roll_up_to_no_data():
    # k has an actual only in Q1; j sets the as-of period Q2; n has no target.
    card = """\
        title: Card
        objectives:
          - id: stale
            title: Stale
            perspective: financial
            kpis:
              - {id: k, title: K, better: higher, target: 100, tolerance: 30}
          - id: untargeted
            title: Untargeted
            perspective: customer
            kpis:
              - {id: n, title: N, better: lower}
          - id: fresh
            title: Fresh
            perspective: internal
            kpis:
              - {id: j, title: J, better: higher, target: 100, tolerance: 30}
        """
    data = "kpi,period,actual\nk,2026-Q1,112\nn,2026-Q2,4\nj,2026-Q2,\nj,2026-Q1,85\n"
    result = run({"card": card}, {"a.csv": data}, as_of="2026-Q2")
    k, n, j = (find_kpi(result, "card", kpi_id) for kpi_id in ("k", "n", "j"))
    assert (k.current.status, k.current.score, k.current.actual) == ("no-data", None, None)
    assert (n.current.status, n.current.score, n.current.actual) == ("no-target", None, 4)
    assert (j.current.status, j.current.score) == ("no-data", None)     # an empty cell is no actual
    scorecard = result.scorecard("card")
    for objective in scorecard.objectives:
        assert (objective.score, objective.status) == (None, "no-data")
    assert [(p.score, p.status) for p in scorecard.perspectives] == [(None, "no-data")] * 4
    assert (scorecard.score, scorecard.status) == (None, "no-data")


def test_a_csv_target_must_leave_the_stretch_on_its_better_side():
    # Regression: FORMAT section 3: "A stretch lies on the better side of every target in
    # force ... otherwise it is an error." A CSV target of 120 overrides the
    # definition for 2026-Q1 while the stretch is 110 (below it, for `higher`).
    # Expected an InputError naming data/a.csv:2; got no error, and the period is
    # evaluated as if there were no stretch (actual 105 vs 120, t = 10: red, score 1.6667).
    # site_src/guide/decisions.md documents this ("a stretch that a CSV target
    # overtakes is not used"), but FORMAT allows extensions, not changes.
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 10, stretch: 110}")
    with pytest.raises(InputError) as error:
        run({"card": card}, {"a.csv": csv_rows([("2026-Q1", 105, 120)], with_target=True)})
    assert "data/a.csv:2" in str(error.value)


# ===========================================================================
# Band edges in floating point (FORMAT section 6)
# ===========================================================================
# An actual equal in decimal to a band edge is in the better band, at every
# magnitude. Equality means: differing by at most 1e-9 of the largest
# magnitude involved. (actual, target, better, tolerance, percent, status, score)
BAND_EDGES = [
    # higher, 10%: T - t is the amber edge, score 10/3 there
    (2.97, 3.3, "higher", 10, True, "amber", AMBER_FROM),         # t = 0.33
    (0.9, 1.0, "higher", 10, True, "amber", AMBER_FROM),
    (8.91, 9.9, "higher", 10, True, "amber", AMBER_FROM),         # t = 0.99
    (0.63, 0.7, "higher", 10, True, "amber", AMBER_FROM),         # t = 0.07
    (5.67, 6.3, "higher", 10, True, "amber", AMBER_FROM),         # t = 0.63
    (9.99e-7, 1.11e-6, "higher", 10, True, "amber", AMBER_FROM),  # small: t = 1.11e-7
    (9.9e-10, 1.1e-9, "higher", 10, True, "amber", AMBER_FROM),
    (990000000, 1100000000, "higher", 10, True, "amber", AMBER_FROM),
    (9.9e14, 1.1e15, "higher", 10, True, "amber", AMBER_FROM),
    # 1 below the edge 990000000 is within 1e-9 * 1.1e9 = 1.1: still "equal", amber
    (989999999, 1100000000, "higher", 10, True, "amber", AMBER_FROM),
    # higher, 10%: the green edge is T itself
    (0.3, 0.30000000000000004, "higher", 10, True, "green", GREEN_FROM),
    # higher, absolute tolerance: 0.3 - 0.1 = 0.19999999999999998 in binary, 0.2 in decimal
    (0.2, 0.3, "higher", 0.1, False, "amber", AMBER_FROM),
    (0.7, 1.0, "higher", 0.3, False, "amber", AMBER_FROM),
    (6.3, 7, "higher", 0.7, False, "amber", AMBER_FROM),
    # lower, 10%: T + t is the amber edge
    (0.77, 0.7, "lower", 10, True, "amber", AMBER_FROM),
    (3.63, 3.3, "lower", 10, True, "amber", AMBER_FROM),
    (2.42, 2.2, "lower", 10, True, "amber", AMBER_FROM),
    (1.21e-9, 1.1e-9, "lower", 10, True, "amber", AMBER_FROM),
    (1.21e15, 1.1e15, "lower", 10, True, "amber", AMBER_FROM),
    (0.30000000000000004, 0.3, "lower", 10, True, "green", GREEN_FROM),   # 0.1 * 3 against 0.3: met
    # lower, absolute: 0.1 + 0.2 = 0.30000000000000004 in binary, 0.3 in decimal
    (0.3, 0.1, "lower", 0.2, False, "amber", AMBER_FROM),
    # in-range [0.7, 1.1], 10% of the nearer bound:
    #   1.21: t = 0.11, distance 0.10999999999999988 -> equal to t, amber
    #   0.63: t = 0.07, distance 0.07000000000000006 -> equal to t, amber
    (1.21, (0.7, 1.1), "in-range", 10, True, "amber", AMBER_FROM),
    (0.63, (0.7, 1.1), "in-range", 10, True, "amber", AMBER_FROM),
    # in-range [0.2, 0.3] with t = 0.1: 0.4 - 0.3 = 0.10000000000000003, 0.2 - 0.1 = 0.1
    (0.4, (0.2, 0.3), "in-range", 0.1, False, "amber", AMBER_FROM),
    (0.1, (0.2, 0.3), "in-range", 0.1, False, "amber", AMBER_FROM),
    (2.42e9, (1.1e9, 2.2e9), "in-range", 10, True, "amber", AMBER_FROM),
    (9.9e8, (1.1e9, 2.2e9), "in-range", 10, True, "amber", AMBER_FROM),
    (2.42e-9, (1.1e-9, 2.2e-9), "in-range", 10, True, "amber", AMBER_FROM),
    (9.9e-10, (1.1e-9, 2.2e-9), "in-range", 10, True, "amber", AMBER_FROM),
    (0.30000000000000004, (0.1, 0.3), "in-range", 10, True, "green", GREEN_FROM),   # on the high bound
    # just beyond the edges (not equal in decimal): the worse band
    # d = (0.9899999 - 1.1) / 0.11 = -1.00000091 -> 3.3333303 (red)
    (0.9899999, 1.1, "higher", 10, True, "red", 3.3333303),
    # 2 below the edge at 1.1e9 is more than 1.1: red; d = -110000002 / 1.1e8 -> 3.33333327
    (989999998, 1100000000, "higher", 10, True, "red", 3.33333327),
    # d = (9.89e-10 - 1.1e-9) / 1.1e-10 = -1.0090909 -> 3.3030303
    (9.89e-10, 1.1e-9, "higher", 10, True, "red", 3.3030303),
    # lower: 0.7700001 is 1e-7 beyond 0.77 -> red
    (0.7700001, 0.7, "lower", 10, True, "red", 3.3333286),
    (1.2100001, (0.7, 1.1), "in-range", 10, True, "red", 3.3333303),
    (0.2999999, 0.3, "higher", 0, False, "red", 0.0),
]


@pytest.mark.parametrize("actual, target, better, amount, percent, status, score", BAND_EDGES)
def test_an_actual_on_a_band_edge_is_in_the_better_band(actual, target, better, amount, percent, status, score):
    result = evaluate(actual, target, better, amount, percent)
    assert result.status == status
    assert result.score == pytest.approx(score, abs=1e-6)
    if status == "red":
        assert result.score < AMBER_FROM
    elif status == "amber":
        assert AMBER_FROM <= result.score < GREEN_FROM


def test_band_edges_end_to_end():
    # The FORMAT examples read from YAML and CSV: 0.99 vs 1.1 and 1.98 vs 2.2 with 10% (amber),
    # 1.21 vs 1.1 lower (amber), and a monthly mean 0.1, 0.2 -> 0.15 vs target 0.15 (green).
    card = """\
        title: Card
        frequency: monthly
        objectives:
          - id: obj
            title: Objective
            perspective: financial
            kpis:
              - {id: a, title: A, better: higher, target: 1.1, tolerance: 10%}
              - {id: b, title: B, better: higher, target: 2.2, tolerance: 10%}
              - {id: c, title: C, better: lower, target: 1.1, tolerance: 10%}
              - {id: d, title: D, better: in-range, target: [0.7, 1.1], tolerance: 10%}
        """
    data = "period,a,b,c,d\n2026-03,0.99,1.98,1.21,0.63\n"
    result = run({"card": card}, {"wide.csv": data})
    for kpi_id in "abcd":
        current = find_kpi(result, "card", kpi_id).current
        assert (kpi_id, current.status) == (kpi_id, "amber")
        assert current.score == pytest.approx(AMBER_FROM, abs=1e-9)


# ===========================================================================
# Roll-ups (FORMAT section 6)
# ===========================================================================

WEIGHTED_MEANS = [
    # pairs (score, weight) -> weighted mean, KPIs without a score left out
    ([(8, 1), (5, 3)], 5.75),                      # (8 + 15) / 4
    ([(8, 1), (None, 5), (2, 1)], 5.0),            # (8 + 2) / 2: the weight 5 plays no part
    ([(6, 0.5), (9, 1.5)], 8.25),                  # (3 + 13.5) / 2
    ([(0, 2), (10, 3)], 6.0),                      # 30 / 5
    ([(None, 1)], None),
    ([], None),
]


@pytest.mark.parametrize("pairs, expected", WEIGHTED_MEANS)
def test_weighted_mean(pairs, expected):
    assert_score(weighted_mean(pairs), expected)


@pytest.mark.parametrize("scores, expected", [
    ([4.5, 9, None, 4.5], 6.0),       # each perspective once: (4.5 + 9 + 4.5) / 3
    ([10, 0], 5.0),
    ([None, None], None),
])
def test_plain_mean(scores, expected):
    assert_score(plain_mean(scores), expected)


@pytest.mark.parametrize("score, status", [
    (GREEN_FROM - 5e-10, "green"),    # within 1e-9 of 20/3
    (GREEN_FROM - 2e-9, "amber"),
    (AMBER_FROM - 5e-10, "amber"),
    (AMBER_FROM - 2e-9, "red"),
    (9.999999, "green"),
    (5.0, "amber"),
])
def test_status_from_score_edges(score, status):
    assert status_from_score(score) == status


ROLLUP_CARD = """\
    title: Card
    objectives:
      - id: f1
        title: F1
        perspective: financial
        weight: 2
        kpis:
          - {id: k1, title: K1, better: higher, target: 100, tolerance: 30}
          - {id: k2, title: K2, better: higher, target: 100, tolerance: 30, weight: 3}
      - id: f2
        title: F2
        perspective: financial
        kpis:
          - {id: k3, title: K3, better: higher, target: 100, tolerance: 30}
      - id: c1
        title: C1
        perspective: customer
        kpis:
          - {id: k4, title: K4, better: higher, target: 100, tolerance: 30}
          - {id: k5, title: K5, better: higher, weight: 9}
      - id: c2
        title: C2
        perspective: customer
        weight: 5
        kpis:
          - {id: k9, title: K9, better: higher, target: 100, tolerance: 30}
      - id: i1
        title: I1
        perspective: internal
        kpis:
          - {id: k6, title: K6, better: higher, target: 100, tolerance: 30}
      - id: l1
        title: L1
        perspective: learning
        kpis:
          - {id: k7, title: K7, better: higher, target: 100, tolerance: 30}
          - {id: k8, title: K8, better: higher, target: 100, tolerance: 30}
    """
# Q1 actuals (scores by 20/3 + (a - 100) / 9): k1 112 -> 8, k2 85 -> 5, k3 58 -> 2,
# k4 121 -> 9, k5 has no target, k7 67 -> 3, k8 94 -> 6; c2's k9 and i1's k6 have no data.
ROLLUP_DATA = "kpi,period,actual\nk1,2026-Q1,112\nk2,2026-Q1,85\nk3,2026-Q1,58\nk4,2026-Q1,121\n" \
              "k5,2026-Q1,1000\nk7,2026-Q1,67\nk8,2026-Q1,94\nk6,2025-Q4,100\n"


def test_roll_up_end_to_end():
    result = run({"card": ROLLUP_CARD}, {"a.csv": ROLLUP_DATA})
    scorecard = result.scorecard("card")
    objectives = {o.objective.id: (o.score, o.status) for o in scorecard.objectives}
    expected_objectives = {
        "f1": (5.75, "amber"),       # (8 * 1 + 5 * 3) / 4
        "f2": (2.0, "red"),
        "c1": (9.0, "green"),        # k5 (no target) is left out, its weight 9 too
        "c2": (None, "no-data"),
        "i1": (None, "no-data"),     # k6's 2025-Q4 value is not carried forward
        "l1": (4.5, "amber"),        # (3 + 6) / 2
    }
    for objective_id, (score, status) in expected_objectives.items():
        assert_score(objectives[objective_id][0], score)
        assert objectives[objective_id][1] == status, objective_id
    perspectives = {p.perspective.id: (p.score, p.status) for p in scorecard.perspectives}
    expected_perspectives = {
        "financial": (4.5, "amber"),     # (5.75 * 2 + 2 * 1) / 3 = 13.5 / 3
        "customer": (9.0, "green"),      # c2 (weight 5) has no score and is left out
        "internal": (None, "no-data"),
        "learning": (4.5, "amber"),
    }
    for perspective_id, (score, status) in expected_perspectives.items():
        assert_score(perspectives[perspective_id][0], score)
        assert perspectives[perspective_id][1] == status, perspective_id
    # plain mean of the perspectives with a score: (4.5 + 9 + 4.5) / 3 = 6.0, amber.
    # (Weighted by objectives it would be (5.75*2 + 2 + 9 + 4.5) / 5 = 5.4: each perspective counts once.)
    assert_score(scorecard.score, 6.0)
    assert scorecard.status == "amber"


# Objectives whose KPI scores average exactly to a band edge: the status comes
# from the score with the 1e-9 comparison.
# (case, KPI weights, actuals, objective score, status)
ROLLUP_EDGES = [
    # scores 6 (a = 94) and 22/3 (a = 106): (6 + 22/3) / 2 = 20/3 -> green
    ("mean on the green edge", (1, 1), (94, 106), GREEN_FROM, "green"),
    # scores 2 (a = 58) and 14/3 (a = 82): (2 + 14/3) / 2 = 10/3 -> amber
    ("mean on the amber edge", (1, 1), (58, 82), AMBER_FROM, "amber"),
    # weights 0.1 and 0.2, both 20/3: (20/3 * 0.1 + 20/3 * 0.2) / 0.3 = 20/3, in binary 6.666666666666666
    ("decimal weights on the green edge", (0.1, 0.2), (100, 100), GREEN_FROM, "green"),
    # weights 1 and 2 on scores 2 and 4 (a = 76): (2 + 8) / 3 = 10/3 -> amber
    ("weighted on the amber edge", (1, 2), (58, 76), AMBER_FROM, "amber"),
    # weights 3 and 1 on scores 3 (a = 67) and 4 (a = 76): (9 + 4) / 4 = 3.25 -> red
    ("weighted just red", (3, 1), (67, 76), 3.25, "red"),
]


@pytest.mark.parametrize("weights, actuals, score, status", [case[1:] for case in ROLLUP_EDGES],
                         ids=[case[0] for case in ROLLUP_EDGES])
def test_rolled_up_status_at_band_edges(weights, actuals, score, status):
    card = f"""\
        title: Card
        objectives:
          - id: obj
            title: Objective
            perspective: financial
            kpis:
              - {{id: a, title: A, better: higher, target: 100, tolerance: 30, weight: {weights[0]}}}
              - {{id: b, title: B, better: higher, target: 100, tolerance: 30, weight: {weights[1]}}}
        """
    data = f"kpi,period,actual\na,2026-Q1,{actuals[0]}\nb,2026-Q1,{actuals[1]}\n"
    scorecard = run({"card": card}, {"a.csv": data}).scorecard("card")
    objective = scorecard.objective("obj")
    assert objective.score == pytest.approx(score, abs=1e-9)
    assert objective.status == status
    # one perspective with a score: the perspective and the scorecard carry the same score and status
    assert scorecard.perspectives[0].status == status
    assert (scorecard.score, scorecard.status) == (pytest.approx(score, abs=1e-9), status)


# ===========================================================================
# Trends (FORMAT section 6)
# ===========================================================================

KPI_TRENDS = [
    # (previous, current, better, target, expected)
    (200, 202, "higher", None, "steady"),            # exactly 1% of 200
    (200, 202.0001, "higher", None, "improving"),
    (200, 198, "lower", None, "steady"),
    (200, 197.9, "lower", None, "improving"),
    (200, 202.5, "lower", None, "declining"),
    (3.3, 3.333, "higher", None, "steady"),          # 0.033 = 1% of 3.3 in decimal (0.03299999999999992 binary)
    (0.7, 0.693, "higher", None, "steady"),          # 0.007 = 1% of 0.7
    (2.2, 2.178, "lower", None, "steady"),           # 0.022 = 1% of 2.2
    (1e9, 1.01e9, "higher", None, "steady"),
    (1e-9, 1.01e-9, "higher", None, "steady"),
    (1e-9, 1.02e-9, "higher", None, "improving"),
    (-200, -198, "higher", None, "steady"),          # 1% of the magnitude 200
    (-200, -197, "higher", None, "improving"),
    (-200, -203, "lower", None, "improving"),
    (0, 0.001, "lower", None, "declining"),          # 1% of 0 is 0: any change counts
    (None, None, "higher", None, "n/a"),
    # in-range [40, 60]: closer to the range by distance to the nearer bound
    (30, 35, "in-range", (40, 60), "improving"),     # 10 -> 5
    (65, 70, "in-range", (40, 60), "declining"),     # 5 -> 10
    (35, 62, "in-range", (40, 60), "improving"),     # 5 (below) -> 2 (above)
    (62, 35, "in-range", (40, 60), "declining"),     # 2 -> 5
    (45, 65, "in-range", (40, 60), "declining"),     # 0 -> 5
    (70, 50, "in-range", (40, 60), "improving"),     # 10 -> 0
    (41, 59, "in-range", (40, 60), "steady"),        # both inside
    (65, 65.5, "in-range", (40, 60), "steady"),      # change 0.5 <= 0.65, 1% of 65
    (None, 50, "in-range", (40, 60), "n/a"),
]


@pytest.mark.parametrize("previous, current, better, target, expected", KPI_TRENDS)
def test_kpi_trend_golden(previous, current, better, target, expected):
    assert kpi_trend(previous, current, better, target) == expected


SCORE_TRENDS = [
    (6.6, 6.7, "steady"),        # 0.10000000000000053 in binary, 0.1 in decimal
    (3.3, 3.2, "steady"),
    (0.7, 0.8, "steady"),
    (9.9, 10.0, "steady"),
    (6.6, 6.71, "improving"),
    (3.3, 3.1999, "declining"),
    (0.0, 10.0, "improving"),
    (10.0, 0.0, "declining"),
    (None, None, "n/a"),
]


@pytest.mark.parametrize("previous, current, expected", SCORE_TRENDS)
def test_score_trend_golden(previous, current, expected):
    assert score_trend(previous, current) == expected


# End to end: the trend compares the as-of period with the reporting period
# just before it. (Q1 actual, Q2 actual, KPI trend, objective trend)
# Objective score = the KPI's score = 20/3 + (a - 100) / 9.
TRENDS_END_TO_END = [
    # 85 -> 85.9: change 0.9 > 0.85 (1% of 85): improving; score 5 -> 5.1: change 0.1, steady
    (85, 85.9, "improving", "steady"),
    # 85 -> 86.8: score 5 -> 5.2: improving
    (85, 86.8, "improving", "improving"),
    # 85 -> 83.2: score 5 -> 4.8: declining
    (85, 83.2, "declining", "declining"),
    # 100 -> 101: exactly 1%: steady; score 20/3 -> 20/3 + 1/9 = 6.7778: change 0.111 > 0.1: improving
    (100, 101, "steady", "improving"),
    # 120 -> 130: score 8.8889 -> 10: improving both; 130 -> 140: clamped at 10 both periods
    (130, 140, "improving", "steady"),
    (None, 100, "n/a", "n/a"),
]


@pytest.mark.parametrize("q1, q2, kpi_trend_expected, objective_trend_expected", TRENDS_END_TO_END)
def test_trends_end_to_end(q1, q2, kpi_trend_expected, objective_trend_expected):
    card = one_kpi_card("{id: k, title: K, better: higher, target: 100, tolerance: 30}")
    rows = [("2026-Q1", q1), ("2026-Q2", q2)] if q1 is not None else [("2025-Q4", 100), ("2026-Q2", q2)]
    result = run({"card": card}, {"a.csv": csv_rows(rows)})
    assert find_kpi(result, "card", "k").trend == kpi_trend_expected
    assert result.scorecard("card").objective("obj").trend == objective_trend_expected


def test_in_range_trend_end_to_end():
    # [40, 60]: 70 (distance 10) -> 63 (distance 3): improving
    card = one_kpi_card("{id: k, title: K, better: in-range, target: [40, 60]}")
    result = run({"card": card}, {"a.csv": csv_rows([("2026-Q1", 70), ("2026-Q2", 63)])})
    assert find_kpi(result, "card", "k").trend == "improving"


# ===========================================================================
# Hypotheses: the evidence for a `drives` arrow (FORMAT section 7)
# ===========================================================================
# Without ties rho = 1 - 6 * sum(d^2) / (n * (n^2 - 1)), d the rank differences:
# n = 8 -> 1 - sum(d^2) / 84;  n = 9 -> 1 - sum(d^2) / 120.

def _scipy_rho(x, y):
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return float(spearmanr(x, y).statistic)


def _check_against_scipy(cause: dict[int, float], effect: dict[int, float], evidence) -> None:
    for lag, result in enumerate(evidence.lags):
        positions = [p for p in sorted(effect) if p - lag in cause]
        assert (result.lag, result.n) == (lag, len(positions))
        expected = _scipy_rho([cause[p - lag] for p in positions], [effect[p] for p in positions])
        if expected is None:
            assert result.rho is None
        else:
            assert result.rho == pytest.approx(expected, abs=1e-12)


def series(values, start: int = 0) -> dict[int, float]:
    return {start + i: float(v) for i, v in enumerate(values)}


# (case, cause, effect, verdict, lag, rho, n)
EVIDENCE = [
    # effect repeats the cause one period later: lag 1 pairs identical values, rho 1, n 9
    ("copy one period later", series([2, 9, 4, 7, 1, 8, 3, 10, 5, 6]), series([6, 2, 9, 4, 7, 1, 8, 3, 10, 5]),
     "supported", 1, 1.0, 9),
    # every lag has rho -1; equal rho -> the smallest lag, 0, with its 12 pairs
    ("strictly opposite", series(range(12)), series(range(11, -1, -1)), "contradicted", 0, -1.0, 12),
    # alternating: lag 0 rho -1, lags 1 and 3 rho 1 (equal) -> lag 1, n 11
    ("equal rho at lags 1 and 3", series([p % 2 for p in range(12)]), series([(p + 1) % 2 for p in range(12)]),
     "supported", 1, 1.0, 11),
    # eight periods, ranks (1, 2, 5, 7, 8, 6, 4, 3): d = 0,0,2,3,3,0,-3,-5, sum d^2 = 56,
    # rho = 1 - 56/84 = 1/3 -> weak (only lag 0 has 8 pairs)
    ("weak 1/3", series(range(1, 9)), series([1, 2, 5, 7, 8, 6, 4, 3]), "weak", 0, 1 / 3, 8),
    # nine periods, effect ranks (1, 2, 3, 7, 8, 9, 5, 6, 4): d = 0,0,0,3,3,3,-2,-2,-5, sum d^2 = 60,
    # rho = 1 - 60/120 = 0.5 exactly -> supported.
    # Lag 1 (n = 8): cause 1..8 against (2,3,7,8,9,5,6,4), ranked (1,2,6,7,8,4,5,3):
    # sum d^2 = 9+9+9+4+4+25 = 60, rho = 1 - 60/84 = 0.2857 < 0.5, so lag 0 is the highest.
    ("rho exactly 0.5 at n = 9", series(range(1, 10)), series([1, 2, 3, 7, 8, 9, 5, 6, 4]), "supported", 0, 0.5, 9),
    # effect ranks (2, 8, 9, 6, 7, 5, 4, 3, 1): d = 1,6,6,2,2,-1,-3,-5,-8, sum d^2 = 180,
    # rho = 1 - 180/120 = -0.5 exactly. Lag 1: (8,9,6,7,5,4,3,1) ranked (7,8,5,6,4,3,2,1)
    # against 1..8: sum d^2 = 36+36+4+4+1+9+25+49 = 164, rho = 1 - 164/84 = -0.9524.
    # The highest value is lag 0's -0.5 (not the larger magnitude): contradicted.
    ("rho exactly -0.5, highest is the least negative", series(range(1, 10)),
     series([2, 8, 9, 6, 7, 5, 4, 3, 1]), "contradicted", 0, -0.5, 9),
    # cause (3,8,5,2,9,4,7,6,1), effect (5,3,6,9,1,7,2,4,8):
    # lag 0: d = -2,5,-1,-7,8,-3,5,2,-7, sum d^2 = 230, rho = 1 - 230/120 = -0.9167;
    # lag 1: cause (3,8,5,2,9,4,7,6) ranked (2,7,4,1,8,3,6,5), effect (3,6,9,1,7,2,4,8)
    # ranked (3,5,8,1,6,2,4,7): d = -1,2,-4,0,2,1,2,-2, sum d^2 = 34, rho = 1 - 34/84 = 0.5952.
    # Lag 2 has 7 pairs. Highest is lag 1's 0.5952: supported, despite |-0.9167|.
    ("highest value, not magnitude: supported", series([3, 8, 5, 2, 9, 4, 7, 6, 1]),
     series([5, 3, 6, 9, 1, 7, 2, 4, 8]), "supported", 1, 50 / 84, 8),
    # cause (1,2,9,5,3,8,6,4,7), effect (9,5,1,2,7,3,6,8,4):
    # lag 0: d = -8,-3,8,3,-4,5,0,-4,3, sum d^2 = 212, rho = 1 - 212/120 = -0.7667;
    # lag 1: cause (1,2,9,5,3,8,6,4) ranked (1,2,8,5,3,7,6,4), effect (5,1,2,7,3,6,8,4):
    # d = -4,1,6,-2,0,1,-2,0, sum d^2 = 62, rho = 1 - 62/84 = 0.2619 -> weak, not contradicted.
    ("highest value, not magnitude: weak", series([1, 2, 9, 5, 3, 8, 6, 4, 7]),
     series([9, 5, 1, 2, 7, 3, 6, 8, 4]), "weak", 1, 22 / 84, 8),
    # effect constant but for its last period (10): lag 0 pairs only the constant part (no rho);
    # at lag k the effect ranks are n-1 ties and one top value, paired with the cause's top value:
    # rho = sqrt(3 / (n + 1)): lag 1 (n = 10) 0.5222, lag 2 (n = 9) 0.5477, lag 3 (n = 8) 0.5774;
    # lag 4 has 7 pairs. Highest: lag 3.
    ("a lag with a constant side has no rho", series(range(10)), series([5] * 10 + [9]),
     "supported", 3, (1 / 3) ** 0.5, 8),
]


@pytest.mark.parametrize("cause, effect, verdict, lag, rho, n", [case[1:] for case in EVIDENCE],
                         ids=[case[0] for case in EVIDENCE])
def test_evidence_verdicts(cause, effect, verdict, lag, rho, n):
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.n) == (verdict, lag, n)
    assert evidence.rho == pytest.approx(rho, abs=1e-12)
    _check_against_scipy(cause, effect, evidence)


# No rho can be computed: lag and rho null, n the most pairs at any lag.
# (case, cause, effect, verdict, n)
NO_RHO = [
    # cause constant on periods 0..9, effect varies on 2..11: n = 8, 9, 10, 9, 8 at lags 0..4 -> 10
    ("constant cause, most pairs at lag 2", series([4] * 10), series(range(10), start=2), "weak", 10),
    # effect constant: n = 12 at lag 0
    ("constant effect", series(range(12)), series([7.5] * 12), "weak", 12),
    # cause on 0..6, effect on 3..9: n = 4, 5, 6, 7, 6 at lags 0..4 -> 7, below 8
    ("insufficient, most pairs at lag 3", series(range(7)), series(range(7), start=3), "insufficient-data", 7),
    # effect only every other period: 6 periods, n <= 6
    ("insufficient, gaps", series(range(12)), {p: float(p) for p in range(0, 12, 2)}, "insufficient-data", 6),
    ("no effect scores", series(range(12)), {}, "insufficient-data", 0),
]


@pytest.mark.parametrize("cause, effect, verdict, n", [case[1:] for case in NO_RHO], ids=[case[0] for case in NO_RHO])
def test_evidence_without_rho(cause, effect, verdict, n):
    evidence = weigh_arrow(cause, effect)
    assert (evidence.verdict, evidence.lag, evidence.rho, evidence.n) == (verdict, None, None, n)
    _check_against_scipy(cause, effect, evidence)


HYPOTHESIS_CARD = """\
    title: Card
    frequency: monthly
    objectives:
      - id: cause
        title: Cause
        perspective: learning
        drives: [effect]
        kpis:
          - {id: c, title: C, better: higher, target: 100, tolerance: 30}
      - id: effect
        title: Effect
        perspective: financial
        kpis:
          - {id: e, title: E, better: higher, target: 100, tolerance: 30}
    """
# Monthly actuals 2026-01..12; scores 20/3 + (a - 100) / 9 keep the order of the actuals
# (all within 40..130, so no clamping). The effect repeats the cause two months later.
CAUSE = [70, 100, 85, 120, 60, 95, 110, 75, 125, 80, 105, 90]
EFFECT = [88, 92] + CAUSE[:10]


def _hypothesis_rows(skip_effect_months=()):
    rows = ["kpi,period,actual"]
    for index, value in enumerate(CAUSE):
        rows.append(f"c,2026-{index + 1:02d},{value}")
    for index, value in enumerate(EFFECT):
        if index + 1 not in skip_effect_months:
            rows.append(f"e,2026-{index + 1:02d},{value}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("skip, n", [
    ((), 10),       # lag 2 pairs cause months 1..10 with effect months 3..12: rho 1, n 10
    ((7,), 9),      # July has no effect score: its pair is dropped, n 9, rho still 1
])
def test_hypothesis_end_to_end(skip, n):
    result = run({"card": HYPOTHESIS_CARD}, {"a.csv": _hypothesis_rows(skip)})
    (link,) = result.scorecard("card").links
    assert (link.cause, link.effect) == ("cause", "effect")
    assert (link.evidence.verdict, link.evidence.lag, link.evidence.n) == ("supported", 2, n)
    assert link.evidence.rho == pytest.approx(1.0, abs=1e-12)
    # the pairs at the chosen lag: (cause period, score, effect period, score)
    assert link.pairs[0][0].label == "2026-01" and link.pairs[0][2].label == "2026-03"
    for _, cause_score, _, effect_score in link.pairs:
        assert cause_score == pytest.approx(effect_score, abs=1e-12)
    cause_scores = {i: GREEN_FROM + (a - 100) / 9 for i, a in enumerate(CAUSE)}
    effect_scores = {i: GREEN_FROM + (a - 100) / 9 for i, a in enumerate(EFFECT) if i + 1 not in skip}
    _check_against_scipy(cause_scores, effect_scores, link.evidence)


def test_hypothesis_end_to_end_as_of_limits_the_periods():
    # as_of 2026-09: months 1..9 only; lag 2 has 7 pairs, lag 0 has 9 pairs (cause vs effect in
    # the same month: rho from scipy below), lag 1 has 8.
    result = run({"card": HYPOTHESIS_CARD}, {"a.csv": _hypothesis_rows()}, as_of="2026-09")
    (link,) = result.scorecard("card").links
    assert [lag.n for lag in link.evidence.lags] == [9, 8, 7, 6, 5]
    cause_scores = {i: GREEN_FROM + (a - 100) / 9 for i, a in enumerate(CAUSE[:9])}
    effect_scores = {i: GREEN_FROM + (a - 100) / 9 for i, a in enumerate(EFFECT[:9])}
    _check_against_scipy(cause_scores, effect_scores, link.evidence)


def test_a_cause_on_target_every_period_is_a_constant_series():
    # Regression: the cause objective has two KPIs (weights 0.1 and 0.2), both exactly on
    # target (score 20/3) in every month they report; KPI b reports in months 1..5
    # only. Its score is 20/3 every month, a constant series, so the arrow should
    # be weak with lag and rho null and n = 10. The weighted mean computes
    # (20/3*0.1 + 20/3*0.2) / 0.30000000000000004 = 6.666666666666666 in months 1..5
    # and 6.666666666666667 in months 6..10; Spearman ranks that last-bit noise
    # and the arrow comes out "supported", lag 0, rho 0.87, n 10.
    card = """\
        title: Card
        frequency: monthly
        objectives:
          - id: cause
            title: Cause
            perspective: learning
            drives: [effect]
            kpis:
              - {id: a, title: A, better: higher, target: 100, tolerance: 10, weight: 0.1}
              - {id: b, title: B, better: higher, target: 100, tolerance: 10, weight: 0.2}
          - id: effect
            title: Effect
            perspective: financial
            kpis:
              - {id: x, title: X, better: higher, target: 100, tolerance: 10}
        """
    rows = ["kpi,period,actual"]
    for m in range(1, 11):
        rows.append(f"a,2026-{m:02d},100")
        if m <= 5:
            rows.append(f"b,2026-{m:02d},100")
        rows.append(f"x,2026-{m:02d},{90 + m}")
    result = run({"card": card}, {"a.csv": "\n".join(rows) + "\n"})
    scorecard = result.scorecard("card")
    for score in scorecard.objective("cause").history.values():
        assert score == pytest.approx(GREEN_FROM, abs=1e-12)
        assert status_from_score(score) == "green"
    (link,) = scorecard.links
    assert (link.evidence.verdict, link.evidence.lag, link.evidence.rho, link.evidence.n) == ("weak", None, None, 10)


def test_spearman_ties_cross_checked():
    # Ties get averaged ranks. Cause (1, 1, 2, 3, 3, 3, 4, 5), effect (2, 1, 3, 3, 4, 6, 5, 5):
    # checked against scipy only (tied ranks have no short hand formula).
    cause = series([1, 1, 2, 3, 3, 3, 4, 5])
    effect = series([2, 1, 3, 3, 4, 6, 5, 5])
    evidence = weigh_arrow(cause, effect)
    assert (evidence.lag, evidence.n) == (0, 8)
    expected = _scipy_rho([1, 1, 2, 3, 3, 3, 4, 5], [2, 1, 3, 3, 4, 6, 5, 5])
    assert evidence.rho == pytest.approx(expected, abs=1e-12)
    assert evidence.verdict == ("supported" if expected >= 0.5 else "weak")
    _check_against_scipy(cause, effect, evidence)
    assert np.isfinite(evidence.rho)
