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
