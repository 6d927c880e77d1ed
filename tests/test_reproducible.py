"""Same inputs, byte-identical site (FORMAT section 10)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import REPO, run_mkdocs_build


def _digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_are_byte_identical(example_site, tmp_path):
    again = tmp_path / "again"
    result = run_mkdocs_build(REPO, again)
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = _digests(example_site), _digests(again)
    assert first.keys() == second.keys()
    differing = sorted(path for path in first if first[path] != second[path])
    assert differing == []
    assert any(path.endswith("scorecard.json") for path in first)
