"""The `scorecards` command: the core without MkDocs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import mkdocs_scorecards
import pytest
from conftest import REPO, build_env

SCORECARD_IDS = ("customer-success", "engineering", "enterprise", "onboarding-team")
CONSOLE_SCRIPT = Path(sys.executable).parent / "scorecards"


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", *args], cwd=cwd, env=build_env(),
                          capture_output=True, text=True, check=False)


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the example project's inputs and settings."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for part in ("scorecards", "data"):
        shutil.copytree(REPO / part, root / part)
    return root


def test_version_as_module():
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"mkdocs-scorecards {mkdocs_scorecards.__version__}"
    assert mkdocs_scorecards.__version__ == version("mkdocs-scorecards")


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the console script is not installed next to this Python")
def test_version_as_console_script():
    result = subprocess.run([str(CONSOLE_SCRIPT), "--version"], env=build_env(), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"mkdocs-scorecards {mkdocs_scorecards.__version__}"


def test_build_data_writes_the_same_json_as_the_site(example_site, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build-data", str(REPO), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [f"{sid}/scorecard.json" for sid in SCORECARD_IDS]
    for sid in SCORECARD_IDS:
        from_cli = (out / sid / "scorecard.json").read_text(encoding="utf-8")
        from_site = (example_site / "scorecards" / sid / "scorecard.json").read_text(encoding="utf-8")
        assert json.loads(from_cli) == json.loads(from_site), sid
        assert from_cli == from_site, sid


def test_build_data_default_output_folder(project):
    result = run_cli("build-data", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.relative_to(project / "build" / "scorecards").as_posix()
                     for p in (project / "build" / "scorecards").rglob("*.json"))
    assert written == [f"{sid}/scorecard.json" for sid in SCORECARD_IDS]


def test_build_data_as_of_is_read_in_each_calendar(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build-data", str(REPO), "-o", str(out), "--as-of", "2026-Q2")
    assert result.returncode == 0, result.stdout + result.stderr
    docs = {sid: json.loads((out / sid / "scorecard.json").read_text(encoding="utf-8")) for sid in SCORECARD_IDS}
    # 2026-Q2 on a monthly scorecard is 2026-06 (FORMAT section 5)
    assert {sid: d["as_of"] for sid, d in docs.items()} == {
        "customer-success": "2026-06", "engineering": "2026-Q2", "enterprise": "2026-Q2",
        "onboarding-team": "2026-06"}
    nrr = next(k for o in docs["enterprise"]["objectives"] for k in o["kpis"] if k["id"] == "nrr")
    # June 101.6 against 105, tolerance 8: (101.6 - 105) / 8 = -0.425 -> 6.66667 - 1.41667 = 5.25
    assert (nrr["period"], nrr["actual"], nrr["score"]) == ("2026-Q2", 101.6, 5.25)
    # rows after as_of take no part: the series ends at 2026-Q2
    assert nrr["series"][-1]["period"] == "2026-Q2"
    csat = next(k for o in docs["enterprise"]["objectives"] for k in o["kpis"] if k["id"] == "csat")
    assert csat["partial"] is False


def test_build_data_reports_bad_input_with_file_and_line(project, tmp_path):
    definition = project / "scorecards" / "engineering.yml"
    text = definition.read_text(encoding="utf-8")
    assert text.count("        better: lower\n        target: 60\n") == 1
    definition.write_text(text.replace("        better: lower\n        target: 60\n",
                                       "        better: lowest\n        target: 60\n"), encoding="utf-8")
    better_line = next(n for n, line in enumerate(definition.read_text(encoding="utf-8").splitlines(), 1)
                       if "better: lowest" in line)
    data = project / "data" / "enterprise.csv"
    rows = data.read_text(encoding="utf-8")
    assert rows.count("releases,2026-09,10,,") == 1
    data.write_text(rows.replace("releases,2026-09,10,,", "releses,2026-09,10,,"), encoding="utf-8")
    row = next(n for n, line in enumerate(data.read_text(encoding="utf-8").splitlines(), 1)
               if line.startswith("releses,"))

    out = tmp_path / "out"
    result = run_cli("build-data", str(project), "-o", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    messages = result.stderr.splitlines()
    assert any(re.match(rf"scorecards/engineering\.yml:{better_line}(:\d+)?: .*lowest", m) for m in messages), \
        result.stderr
    assert any(re.match(rf"data/enterprise\.csv:{row}(:\d+)?: .*releses.*did you mean 'releases'", m)
               for m in messages), result.stderr
    # nothing is written from bad input
    assert not out.exists() or not any(out.rglob("*"))


def test_no_command_prints_help_and_fails():
    result = run_cli()
    assert result.returncode != 0
    assert "build-data" in result.stderr + result.stdout


def test_the_settings_file_given_is_an_input(project):
    """`-f board.yml` names the settings file read; scorecard.json lists it with its sha256."""
    import hashlib

    (project / "mkdocs.yml").rename(project / "board.yml")
    result = run_cli("build-data", ".", "-f", "board.yml", "-o", "out", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    inputs = json.loads((project / "out" / "enterprise" / "scorecard.json").read_text(encoding="utf-8"))["inputs"]
    assert {"file": "board.yml", "sha256": hashlib.sha256((project / "board.yml").read_bytes()).hexdigest()} in inputs
    assert [i["file"] for i in inputs] == sorted(i["file"] for i in inputs)
