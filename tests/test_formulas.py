"""Golden cases for measures and calculated KPIs (FORMAT section 11), worked by hand.

Each case writes a tiny project and evaluates it end to end. The numbers in
the comments are the working; none is computed with the code under test.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.compute.status import Status
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.load.formula import FormulaSyntaxError, parse_formula
from mkdocs_scorecards.render.explanation import explanation_steps
from mkdocs_scorecards.render.json_out import scorecard_json
from test_golden_rules import find_kpi, in_period, run, write_project


def card(kpis: str, measures: str, frequency: str = "quarterly", fiscal_year_start: int = 1) -> str:
    """A scorecard with the given measures and KPIs (YAML flow mappings, one per line)."""
    def listed(items: str, indent: str) -> str:
        return "\n".join(f"{indent}- {line.strip()}" for line in items.strip().splitlines())
    return f"""\
title: City
frequency: {frequency}
fiscal_year_start: {fiscal_year_start}
measures:
{listed(measures, "  ")}
objectives:
  - id: safe
    title: Safe city
    perspective: customer
    kpis:
{listed(kpis, "      ")}
"""


CRIMES = "{id: crimes, title: Crimes reported, aggregate: sum}\n{id: residents, title: Residents}"
RATE = "{id: rate, title: Crimes per 100000, better: lower, formula: crimes / residents * 100000, target: 60}"
# A monthly scorecard with a measure of its own and no KPI, whose measure other scorecards' formulas use.
OPS = """\
title: Ops
frequency: monthly
measures:
  - {id: tickets, title: Tickets, aggregate: sum}
objectives:
  - {id: run, title: Run, perspective: internal}
"""


def rows(*entries: tuple[str, str, object]) -> str:
    return "kpi,period,actual\n" + "".join(f"{k},{p},{'' if v is None else v}\n" for k, p, v in entries)


def kpi_of(result, kpi_id: str):
    return find_kpi(result, "city", kpi_id)


# --------------------------------------------------- inputs combined first, then the formula

def test_a_quarterly_rate_is_made_of_the_quarters_counts_not_a_mean_of_monthly_rates():
    """Crimes 10, 20, 30 (sum 60); residents 100000, 100000, 120000 (last 120000).

    Right: 60 / 120000 x 100000 = 50. Wrong (mean of the monthly rates
    10, 20, 25): 18.33. 50 <= 60: green.
    """
    data = rows(("crimes", "2026-01", 10), ("crimes", "2026-02", 20), ("crimes", "2026-03", 30),
                ("residents", "2026-01", 100000), ("residents", "2026-02", 100000),
                ("residents", "2026-03", 120000))
    result = run({"city": card(RATE, CRIMES)}, {"a.csv": data})
    current = kpi_of(result, "rate").current
    assert current.actual == pytest.approx(50)
    assert current.actual != pytest.approx((10 + 20 + 25) / 3)
    assert current.status == Status.GREEN
    used = {(i.name, i.label): (i.value, i.places) for i in current.inputs}
    assert used == {("crimes", "2026-Q1"): (60, (("data/a.csv", 2), ("data/a.csv", 3), ("data/a.csv", 4))),
                    ("residents", "2026-Q1"): (120000, (("data/a.csv", 5), ("data/a.csv", 6), ("data/a.csv", 7)))}


def test_the_measures_are_published_and_the_explanation_lists_every_input_row():
    data = rows(("crimes", "2026-01", 10), ("crimes", "2026-02", 20), ("residents", "2026-02", 100000))
    result = run({"city": card(RATE, CRIMES)}, {"a.csv": data})
    document = json.loads(scorecard_json(result.scorecard("city"), result))
    assert document["measures"] == [
        {"id": "crimes", "title": "Crimes reported", "unit": None, "aggregate": "sum",
         "series": [{"period": "2026-Q1", "value": 30, "partial": True}]},
        {"id": "residents", "title": "Residents", "unit": None, "aggregate": "last",
         "series": [{"period": "2026-Q1", "value": 100000, "partial": True}]}]
    kpi = document["objectives"][0]["kpis"][0]
    assert kpi["formula"] == "crimes / residents * 100000"
    assert kpi["actual"] == pytest.approx(30) and kpi["partial"] is True   # a partial input makes it partial
    steps = explanation_steps(result.scorecard("city").explanations["rate"])
    assert steps[0].lines == (
        "Calculated: crimes / residents * 100000.", "Input values used:",
        "  crimes in 2026-Q1: 30 (data/a.csv:2, data/a.csv:3, partial)",
        "  residents in 2026-Q1: 100000 (data/a.csv:4, partial)", "= 30.",
        "Partial: an input used for 2026-Q1 is partial, so the period is evaluated as it stands.")


# --------------------------------------------------------------------- ytd and prev

def test_ytd_runs_within_the_fiscal_year_and_starts_again_at_its_boundary():
    """Fiscal year from April, quarterly. FY2026-Q1..Q4 counts 10, 20, 30, 40, FY2027-Q1 5.

    ytd: 10, 30, 60, 100, then 5 (a new fiscal year).
    """
    kpis = "{id: ytd, title: Crimes so far, better: lower, formula: ytd(crimes), target: 1000}"
    data = rows(("crimes", "FY2026-Q1", 10), ("crimes", "FY2026-Q2", 20), ("crimes", "FY2026-Q3", 30),
                ("crimes", "FY2026-Q4", 40), ("crimes", "FY2027-Q1", 5), ("residents", "FY2026-Q1", 1))
    kpi = kpi_of(run({"city": card(kpis, CRIMES, fiscal_year_start=4)}, {"a.csv": data}), "ytd")
    assert [(p.label, p.actual) for p in kpi.series] == [
        ("FY2026-Q1", 10), ("FY2026-Q2", 30), ("FY2026-Q3", 60), ("FY2026-Q4", 100), ("FY2027-Q1", 5)]


def test_ytd_with_a_missing_period_earlier_in_the_year_has_no_actual():
    """Q1 10, Q2 missing, Q3 30: ytd in Q3 needs Q2, so there is none (never 10 + 0 + 30).

    (As of 2026-Q3, given: `latest` would be Q1, the last period in which the KPI has an actual.)
    """
    kpis = "{id: ytd, title: Crimes so far, better: lower, formula: ytd(crimes), target: 1000}"
    data = rows(("crimes", "2026-Q1", 10), ("crimes", "2026-Q3", 30))
    kpi = kpi_of(run({"city": card(kpis, CRIMES)}, {"a.csv": data}, as_of="2026-Q3"), "ytd")
    assert kpi.current.label == "2026-Q3" and kpi.current.actual is None
    assert kpi.current.status == Status.NO_DATA
    assert (kpi.current.missing.kind, kpi.current.missing.input, kpi.current.missing.label) == \
        ("missing", "crimes", "2026-Q2")


def test_prev_across_a_missing_period():
    """Monthly x: Jan 10, Feb none, Mar 30, Apr 40. prev(x, 2): Mar -> Jan's 10; Apr -> Feb: none."""
    kpis = "{id: back, title: Two months back, better: higher, formula: 'prev(crimes, 2)', target: 1}"
    data = rows(("crimes", "2026-01", 10), ("crimes", "2026-03", 30), ("crimes", "2026-04", 40))
    kpi = kpi_of(run({"city": card(kpis, CRIMES, "monthly")}, {"a.csv": data}, as_of="2026-04"), "back")
    assert in_period(kpi, "2026-03").actual == 10
    assert kpi.current.label == "2026-04" and kpi.current.actual is None
    assert kpi.current.missing.label == "2026-02"
    steps = explanation_steps(run({"city": card(kpis, CRIMES, "monthly")}, {"a.csv": data}, as_of="2026-04")
                              .scorecard("city").explanations["back"])
    assert steps[0].lines[-1] == ("No actual for 2026-04: crimes has no value for 2026-02, "
                                  "and a missing value is never taken as zero.")


YEAR_ON_YEAR = ("{id: change, title: Change, unit: '%', better: lower, target: 0, tolerance: 5, "
                "formula: '(crimes - prev(crimes, 4)) / prev(crimes, 4) * 100'}")


def test_an_input_used_twice_is_listed_once():
    """prev(crimes, 4) appears twice in the formula; its value is one value, listed once with its row."""
    data = rows(("crimes", "2025-Q1", 200), ("crimes", "2026-Q1", 190))
    result = run({"city": card(YEAR_ON_YEAR, CRIMES)}, {"a.csv": data})
    current = kpi_of(result, "change").current
    assert [(v.name, v.label, v.value) for v in current.inputs] == [("crimes", "2026-Q1", 190), ("crimes", "2025-Q1", 200)]
    assert current.value_places == (("data/a.csv", 3), ("data/a.csv", 2))
    lines = explanation_steps(result.scorecard("city").explanations["change"])[0].lines
    assert [line for line in lines if line.startswith("  ")] == [
        "  crimes in 2026-Q1: 190 (data/a.csv:3)", "  crimes in 2025-Q1: 200 (data/a.csv:2)"]


def test_a_period_without_an_actual_where_an_input_had_data_stays_in_the_series(tmp_path):
    """2025-Q1 200, 2025-Q3 180, 2026-Q1 190, 2026-Q2 230, 2026-Q3 171 (2025-Q2 has no row).

    2026-Q1: (190 - 200) / 200 x 100 = -5; 2026-Q3: (171 - 180) / 180 x 100 = -5. 2026-Q2 has crimes
    (230) but not a year earlier: no-data, and the series keeps it with the reason; so do 2025-Q1 and
    2025-Q3, which need 2024. 2025-Q2 and 2025-Q4 have no input at all: not in the series, as a KPI
    read from CSV has no entry for a period without rows.
    """
    data = rows(("crimes", "2025-Q1", 200), ("crimes", "2025-Q3", 180), ("crimes", "2026-Q1", 190),
                ("crimes", "2026-Q2", 230), ("crimes", "2026-Q3", 171))
    result = run({"city": card(YEAR_ON_YEAR, CRIMES)}, {"a.csv": data})
    change = kpi_of(result, "change")
    assert [p.label for p in change.series] == ["2026-Q1", "2026-Q3"]   # the periods with an actual, as before
    document = json.loads(scorecard_json(result.scorecard("city"), result))
    series = document["objectives"][0]["kpis"][0]["series"]
    assert [(e["period"], e["actual"] if e["actual"] is None else round(e["actual"], 9), e["status"])
            for e in series] == [("2025-Q1", None, "no-data"), ("2025-Q3", None, "no-data"),
                                 ("2026-Q1", -5, "green"), ("2026-Q2", None, "no-data"), ("2026-Q3", -5, "green")]
    assert [e["reason"] for e in series] == [
        {"kind": "missing", "input": "crimes", "period": "2024-Q1"},
        {"kind": "missing", "input": "crimes", "period": "2024-Q3"}, None,
        {"kind": "missing", "input": "crimes", "period": "2025-Q2"}, None]
    assert series[3]["sources"] == [] and series[3]["score"] is None
    # `scorecards explain` words the reason of a past period, not only of the as-of one
    root = write_project(tmp_path, {"city": card(YEAR_ON_YEAR, CRIMES)}, {"a.csv": data})
    done = subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "explain", "change", str(root),
                           "--period", "2026-Q2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "  crimes in 2026-Q2: 230 (data/a.csv:5)\n" in done.stdout
    assert "No actual for 2026-Q2: crimes has no value for 2025-Q2, and a missing value is never taken as zero." \
        in done.stdout
    done = subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "explain", "change", str(root),
                           "--period", "2025-Q2"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "periods with data: 2025-Q1, 2025-Q3, 2026-Q1, 2026-Q2, 2026-Q3" in done.stderr


def test_a_division_by_zero_in_an_earlier_period_is_published_with_its_divisor():
    """2026-Q1: residents 0, crimes 10: no actual, reason division by zero; 2026-Q2: 30 / 1000 x 100000
    = 3000 against 60, red."""
    data = rows(("crimes", "2026-01", 10), ("residents", "2026-03", 0), ("crimes", "2026-04", 30),
                ("residents", "2026-06", 1000))
    result = run({"city": card(RATE, CRIMES)}, {"a.csv": data})
    series = json.loads(scorecard_json(result.scorecard("city"), result))["objectives"][0]["kpis"][0]["series"]
    assert [(e["period"], e["status"], e["reason"]) for e in series] == [
        ("2026-Q1", "no-data", {"kind": "division by zero", "input": "residents", "period": "2026-Q1"}),
        ("2026-Q2", "red", None)]


def test_change_against_the_same_quarter_a_year_earlier():
    """(q - prev(q, 4)) / prev(q, 4) x 100: 2025-Q1 200, 2026-Q1 190: (190 - 200) / 200 x 100 = -5."""
    kpis = ("{id: change, title: Change, unit: '%', better: lower, target: 0, tolerance: 5, "
            "formula: '(crimes - prev(crimes, 4)) / prev(crimes, 4) * 100'}")
    data = rows(("crimes", "2025-Q1", 200), ("crimes", "2025-Q2", 1), ("crimes", "2025-Q3", 1),
                ("crimes", "2025-Q4", 1), ("crimes", "2026-Q1", 190))
    current = kpi_of(run({"city": card(kpis, CRIMES)}, {"a.csv": data}), "change").current
    assert current.actual == pytest.approx(-5) and current.status == Status.GREEN


# ------------------------------------------------------------ division by zero, targets

def test_division_by_zero_gives_no_data_with_the_reason():
    data = rows(("crimes", "2026-01", 10), ("residents", "2026-03", 0))
    result = run({"city": card(RATE, CRIMES)}, {"a.csv": data}, as_of="2026-Q1")   # no actual: latest has none
    current = kpi_of(result, "rate").current
    assert current.actual is None and current.status == Status.NO_DATA
    assert (current.missing.kind, current.missing.input) == ("division by zero", "residents")
    steps = explanation_steps(result.scorecard("city").explanations["rate"])
    assert steps[0].lines[-1] == "No actual for 2026-Q1: residents is 0 in 2026-Q1, and the formula divides by it."


def test_a_csv_target_for_a_calculated_kpi_and_an_actual_refused():
    data = ("kpi,period,actual,target\ncrimes,2026-03,30,\nresidents,2026-03,100000,\nrate,2026-Q1,,25\n")
    current = kpi_of(run({"city": card(RATE, CRIMES)}, {"a.csv": data}), "rate").current
    # 30 / 100000 x 100000 = 30 against the CSV's 25 (not the definition's 60): 30 > 25 + 2.5, red
    assert current.actual == pytest.approx(30) and current.target == 25
    assert current.status == Status.RED
    with pytest.raises(InputError) as caught:
        run({"city": card(RATE, CRIMES)}, {"a.csv": "kpi,period,actual\nrate,2026-Q1,12\n"})
    assert [str(p) for p in caught.value.problems] == [
        "data/a.csv:2: KPI 'rate' is calculated by its formula, so a row for it may carry a target but not an "
        "actual; leave the actual empty, or remove `formula:` from the KPI"]


def test_a_relative_target_of_a_calculated_kpi_from_its_baseline_period():
    """Rate 2025-Q1: 200 / 100000 x 100000 = 200; target -5% = 190; 2026-Q1: 180 -> green."""
    kpis = ("{id: rate, title: Rate, better: lower, formula: crimes / residents * 100000, "
            "baseline: 2025-Q1, target: '-5%'}")
    data = rows(("crimes", "2025-Q1", 200), ("residents", "2025-Q1", 100000),
                ("crimes", "2026-Q1", 180), ("residents", "2026-Q1", 100000))
    kpi = kpi_of(run({"city": card(kpis, CRIMES)}, {"a.csv": data}), "rate")
    assert kpi.baseline.value == pytest.approx(200)
    assert kpi.current.target == pytest.approx(190) and kpi.current.status == Status.GREEN


def test_a_calculated_kpi_of_another_scorecard_and_of_another_calculated_kpi():
    """Ops is monthly; City is quarterly. ops/tickets Jan-Mar 4 + 5 + 6 = 15 (sum) into 2026-Q1;
    double = rate-of-city x 2 where rate = 15 / 3 = 5, so 10."""
    kpis = ("{id: per-head, title: Tickets per head, better: lower, formula: ops/tickets / residents}\n"
            "{id: double, title: Double, better: lower, formula: per-head * 2}")
    data = rows(("ops/tickets", "2026-01", 4), ("ops/tickets", "2026-02", 5), ("ops/tickets", "2026-03", 6),
                ("city/residents", "2026-03", 3))
    result = run({"city": card(kpis, CRIMES), "ops": OPS}, {"a.csv": data})
    assert kpi_of(result, "per-head").current.actual == pytest.approx(5)
    assert kpi_of(result, "double").current.actual == pytest.approx(10)


# ------------------------------------------------------------------ bad formulas

@pytest.mark.parametrize("formula, expected", [
    ("crime / residents", "scorecards/city.yml:12:51: formula: unknown id 'crime': it names no KPI or measure; "
                          "did you mean 'crimes'?"),
    ("crimes-residents", "scorecards/city.yml:12:51: formula: unknown id 'crimes-residents'"),
    ("'prev(crimes, 0)'", "scorecards/city.yml:12:"),
    ("'(crimes'", "scorecards/city.yml:12:"),
    ("'crimes ** 2'", "scorecards/city.yml:12:"),
])
def test_bad_formulas_are_errors_at_their_place(formula, expected):
    kpis = "{id: k, title: K, better: lower, formula: " + formula + "}"
    with pytest.raises(InputError) as caught:
        run({"city": card(kpis, CRIMES)}, {"a.csv": rows(("crimes", "2026-01", 1))})
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value.problems


def test_a_cycle_of_formulas_is_reported_with_its_chain():
    kpis = "{id: e, title: E, better: lower, formula: f + 1}\n{id: f, title: F, better: lower, formula: e * 2}"
    with pytest.raises(InputError) as caught:
        run({"city": card(kpis, CRIMES)}, {"a.csv": rows(("crimes", "2026-01", 1))})
    assert any("the formulas depend on themselves: city/e -> city/f -> city/e" in str(p)
               for p in caught.value.problems)


@pytest.mark.parametrize("attack", [
    "__import__('os').system('touch PWNED')",
    "crimes.__class__",
    "open('PWNED', 'w')",
    "exec('x=1')",
    "crimes; import os",
    "[c for c in ()]",
    "lambda: 0",
])
def test_a_formula_that_tries_to_run_code_fails_and_runs_nothing(tmp_path, attack):
    with pytest.raises(FormulaSyntaxError):
        parse_formula(attack)
    kpis = '{id: k, title: K, better: lower, formula: "' + attack.replace('"', '\\"') + '"}'
    root = write_project(tmp_path, {"city": card(kpis, CRIMES)}, {"a.csv": rows(("crimes", "2026-01", 1))})
    done = subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "validate", str(root)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode != 0 and "formula" in done.stdout + done.stderr
    assert not list(tmp_path.rglob("PWNED"))


# ------------------------------------------------------------------ properties

settings_for_projects = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
values = st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=6)


@settings_for_projects
@given(values)
def test_a_formula_that_is_one_id_equals_that_ids_series(numbers):
    kpis = "{id: same, title: Same, better: lower, formula: crimes}"
    data = rows(*[("crimes", f"2026-{m + 1:02d}", v) for m, v in enumerate(numbers)])
    result = run({"city": card(kpis, CRIMES, "monthly")}, {"a.csv": data})
    assert [(p.label, p.actual) for p in kpi_of(result, "same").series] == \
        [(f"2026-{m + 1:02d}", v) for m, v in enumerate(numbers)]


@settings_for_projects
@given(values, st.integers(min_value=1, max_value=1000), st.sampled_from([2, 3, 10, 0.5]))
def test_scaling_the_numerator_scales_the_rate(numbers, residents, factor):
    def rate(scale):
        data = rows(*[("crimes", f"2026-{m + 1:02d}", v * scale) for m, v in enumerate(numbers)],
                    ("residents", f"2026-{len(numbers):02d}", residents))
        found = kpi_of(run({"city": card(RATE, CRIMES, "monthly")}, {"a.csv": data}), "rate").current
        return found.actual
    assert rate(factor) == pytest.approx(rate(1) * factor, rel=1e-12)
