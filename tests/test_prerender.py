"""Rendering on a second core (render/prerender.py): the same results whoever renders them, and a
worker that fails or dies only means the build renders the rest itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_mkdocs_build, site_digests
from mkdocs_scorecards.render.prerender import can_fork

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the worker is forked")


@pytest.mark.parametrize("case", ["every_item_comes_back_in_any_order_asked", "the_work_is_shared",
                                  "a_worker_that_fails_leaves_the_rest_to_the_build",
                                  "a_worker_that_dies_leaves_the_rest_to_the_build",
                                  "without_a_worker_items_are_rendered_when_asked"])
def test_prerenderer(case):
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("prerender_cases.py")), case],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_worker_is_forked_from_a_process_running_threads():
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()


def test_the_site_is_the_same_with_and_without_the_worker(tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv", "site", ".cache", "node_modules", ".git",
                                                                  "build", "__pycache__", ".pytest_cache"))
    sites = []
    for parallel in ("true", "false"):
        settings = (REPO / "mkdocs.yml").read_text().replace("      as_of: latest",
                                                              f"      as_of: latest\n      parallel: {parallel}")
        (project / "mkdocs.yml").write_text(settings)
        done = run_mkdocs_build(project, tmp_path / parallel)
        assert done.returncode == 0, done.stdout + done.stderr
        sites.append(site_digests(tmp_path / parallel))
    # The settings file differs by that one line, and is an input: its hash is listed in the JSON.
    listing = {path for path in sites[0] if path.endswith(("scorecard.json", "manifest.json"))}
    assert {p: d for p, d in sites[0].items() if p not in listing} == \
           {p: d for p, d in sites[1].items() if p not in listing}
    for path in listing:
        documents = [json.loads((tmp_path / parallel / path).read_text()) for parallel in ("true", "false")]
        for document in documents:
            document["inputs"] = [item for item in document["inputs"] if item["file"] != "mkdocs.yml"]
        assert documents[0] == documents[1], path
