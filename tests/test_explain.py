"""`scorecards explain` and the explanation under each KPI on the site."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def explain(kpi: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "explain", kpi, str(REPO), *options],
                          capture_output=True, text=True, check=False)


def test_explains_every_step_of_the_as_of_status():
    done = explain("enterprise/nrr")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # nrr's 2026-Q3 is its last month, 102.2 (data/finance/nrr.csv:37), against the schedule's 105
    # with an absolute tolerance of 8: d = (102.2 - 105) / 8 = -0.35, score = 20/3 - 0.35 x 10/3 = 5.50.
    for expected in ("2026-09: 102.2 (data/finance/nrr.csv:37)",
                     "the latest month's value = 102.2.",
                     "105, from the target schedule entry from 2026-Q1 (scorecards/enterprise.yml:45).",
                     "8 (absolute, in the KPI's unit).",
                     "Amber: 97 <= actual < 105.",
                     "The actual 102.2 is amber",
                     "d = (102.2 - 105) / 8 = -0.35",
                     "published as 5.50",
                     "Net revenue retention (this KPI): 5.50 x weight 1",
                     "Grow revenue from existing customers: 5.50 x weight 2",
                     "Win new business profitably: 8.70 x weight 1",
                     "= 6.57, amber",
                     "= 6.06, amber"):
        assert expected in out, (expected, out)


def test_explains_an_earlier_period_with_a_csv_target_and_a_sum():
    done = explain("new-arr", "--period", "2025-Q4")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # 501 + 302 + 547 = 1350 against the one-off target 1400 from the CSV; 15% of 1400 = 210;
    # d = (1350 - 1400) / 210 = -0.238..., score = 20/3 - 0.238 x 10/3 = 5.87.
    for expected in ("501 + 302 + 547 = 1350.",
                     "1400, from the target column of data/enterprise.csv:28, which overrides the definition",
                     "15% of |1400| = 210.",
                     "Amber: 1190 <= actual < 1400.",
                     "published as 5.87"):
        assert expected in out, (expected, out)


def test_partial_period_says_so():
    done = explain("enterprise/csat")
    assert done.returncode == 0, done.stderr
    assert "Partial: the last month of 2026-Q3 has no value yet" in done.stdout


def test_usage_errors_exit_2_and_help():
    ambiguous = explain("csat")
    assert ambiguous.returncode == 2
    assert "customer-success/csat, enterprise/csat" in ambiguous.stderr
    unknown = explain("enterprise/nr")
    assert unknown.returncode == 2 and "did you mean 'enterprise/nrr'?" in unknown.stderr
    no_period = explain("enterprise/nrr", "--period", "2019-Q1")
    assert no_period.returncode == 2 and "no data for '2019-Q1'" in no_period.stderr


def test_each_kpi_row_on_the_site_carries_its_explanation(example_site):
    folder = example_site / "scorecards" / "enterprise"
    overview = (folder / "index.html").read_text()
    assert "sc-explain" not in overview     # explanations live on objective pages, never in a narrow cell
    pages = [(folder / o / "index.html").read_text() for o in (
        "grow-retained-revenue", "grow-new-revenue", "onboard-customers-well", "rely-on-product",
        "fast-time-to-value", "ship-frequently", "build-onboarding-capability", "enable-partners")]
    # one per objective (8) and one per KPI (12) of the enterprise scorecard
    assert sum(page.count('<details class="sc-explain') for page in pages) == 8 + 12
    page = (example_site / "scorecards" / "enterprise" / "grow-retained-revenue" / "index.html").read_text()
    assert "How the 2026-Q3 status was worked out" in page
    assert "d = (102.2 - 105) / 8 = -0.35" in page
