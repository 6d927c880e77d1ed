"""The worked examples of "Rates, ratios and running totals" are what the site computes.

Each example on site_src/guide/rates-and-running-totals.md follows a line
`<!-- example: <name> -->` with a YAML definition, a CSV file and a table of
results (KPI | Period | Actual | Target | Status). The test builds each
example as a project, evaluates it as the plugin does, and compares every
row of the table, numbers rounded as printed. A last test edits a number of
the page and expects the check to fail, so that it cannot check nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_golden_rules import find_kpi, run

PAGE = Path(__file__).resolve().parents[1] / "site_src" / "guide" / "rates-and-running-totals.md"
EXAMPLE = re.compile(r"<!-- example: ([a-z-]+) -->\n```yaml\n(.*?)```\n```csv\n(.*?)```\n\n(\|.*?)\n\n", re.S)
EXPECTED_EXAMPLES = ["quarterly-rate", "year-to-date", "year-on-year", "baseline", "yearly-survey", "daily-median"]


def examples(text: str) -> dict[str, tuple[str, str, list[list[str]]]]:
    found = {}
    for name, definition, data, table in EXAMPLE.findall(text):
        rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]
        found[name] = (definition, data, rows)
    return found


def _number(cell: str) -> float | None:
    return None if cell == "—" else float(cell.replace(",", ""))


def check(definition: str, data: str, rows: list[list[str]]) -> None:
    scorecard_id = "example"
    result = run({scorecard_id: definition}, {"example.csv": data})
    for kpi_id, label, actual, target, status in rows:
        kpi = find_kpi(result, scorecard_id, kpi_id)
        periods = {p.label: p for p in (*kpi.published_series, kpi.current)}   # scorecard.json's series
        assert label in periods, f"{kpi_id} has no period {label}: {sorted(periods)}"
        found = periods[label]
        for printed, value in ((actual, found.actual), (target, found.target)):
            expected = _number(printed)
            if expected is None:
                assert value is None, (kpi_id, label, printed, value)
            else:
                decimals = len(printed.split(".")[1]) if "." in printed else 0
                assert value is not None and round(value, decimals) == expected, (kpi_id, label, printed, value)
        assert found.status == status, (kpi_id, label, status, found.status)


def test_every_example_is_on_the_page_and_checked():
    assert list(examples(PAGE.read_text(encoding="utf-8"))) == EXPECTED_EXAMPLES


@pytest.mark.parametrize("name", EXPECTED_EXAMPLES)
def test_the_worked_example_is_what_the_site_computes(name):
    check(*examples(PAGE.read_text(encoding="utf-8"))[name])


def test_an_edited_number_is_caught():
    definition, data, rows = examples(PAGE.read_text(encoding="utf-8"))["quarterly-rate"]
    edited = [row[:] for row in rows]
    edited[0][2] = "18.33"   # the mean of monthly rates the page warns about
    with pytest.raises(AssertionError):
        check(definition, data, edited)
