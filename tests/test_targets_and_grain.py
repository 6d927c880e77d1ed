"""Golden cases for FORMAT section 11's rules on targets and grain: baselines and relative
targets, phasing, schedules that end, daily rows and medians, perspective weights.

Every expected number is worked by hand in the comment beside it; each case
writes a tiny project and evaluates it end to end, as the plugin does.
"""

from __future__ import annotations

import json

import pytest
from mkdocs_scorecards.compute.status import Status
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.render.json_out import scorecard_json
from test_golden_rules import csv_rows, find_kpi, in_period, one_kpi_card, run


def kpi_of(result, kpi_id: str = "k"):
    return find_kpi(result, "card", kpi_id)


# ------------------------------------------------------------ phasing: even

def test_an_annual_cap_is_phased_through_the_fiscal_year():
    """The issue's hospital KPI: "no more than 39 cases a year", reported monthly as a running total.

    After nine months the phased target is 39 x 9/12 = 29.25; the tolerance
    10% of it is 2.925, so red is above 32.175: 33 cases (a pace of
    33 x 12/9 = 44 a year) is red, not the green that 33 <= 39 would show.
    """
    card = one_kpi_card("{id: k, title: Cases, better: lower, target: 39, phasing: even}", "monthly")
    rows = [(f"2026-{m:02d}", c) for m, c in zip(range(1, 10), (3, 7, 10, 14, 18, 22, 26, 30, 33))]
    result = run({"card": card}, {"a.csv": csv_rows(rows)})
    september = in_period(kpi_of(result), "2026-09")
    assert september.target == pytest.approx(29.25)
    assert september.tolerance == pytest.approx(2.925)
    assert september.status == Status.RED
    march = in_period(kpi_of(result), "2026-03")
    # 39 x 3/12 = 9.75; tolerance 0.975; 10 is within 9.75..10.725: amber
    assert march.target == pytest.approx(9.75)
    assert march.status == Status.AMBER
    document = json.loads(scorecard_json(result.scorecard("card"), result))
    kpi = document["objectives"][0]["kpis"][0]
    assert kpi["target"] == pytest.approx(29.25)
    assert kpi["target_rule"] == {"relative": None, "annual": 39, "months": 9}


def test_phasing_starts_again_at_the_fiscal_year_boundary():
    """Fiscal year from April, quarterly: FY2026-Q4 (Jan-Mar 2026) is 12 months in, FY2027-Q1 is 3.

    Target 1200 a year: FY2026-Q4 has 1200, FY2027-Q1 has 1200 x 3/12 = 300.
    """
    card = one_kpi_card("{id: k, title: Spend, better: lower, target: 1200, phasing: even, aggregate: last}",
                        "quarterly", 4)
    rows = [("2026-03", 1150), ("2026-06", 310)]
    result = run({"card": card}, {"a.csv": csv_rows(rows)})
    q4, q1 = in_period(kpi_of(result), "FY2026-Q4"), in_period(kpi_of(result), "FY2027-Q1")
    assert q4.target == pytest.approx(1200) and q4.status == Status.GREEN
    # 310 > 300 but within 10% (330): amber
    assert q1.target == pytest.approx(300) and q1.status == Status.AMBER


def test_a_csv_target_is_taken_as_written_under_phasing():
    card = one_kpi_card("{id: k, title: Cases, better: lower, target: 39, phasing: even}", "monthly")
    result = run({"card": card}, {"a.csv": csv_rows([("2026-06", 20, 25)], with_target=True)})
    june = in_period(kpi_of(result), "2026-06")
    assert june.target == 25   # not 25 x 6/12: a CSV target is already the period's


# ------------------------------------------------------- baselines and "+N%"

def test_a_relative_target_from_a_baseline_period():
    """Baseline 2025-Q1 = 200 (sum of 60 + 70 + 70); target "-5%" = 200 x 0.95 = 190.

    2026-Q1: 195 is above 190, within 10% of 190 (19): amber.
    """
    card = one_kpi_card('{id: k, title: Crimes, better: lower, aggregate: sum, baseline: 2025-Q1, target: "-5%"}')
    rows = [("2025-01", 60), ("2025-02", 70), ("2025-03", 70), ("2026-01", 65), ("2026-02", 65), ("2026-03", 65)]
    result = run({"card": card}, {"a.csv": csv_rows(rows)})
    kpi = kpi_of(result)
    assert kpi.baseline.value == 200 and kpi.baseline.period.label == "2025-Q1"
    assert kpi.current.target == pytest.approx(190)
    assert kpi.current.tolerance == pytest.approx(19)
    assert kpi.current.status == Status.AMBER
    document = json.loads(scorecard_json(result.scorecard("card"), result))["objectives"][0]["kpis"][0]
    assert document["baseline"] == {"value": 200, "period": "2025-Q1"}
    assert document["target_rule"] == {"relative": "-5%", "annual": None, "months": None}
    # the baseline period itself is evaluated against its own -5%: 200 > 190, amber
    assert in_period(kpi, "2025-Q1").target == pytest.approx(190)


def test_a_relative_target_of_a_number_baseline_and_a_range():
    card = one_kpi_card('{id: k, title: Mix, better: in-range, baseline: 50, target: ["-10%", "+10%"], '
                        'tolerance: 5}', "monthly")
    result = run({"card": card}, {"a.csv": csv_rows([("2026-01", 56)])})
    current = kpi_of(result).current
    assert current.target == (pytest.approx(45), pytest.approx(55))   # 50 x 0.9, 50 x 1.1
    assert current.status == Status.AMBER                           # 56 is 1 above 55, within 5


def test_a_relative_schedule_entry():
    card = one_kpi_card('{id: k, title: Sales, better: higher, baseline: 80, target: {2026-01: 100, 2026-02: "+25%"}}',
                        "monthly")
    result = run({"card": card}, {"a.csv": csv_rows([("2026-01", 90), ("2026-02", 100)])})
    assert in_period(kpi_of(result), "2026-01").target == 100
    assert in_period(kpi_of(result), "2026-02").target == pytest.approx(100)   # 80 x 1.25


def test_a_baseline_period_without_an_actual_is_an_error_at_the_baseline_line():
    card = one_kpi_card('{id: k, title: Crimes, better: lower, baseline: 2024-Q1, target: "-5%"}')
    with pytest.raises(InputError) as caught:
        run({"card": card}, {"a.csv": csv_rows([("2026-01", 65)])})
    assert [str(p) for p in caught.value.problems] == [
        "scorecards/card.yml:9: KPI 'k' has no actual in its baseline period 2024-Q1; "
        "give it a value there, or write the baseline as a number"]


@pytest.mark.parametrize("kpi, message", [
    ('{id: k, title: K, better: lower, target: "-5%"}', "a relative target (\"+N%\" or \"-N%\") needs a baseline"),
    ('{id: k, title: K, better: lower, baseline: 10, target: "5%"}', "target `5%` has no sign"),
    ('{id: k, title: K, better: lower, baseline: 10, target: "-100%"}', "would take the target to or below zero"),
    ('{id: k, title: K, better: lower, baseline: 2025, target: "-5%"}', "could be the number 2025 or the year"),
    ('{id: k, title: K, better: in-range, target: [1, 2], phasing: even}', "phasing is for higher or lower KPIs"),
])
def test_bad_baselines_and_relative_targets(kpi, message):
    with pytest.raises(InputError) as caught:
        run({"card": one_kpi_card(kpi)}, {"a.csv": csv_rows([("2026-01", 1)])})
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems


# ------------------------------------------------------------ schedules that end

def test_a_null_schedule_entry_ends_the_target_until_a_later_entry():
    card = one_kpi_card("{id: k, title: K, better: higher, target: {2026-01: 10, 2026-03: null, 2026-05: 20}}",
                        "monthly")
    rows = [(f"2026-{m:02d}", 15) for m in range(1, 7)]
    kpi = kpi_of(run({"card": card}, {"a.csv": csv_rows(rows)}))
    targets = [in_period(kpi, f"2026-{m:02d}").target for m in range(1, 7)]
    assert targets == [10, 10, None, None, 20, 20]
    assert in_period(kpi, "2026-03").status == Status.NO_TARGET
    assert in_period(kpi, "2026-03").target_from is None


# ------------------------------------------------------------ days and medians

def test_daily_rows_are_combined_into_their_month():
    """Sum of days: March 3 + 4 + 5 = 12. Two dates of one month are no longer duplicates."""
    card = one_kpi_card("{id: k, title: Tickets, better: lower, aggregate: sum, grain: daily, target: 20}",
                        "monthly")
    rows = [("2026-03-01", 3), ("2026-03-02", 4), ("2026-03-31", 5)]
    current = kpi_of(run({"card": card}, {"a.csv": csv_rows(rows)})).current
    assert current.actual == 12 and current.status == Status.GREEN


def test_daily_means_are_taken_per_month_then_per_quarter():
    """January days 1, 3 -> mean 2; February day 10 -> 10; the quarter is mean(2, 10) = 6, not mean(1, 3, 10)."""
    card = one_kpi_card("{id: k, title: Wait, better: lower, aggregate: mean, grain: daily, target: 8}")
    rows = [("2026-01-05", 1), ("2026-01-06", 3), ("2026-02-01", 10)]
    current = kpi_of(run({"card": card}, {"a.csv": csv_rows(rows)})).current
    assert current.actual == pytest.approx(6)


def test_a_daily_series_refuses_a_month_row_and_the_same_day_twice():
    card = one_kpi_card("{id: k, title: Tickets, better: lower, aggregate: sum, grain: daily}", "monthly")
    with pytest.raises(InputError) as caught:
        run({"card": card}, {"a.csv": csv_rows([("2026-03", 3), ("2026-04-02", 1), ("2026-04-02", 2)])})
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith("data/a.csv:2: KPI 'k' has `grain: daily`") for p in problems), problems
    assert any(p.startswith("data/a.csv:4: a second value for k in 2026-04-02") for p in problems), problems


def test_each_daily_series_is_named_in_its_own_month_row_message():
    """Two daily KPIs of one scorecard share how '2026-03' reads, but each row's message names its own KPI."""
    card = one_kpi_card("{id: k, title: Tickets, better: lower, aggregate: sum, grain: daily}", "monthly")
    card += "      - {id: j, title: Calls, better: lower, aggregate: sum, grain: daily}\n"
    rows = csv_rows([("2026-03", 3)]) + "j,2026-03,4\n"
    with pytest.raises(InputError) as caught:
        run({"card": card}, {"a.csv": rows})
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith("data/a.csv:2: KPI 'k' has `grain: daily`") for p in problems), problems
    assert any(p.startswith("data/a.csv:3: KPI 'j' has `grain: daily`") for p in problems), problems


def test_a_monthly_series_still_takes_a_date_as_its_month():
    card = one_kpi_card("{id: k, title: K, better: higher}", "monthly")
    with pytest.raises(InputError) as caught:
        run({"card": card}, {"a.csv": csv_rows([("2026-03-01", 3), ("2026-03-02", 4)])})
    assert "a second value for k in 2026-03" in str(caught.value)


def test_the_median_aggregate():
    """Months 1, 9, 2 -> median 2 (the mean would be 4); an even count takes the mean of the middle two."""
    card = one_kpi_card("{id: k, title: K, better: higher, aggregate: median}")
    kpi = kpi_of(run({"card": card}, {"a.csv": csv_rows([("2026-01", 1), ("2026-02", 9), ("2026-03", 2),
                                                          ("2026-04", 4), ("2026-05", 8)])}))
    assert in_period(kpi, "2026-Q1").actual == 2
    assert in_period(kpi, "2026-Q2").actual == 6


# ------------------------------------------------------------ perspective weights

def test_perspective_weights_weigh_the_scorecard_score():
    """Financial scores 10 (at the stretch), customer 0 (far beyond tolerance).

    Weights 3 and 1: (3 x 10 + 1 x 0) / 4 = 7.5 (green); without weights (10 + 0) / 2 = 5.
    """
    def card(weights: bool) -> str:
        weight = ", weight: 3" if weights else ""
        return f"""\
title: Card
frequency: monthly
perspectives:
  - {{id: financial, title: Financial{weight}}}
  - {{id: customer, title: Customer}}
objectives:
  - id: money
    title: Money
    perspective: financial
    kpis: [{{id: rev, title: Revenue, better: higher, target: 100, stretch: 120}}]
  - id: people
    title: People
    perspective: customer
    kpis: [{{id: nps, title: NPS, better: higher, target: 50, tolerance: 5}}]
"""
    data = {"a.csv": "kpi,period,actual\nrev,2026-01,120\nnps,2026-01,10\n"}
    assert run({"card": card(True)}, data).scorecard("card").score == pytest.approx(7.5)
    assert run({"card": card(False)}, data).scorecard("card").score == pytest.approx(5)
