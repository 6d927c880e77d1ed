"""Benchmark: lay out one large strategy map cold (empty layout cache) and warm (cache filled).

    python bench/bench_map.py --objectives 200 [--repeat 5] [--engine wasm|native]

Writes a synthetic project with one scorecard of that many objectives (four
perspectives, four strategic themes, two `drives` arrows per objective where
there is a row above), loads and evaluates it, then times `scorecard_map`:
cold with a new, empty cache folder each time, warm with a cache that holds
the layout and the framed map (read back and checked); and Graphviz's part alone (`layout_*`), without the framing and
the two checks of the SVG that every map gets. Prints medians, so that runs on a noisy shared machine can be
compared. `measure_map(objectives)` returns the same numbers as a dict, for
other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

PERSPECTIVES = ("financial", "customer", "internal", "learning")
THEMES = ("growth", "retention", "quality", "efficiency")
QUARTERS = 12


def write_project(root: Path, objectives: int) -> None:
    """One scorecard of `objectives` objectives, each with a KPI and `QUARTERS` quarters of data."""
    (root / "scorecards").mkdir(parents=True)
    (root / "data").mkdir()
    lines = ["title: Synthetic map", "frequency: quarterly", "themes:"]
    lines += [f"  - {{id: {t}, title: Theme {t}}}" for t in THEMES]
    lines.append("objectives:")
    rows = ["kpi,period,actual"]
    for o in range(objectives):
        row = o % 4          # 0 = financial (top) ... 3 = learning (bottom)
        lines += [f"  - id: o{o}", f"    title: Objective number {o} of the synthetic map",
                  f"    perspective: {PERSPECTIVES[row]}", f"    theme: {THEMES[(o // 4) % 4]}"]
        above = [t for t in (o - 1, o + 3) if 0 <= t < objectives and t % 4 == row - 1]
        if above:
            lines.append(f"    drives: [{', '.join(f'o{t}' for t in above)}]")
        lines += ["    kpis:", f"      - {{id: k{o}, title: KPI {o}, better: higher, target: 100, aggregate: mean}}"]
        for q in range(QUARTERS):
            rows.append(f"synthetic/k{o},{2023 + q // 4}-Q{q % 4 + 1},{70 + (o * 7 + q * 5) % 40}")
    (root / "scorecards" / "synthetic.yml").write_text("\n".join(lines) + "\n")
    (root / "data" / "actuals.csv").write_text("\n".join(rows) + "\n")


def measure_map(objectives: int, repeat: int = 5, engine: str = "wasm") -> dict:
    """Medians in seconds of laying out one map of `objectives` objectives cold and warm."""
    from mkdocs_scorecards.compute.scorecard import evaluate_project
    from mkdocs_scorecards.load import load_project
    from mkdocs_scorecards.render.graphviz import layout_svg
    from mkdocs_scorecards.render.layout_cache import CachedLayout
    from mkdocs_scorecards.render.graphviz import LAYOUT_TIMEOUT_SECONDS
    from mkdocs_scorecards.render.map_dot import MapLinks, map_dot
    from mkdocs_scorecards.render.strategy_map import scorecard_map

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_project(root / "project", objectives)
        result = evaluate_project(load_project(root / "project", "scorecards", "data"), None).scorecards[0]
        links = MapLinks(lambda oid: f"{oid}/", lambda cause, effect: f"hypotheses/#arrow-{cause}--{effect}")
        layout_svg("digraph { a -> b }", engine)     # compile the in-process Graphviz once, as a build does
        cold, warm = [], []
        for run in range(repeat):
            cache = CachedLayout(root / f"cold-{run}")
            start = time.perf_counter()
            svg = scorecard_map(result, links, engine, layout=cache)
            cold.append(time.perf_counter() - start)
            assert cache.stats.misses == 2 and cache.stats.write_failures == 0   # the layout and the framed map
        cache = CachedLayout(root / "cold-0")
        for _ in range(repeat):
            start = time.perf_counter()
            again = scorecard_map(result, links, engine, layout=cache)
            warm.append(time.perf_counter() - start)
        assert cache.stats.hits == repeat and again == svg, "a warm layout must give the same map"
        dot = map_dot(result, links)     # Graphviz's part alone, without framing and checking
        layout_cold, layout_warm = [], []
        for run in range(repeat):
            cache = CachedLayout(root / f"layout-{run}")
            for times in (layout_cold, layout_warm):
                start = time.perf_counter()
                cache(dot, engine, LAYOUT_TIMEOUT_SECONDS)
                times.append(time.perf_counter() - start)
    return {"objectives": len(result.objectives), "arrows": len(result.links), "engine": engine,
            "cold_s": round(statistics.median(cold), 4), "warm_s": round(statistics.median(warm), 4),
            "layout_cold_s": round(statistics.median(layout_cold), 4),
            "layout_warm_s": round(statistics.median(layout_warm), 4),
            "svg_bytes": len(svg.encode()), "repeat": repeat}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objectives", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", choices=("wasm", "native"), default="wasm")
    args = parser.parse_args()
    print(json.dumps(measure_map(args.objectives, args.repeat, args.engine), indent=2))


if __name__ == "__main__":
    main()
