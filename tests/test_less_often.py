"""Golden cases for KPIs reported less often than their scorecard (FORMAT section 12), worked by hand."""

from __future__ import annotations

import json

import pytest
from mkdocs_scorecards.compute.status import Status
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.render.explanation import explanation_steps
from mkdocs_scorecards.render.json_out import scorecard_json
from test_golden_rules import run

CARD = """\
title: Card
frequency: quarterly
fiscal_year_start: 4
objectives:
  - id: obj
    title: Objective
    perspective: customer
    kpis:
      - {id: survey, title: Resident satisfaction, unit: "%", better: higher, target: 70, frequency: yearly}
      - {id: calls, title: Calls answered, better: higher, target: 100, tolerance: 30}
"""


def kpis(result):
    objective = result.scorecard("card").objectives[0]
    return {k.kpi.id: k for k in objective.kpis}, objective


def test_a_yearly_kpi_on_a_quarterly_scorecard_with_the_fiscal_year_from_april():
    """The survey of FY2026 (Apr 2025 - Mar 2026), written as one row for FY2026, is evaluated in FY2026-Q4.

    FY2026-Q4: survey 75 >= 70 green; calls 100 = target, score 20/3. The
    survey scores 20/3 + (75 - 70) / 7 x 10/3 = 9.0476 (tolerance 10% of 70 = 7), so (9.0476 + 6.6667) / 2
    = 7.8571. FY2027-Q1: the survey is not due; the objective is the calls' 20/3 alone.
    """
    data = {"a.csv": "kpi,period,actual\nsurvey,FY2026,75\ncalls,2026-03,100\ncalls,2026-06,100\n"}
    result = run({"card": CARD}, data)
    by_id, objective = kpis(result)
    survey = by_id["survey"]
    assert [(p.label, p.actual, p.status) for p in survey.series] == [("FY2026", 75, Status.GREEN)]
    assert survey.current.status == Status.NOT_DUE and survey.current.label == "FY2027-Q1"
    assert survey.current.score is None
    assert survey.latest.label == "FY2026" and survey.latest.actual == 75
    assert survey.next_due.label == "FY2027-Q4"
    periods = result.scorecard("card").periods
    # the scorecard's periods start with the first month of data: the survey's year began in April 2025
    assert [p.label for p in periods] == ["FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4", "FY2027-Q1"]
    assert [objective.history[p] for p in periods[:3]] == [None, None, None]   # not due, and no calls yet
    assert objective.history[periods[3]] == pytest.approx((20 / 3 + 5 / 7 * 10 / 3 + 20 / 3) / 2)
    assert objective.history[periods[4]] == pytest.approx(20 / 3)   # not-due takes no part
    document = json.loads(scorecard_json(result.scorecard("card"), result))
    entry = document["objectives"][0]["kpis"][0]
    assert entry["status"] == "not-due" and entry["score"] is None
    assert [s["period"] for s in entry["series"]] == ["FY2026"]
    steps = explanation_steps(result.scorecard("card").explanations["survey"])
    assert any("not due" in line.lower() for step in steps for line in step.lines)


def test_monthly_rows_of_a_yearly_kpi_are_combined_into_its_year():
    """Aggregate last over the fiscal year: Apr 2025 60, Mar 2026 72 -> 72 in FY2026."""
    card = CARD.replace("frequency: yearly}", "frequency: yearly, aggregate: last}")
    data = {"a.csv": "kpi,period,actual\nsurvey,2025-04,60\nsurvey,2026-03,72\ncalls,2026-03,1\n"}
    by_id, _ = kpis(run({"card": card}, data))
    assert by_id["survey"].current.label == "FY2026" and by_id["survey"].current.actual == 72


def test_a_quarter_row_for_a_yearly_kpi_is_finer_and_fits_but_a_row_across_years_does_not():
    with pytest.raises(InputError) as caught:
        run({"card": CARD}, {"a.csv": "kpi,period,actual\nsurvey,2026,75\n"})
    # calendar 2026 is Jan-Dec 2026: it spans FY2026 and FY2027
    assert "does not fit the yearly calendar of KPI 'survey'" in str(caught.value)


def test_a_frequency_finer_than_the_scorecard_is_an_error():
    card = CARD.replace("frequency: yearly}", "frequency: monthly}")
    with pytest.raises(InputError) as caught:
        run({"card": card}, {"a.csv": "kpi,period,actual\ncalls,2026-03,1\n"})
    assert "frequency monthly is finer than the scorecard's quarterly" in str(caught.value)
