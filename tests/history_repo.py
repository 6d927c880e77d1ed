"""A small scorecard site in a temporary git repository, built up commit by commit with fixed dates.

The story (every number is worked out by hand in the tests):

1. 2026-01-05 "Define the company scorecard": revenue (higher, sum of months,
   target 300, tolerance 10%) and churn (lower, mean of months, target 2).
2. 2026-04-03 "Actuals for 2026-Q1": revenue 100, 110, 95 (Q1 = 305, green);
   churn 1.8, 1.9, 2.0 (Q1 = 1.9, green).
3. 2026-04-06 the board report 2026-Q1 is published: tag scorecards/company/2026-Q1.
4. 2026-07-02 "Actuals for 2026-Q2": revenue 120, 100, 100 (320); churn 2.1, 2.2, 2.0.
5. 2026-07-10 "Restate February revenue after the audit": 110 becomes 80, so
   Q1 is 275 (amber), with the note "restated after audit".
6. 2026-07-15 "Tighten the churn target": 2 becomes 1.8, so Q1's churn of
   1.9 is amber.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SETTINGS = """\
site_name: Company scorecards
docs_dir: docs
theme: {name: material, font: false}
plugins:
  - scorecards:
      definitions: scorecards
      data: data
"""

DEFINITION = """\
title: Company
owner: Board
frequency: quarterly
objectives:
  - id: grow
    title: Grow revenue
    perspective: financial
    owner: CFO
    drives: []
    kpis:
      - id: revenue
        title: Revenue
        better: higher
        aggregate: sum
        target: 300
  - id: keep
    title: Keep customers
    perspective: customer
    drives: [grow]
    kpis:
      - id: churn
        title: Churn
        unit: "%"
        better: lower
        aggregate: mean
        target: {churn_target}
"""

HEADER = "kpi,period,actual,target,note\n"
Q1 = ["revenue,2026-01,100,,\n", "revenue,2026-02,110,,\n", "revenue,2026-03,95,,\n",
      "churn,2026-01,1.8,,\n", "churn,2026-02,1.9,,\n", "churn,2026-03,2.0,,\n"]
Q2 = ["revenue,2026-04,120,,\n", "revenue,2026-05,100,,\n", "revenue,2026-06,100,,\n",
      "churn,2026-04,2.1,,\n", "churn,2026-05,2.2,,\n", "churn,2026-06,2.0,,\n"]
RESTATED = "revenue,2026-02,80,,restated after audit\n"


def git(repo: Path, *args: str, date: str = "2026-01-05T09:00:00+00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Ada Auditor", GIT_AUTHOR_EMAIL="ada@example.org",
               GIT_COMMITTER_NAME="Ada Auditor", GIT_COMMITTER_EMAIL="ada@example.org",
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str, date: str, files: dict[str, str]) -> str:
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    git(repo, "add", "--all", date=date)
    git(repo, "commit", "--quiet", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def build_story(repo: Path, steps: int = 6) -> dict[str, str]:
    """The repository after the first `steps` steps; the commit ids by step name."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    shas = {}
    shas["define"] = commit(repo, "Define the company scorecard", "2026-01-05T09:00:00+00:00", {
        "mkdocs.yml": SETTINGS, "docs/index.md": "# Company\n",
        "scorecards/company.yml": DEFINITION.replace("{churn_target}", "2")})
    if steps >= 2:
        shas["q1"] = commit(repo, "Actuals for 2026-Q1", "2026-04-03T10:00:00+02:00",
                            {"data/actuals.csv": HEADER + "".join(Q1)})
    if steps >= 3:
        git(repo, "tag", "-a", "-m", "Board report 2026-Q1", "scorecards/company/2026-Q1",
            date="2026-04-06T08:30:00+00:00")
    if steps >= 4:
        shas["q2"] = commit(repo, "Actuals for 2026-Q2", "2026-07-02T10:00:00+00:00",
                            {"data/actuals.csv": HEADER + "".join(Q1[:3] + Q2[:3] + Q1[3:] + Q2[3:])})
    if steps >= 5:
        rows = Q1[:3] + Q2[:3] + Q1[3:] + Q2[3:]
        rows[1] = RESTATED
        shas["restate"] = commit(repo, "Restate February revenue after the audit", "2026-07-10T16:45:00+00:00",
                                 {"data/actuals.csv": HEADER + "".join(rows)})
    if steps >= 6:
        shas["tighten"] = commit(repo, "Tighten the churn target", "2026-07-15T11:00:00+00:00",
                                 {"scorecards/company.yml": DEFINITION.replace("{churn_target}", "1.8")})
    return shas
