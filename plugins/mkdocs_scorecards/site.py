"""The whole pipeline without MkDocs: load -> compute -> render.

Both front doors, the MkDocs plugin and the `scorecards` command, call
these functions and nothing else of the core.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from .compute.results import ProjectResult
from .compute.scorecard import evaluate_project
from .errors import InputError
from .load import load_project
from .model import Project
from .options import Options
from .render.graphviz import layout_svg
from .render.history_pages import HistoryPages
from .render.layout_cache import CachedLayout
from .render.map_dot import check_size
from .render.pages import Content, GeneratedPage, SiteRenderer, rendered
from .render.urls import Urls
from .site_history import audit_site, check_publications


def load_site(root: Path, options: Options) -> Project:
    """Load and validate a site's inputs; InputError lists every problem found."""
    return load_project(root, options.definitions, options.data, options.settings_file)


def validate_site(root: Path, options: Options) -> Project:
    """Every check the build makes, without rendering a page: InputError lists the problems found.

    The inputs as loaded; then what only evaluation finds (a baseline period
    without an actual, a stretch short of a relative target); then, together,
    strategy maps too large to draw and board reports that cannot be
    archived. Each stage needs the one before, as in the build.
    """
    project = load_site(root, options)
    result = evaluate_project(project, options.as_of)
    problems = []
    for scorecard in result.scorecards:
        try:
            check_size(scorecard)
        except InputError as error:
            problems.extend(error.problems)
    try:
        check_publications(root, options, project, result)
    except InputError as error:
        problems.extend(error.problems)
    if problems:
        raise InputError(problems, project.actuals.rows)
    return project


def evaluate_site(root: Path, options: Options, history: bool = False) -> ProjectResult:
    """Load and evaluate a site's inputs; InputError lists every problem found.

    With `history`, the git history is read too (`result.audit`): provenance,
    the published date, the archive of board reports and what was restated.
    """
    project = load_site(root, options)
    result = evaluate_project(project, options.as_of)
    return audit_site(root, options, project, result) if history else result


def inputs_fingerprint(root: Path, options: Options) -> tuple:
    """What the evaluation depends on, cheaply: every file below the definitions and data folders and
    the settings file (an input too) by name, size and modification time, the options, and the state of the git repository (HEAD, index,
    tags). Two builds with the same fingerprint evaluate to the same result, so `mkdocs serve` keeps the
    result of the previous build when only the hand-written pages changed."""
    def stat(path: Path) -> tuple:
        try:
            status = path.stat()
        except OSError:
            return (path.as_posix(), None)
        return (path.as_posix(), status.st_size, status.st_mtime_ns)

    files = [stat(path) for folder in (options.definitions, options.data)
             for path in sorted((root / folder).rglob("*")) if path.is_file()]
    git = [stat(root / ".git" / name) for name in ("HEAD", "index", "packed-refs", "refs/tags")]
    return (options, stat(root / options.settings_file), tuple(files), tuple(git))


def published_date(environ=os.environ) -> datetime.date | None:
    """The date a site shows as published: SOURCE_DATE_EPOCH, never the clock (None without it)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()


def site_published(result: ProjectResult, environ=os.environ) -> datetime.date | None:
    """The published date of a built site: with its history read, SOURCE_DATE_EPOCH or else the latest
    commit touching the inputs (`load.history.published_date`); without it, SOURCE_DATE_EPOCH only."""
    audit = result.audit
    if audit is not None:
        return audit.published.date() if audit.published else None
    return published_date(environ)


def renderer(result: ProjectResult, options: Options, directory_urls: bool = True, site_name: str = "",
             root: Path | None = None) -> SiteRenderer:
    """The site's renderer; given the project's `root`, map layouts are kept in `options.cache_dir`
    under it between builds (`render.layout_cache`)."""
    layout = CachedLayout(root / options.cache_dir) if root is not None else layout_svg
    return SiteRenderer(result, Urls(options.output, directory_urls), options.graphviz, site_name,
                        site_published(result), layout=layout)


def site_files(result: ProjectResult, options: Options, directory_urls: bool = True,
               site_name: str = "") -> dict[str, str | GeneratedPage]:
    """Every generated page and file, made now and keyed by its path under docs_dir, the audit-trail
    pages included."""
    return rendered(generated_files(renderer(result, options, directory_urls, site_name)))


def generated_files(site: SiteRenderer) -> dict[str, Content]:
    """Every generated page and file, keyed by its path under docs_dir; pages and large files pending
    (`render()` makes them), so that a build holds each only while it is written."""
    files = site.files()
    files.update(HistoryPages(site).files())
    return files
