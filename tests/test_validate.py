"""`scorecards validate`: the checks without MkDocs, for CI and editors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import REPO


def validate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "validate", *args],
                          capture_output=True, text=True, check=False)


@pytest.fixture
def broken(tmp_path):
    for name in ("scorecards", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    csv = tmp_path / "data" / "enterprise.csv"
    lines = csv.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("new-arr,2026-09,"))
    lines[number] = "new-arr,2026-09,lots,,"
    lines.append("nrrr,2026-09,1,,")
    csv.write_text("\n".join(lines) + "\n")
    return tmp_path, number + 1, len(lines)


def test_clean_project_exits_0():
    done = validate(str(REPO))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("no problems: 4 scorecards, 913 rows read from 7 CSV files, 913 placed")


def test_problems_exit_1_sorted_by_file_and_line(broken):
    root, bad_number, unknown = broken
    done = validate(str(root))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"data/enterprise.csv:{bad_number}: actual 'lots' is not a number; write digits such as 101.5 "
        "(or 101,5 in a file separated by ';'), or leave it empty",
        f"data/enterprise.csv:{unknown}: unknown KPI or measure 'nrrr'; did you mean 'nrr'?",
    ]


def test_failed_run_still_says_where_the_rows_went(broken):
    root, _, _ = broken
    done = validate(str(root))
    # 913 example rows (851 before the measures: -12 quarterly rates + 72 monthly counts + 2 surveys) plus the appended one; two rows carry the mistakes.
    assert "read 914 rows from 7 CSV files: 912 placed, 2 rejected" in done.stderr, done.stderr


def test_json_and_github_formats(broken):
    root, bad_number, unknown = broken
    as_json = json.loads(validate(str(root), "--format", "json").stdout)
    assert [(p["file"], p["line"]) for p in as_json] == [("data/enterprise.csv", bad_number),
                                                        ("data/enterprise.csv", unknown)]
    assert as_json[1]["hint"] == "did you mean 'nrr'?"
    github = validate(str(root), "--format", "github").stdout.splitlines()
    assert github[1] == f"::error file=data/enterprise.csv,line={unknown}::unknown KPI or measure 'nrrr'; did you mean 'nrr'?"
    assert json.loads(validate(str(REPO), "--format", "json").stdout) == []


def test_usage_error_exits_2():
    assert validate("--format", "xml").returncode == 2


EVALUATED = """\
title: Card
objectives:
  - id: obj
    title: Objective
    perspective: customer
    kpis:
      - id: k
        title: K
        better: higher
        baseline: 100
        target: "+5%"
        stretch: 104
      - id: k5
        title: K5
        better: higher
        baseline: 2025-Q1
        target: "+5%"
"""


def test_what_only_the_values_tell_is_reported_as_the_build_reports_it(tmp_path):
    """A baseline period without an actual, and a stretch short of a relative target (105 = 100 + 5%),
    are found once the values are known; validate reports them, at their lines, as build-data does."""
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "scorecards" / "card.yml").write_text(EVALUATED, encoding="utf-8")
    (tmp_path / "data" / "a.csv").write_text("kpi,period,actual\nk,2026-Q1,100\nk5,2026-Q1,100\n", encoding="utf-8")
    expected = [
        "scorecards/card.yml:12: KPI 'k''s stretch 104 is not above its target 105 (+5% of the baseline 100); "
        "a stretch lies above every target in force: change the stretch, the relative target or the baseline",
        "scorecards/card.yml:16: KPI 'k5' has no actual in its baseline period 2025-Q1; give it a value there, "
        "or write the baseline as a number",
    ]
    done = validate(str(tmp_path))
    assert done.returncode == 1 and done.stdout.splitlines() == expected, done.stdout + done.stderr
    github = validate(str(tmp_path), "--format", "github").stdout.splitlines()
    assert [line.split("::")[1] for line in github] == ["error file=scorecards/card.yml,line=12",
                                                        "error file=scorecards/card.yml,line=16"]
    built = subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "build-data", str(tmp_path), "-o",
                            str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert built.returncode == 1 and [line for line in built.stderr.splitlines() if line in expected] == expected
    fixed = EVALUATED.replace("stretch: 104", "stretch: 110").replace("baseline: 2025-Q1", "baseline: 2026-Q1")
    (tmp_path / "scorecards" / "card.yml").write_text(fixed, encoding="utf-8")
    assert validate(str(tmp_path)).returncode == 0


def test_a_strategy_map_too_large_to_draw_is_reported(tmp_path):
    """The build fails when it comes to draw the map; validate says so before."""
    perspectives = "".join(f"  - {{id: p{i}, title: P{i}}}\n" for i in range(41))
    card = f"title: Card\nperspectives:\n{perspectives}objectives:\n  - {{id: o, title: O, perspective: p0}}\n"
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "scorecards" / "wide.yml").write_text(card, encoding="utf-8")
    done = validate(str(tmp_path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "scorecards/wide.yml: the strategy map of scorecard 'wide' could not be drawn: 41 perspectives are more "
        "than the 40 a strategy map can show; group objectives into fewer perspectives"]


def test_gitlab_format_without_problems_is_an_empty_report():
    done = validate(str(REPO), "--format", "gitlab")
    assert done.returncode == 0 and json.loads(done.stdout) == []
