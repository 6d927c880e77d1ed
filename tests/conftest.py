"""Shared fixtures: the example site is built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def build_env() -> dict[str, str]:
    """Environment for child builds: quiet about MkDocs 2, fixed publish date."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    return env


def run_mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir), *extra],
        cwd=project, env=build_env(), capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site, built with --strict into a temporary directory."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = run_mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
