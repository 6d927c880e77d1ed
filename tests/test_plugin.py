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


def _nav_targets(page_html: str, here: str) -> list[str]:
    nav = page_html.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    return [posixpath.normpath(posixpath.join(here, href)) for href in re.findall(r'href="([^"]+)"', nav)]


def test_generated_pages_join_the_navigation_by_themselves(example_site):
    """mkdocs.yml lists only `Scorecards: scorecards/index.md`; the plugin puts every scorecard there as
    the cascade, each with overview, board report and evidence, its objectives by perspective, then the
    scorecards below it."""
    here = "scorecards/enterprise/fast-time-to-value/"
    page = (example_site / here / "index.html").read_text()
    linked = _nav_targets(page, here)
    overviews = [t for t in linked if re.fullmatch(r"scorecards/[a-z-]+", t) and t != "scorecards/cascade"]
    # navigation.prune: the departments below the enterprise are there, folded; the team below one is not
    assert overviews == ["scorecards/enterprise", "scorecards/customer-success", "scorecards/engineering"]
    assert {"scorecards", "scorecards/cascade", "scorecards/enterprise/report", "scorecards/enterprise/hypotheses",
            "scorecards/enterprise/fast-time-to-value", "scorecards/enterprise/ship-frequently"} <= set(linked)
    # navigation.prune: only this page's branch is in the page, not other perspectives' objectives
    assert not any(t.startswith("scorecards/engineering/") for t in linked)
    assert "scorecards/enterprise/rely-on-product" not in linked
    labels = re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>\s*)?([^<]+?)\s*<', page)
    assert "Overview" in labels and "Board report" in labels and "Is the strategy working?" in labels
    assert "<title>Get customers to value quickly - Northwind Scorecards</title>" in page


def test_the_navigation_nests_scorecards_as_the_cascade(example_site):
    """On a team's page the navigation opens the path down the cascade, enterprise to department to team,
    and each level carries only its own scorecards: what a page holds does not grow with the site."""
    here = "scorecards/onboarding-team/"
    page = (example_site / here / "index.html").read_text()
    nav = page.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    titles = [title.strip() for title in re.findall(r'<label class="md-nav__title"[^>]*>\s*(?:<span[^>]*>[^<]*</span>\s*)?([^<]+)<', nav)]
    path = [t for t in titles if t.startswith("Northwind Software - ")]
    assert path[:3] == ["Northwind Software - Enterprise Scorecard", "Northwind Software - Customer Success",
                        "Northwind Software - Onboarding Team"], titles
    linked = _nav_targets(page, here)
    assert "scorecards/engineering" in linked                    # a sibling department, folded
    assert not any(t.startswith("scorecards/engineering/") for t in linked)


def test_objectives_leave_the_navigation_beyond_the_limit():
    """With more objectives than nav_objectives the navigation lists scorecards only: it is in every
    page, so thousands of entries would make the build grow with the square of the pages."""
    from mkdocs_scorecards.options import Options
    from mkdocs_scorecards.render.navigation import scorecards_section
    from mkdocs_scorecards.render.urls import Urls
    from mkdocs_scorecards.site import evaluate_site

    result = evaluate_site(REPO, Options())
    total = sum(len(r.objectives) for r in result.scorecards)

    def paths(entry):
        return ([entry.path] if entry.path else []) + [p for child in entry.children for p in paths(child)]

    listed = paths(scorecards_section(result, Urls("scorecards"), "Scorecards", total))
    assert len(listed) == 2 + 3 * len(result.scorecards) + total   # index and cascade first
    fewer = paths(scorecards_section(result, Urls("scorecards"), "Scorecards", total - 1))
    assert len(fewer) == 2 + 3 * len(result.scorecards)


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


def test_serve_keeps_the_evaluation_while_the_inputs_stay_the_same(tmp_path, monkeypatch):
    """`mkdocs serve` rebuilds on every saved file: a change to a hand-written page re-evaluates nothing,
    a changed CSV re-evaluates."""
    import shutil

    from mkdocs.config import load_config

    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv", "site", ".cache", "node_modules", ".git",
                                                                 "tests", "bench", "build"))
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["scorecards"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    first = plugin.result
    (project / "site_src" / "index.md").write_text("# Changed by hand\n")
    plugin.on_config(config)
    assert plugin.result is first
    csv = project / "data" / "enterprise.csv"
    csv.write_text(csv.read_text() + "\n")
    plugin.on_config(config)
    assert plugin.result is not first
    built = plugin.result
    plugin.on_startup(command="build", dirty=False)      # a build never keeps one
    plugin.on_config(config)
    assert plugin.result is not built
