"""Map layouts kept between builds (render/layout_cache.py): only ever faster, never different, never a failure."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import REPO, run_mkdocs_build, site_digests
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.options import Options, read_options
from mkdocs_scorecards.render import layout_cache
from mkdocs_scorecards.render.graphviz import layout_svg
from mkdocs_scorecards.render.layout_cache import CachedLayout, layout_key, read_entry

DOT = 'digraph { a -> b [label="x"] }'


class Counting:
    """A layout that counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, dot, engine, timeout):
        self.calls += 1
        return layout_svg(dot, engine, timeout)


def test_a_layout_is_made_once_per_content(tmp_path):
    counting = Counting()
    cache = CachedLayout(tmp_path / "cache", counting)
    first = cache(DOT, "wasm", 10)
    again = CachedLayout(tmp_path / "cache", counting)(DOT, "wasm", 10)    # a later build
    assert first == again and counting.calls == 1
    cache(DOT.replace("x", "y"), "wasm", 10)
    assert counting.calls == 2 and (cache.stats.hits, cache.stats.misses) == (0, 2)


def test_the_key_covers_dot_engine_and_graphviz_version():
    keys = {layout_key(DOT, "wasm", "1"), layout_key(DOT + " ", "wasm", "1"), layout_key(DOT, "native", "1"),
            layout_key(DOT, "wasm", "2")}
    assert len(keys) == 4
    assert layout_key(DOT, "wasm", "1") == layout_key(DOT, "wasm", "1")


@pytest.mark.parametrize("damage", ["truncate", "edit", "garbage", "empty", "binary"])
def test_a_damaged_entry_is_laid_out_again(tmp_path, damage):
    counting = Counting()
    cache = CachedLayout(tmp_path, counting)
    svg = cache(DOT, "wasm", 10)
    [entry] = [p for p in tmp_path.rglob("*.svg")]
    data = entry.read_bytes()
    entry.write_bytes({"truncate": data[:-20], "edit": data.replace(b"<svg", b"<svg onload='x'", 1),
                       "garbage": b"not a layout", "empty": b"", "binary": b"\xff\xfe" + data}[damage])
    assert read_entry(entry) is None
    assert cache(DOT, "wasm", 10) == svg and counting.calls == 2
    assert read_entry(entry) == svg            # rewritten whole


def test_an_unwritable_cache_never_fails_a_layout(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    cache = CachedLayout(blocker / "cache")
    assert "<svg" in cache(DOT, "wasm", 10)
    assert cache.stats.write_failures == 1


def test_an_engine_whose_version_is_unknown_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(layout_cache, "engine_version", lambda engine: "")
    counting = Counting()
    cache = CachedLayout(tmp_path, counting)
    cache(DOT, "wasm", 10)
    cache(DOT, "wasm", 10)
    assert counting.calls == 2 and not list(tmp_path.iterdir())


def test_no_temporary_files_are_left(tmp_path):
    CachedLayout(tmp_path)(DOT, "wasm", 10)
    assert [p.name for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")] == []


def test_cache_dir_is_an_option_with_a_default():
    assert Options().cache_dir == ".cache/scorecards"
    assert read_options({"cache_dir": "build/layouts"}).cache_dir == "build/layouts"
    with pytest.raises(InputError, match="cache_dir"):
        read_options({"cache_dir": 3})


def test_the_cache_folder_is_ignored_by_git():
    assert ".cache/" in (REPO / ".gitignore").read_text().splitlines()


@pytest.mark.skipif(os.name == "nt", reason="permissions")
def test_a_build_with_a_cold_warm_or_broken_cache_is_the_same_site(tmp_path):
    """Byte-identical sites whether the cache is empty, full, or a folder that cannot be written."""
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv", "site", ".cache", "node_modules", ".git",
                                                                  "build", "__pycache__", ".pytest_cache"))
    sites = []
    for run in ("cold", "warm", "broken"):
        if run == "broken":
            shutil.rmtree(project / ".cache")
            (project / ".cache").write_text("not a folder")
        result = run_mkdocs_build(project, tmp_path / run)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(site_digests(tmp_path / run))
        if run == "cold":
            entries = list((project / ".cache" / "scorecards").rglob("*.svg"))
            assert len(entries) == 9          # four layouts and four framed strategy maps, and the cascade
    assert sites[0] == sites[1] == sites[2]
    assert not any(path.startswith(".cache") for path in sites[0])


def _synthetic_map(tmp_path):
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    try:
        from bench_map import write_project
    finally:
        sys.path.pop(0)
    from mkdocs_scorecards.compute.scorecard import evaluate_project
    from mkdocs_scorecards.load import load_project
    from mkdocs_scorecards.render.map_dot import MapLinks

    write_project(tmp_path / "project", 12)
    result = evaluate_project(load_project(tmp_path / "project", "scorecards", "data"), None).scorecards[0]
    return result, MapLinks(lambda oid: f"{oid}/", lambda cause, effect: f"hypotheses/#arrow-{cause}--{effect}")


def test_a_framed_map_is_kept_and_read_back_the_same(tmp_path):
    from mkdocs_scorecards.render.strategy_map import scorecard_map

    result, links = _synthetic_map(tmp_path)
    counting = Counting()
    first = scorecard_map(result, links, "wasm", layout=CachedLayout(tmp_path / "cache", counting))
    later = CachedLayout(tmp_path / "cache", counting)                      # a later build
    assert scorecard_map(result, links, "wasm", layout=later) == first
    assert counting.calls == 1 and (later.stats.hits, later.stats.misses) == (1, 0)
    assert first == scorecard_map(result, links, "wasm", layout=layout_svg)  # the same map as without a cache


def test_a_planted_framed_map_is_still_checked(tmp_path):
    """An entry rewritten with a script and a matching hash (a poisoned CI cache) stops the build; it never
    reaches a page."""
    import hashlib

    from mkdocs_scorecards.errors import MapError
    from mkdocs_scorecards.render.strategy_map import scorecard_map

    result, links = _synthetic_map(tmp_path)
    scorecard_map(result, links, "wasm", layout=CachedLayout(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*.svg"):
        body = read_entry(entry).replace("<svg", "<svg onload='alert(1)'", 1).encode()
        entry.write_bytes(f"scorecards-layout {hashlib.sha256(body).hexdigest()}\n".encode() + body)
    with pytest.raises(MapError, match="event handler"):
        scorecard_map(result, links, "wasm", layout=CachedLayout(tmp_path / "cache"))
