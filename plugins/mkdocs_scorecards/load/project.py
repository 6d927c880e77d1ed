"""The one place that reads a site's input files from disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Problems
from ..model import InputFile, Project
from .actuals import read_actuals
from .commentary import read_commentary
from .definitions import load_definition
from .references import check_references

COMMENTARY_FOLDER = "commentary"


def load_project(root: Path, definitions: str = "scorecards", data: str = "data") -> Project:
    """Read, parse and validate everything; raise InputError listing every problem.

    Paths in messages and in the published JSON are relative to `root`, so
    they read the same on every machine.
    """
    problems = Problems()
    inputs: list[InputFile] = []

    def read(path: Path) -> bytes:
        content = path.read_bytes()
        inputs.append(InputFile(_relative(path, root), hashlib.sha256(content).hexdigest()))
        return content

    definitions_dir = root / definitions
    data_dir = root / data
    if not definitions_dir.is_dir():
        problems.add(definitions, 0, "the folder of scorecard definitions does not exist",
                     f"create {definitions}/ with one .yml file per scorecard, or set `definitions:` in mkdocs.yml")
        problems.raise_if_any()
    scorecards = []
    for path in sorted(definitions_dir.glob("*.yml")) + sorted(definitions_dir.glob("*.yaml")):
        file = _relative(path, root)
        content = read(path)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            problems.add(file, line, "the file is not UTF-8 text", "save it as UTF-8")
            continue
        scorecard = load_definition(path.stem, file, text, problems)
        if scorecard is not None:
            scorecards.append(scorecard)
    if not scorecards and not problems:
        problems.add(definitions, 0, "there are no scorecard definitions", f"add a .yml file to {definitions}/")
    check_references(scorecards, problems)
    csv_files = []
    commentary_files = []
    if data_dir.is_dir():
        for path in sorted(data_dir.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(data_dir).as_posix()
            if relative.startswith(COMMENTARY_FOLDER + "/") and path.suffix == ".md":
                content = read(path)
                commentary_files.append((relative[len(COMMENTARY_FOLDER) + 1:],
                                         content.decode("utf-8-sig", errors="replace"), _relative(path, root)))
            elif path.suffix.lower() == ".csv":
                csv_files.append((_relative(path, root), relative, read(path)))
    actuals = read_actuals(csv_files, scorecards, problems)
    commentary = read_commentary(commentary_files, scorecards, problems)
    problems.raise_if_any()
    return Project(tuple(scorecards), actuals, tuple(commentary), tuple(sorted(inputs, key=lambda i: i.path)))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
