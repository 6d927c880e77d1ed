"""The one place that reads a site's input files from disk."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import Problems
from ..model import InputFile, Project
from .actuals import read_actuals
from .commentary import read_commentary
from .definitions import SLUG, DefinitionNotes, load_definition
from .references import check_references
from .yamlnodes import MAX_YAML_BYTES, decode_yaml

COMMENTARY_FOLDER = "commentary"
DEFINITION_SUFFIXES = (".yml", ".yaml")
# Saved from a spreadsheet program in its own format instead of as CSV: never read, always reported.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".numbers")


def load_project(root: Path, definitions: str = "scorecards", data: str = "data") -> Project:
    """Read, parse and validate everything; raise InputError listing every problem.

    Paths in messages and in the published JSON are relative to `root`, so
    they read the same on every machine. Hidden files (`.name`) and the lock
    files spreadsheet programs leave beside an open file (`~$name`) are not
    inputs and are passed over.
    """
    problems = Problems()
    inputs: list[InputFile] = []

    def read(path: Path) -> bytes | None:
        """The file's bytes, noted as an input; None (with a problem) when the system refuses to read it."""
        try:
            content = path.read_bytes()
        except OSError as error:
            problems.add(_relative(path, root), 1, f"the file cannot be read: {error.strerror or error}",
                         "check that it exists and that its permissions let you read it")
            return None
        inputs.append(InputFile(_relative(path, root), hashlib.sha256(content).hexdigest()))
        return content

    definitions_dir = root / definitions
    data_dir = root / data
    if not definitions_dir.is_dir():
        problems.add(definitions, 0, "the folder of scorecard definitions does not exist",
                     f"create {definitions}/ with one .yml file per scorecard, or set `definitions:` in mkdocs.yml")
        problems.raise_if_any()
    scorecards = []
    unreadable: set[str] = set()
    notes = DefinitionNotes()
    files_of: dict[str, str] = {}
    definition_files = sorted(path for path in definitions_dir.iterdir()
                              if path.is_file() and path.suffix.lower() in DEFINITION_SUFFIXES
                              and not _passed_over(Path(path.name)))
    for path in definition_files:
        file = _relative(path, root)
        if path.stem in files_of:
            problems.add(file, 1, f"scorecard '{path.stem}' is also defined in {files_of[path.stem]}",
                         "keep one file per scorecard id")
            continue
        files_of[path.stem] = file
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            problems.add(file, 1, f"the file is {size:,} bytes, over the limit of {MAX_YAML_BYTES:,} for a scorecard",
                         "split it into several scorecards (a parent and its departments)")
            unreadable.add(path.stem)
            continue
        content = read(path)
        text = decode_yaml(content, file, problems) if content is not None else None
        scorecard = None
        if text is not None:
            scorecard = load_definition(path.stem, file, text, problems, notes)
        if scorecard is not None:
            scorecards.append(scorecard)
        elif SLUG.match(path.stem):
            unreadable.add(path.stem)
    if not definition_files and not problems:
        problems.add(definitions, 0, "there are no scorecard definitions", f"add a .yml file to {definitions}/")
    uncertain = {scorecard_id: files_of[scorecard_id] for scorecard_id in sorted(unreadable | notes.incomplete)}
    check_references(scorecards, problems, set(uncertain))
    csv_files = []
    csv_on_disk: set[str] = set()
    commentary_files = []
    if data_dir.is_dir():
        for path in sorted(data_dir.rglob("*")):
            relative = path.relative_to(data_dir).as_posix()
            if not path.is_file() or _passed_over(Path(relative)):
                continue
            shown = _relative(path, root)
            suffix = path.suffix.lower()
            if relative.startswith(COMMENTARY_FOLDER + "/"):
                if path.suffix != ".md":
                    problems.add(shown, 1, "commentary files are Markdown files ending in .md",
                                 f"rename it to {path.stem}.md, or move it out of {data}/{COMMENTARY_FOLDER}/")
                    continue
                content = read(path)
                if content is None:
                    continue
                try:
                    note = content.decode("utf-8-sig")
                except UnicodeDecodeError as error:
                    line = content[: error.start].count(b"\n") + 1
                    problems.add(shown, line, "the file is not UTF-8 text", "save it with the encoding UTF-8")
                    continue
                commentary_files.append((relative[len(COMMENTARY_FOLDER) + 1:], note, shown))
            elif suffix == ".csv":
                csv_on_disk.add(relative)
                if (content := read(path)) is not None:
                    csv_files.append((shown, relative, content))
            elif suffix in WORKBOOK_SUFFIXES:
                problems.add(shown, 1, "a spreadsheet workbook is not read: only CSV files are",
                             "save it as CSV UTF-8 (File > Save as), and remove or move the workbook")
            elif suffix == ".tsv":
                problems.add(shown, 1, "a .tsv file is not read: only .csv files are",
                             f"rename it to {path.stem}.csv (tab-separated CSV files are read)")
    actuals = read_actuals(csv_files, scorecards, problems, uncertain, notes.broken_sources, csv_on_disk)
    commentary = read_commentary(commentary_files, scorecards, problems, set(uncertain))
    problems.raise_if_any(rows_summary(actuals))
    return Project(tuple(scorecards), actuals, tuple(commentary), tuple(sorted(inputs, key=lambda i: i.path)))


def rows_summary(actuals) -> str:
    """Where the CSV rows went, for the build log."""
    files = f"{actuals.files_read} CSV file{'s' if actuals.files_read != 1 else ''}"
    return (f"read {actuals.rows_read} row{'s' if actuals.rows_read != 1 else ''} from {files}: "
            f"{actuals.rows_placed} placed, {actuals.rows_rejected} rejected")


def _passed_over(path: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in path.parts)


def _relative(path: Path, root: Path) -> str:
    """A path relative to the project, also for folders outside it (`../shared/data/x.csv`),
    so that messages and the published JSON read the same on every machine."""
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
