"""Same inputs, byte-identical site (FORMAT section 10)."""

from __future__ import annotations

from conftest import REPO, run_mkdocs_build, site_digests


def test_two_builds_are_byte_identical(example_site, tmp_path):
    again = tmp_path / "again"
    result = run_mkdocs_build(REPO, again)
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = site_digests(example_site), site_digests(again)
    assert first.keys() == second.keys()
    differing = sorted(path for path in first if first[path] != second[path])
    assert differing == []
    assert any(path.endswith("scorecard.json") for path in first)
