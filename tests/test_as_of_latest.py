"""Golden cases for `as_of: latest` (FORMAT section 5), worked by hand.

"The latest reporting period in which any of its KPIs has an actual": a
value counts in the reporting period it is evaluated in, not in the period
of its row's first month; rows with only a target do not count, nor do
measures except through the calculated KPIs made of them.
"""

from __future__ import annotations

import json

import pytest
from mkdocs_scorecards.compute.status import Status
from mkdocs_scorecards.render.json_out import scorecard_json
from test_formulas import OPS
from test_golden_rules import find_kpi, run


def card(kpis: str, frequency: str = "monthly", fiscal_year_start: int = 1, measures: str = "") -> str:
    listed = "\n".join(f"      - {line.strip()}" for line in kpis.strip().splitlines())
    measured = "measures:\n" + "\n".join(f"  - {line.strip()}" for line in measures.strip().splitlines()) + "\n" \
        if measures else ""
    return f"""\
title: Card
frequency: {frequency}
fiscal_year_start: {fiscal_year_start}
{measured}objectives:
  - id: obj
    title: Objective
    perspective: customer
    kpis:
{listed}
"""


MONTHLY_AND_QUARTERLY = card("{id: m, title: Monthly, better: higher, target: 10}\n"
                             "{id: q, title: Quarterly, better: higher, target: 10, frequency: quarterly}")


def test_a_quarter_row_of_a_quarterly_kpi_counts_in_the_month_that_ends_the_quarter():
    """m has 2026-06; q's 2026-Q3 (July to September) is evaluated in 2026-09, so as-of is 2026-09,
    not July (where nothing has an actual). q: 12 >= 10 green; m has no actual in September."""
    result = run({"card": MONTHLY_AND_QUARTERLY}, {"a.csv": "kpi,period,actual\nm,2026-06,11\nq,2026-Q3,12\n"})
    assert result.scorecard("card").as_of_label == "2026-09"
    q = find_kpi(result, "card", "q")
    assert (q.current.label, q.current.actual, q.current.status) == ("2026-Q3", 12, Status.GREEN)
    assert find_kpi(result, "card", "m").current.status == Status.NO_DATA   # never carried forward
    document = json.loads(scorecard_json(result.scorecard("card"), result))
    assert document["as_of"] == "2026-09"
    assert [s["period"] for s in document["objectives"][0]["kpis"][1]["series"]] == ["2026-Q3"]


def test_monthly_rows_of_a_quarterly_kpi_count_in_the_month_they_cover():
    """q's rows for July and August: q is evaluated at the end of its quarter, but as-of is never later
    than the data, so it is 2026-08, the latest month a row covers, where q is not due yet."""
    data = "kpi,period,actual\nm,2026-06,11\nq,2026-07,5\nq,2026-08,6\n"
    result = run({"card": MONTHLY_AND_QUARTERLY}, {"a.csv": data})
    assert result.scorecard("card").as_of_label == "2026-08"
    q = find_kpi(result, "card", "q")
    assert q.current.status == Status.NOT_DUE and q.next_due.label == "2026-09"


def test_a_yearly_row_counts_in_the_last_quarter_of_its_fiscal_year():
    """Fiscal year from April: FY2026 is April 2025 to March 2026, evaluated in FY2026-Q4 (not Q1).
    y: 80 against 70, tolerance 7: 20/3 + 10/7 x 10/3 = 11.43, clamped to 10."""
    yearly = card("{id: m, title: M, better: higher, target: 10}\n"
                  "{id: y, title: Y, better: higher, target: 70, frequency: yearly}",
                  frequency="quarterly", fiscal_year_start=4)
    result = run({"card": yearly}, {"a.csv": "kpi,period,actual\nm,2025-05,11\ny,FY2026,80\n"})
    assert result.scorecard("card").as_of_label == "FY2026-Q4"
    y = find_kpi(result, "card", "y")
    assert (y.current.label, y.current.actual, y.current.status) == ("FY2026", 80, Status.GREEN)
    assert y.current.score == pytest.approx(10)


def test_a_row_with_only_a_target_does_not_count():
    """m's September row carries a target and no actual: as-of stays at 2026-06, where m has 11."""
    data = "kpi,period,actual,target\nm,2026-06,11,\nm,2026-09,,12\n"
    result = run({"card": MONTHLY_AND_QUARTERLY}, {"a.csv": data})
    assert result.scorecard("card").as_of_label == "2026-06"
    assert find_kpi(result, "card", "m").current.actual == 11


RATE_CARD = card("{id: rate, title: Crimes per 1000, better: lower, formula: crimes / residents * 1000, target: 5}\n"
                 "{id: k, title: K, better: higher, target: 1}",
                 frequency="quarterly",
                 measures="{id: crimes, title: Crimes, aggregate: sum}\n{id: residents, title: Residents}\n"
                          "{id: spare, title: Used by no formula}")


def test_a_measure_counts_only_through_the_calculated_kpis_made_of_it():
    """2026-Q2: crimes 4 + 5 = 9 over 3000 residents x 1000 = 3, green. In Q3 only crimes arrived, so
    the rate has no actual there, and the unused measure's Q4 row counts for nothing: as-of 2026-Q2."""
    data = ("kpi,period,actual\ncrimes,2026-04,4\ncrimes,2026-06,5\nresidents,2026-06,3000\n"
            "crimes,2026-07,6\nspare,2026-10,1\n")
    result = run({"card": RATE_CARD}, {"a.csv": data})
    assert result.scorecard("card").as_of_label == "2026-Q2"
    rate = find_kpi(result, "card", "rate")
    assert rate.current.actual == pytest.approx(3) and rate.current.status == Status.GREEN
    measures = {m.measure.id: [v.period.label for v in m.series] for m in result.scorecard("card").measures}
    assert measures == {"crimes": ["2026-Q2"], "residents": ["2026-Q2"], "spare": []}   # nothing after as-of


def test_a_calculated_kpi_with_an_actual_in_the_latest_period_sets_it():
    """Q3: crimes 6 over 2000 residents x 1000 = 3: the rate has an actual, so as-of is 2026-Q3, though
    k (read from CSV) last has one in Q2."""
    data = ("kpi,period,actual\nk,2026-06,1\ncrimes,2026-06,5\nresidents,2026-06,3000\n"
            "crimes,2026-07,6\nresidents,2026-09,2000\n")
    result = run({"card": RATE_CARD}, {"a.csv": data})
    assert result.scorecard("card").as_of_label == "2026-Q3"
    assert find_kpi(result, "card", "rate").current.actual == pytest.approx(3)
    assert find_kpi(result, "card", "k").current.status == Status.NO_DATA


def test_the_inputs_of_another_scorecard_count_for_the_calculated_kpi_that_uses_them():
    """Per-head has no rows of its own scorecard: ops/tickets of March (6) over city residents (3) = 2
    in 2026-Q1; the ops scorecard itself has no KPI, so it has no as-of."""
    city = card("{id: per-head, title: Tickets per head, better: lower, formula: ops/tickets / residents}",
                frequency="quarterly", measures="{id: residents, title: Residents}")
    data = "kpi,period,actual\nops/tickets,2026-03,6\ncard/residents,2025-12,3\ncard/residents,2026-03,3\n"
    result = run({"card": city, "ops": OPS}, {"a.csv": data})
    assert result.scorecard("card").as_of_label == "2026-Q1"
    assert find_kpi(result, "card", "per-head").current.actual == pytest.approx(2)
    assert result.scorecard("ops").as_of_label == ""
