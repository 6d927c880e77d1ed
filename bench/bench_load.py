"""How long loading and validating CSV actuals takes, against pandas reading the same file bare.

The target (issue 14): loading and validating a million long-form rows for a
thousand KPIs takes at most eight times as long as a bare `pandas.read_csv`
of the same file. Loading does much more than pandas (every period placed in
its KPI's calendar, every number read strictly, every row accounted for), so
the ratio says what the checks cost, on whatever machine runs it.

The project: 10 monthly scorecards of 100 KPIs each (25 objectives of 4
KPIs), every KPI `grain: daily` with `aggregate` sum, mean or last in turn,
and one long-form file `data/actuals.csv` of `kpi,period,actual` naming
each KPI as `scorecard/kpi`, one row per KPI and day: 1,000 days (from
2023-01-01) for each of 1,000 KPIs. Rows come day by day, every KPI of a
day together, as a warehouse export sorts them.

The machine may be shared, so the two are timed in turn, `repeat` times
each, and their medians compared, by wall clock and by this process's CPU
time. The peak RSS is the whole process's, which includes pandas' own read;
the project is written a day at a time, so writing it adds little.

    python bench/bench_load.py --rows 1000000 --kpis 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCORECARDS = 10
KPIS_PER_OBJECTIVE = 4
AGGREGATES = ("sum", "mean", "last")
PERSPECTIVES = ("financial", "customer", "internal", "learning")
FIRST_DAY = datetime.date(2023, 1, 1)


def write_project(root: Path, rows: int, kpis: int) -> dict:
    """scorecards/ and data/actuals.csv under `root`; returns the project's shape."""
    (root / "scorecards").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(parents=True, exist_ok=True)
    per_scorecard = math.ceil(kpis / SCORECARDS)
    ids: list[str] = []
    for s in range(SCORECARDS):
        count = max(0, min(per_scorecard, kpis - s * per_scorecard))
        if not count:
            continue
        lines = [f"title: Department {s}", f"owner: Head of department {s}", "frequency: monthly", "objectives:"]
        for k in range(count):
            o = k // KPIS_PER_OBJECTIVE
            if k % KPIS_PER_OBJECTIVE == 0:
                lines += [f"  - id: o{o}", f"    title: Objective {o} of department {s}",
                          f"    perspective: {PERSPECTIVES[o % 4]}", "    kpis:"]
            lines.append(f"      - {{id: k{k}, title: Measure {k} of department {s}, better: higher, target: 100, "
                         f"grain: daily, aggregate: {AGGREGATES[k % len(AGGREGATES)]}, decimals: 1}}")
            ids.append(f"s{s}/k{k}")
        (root / "scorecards" / f"s{s}.yml").write_text("\n".join(lines) + "\n")
    days = math.ceil(rows / max(len(ids), 1))
    written = 0
    with (root / "data" / "actuals.csv").open("w", encoding="utf-8", newline="\n") as out:
        out.write("kpi,period,actual\n")
        for d in range(days):
            date = (FIRST_DAY + datetime.timedelta(days=d)).isoformat()
            day = []
            for i, kpi in enumerate(ids[: rows - written]):
                value = 80 + 20 * math.sin((d + i) / 30) + ((d * 13 + i * 7) % 11) / 4
                day.append(f"{kpi},{date},{value:.2f}\n")
            out.write("".join(day))
            written += len(day)
    return {"rows": written, "kpis": len(ids), "days": days, "scorecards": SCORECARDS}


def _timed(function) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, the result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux


def measure_load(rows: int = 1_000_000, kpis: int = 1_000, repeat: int = 3) -> dict:
    """Median seconds of `load_project` and of a bare `pandas.read_csv` of the same file, their ratio,
    and the process's peak RSS in MiB.

    The two are timed in turn, `repeat` times each, so that both meet the
    same load on a shared machine, after one untimed load. `ratio` is of wall-clock medians,
    `cpu_ratio` of the medians of this process's CPU time, which others'
    work disturbs less. `rss_before_mib` is the peak before anything was
    read, so the peak's growth is what reading took.
    """
    import pandas as pd
    from mkdocs_scorecards.load import load_project

    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        root = Path(folder)
        shape = write_project(root, rows, kpis)
        path = root / "data" / "actuals.csv"
        before = _peak_rss_mib()
        load_project(root, "scorecards", "data")   # once untimed: imports and first calls are not the reading
        times: dict[str, list[tuple[float, float]]] = {"load": [], "pandas": []}
        placed = 0
        for _ in range(repeat):
            wall, cpu, frame = _timed(lambda: pd.read_csv(path))
            times["pandas"].append((wall, cpu))
            del frame
            wall, cpu, project = _timed(lambda: load_project(root, "scorecards", "data"))
            times["load"].append((wall, cpu))
            placed = project.actuals.rows.placed
            del project
        size = path.stat().st_size

    def median(side: str, which: int) -> float:
        return statistics.median(sample[which] for sample in times[side])

    load_s, pandas_s = median("load", 0), median("pandas", 0)
    return {**shape, "placed": placed, "file_mib": round(size / 2**20, 1), "repeat": repeat,
            "load_s": round(load_s, 3), "pandas_s": round(pandas_s, 3), "ratio": round(load_s / pandas_s, 2),
            "load_cpu_s": round(median("load", 1), 3), "pandas_cpu_s": round(median("pandas", 1), 3),
            "cpu_ratio": round(median("load", 1) / median("pandas", 1), 2),
            "rss_before_mib": round(before, 1), "peak_rss_mib": round(_peak_rss_mib(), 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--kpis", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure_load(args.rows, args.kpis, args.repeat), indent=2))


if __name__ == "__main__":
    sys.exit(main())
