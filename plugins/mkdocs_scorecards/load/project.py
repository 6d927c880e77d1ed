"""The one place that reads a site's input files from disk.

`load_project` reads in three steps, each a function below: the scorecard
definitions, then the data folder (CSV files and commentary), then the
checks that need both. Paths in messages and in the published JSON are
relative to the project, so they read the same on every machine.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildFailure, Problems
from ..model import InputFile, Project, Scorecard
from ..options import Options
from .actuals import COLUMNS_FROM, read_actuals
from .commentary import read_commentary
from .definitions import SLUG, BrokenDefinitions, load_definition
from .formula_checks import check_formulas
from .references import check_references
from .yamlnodes import MAX_YAML_BYTES, decode_yaml

COMMENTARY_FOLDER = "commentary"
DEFINITION_SUFFIXES = (".yml", ".yaml")
# Saved from a spreadsheet program in its own format instead of as CSV: never read, always reported.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".numbers")


@dataclass
class _Reading:
    """One load in progress: the project root, the problems found and the files read."""

    root: Path
    problems: Problems = field(default_factory=Problems)
    inputs: list[InputFile] = field(default_factory=list)

    def shown(self, path: Path) -> str:
        return relative_path(path, self.root)

    def read(self, path: Path) -> bytes:
        """The file's bytes, noted as an input with its sha256.

        A file that exists but cannot be read is the machine's failure, not
        a mistake in the file, so it stops the load as a BuildFailure.
        """
        try:
            content = path.read_bytes()
        except OSError as error:
            raise BuildFailure(f"{self.shown(path)}: the file cannot be read: {error.strerror or error}",
                               "check that it exists and that its permissions let you read it") from None
        self.inputs.append(InputFile(self.shown(path), hashlib.sha256(content).hexdigest()))
        return content


@dataclass
class _Definitions:
    scorecards: list[Scorecard]
    files: dict[str, str]          # scorecard id -> its file
    unreadable: set[str]           # ids of scorecards whose files could not be read at all
    broken: BrokenDefinitions

    @property
    def partly_read(self) -> dict[str, str]:
        """Scorecards whose definitions could not be read in full, id -> file."""
        return {sid: self.files[sid] for sid in sorted(self.unreadable | self.broken.incomplete)}


@dataclass
class _DataFolder:
    csv_files: list[tuple[str, str, bytes]] = field(default_factory=list)   # (shown, below data/, bytes)
    csv_on_disk: set[str] = field(default_factory=set)
    commentary: list[tuple[str, str, str]] = field(default_factory=list)    # (below commentary/, text, shown)


def load_project(root: Path, definitions: str = Options.definitions, data: str = Options.data,
                 settings: str = "", *, columns_from: int | None = COLUMNS_FROM) -> Project:
    """Read, parse and validate everything; raise InputError listing every problem.

    CSV files of `columns_from` bytes or more are read column-wise where
    they allow it; None reads every file row by row, as the reference the
    column-wise reading is tested against.

    Hidden files (`.name`) and the lock files spreadsheet programs leave
    beside an open file (`~$name`) are not inputs and are passed over.
    `settings` names the site's settings file (mkdocs.yml), relative to
    `root`: it holds `as_of` and `published`, so it is an input too, listed
    with its sha256 like the others (where it exists).
    """
    reading = _Reading(root)
    if settings and (root / settings).is_file():
        reading.read(root / settings)
    found = _read_definitions(reading, definitions)
    check_references(found.scorecards, reading.problems, found.partly_read)
    check_formulas(found.scorecards, reading.problems, found.partly_read)
    folder = _read_data_folder(reading, data)
    actuals = read_actuals(folder.csv_files, found.scorecards, reading.problems, found.partly_read,
                           found.broken.broken_sources, folder.csv_on_disk, columns_from)
    commentary = read_commentary(folder.commentary, found.scorecards, reading.problems, found.partly_read)
    reading.problems.raise_if_any(actuals.rows)
    return Project(tuple(found.scorecards), actuals, tuple(commentary),
                   tuple(sorted(reading.inputs, key=lambda i: i.path)))


def _read_definitions(reading: _Reading, definitions: str) -> _Definitions:
    """Every scorecard file of the definitions folder, in name order."""
    problems = reading.problems
    folder = reading.root / definitions
    if not folder.is_dir():
        problems.add(definitions, 0, "the folder of scorecard definitions does not exist",
                     f"create {definitions}/ with one .yml file per scorecard, or set `definitions:` in mkdocs.yml")
        problems.raise_if_any()
    found = _Definitions([], {}, set(), BrokenDefinitions())
    paths = sorted(path for path in folder.iterdir()
                   if path.is_file() and path.suffix.lower() in DEFINITION_SUFFIXES and not _passed_over(Path(path.name)))
    for path in paths:
        file = reading.shown(path)
        if path.stem in found.files:
            problems.add(file, 1, f"scorecard '{path.stem}' is also defined in {found.files[path.stem]}",
                         "keep one file per scorecard id")
            continue
        found.files[path.stem] = file
        scorecard = _read_definition(reading, path, file, found.broken)
        if scorecard is not None:
            found.scorecards.append(scorecard)
        elif SLUG.match(path.stem):
            found.unreadable.add(path.stem)
    if not paths and not problems:
        problems.add(definitions, 0, "there are no scorecard definitions", f"add a .yml file to {definitions}/")
    return found


def _read_definition(reading: _Reading, path: Path, file: str, broken: BrokenDefinitions) -> Scorecard | None:
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        reading.problems.add(file, 1, f"the file is {size:,} bytes, over the limit of {MAX_YAML_BYTES:,} for a "
                             "scorecard", "split it into several scorecards (a parent and its departments)")
        return None
    text = decode_yaml(reading.read(path), file, reading.problems)
    return load_definition(path.stem, file, text, reading.problems, broken) if text is not None else None


def _read_data_folder(reading: _Reading, data: str) -> _DataFolder:
    """CSV files and commentary below the data folder; other files that look like data are reported."""
    problems = reading.problems
    folder = reading.root / data
    found = _DataFolder()
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or _passed_over(Path(relative)):
            continue
        shown = reading.shown(path)
        suffix = path.suffix.lower()
        if relative.startswith(COMMENTARY_FOLDER + "/"):
            note = _commentary_text(reading, path, shown, data)
            if note is not None:
                found.commentary.append((relative[len(COMMENTARY_FOLDER) + 1:], note, shown))
        elif suffix == ".csv":
            found.csv_on_disk.add(relative)
            found.csv_files.append((shown, relative, reading.read(path)))
        elif suffix in WORKBOOK_SUFFIXES:
            problems.add(shown, 1, "a spreadsheet workbook is not read: only CSV files are",
                         "save it as CSV UTF-8 (File > Save as), and remove or move the workbook")
        elif suffix == ".tsv":
            problems.add(shown, 1, "a .tsv file is not read: only .csv files are",
                         f"rename it to {path.stem}.csv (tab-separated CSV files are read)")
    return found


def _commentary_text(reading: _Reading, path: Path, shown: str, data: str) -> str | None:
    if path.suffix != ".md":
        reading.problems.add(shown, 1, "commentary files are Markdown files ending in .md",
                             f"rename it to {path.stem}.md, or move it out of {data}/{COMMENTARY_FOLDER}/")
        return None
    content = reading.read(path)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        reading.problems.add(shown, line, "the file is not UTF-8 text", "save it with the encoding UTF-8")
        return None


def _passed_over(path: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in path.parts)


def relative_path(path: Path, root: Path) -> str:
    """A path relative to the project, also for folders outside it (`../shared/data/x.csv`),
    so that messages and the published JSON read the same on every machine."""
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
