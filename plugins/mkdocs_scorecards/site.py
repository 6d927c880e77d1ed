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
from .render.layout_cache import CachedLayout
from .render.graphviz import layout_svg
from .render.pages import SiteRenderer
from .render.urls import Urls

SCHEMA_FOR_JSON = "schemas/scorecard-json.schema.json"


def load_site(root: Path, options: Options) -> Project:
    """Load and validate a site's inputs; InputError lists every problem found."""
    return load_project(root, options.definitions, options.data)


def evaluate_site(root: Path, options: Options) -> ProjectResult:
    """Load and evaluate a site's inputs; InputError lists every problem found."""
    return evaluate_project(load_site(root, options), options.as_of)


def site_files(result: ProjectResult, options: Options, directory_urls: bool = True,
               root: Path | None = None) -> dict[str, str]:
    """Every generated page and file, keyed by its path under docs_dir.

    Besides the pages, the JSON Schema of scorecard.json is published beside
    the scorecards, so that other systems can validate what they download.
    Given the project's `root`, map layouts are kept in `options.cache_dir`
    under it between builds (`render.layout_cache`).
    """
    layout = CachedLayout(root / options.cache_dir) if root is not None else layout_svg
    files = SiteRenderer(result, Urls(options.output, directory_urls), options.graphviz, layout).files()
    files[f"{options.output}/schema.json"] = resources.files(__package__).joinpath(SCHEMA_FOR_JSON).read_text("utf-8")
    return files
