"""The CI recipes are real files, and the commands they run work: each `scorecards` and `mkdocs` command
of the GitHub workflows and the GitLab example is run as written, in a clone of a small repository with a
pull request's change on top of `origin/main`; the step that installs the plugin is run with a stand-in
for pip, in this repository and in a scorecard repository it was copied into."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from history_repo import HEADER, Q1, Q2, RESTATED, build_story, commit

WORKFLOWS = REPO / ".github" / "workflows"
GITLAB = REPO / "site_src" / "guide" / "recipes" / "gitlab-ci.yml"


def run_steps(workflow: Path) -> list[dict]:
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [step for job in document["jobs"].values() for step in job["steps"] if "run" in step]


def tool_commands(commands: list[str]) -> list[str]:
    return [c for c in commands if c.startswith(("scorecards ", "mkdocs "))]


def install_scripts() -> dict[str, str]:
    """The script that installs the plugin, from each recipe."""
    found = {}
    for name in ("scorecards-pull-request.yml", "scorecards-publish.yml"):
        (step,) = [s for s in run_steps(WORKFLOWS / name) if "pip install" in s["run"]]
        found[name] = step["run"]
    (script,) = [c for c in yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["before_script"] if "pip install" in c]
    found["gitlab-ci.yml"] = script
    return found


def shell(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """A recipe's command as CI runs it (bash), with this Python's scripts first on the PATH."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    environment.update(NO_MKDOCS_2_WARNING="1", PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", **env)
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environment, capture_output=True, text=True,
                          check=False)


@pytest.fixture()
def pull_request(tmp_path):
    """A clone whose origin/main is the story, with a branch that restates February and breaks a row."""
    origin = tmp_path / "origin"
    build_story(origin, steps=4)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(origin), str(clone)], check=True)
    rows = Q1[:3] + Q2[:3] + Q1[3:] + Q2[3:]
    rows[1] = RESTATED
    commit(clone, "Restate February revenue", "2026-07-10T16:45:00+00:00", {"data/actuals.csv": HEADER + "".join(rows)})
    return clone


def test_the_github_workflows_fetch_the_whole_history_and_run_the_tools():
    checks = run_steps(WORKFLOWS / "scorecards-pull-request.yml")
    assert tool_commands([s["run"] for s in checks]) == [
        "scorecards validate --format github",
        'scorecards diff "origin/$BASE_REF" HEAD --format markdown > scorecards-diff.md']
    publish = run_steps(WORKFLOWS / "scorecards-publish.yml")
    assert tool_commands([s["run"] for s in publish]) == ["mkdocs build --strict"]
    for name in ("scorecards-pull-request.yml", "scorecards-publish.yml"):
        document = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
        checkout = [s for job in document["jobs"].values() for s in job["steps"]
                    if s.get("uses", "").startswith("actions/checkout@")]
        assert [s["with"]["fetch-depth"] for s in checkout] == [0], name
    triggers = yaml.safe_load((WORKFLOWS / "scorecards-publish.yml").read_text(encoding="utf-8"))[True]
    assert {"scorecards/**", "data/**"} <= set(triggers["push"]["paths"])


def test_the_pull_request_commands_annotate_problems_and_write_the_comment(pull_request):
    steps = tool_commands([s["run"] for s in run_steps(WORKFLOWS / "scorecards-pull-request.yml")])
    validate, diff = steps
    assert shell(validate, pull_request).returncode == 0
    done = shell(diff, pull_request, BASE_REF="main")
    assert done.returncode == 0, done.stderr
    comment = (pull_request / "scorecards-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("### Scorecard changes: `origin/main (")
    assert "| company | revenue | 2026-02 | 110 | 80 | data/actuals.csv:3 | restated after audit |" in comment
    # A broken row is annotated on its file and line, for GitHub to show on the changed line.
    with (pull_request / "data/actuals.csv").open("a", encoding="utf-8") as csv:
        csv.write("revenue,2026-07,lots,,\n")
    failed = shell(validate, pull_request)
    assert failed.returncode == 1
    assert failed.stdout == ("::error file=data/actuals.csv,line=14::actual 'lots' is not a number; write digits such "
                             "as 101.5 (or 101,5 in a file separated by ';'), or leave it empty\n")


def test_the_publish_command_builds_the_site_with_its_history(pull_request):
    (command,) = tool_commands([s["run"] for s in run_steps(WORKFLOWS / "scorecards-publish.yml")])
    # The clone has the story's tag scorecards/company/2026-Q1, so the archive holds that report.
    done = shell(command, pull_request)
    assert done.returncode == 0, done.stderr
    assert (pull_request / "site/scorecards/company/archive/2026-Q1/index.html").is_file()
    assert "no git history" not in done.stderr and "shallow" not in done.stderr


def test_the_gitlab_example_runs_the_same_commands(pull_request):
    document = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert document["variables"]["GIT_DEPTH"] == "0"
    check = tool_commands(document["check"]["script"])
    assert check == ["scorecards validate --format gitlab > gl-code-quality-report.json || "
                     "{ scorecards validate; exit 1; }",
                     'scorecards diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" HEAD --format markdown > '
                     "scorecards-diff.md"]
    assert document["check"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert document["check"]["artifacts"]["when"] == "always"
    for command in check:
        done = shell(command, pull_request, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
        assert done.returncode == 0, command + done.stderr
    assert "restated after audit" in (pull_request / "scorecards-diff.md").read_text(encoding="utf-8")
    (pages,) = tool_commands(document["pages"]["script"])
    assert pages == "mkdocs build --strict --site-dir public"
    done = shell(pages, pull_request)
    assert done.returncode == 0, done.stderr
    assert (pull_request / "public/scorecards/manifest.json").is_file()


def test_the_gitlab_check_writes_a_code_quality_report_of_each_problem(pull_request):
    """A merge request shows each problem on its line (GitLab Code Quality); the job log lists them too."""
    document = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    validate = tool_commands(document["check"]["script"])[0]
    report = pull_request / "gl-code-quality-report.json"
    assert shell(validate, pull_request).returncode == 0
    assert json.loads(report.read_text(encoding="utf-8")) == []
    with (pull_request / "data/actuals.csv").open("a", encoding="utf-8") as csv:
        csv.write("revenue,2026-07,lots,,\n")
    failed = shell(validate, pull_request)
    assert failed.returncode == 1
    message = ("actual 'lots' is not a number; write digits such as 101.5 (or 101,5 in a file separated by ';'), "
               "or leave it empty")
    (issue,) = json.loads(report.read_text(encoding="utf-8"))
    assert issue["description"] == message and issue["location"] == {"path": "data/actuals.csv", "lines": {"begin": 14}}
    assert (issue["check_name"], issue["severity"]) == ("scorecards-validate", "blocker")
    assert len(issue["fingerprint"]) == 64
    assert f"data/actuals.csv:14: {message}" in failed.stderr + failed.stdout    # the job log says it as text


FAKE_PIP = """#!/bin/sh
echo "$@" >> "$PIP_LOG"
"""


@pytest.mark.parametrize("where", ["plugin", "copied", "variable"])
def test_the_install_step_works_where_the_recipe_is_copied(where, pull_request, tmp_path):
    """In the plugin's repository the recipes install it from the checkout; copied into a scorecard
    repository they install SCORECARDS_PLUGIN, else mkdocs-scorecards from the package index."""
    scripts = install_scripts()
    commands = {"\n".join(line.split("   #")[0].rstrip() for line in script.splitlines()) for script in scripts.values()}
    assert len(commands) == 1, scripts      # the same step in every recipe (comments aside)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pip").write_text(FAKE_PIP, encoding="utf-8")
    (bin_dir / "pip").chmod(0o755)
    log = tmp_path / "pip.log"
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "PIP_LOG": str(log)}
    cwd = REPO if where == "plugin" else pull_request
    if where == "variable":
        env["SCORECARDS_PLUGIN"] = "git+https://git.example.org/tools/mkdocs-scorecards@v0.1.0"
    for name, script in scripts.items():
        log.unlink(missing_ok=True)
        done = subprocess.run(["bash", "-c", script], cwd=cwd, env={**os.environ, **env}, capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, (name, done.stderr)
        expected = {"plugin": "install .", "copied": "install mkdocs-scorecards",
                    "variable": "install git+https://git.example.org/tools/mkdocs-scorecards@v0.1.0"}[where]
        assert log.read_text(encoding="utf-8").strip() == expected, name


def test_the_workflows_read_the_install_spec_from_a_variable():
    for name in ("scorecards-pull-request.yml", "scorecards-publish.yml"):
        document = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
        assert document["env"] == {"SCORECARDS_PLUGIN": "${{ vars.SCORECARDS_PLUGIN }}"}, name
        assert "pip install ." not in (WORKFLOWS / name).read_text(encoding="utf-8"), name
    assert yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["variables"]["SCORECARDS_PLUGIN"] == ""
