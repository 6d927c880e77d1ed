"""Rendering on a second core (render/prerender.py): the same results whoever renders them, and a
worker that fails or dies only means the build renders the rest itself."""

from __future__ import annotations

import json
import os
import time

import pytest
from conftest import REPO, run_mkdocs_build, site_digests
from mkdocs_scorecards.render.prerender import Prerenderer, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="the worker is forked")


def items(count: int, slow: float = 0.0, fail_in_worker_at: int | None = None):
    parent = os.getpid()

    def item(number: int):
        def render():
            if slow:
                time.sleep(slow)
            if number == fail_in_worker_at and os.getpid() != parent:
                raise RuntimeError("the worker breaks here")
            return {"number": number, "html": "<p>" + "x" * number + "</p>", "pid": os.getpid()}
        return render

    return [item(n) for n in range(count)]


def test_every_item_comes_back_in_any_order_asked():
    prerenderer = Prerenderer(items(300))
    try:
        assert prerenderer.worker is not None
        asked = list(range(0, 300, 2)) + list(range(299, 0, -2))
        for number in asked:
            result = prerenderer.get(number)
            assert result["number"] == number and result["html"] == "<p>" + "x" * number + "</p>"
    finally:
        prerenderer.close()
    assert prerenderer.worker is None


def test_the_work_is_shared():
    """With each item taking a while, the build renders some while the worker renders others."""
    prerenderer = Prerenderer(items(40, slow=0.01))
    try:
        pids = {prerenderer.get(number)["pid"] for number in range(40)}
    finally:
        prerenderer.close()
    assert os.getpid() in pids and len(pids) == 2


def test_a_worker_that_fails_leaves_the_rest_to_the_build():
    prerenderer = Prerenderer(items(50, fail_in_worker_at=10))
    try:
        assert [prerenderer.get(number)["number"] for number in range(50)] == list(range(50))
    finally:
        prerenderer.close()


def test_a_worker_that_dies_leaves_the_rest_to_the_build():
    prerenderer = Prerenderer(items(200, slow=0.002))
    try:
        assert prerenderer.get(0)["number"] == 0
        os.kill(prerenderer.worker, 9)
        assert [prerenderer.get(number)["number"] for number in range(1, 200)] == list(range(1, 200))
    finally:
        prerenderer.close()


def test_without_a_worker_items_are_rendered_when_asked():
    prerenderer = Prerenderer(items(5), use_worker=False)
    assert prerenderer.worker is None
    assert [prerenderer.get(n)["pid"] for n in range(5)] == [os.getpid()] * 5


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
