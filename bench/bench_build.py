"""Benchmark: load, compute and render a synthetic site of a given size.

    python bench/bench_build.py --objectives 5000 --months 36 [--mkdocs] [--repeat 3]

Writes a synthetic project to a temporary folder (one scorecard per 50
objectives, 2 KPIs per objective, monthly rows), then times each stage of
the core and, with --mkdocs, a full `mkdocs build`. Prints medians of the
repeats and the peak memory of the process, so that runs on a noisy shared
machine can be compared by ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_SCORECARD = 50
PERSPECTIVES = ("financial", "customer", "internal", "learning")


def write_project(root: Path, objectives: int, months: int) -> int:
    """A synthetic project; returns the number of data points written."""
    (root / "scorecards").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "site_src").mkdir()
    (root / "site_src" / "index.md").write_text("# Synthetic\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic\ndocs_dir: site_src\ntheme: {name: material, font: false}\n"
        "plugins:\n  - search\n  - scorecards\n")
    scorecards = (objectives + PER_SCORECARD - 1) // PER_SCORECARD
    points = 0
    with open(root / "data" / "actuals.csv", "w") as csv:
        csv.write("kpi,period,actual\n")
        for s in range(scorecards):
            lines = ["title: Scorecard %d" % s, "frequency: quarterly", "objectives:"]
            count = min(PER_SCORECARD, objectives - s * PER_SCORECARD)
            for o in range(count):
                lines += [f"  - id: o{o}", f"    title: Objective {o}",
                          f"    perspective: {PERSPECTIVES[o % 4]}"]
                if o + 4 < count:
                    lines.append(f"    drives: [o{o + 4}]")
                lines.append("    kpis:")
                for k in range(2):
                    better = "higher" if k == 0 else "lower"
                    lines += [f"      - {{id: k{o}-{k}, title: KPI {o}.{k}, better: {better}, target: 100,"
                              f" aggregate: mean}}"]
                    for m in range(months):
                        year, month = 2023 + m // 12, m % 12 + 1
                        value = 80 + (o * 7 + k * 13 + m * 3) % 40
                        csv.write(f"s{s}/k{o}-{k},{year}-{month:02d},{value}\n")
                        points += 1
            (root / "scorecards" / f"s{s}.yml").write_text("\n".join(lines) + "\n")
    return points


def timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def commit_to_git(root: Path) -> None:
    """Two commits and a publication: the project, a board report tagged on it, then every file's
    first data row changed (a restatement per file), so that the archive and restatements are built."""
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args], cwd=root,
                       check=True, capture_output=True)

    git("init", "--quiet")
    git("add", "--all")
    git("commit", "--quiet", "-m", "Inputs")
    first = sorted((root / "scorecards").glob("*.yml"))[0].stem
    git("tag", f"scorecards/{first}/2023-Q1")   # the first quarter of the data
    for csv in sorted((root / "data").glob("*.csv")):
        lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
        head, _, rest = lines[1].rpartition(",")
        lines[1] = f"{head},{rest.strip()}1\n" if rest.strip() else lines[1]
        csv.write_text("".join(lines), encoding="utf-8")
    git("commit", "--quiet", "--all", "-m", "Restate")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objectives", type=int, default=1000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mkdocs", action="store_true", help="also time a full mkdocs build")
    parser.add_argument("--git", action="store_true",
                        help="commit the project to git, publish a board report, and time reading the history")
    args = parser.parse_args()

    from mkdocs_scorecards.compute.scorecard import evaluate_project
    from mkdocs_scorecards.load import load_project
    from mkdocs_scorecards.site import Options, site_files

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        points = write_project(root, args.objectives, args.months)
        print(f"{args.objectives} objectives, {2 * args.objectives} KPIs, {points} data points")
        stages: dict[str, list[float]] = {"load": [], "compute": [], "render": []}
        if args.git:
            commit_to_git(root)
            stages["history"] = []
        pages = 0
        for _ in range(args.repeat):
            seconds, project = timed(lambda: load_project(root))
            stages["load"].append(seconds)
            seconds, result = timed(lambda: evaluate_project(project))
            stages["compute"].append(seconds)
            if args.git:
                from mkdocs_scorecards.site_history import audit_site
                seconds, result = timed(lambda: audit_site(root, Options(), project, result))
                stages["history"].append(seconds)
            seconds, files = timed(lambda: site_files(result, Options()))
            stages["render"].append(seconds)
            pages = sum(1 for path in files if path.endswith(".md"))
        for stage, seconds in stages.items():
            print(f"{stage:8s} median {statistics.median(seconds):7.2f} s  (runs: "
                  + ", ".join(f"{s:.2f}" for s in seconds) + ")")
        print(f"generated pages: {pages}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MiB")
        if args.mkdocs:
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
            runs = []
            for _ in range(args.repeat):
                seconds, _ = timed(lambda: subprocess.run(
                    [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                     "-d", str(root / "site")], env=env, check=True))
                runs.append(seconds)
            print(f"mkdocs build median {statistics.median(runs):7.2f} s  (runs: "
                  + ", ".join(f"{s:.2f}" for s in runs) + ")")


if __name__ == "__main__":
    main()
