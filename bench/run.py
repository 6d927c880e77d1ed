"""The benchmark: every figure of the performance page in one run.

    python bench/run.py                 # the full run: 500 and 5,000 objective pages, 1M rows (about 20 minutes)
    python bench/run.py --size small    # a smoke test of every measurement, in a minute or two (CI runs it)
    python bench/run.py --json out.json # also write the figures as JSON

What it measures, each as a median of `--repeat` runs with the peak memory
(RSS) of the process measured, next to what it is compared with:

- `mkdocs build` of synthetic organisations (bench/synthetic.py) with 500
  and 5,000 objective pages, against plain MkDocs + Material building the
  same number of plain Markdown pages with the same navigation, theme
  features and search plugin; and how the time grows with ten times the work.
- loading and validating a million CSV rows against pandas' bare read_csv
  of the same file (bench/bench_load.py).
- a 200-objective strategy map laid out cold and warm (bench/bench_map.py).
- `mkdocs serve`: seconds from saving a CSV to the rebuilt page showing the
  new value, on a site of about a hundred pages.

The machine is shared and its timings are noisy: read the ratios, and rerun
where a figure looks odd. Timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from synthetic import write_organisation, write_plain_site  # noqa: E402

SIZES = {
    # objective pages and data points of the two builds, rows and KPIs of the load, map objectives, serve objectives
    "full": {"builds": [(500, 100_000), (5_000, 1_000_000)], "load": (1_000_000, 1_000), "map": 200, "serve": 88},
    "small": {"builds": [(50, 5_000), (200, 20_000)], "load": (20_000, 100), "map": 30, "serve": 20},
}
TARGETS = {
    "build_ratio": 1.3,          # at most 1.3 times plain MkDocs on the same pages
    "build_seconds": 60.0,       # the 5,000-page site with 1M points
    "build_rss_mb": 1024.0,      # under 1 GB peak RSS
    "growth": 11.0,              # ten times the work, at most eleven times the time
    "load_ratio": 8.0,           # at most 8 times pandas' bare read
    "map_warm_ms": 50.0,         # a 200-objective map, warm
    "serve_seconds": 2.0,        # a data change visible in mkdocs serve
}


@dataclass
class Run:
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)


def environment() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1790000000", PYTHONHASHSEED="0")


def timed_process(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, which must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)} failed in {cwd}:\n{errors[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def mkdocs_build(project: Path, repeat: int) -> tuple[float, Run]:
    """The first build (map layouts not yet cached) and `repeat` more, as CI with a kept cache would run."""
    argv = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")]
    shutil.rmtree(project / ".cache", ignore_errors=True)
    first, _ = timed_process(argv, project)
    runs = Run()
    for _ in range(repeat):
        seconds, rss = timed_process(argv, project)
        runs.seconds.append(seconds)
        runs.rss_mb.append(rss)
    return first, runs


def measure_builds(sizes: list[tuple[int, int]], repeat: int, folder: Path) -> list[dict]:
    rows = []
    for objectives, points in sizes:
        ours_root, plain_root = folder / f"org-{objectives}", folder / f"plain-{objectives}"
        organisation = write_organisation(ours_root, objectives, points)
        pages = write_plain_site(plain_root, organisation)
        cold, ours = mkdocs_build(ours_root, repeat)
        _, plain = mkdocs_build(plain_root, repeat)
        built = sum(1 for _ in (ours_root / "site").rglob("index.html"))
        rows.append({"objectives": objectives, "points": organisation.points, "scorecards": organisation.scorecards,
                     "pages": built, "plain_pages": pages, "ours_s": round(ours.median, 2), "ours_cold_s": round(cold, 2),
                     "plain_s": round(plain.median, 2), "ratio": round(ours.median / plain.median, 2),
                     "ours_rss_mb": round(ours.peak_mb), "plain_rss_mb": round(plain.peak_mb),
                     "runs": [round(s, 2) for s in ours.seconds], "plain_runs": [round(s, 2) for s in plain.seconds]})
        shutil.rmtree(ours_root / "site", ignore_errors=True)
        shutil.rmtree(plain_root / "site", ignore_errors=True)
    return rows


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def measure_serve(objectives: int, repeat: int, folder: Path) -> dict:
    """Seconds from saving a changed CSV to the objective page served with the new value, median of `repeat`."""
    root = folder / "serve"
    # 36 months: the as-of quarter is whole, its value the mean of three months.
    organisation = write_organisation(root, objectives, 0, per_scorecard=(objectives + 1) // 2, months=36)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=environment(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}/scorecards/s0/o0/"
    try:
        deadline = time.monotonic() + 600
        while "Objective 0 of department 0" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not come up: " + server.stderr.read().decode(errors="replace"))
            time.sleep(0.2)
        csv = root / "data" / "s0.csv"
        seconds = []
        for run in range(repeat):
            # The as-of quarter of KPI k0a is the mean of its months: a new last month moves it to a value
            # no earlier page showed.
            value = 500 + 300 * run
            shown = f"{(value + sum(_last_months(csv, 'k0a', 2))) / 3:,.1f}"
            lines = csv.read_text().splitlines(keepends=True)
            last = max(i for i, line in enumerate(lines) if line.startswith("s0/k0a,"))
            lines[last] = f"{lines[last].rsplit(',', 1)[0]},{value}\n"
            time.sleep(1.0)              # let the server settle after the previous rebuild
            start = time.perf_counter()
            csv.write_text("".join(lines))
            while shown not in fetch(url):
                if time.perf_counter() - start > 120:
                    raise SystemExit(f"mkdocs serve did not show {shown} within 120 s")
                time.sleep(0.02)
            seconds.append(time.perf_counter() - start)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    pages = len(organisation.pages())
    return {"pages": pages, "seconds": round(statistics.median(seconds), 2), "runs": [round(s, 2) for s in seconds]}


def _last_months(csv: Path, kpi: str, count: int) -> list[float]:
    """The values of the months before the last one of a KPI of scorecard s0, oldest first."""
    values = [float(line.rsplit(",", 1)[1]) for line in csv.read_text().splitlines() if line.startswith(f"s0/{kpi},")]
    return values[-1 - count:-1]


def table(figures: dict) -> str:
    """The figures as the Markdown table of the performance page."""
    rows = ["| What | Ours | Compared with | Ratio | Target | Peak RSS |", "|---|---|---|---|---|---|"]

    def verdict(value: float, limit: float) -> str:
        return f"≤ {limit:g} {'met' if value <= limit else 'not met'}"

    for build in figures["builds"]:
        rows.append(f"| `mkdocs build`, {build['pages']:,} pages ({build['objectives']:,} objectives, "
                    f"{build['points']:,} points) | {build['ours_s']:.1f} s (first build {build['ours_cold_s']:.1f} s) "
                    f"| plain MkDocs, {build['plain_pages']:,} pages: {build['plain_s']:.1f} s | {build['ratio']:.2f} "
                    f"| {verdict(build['ratio'], TARGETS['build_ratio'])} | {build['ours_rss_mb']:,} MB "
                    f"(plain {build['plain_rss_mb']:,} MB) |")
    if len(figures["builds"]) == 2:
        small, large = figures["builds"]
        growth = large["ours_s"] / small["ours_s"]
        rows.append(f"| ten times the work | {growth:.1f} times the time | | | {verdict(growth, TARGETS['growth'])} | |")
    load = figures.get("load")
    if load:
        rows.append(f"| loading and validating {load['rows']:,} CSV rows ({load['kpis']:,} KPIs) | {load['load_s']:.2f} s "
                    f"| pandas' bare read_csv: {load['pandas_s']:.2f} s | {load['ratio']:.1f} (CPU time "
                    f"{load['cpu_ratio']:.1f}) | {verdict(load['ratio'], TARGETS['load_ratio'])} "
                    f"| {load['peak_rss_mib']:,.0f} MB |")
    strategy_map = figures["map"]
    rows.append(f"| strategy map of {strategy_map['objectives']} objectives, {strategy_map['arrows']} arrows | "
                f"warm {strategy_map['warm_s'] * 1000:.0f} ms, cold {strategy_map['cold_s'] * 1000:.0f} ms | | | "
                f"warm {verdict(strategy_map['warm_s'] * 1000, TARGETS['map_warm_ms'])} | |")
    serve = figures["serve"]
    rows.append(f"| `mkdocs serve`, {serve['pages']} pages: a saved CSV to the page showing it | {serve['seconds']:.2f} s "
                f"| | | {verdict(serve['seconds'], TARGETS['serve_seconds'])} | |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    size = SIZES[args.size]

    from bench_load import measure_load
    from bench_map import measure_map

    figures: dict = {"size": args.size, "repeat": args.repeat, "python": sys.version.split()[0],
                     "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="scorecards-bench-") as folder:
        figures["builds"] = measure_builds(size["builds"], args.repeat, Path(folder))
        rows, kpis = size["load"]
        figures["load"] = measure_load(rows=rows, kpis=kpis, repeat=args.repeat)
        figures["map"] = measure_map(size["map"], repeat=max(args.repeat, 5))
        figures["serve"] = measure_serve(size["serve"], args.repeat, Path(folder))
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
