"""The whole pipeline without MkDocs: load -> compute -> render.

Both front doors, the MkDocs plugin and the `scorecards` command, call
these two functions and nothing else of the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .compute.results import ProjectResult
from .compute.scorecard import evaluate_project
from .errors import InputError, Problem
from .load import load_project
from .model import Project
from .periods import parse_label
from .render.pages import SiteRenderer
from .render.urls import Urls


@dataclass(frozen=True)
class Options:
    definitions: str = "scorecards"
    data: str = "data"
    output: str = "scorecards"
    as_of: str = "latest"
    graphviz: str = "wasm"
    settings_file: str = "mkdocs.yml"


def load_site(root: Path, options: Options) -> Project:
    """Load and validate a site's inputs; InputError lists every problem found."""
    as_of = str(options.as_of).strip()
    if as_of != "latest" and parse_label(as_of) is None:
        raise InputError([Problem(options.settings_file, 0, 0, f"as_of '{as_of}' is not a period",
                                  "write `as_of: latest` or a label such as 2026-Q3, 2026-09 or 2026")])
    return load_project(root, options.definitions, options.data)


def evaluate_site(root: Path, options: Options) -> ProjectResult:
    """Load and evaluate a site's inputs; InputError lists every problem found."""
    return evaluate_project(load_site(root, options), str(options.as_of).strip())


SCHEMA_FOR_JSON = "schemas/scorecard-json.schema.json"


def site_files(result: ProjectResult, options: Options, directory_urls: bool = True) -> dict[str, str]:
    """Every generated page and file, keyed by its path under docs_dir.

    Besides the pages, the JSON Schema of scorecard.json is published beside
    the scorecards, so that other systems can validate what they download.
    """
    output = options.output.strip("/")
    files = SiteRenderer(result, Urls(output, directory_urls), options.graphviz).files()
    files[f"{output}/schema.json"] = resources.files(__package__).joinpath(SCHEMA_FOR_JSON).read_text("utf-8")
    return files
