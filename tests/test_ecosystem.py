"""The example builds with the plugins and settings users combine with ours, in any order.

Each case copies the example project, changes its mkdocs.yml as a user would,
builds it, and follows every link of the generated pages on disk, the way a
browser opening the files (or a plain file server) would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import REPO, build_env

GENERATED_PAGES = ("scorecards/index", "scorecards/enterprise/index", "scorecards/enterprise/rely-on-product/index",
                   "scorecards/enterprise/report/index", "scorecards/onboarding-team/index")


def copy_example(target: Path, change) -> Path:
    project = target / "project"
    project.mkdir(parents=True)
    for name in ("scorecards", "data", "site_src", "theme"):
        shutil.copytree(REPO / name, project / name)
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    change(settings, project)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return project


def build(project: Path, strict: bool = True) -> tuple[Path, str]:
    site = project.parent / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
                             "-d", str(site)], cwd=project, env=build_env(), capture_output=True, text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in log, log
    return site, log


_HREF = re.compile(r'(?:href|xlink:href)="([^"]+)"')


def broken_links(site: Path, page: Path) -> list[str]:
    """Links of a page that lead to no file, resolved on disk as a browser opening the file would
    (a folder counts only if the link asks for it and it holds an index.html)."""
    broken = []
    for href in _HREF.findall(page.read_text(encoding="utf-8")):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.scheme or parts.netloc or not parts.path or href.startswith("#"):
            continue
        base = site if parts.path.startswith("/") else page.parent      # a language switcher's "/fr/"
        target = (base / unquote(parts.path).lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(href)
    return broken


def assert_generated_pages_link_up(site: Path, pages, file_urls: bool = False) -> None:
    for name in pages:
        page = site / f"{name}.html"
        assert page.is_file(), name
        html = page.read_text(encoding="utf-8")
        assert "Where it is worst" in html or name.endswith(("scorecards/index", "/report/index")) \
            or "How this objective is doing" in html, name
        assert broken_links(site, page) == [], name
        if file_urls:   # opened from disk, a folder link shows a directory listing, not the page
            content = html[html.index('<article'):]
            folders = [h for h in _HREF.findall(content) if not urlsplit(h).scheme and h.endswith("/")]
            assert folders == [], (name, folders[:5])


def test_use_directory_urls_false(tmp_path):
    project = copy_example(tmp_path, lambda s, p: s.update(use_directory_urls=False))
    site, _ = build(project)
    assert_generated_pages_link_up(site, GENERATED_PAGES, file_urls=True)
    assert 'href="rely-on-product/index.html"' in (site / "scorecards/enterprise/index.html").read_text()


@pytest.mark.parametrize("where", ["after", "before"])
def test_material_offline_plugin_in_either_order(tmp_path, where):
    def change(settings, project):
        plugins = settings["plugins"]
        plugins.insert(len(plugins) if where == "after" else 0, "offline")
    site, _ = build(copy_example(tmp_path, change))
    assert_generated_pages_link_up(site, GENERATED_PAGES, file_urls=True)


def test_site_url_with_a_sub_path(tmp_path):
    project = copy_example(tmp_path, lambda s, p: s.update(site_url="https://intranet.example.org/strategy/board/"))
    site, _ = build(project)
    assert_generated_pages_link_up(site, GENERATED_PAGES)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://intranet.example.org/strategy/board/scorecards/enterprise/rely-on-product/</loc>" in sitemap
    canonical = (site / "scorecards/enterprise/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://intranet.example.org/strategy/board/scorecards/enterprise/">' \
        in canonical


def test_minify(tmp_path):
    def change(settings, project):
        settings["plugins"].append({"minify": {"minify_html": True}})
    site, _ = build(copy_example(tmp_path, change))
    overview = (site / "scorecards/enterprise/index.html").read_text(encoding="utf-8")
    assert "Where it is worst" in overview and "\n\n" not in overview
    assert_generated_pages_link_up(site, GENERATED_PAGES)


@pytest.mark.parametrize("order", ["i18n first", "scorecards first"])
def test_static_i18n_folder_mode(tmp_path, order):
    """Two languages in folder mode: the scorecard pages are built once, with the default language's
    navigation, and the translated home page still shows every scorecard's status."""
    def change(settings, project):
        docs = project / "site_src"
        english = project / "en"
        docs.rename(english)
        docs.mkdir()
        english.rename(docs / "en")
        (docs / "fr").mkdir()
        (docs / "fr" / "index.md").write_text("# Accueil\n\n<!-- scorecards:status -->\n", encoding="utf-8")
        i18n = {"i18n": {"docs_structure": "folder", "languages": [
            {"locale": "en", "default": True, "name": "English"}, {"locale": "fr", "name": "Français"}]}}
        plugins = settings["plugins"]
        plugins.insert(0 if order == "i18n first" else len(plugins), i18n)
        del settings["nav"]
    site, _ = build(copy_example(tmp_path, change), strict=False)
    assert_generated_pages_link_up(site, GENERATED_PAGES)
    objective = (site / "scorecards/enterprise/rely-on-product/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in objective
    assert re.search(r'class="md-nav__link"[^>]*>\s*(<span[^>]*>\s*)?Board report\s*<', objective)  # our nav section
    french = site / "fr" / "index.html"
    assert "Northwind Software - Enterprise Scorecard" in french.read_text(encoding="utf-8")
    assert broken_links(site, french) == []


def test_mike_deploys_a_version(tmp_path):
    project = copy_example(tmp_path, lambda s, p: None)
    env = build_env() | {"PATH": f"{Path(sys.executable).parent}:{build_env().get('PATH', '')}", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
                         "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org"}
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "site"]):
        subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    done = subprocess.run([str(Path(sys.executable).parent / "mike"), "deploy", "2026-q3"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    shown = subprocess.run(["git", "show", "gh-pages:2026-q3/scorecards/enterprise/index.html"], cwd=project,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert "Where it is worst" in shown
