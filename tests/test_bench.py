"""The benchmark runs in CI at a small size, as a smoke test: every measurement of bench/run.py
completes and lands in its table. Timings are never asserted: the machines are shared and noisy."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, build_env


def test_the_benchmark_runs_every_measurement_at_a_small_size(tmp_path):
    figures_file = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--size", "small", "--repeat", "1",
                           "--json", str(figures_file)], env=build_env(), capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(figures_file.read_text())
    builds = figures["builds"]
    assert [b["objectives"] for b in builds] == [50, 200]
    for build in builds:
        assert build["pages"] == build["plain_pages"] > build["objectives"]   # the same pages, built both ways
        assert build["ours_s"] > 0 and build["plain_s"] > 0 and build["ours_rss_mb"] > 0
    assert figures["load"]["rows"] == 20_000 and figures["load"]["ratio"] > 0
    assert figures["map"]["objectives"] == 30 and figures["map"]["warm_s"] > 0
    assert figures["serve"]["seconds"] > 0
    table = done.stdout
    for what in ("`mkdocs build`", "ten times the work", "loading and validating", "strategy map", "`mkdocs serve`"):
        assert what in table
