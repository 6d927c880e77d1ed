"""The plugin's glue: options, served folders, and what enters the navigation."""

from __future__ import annotations

import posixpath
import re

from conftest import REPO


class _RecordingServer:
    def __init__(self):
        self.watched: list[str] = []

    def watch(self, path, *args, **kwargs):
        self.watched.append(path)


def test_serve_watches_definitions_and_data():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["scorecards"]
    config = plugin.on_config(config)
    server = _RecordingServer()
    plugin.on_serve(server, config=config, builder=None)
    assert str(REPO / "scorecards") in server.watched
    assert str(REPO / "data") in server.watched


def test_detail_pages_stay_out_of_the_navigation(example_site):
    """The nav is rendered into every page: objective pages there would grow the site with their square."""
    page = (example_site / "scorecards" / "enterprise" / "fast-time-to-value" / "index.html").read_text()
    nav = page.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    here = "scorecards/enterprise/fast-time-to-value/"
    linked = {posixpath.normpath(posixpath.join(here, href)) for href in re.findall(r'href="([^"]+)"', nav)}
    assert "scorecards/enterprise" in linked and "scorecards/enterprise/report" in linked
    assert not any(target.startswith("scorecards/enterprise/") and not target.endswith("/report")
                   for target in linked)


def test_stylesheet_is_added_once(example_site):
    page = (example_site / "scorecards" / "enterprise" / "index.html").read_text()
    assert len(re.findall(r'href="[./]*assets/scorecards\.css"', page)) == 1


def test_the_core_runs_without_mkdocs(tmp_path):
    """load, compute and render must not import MkDocs: MkDocs 2 drops plugins, the core stays."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "class Blocker:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'mkdocs' or name.startswith('mkdocs.'):\n"
        "            raise ImportError('MkDocs is blocked in this test')\n"
        "sys.meta_path.insert(0, Blocker())\n"
        "from pathlib import Path\n"
        "from mkdocs_scorecards.options import Options\n"
        "from mkdocs_scorecards.site import evaluate_site, site_files\n"
        f"result = evaluate_site(Path({str(REPO)!r}), Options())\n"
        "files = site_files(result, Options())\n"
        "print(len(files), sorted(m for m in sys.modules if m.startswith('mkdocs.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    count, modules = done.stdout.split(" ", 1)
    assert int(count) > 20 and modules.strip() == "[]"


def test_the_build_log_says_where_each_files_values_went():
    from mkdocs_scorecards.buildlog import placement_lines, rows_sentence
    from mkdocs_scorecards.model import Placement, RowCounts
    from mkdocs_scorecards.options import Options
    from mkdocs_scorecards.site import evaluate_site

    result = evaluate_site(REPO, Options())
    assert result.rows == RowCounts(read=913, placed=913, rejected=0, files=7)
    assert Placement("data/finance/nrr.csv", "enterprise", 36, 1) in result.placement
    assert rows_sentence(result.rows) == "read 913 rows from 7 CSV files: 913 placed, 0 rejected"
    assert "data/finance/nrr.csv: 36 values for 1 KPI of enterprise" in placement_lines(result.placement)
    assert ("data/people-wide.csv: 30 values for 1 KPI of customer-success; 36 values for 1 KPI of engineering; "
            "36 values for 1 KPI of enterprise") in placement_lines(result.placement)
