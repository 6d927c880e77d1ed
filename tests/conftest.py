"""Shared fixtures: the example site is built once per test session."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import subprocess
import sys
import threading
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


def site_digests(site: Path) -> dict[str, str]:
    """Every file of a built site and its sha256, to compare two builds byte for byte."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site, built with --strict into a temporary directory."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = run_mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# --- in the browser: Debian's Chromium through Playwright, pages served on 127.0.0.1 ----------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Serves a built site without logging each request."""

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


def start_server(handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A server on a free loopback port, in a thread; returns it and its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def serve_site(site: Path):
    """The site's address ("http://127.0.0.1:PORT/") while the block runs."""
    server, address = start_server(functools.partial(QuietFiles, directory=str(site)))
    try:
        yield address + "/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is needed: run `make browser` (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def pytest_collection_modifyitems(items):
    """Every test that opens Chromium is a `browser` test, so `pytest -m "not browser"` is the fast suite."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
