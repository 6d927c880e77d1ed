"""The plugin's options (FORMAT section 1), declared, defaulted and validated once.

Both front doors read them through `read_options`: the MkDocs plugin with
the values MkDocs parsed from its settings file, the `scorecards` command
with the values it read from the same file. Problems name that file, so
`mkdocs build -f other.yml` reports `other.yml`, not `mkdocs.yml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from .errors import InputError, Problem, did_you_mean
from .periods import Label, read_label

LATEST = "latest"
GRAPHVIZ_ENGINES = ("wasm", "native")


@dataclass(frozen=True)
class Options:
    """Where the inputs are, where the pages go, and which period is reported.

    `as_of` is None for `latest` (each scorecard's latest period with data),
    else the label given, read in each scorecard's own calendar.
    """

    definitions: str = "scorecards"
    data: str = "data"
    output: str = "scorecards"
    as_of: Label | None = None
    graphviz: str = "wasm"
    # Objectives are listed in the navigation while the site has at most this many (0: never);
    # the navigation is in every page, so thousands of entries would make builds quadratic.
    nav_objectives: int = 500
    # Board reports published without a tag: (scorecard, period, commit or tag), see `_published`.
    published: tuple[tuple[str, str, str], ...] = ()
    cache_dir: str = ".cache/scorecards"   # map layouts kept between builds, relative to the settings file
    # Render generated pages and files on a second core while MkDocs does its own work (render/prerender.py).
    parallel: bool = True
    settings_file: str = "mkdocs.yml"

    @property
    def as_of_text(self) -> str:
        return self.as_of.text if self.as_of else LATEST


# The keys a user may write under `scorecards:` in the settings file.
OPTION_NAMES = tuple(f.name for f in fields(Options) if f.name != "settings_file")


def read_options(values: Mapping, settings_file: str = Options.settings_file) -> Options:
    """Options from the mapping under `scorecards:`; InputError naming `settings_file` when any is wrong.

    Absent or empty values take their defaults.
    """
    problems: list[Problem] = []

    def problem(message: str, hint: str) -> None:
        problems.append(Problem(settings_file, 0, 0, message, hint))

    chosen: dict = {"settings_file": settings_file}
    for name, value in values.items():
        if value is None:
            continue
        if name not in OPTION_NAMES:
            problem(f"unknown option '{name}' of the scorecards plugin", did_you_mean(name, OPTION_NAMES, "option"))
        elif name == "as_of":
            as_of = _as_of(value)
            if as_of is False:
                problem(f"as_of '{value}' is not a period",
                        "write `as_of: latest` or a label such as 2026-Q3, 2026-09 or 2026")
            else:
                chosen["as_of"] = as_of
        elif name == "nav_objectives":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problem(f"nav_objectives must be a whole number of objectives, 0 or more, not {value!r}",
                        "write e.g. `nav_objectives: 500`, or 0 to keep objectives out of the navigation")
            else:
                chosen[name] = value
        elif name == "parallel":
            if not isinstance(value, bool):
                problem(f"parallel must be true or false, not {value!r}",
                        "write `parallel: false` to render every generated page in MkDocs' own process")
            else:
                chosen[name] = value
        elif name == "published":
            chosen["published"] = _published(value, problem)
        elif not isinstance(value, str) or not value.strip():
            problem(f"option '{name}' must be a folder or path written as text, not {value!r}",
                    f"write e.g. `{name}: {getattr(Options, name)}`")
        elif name == "graphviz" and value not in GRAPHVIZ_ENGINES:
            problem(f"graphviz must be one of {', '.join(GRAPHVIZ_ENGINES)}, not '{value}'",
                    "`wasm` runs Graphviz in-process; `native` runs the `dot` program")
        else:
            chosen[name] = value.strip("/") if name == "output" else value
    if problems:
        raise InputError(problems)
    return Options(**chosen)


def _as_of(value) -> Label | None | bool:
    """The as-of label, None for latest, False when it is not a period."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return False
    text = str(value).strip()
    if text == LATEST:
        return None
    return read_label(text) or False


def _published(value, problem) -> tuple[tuple[str, str, str], ...]:
    """`published: {scorecard: {period: commit}}`: the board reports the organisation published."""
    hint = "write e.g. `published: {enterprise: {2026-Q2: 4f1c2ab}}` (the commit id, or a tag, in quotes)"
    if not isinstance(value, Mapping):
        problem("published must map each scorecard to its periods and commits", hint)
        return ()
    found = []
    for scorecard, periods in value.items():
        if not isinstance(periods, Mapping):
            problem(f"published: {scorecard} must map periods to commits", hint)
            continue
        for period, revision in periods.items():
            if not isinstance(revision, str) or not revision.strip():
                problem(f"published: {scorecard} {period} must name a commit as text, not {revision!r}", hint)
                continue
            found.append((str(scorecard), str(period), revision.strip()))
    return tuple(sorted(found))
