"""The whole pipeline without MkDocs: load -> compute -> render.

Both front doors, the MkDocs plugin and the `scorecards` command, call
these functions and nothing else of the core.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .compute.results import ProjectResult
from .compute.scorecard import evaluate_project
from .load import load_project
from .model import Project
from .options import Options
from .render.history_pages import HistoryPages
from .render.pages import SiteRenderer
from .render.urls import Urls
from .site_history import audit_site

SCHEMA_FOR_JSON = "schemas/scorecard-json.schema.json"


def load_site(root: Path, options: Options) -> Project:
    """Load and validate a site's inputs; InputError lists every problem found."""
    return load_project(root, options.definitions, options.data)


def evaluate_site(root: Path, options: Options, history: bool = False) -> ProjectResult:
    """Load and evaluate a site's inputs; InputError lists every problem found.

    With `history`, the git history is read too (`result.audit`): provenance,
    the published date, the archive of board reports and what was restated.
    """
    project = load_site(root, options)
    result = evaluate_project(project, options.as_of)
    return audit_site(root, options, project, result) if history else result


def site_files(result: ProjectResult, options: Options, directory_urls: bool = True) -> dict[str, str]:
    """Every generated page and file, keyed by its path under docs_dir.

    Besides the pages, the JSON Schema of scorecard.json is published beside
    the scorecards, so that other systems can validate what they download.
    """
    renderer = SiteRenderer(result, Urls(options.output, directory_urls), options.graphviz)
    files = renderer.files()
    files.update(HistoryPages(renderer).files())
    files[f"{options.output}/schema.json"] = resources.files(__package__).joinpath(SCHEMA_FOR_JSON).read_text("utf-8")
    return files
