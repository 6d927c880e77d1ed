"""One error type for every mistake a user can make in their inputs.

Loaders collect problems instead of raising on the first, so one run reports
every mistake at once, sorted by file and line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake in one input file, with the place and a way to fix it."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        if self.column:
            place += f":{self.column}"
        text = f"{place}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class InputError(Exception):
    """Raised once, after loading, when any problem was found in the user's inputs.

    `rows` says what happened to the CSV rows that were read (a `RowCounts`
    of the model), so that even a failed build reports where they went;
    None when reading stopped before the CSV files.
    """

    def __init__(self, problems: list[Problem], rows=None):
        self.problems = sorted(set(problems))
        self.rows = rows
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildFailure(Exception):
    """The machine, not the inputs, failed: Graphviz would not run or stopped, a file could not be
    read or written. Reported as what went wrong and how to fix it, never as a mistake in the inputs."""

    def __init__(self, message: str, hint: str = ""):
        self.message = message
        self.hint = hint
        super().__init__(f"{message}; {hint}" if hint else message)


class Problems:
    """A collector that loaders append to; `raise_if_any` ends the load."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, line: int, message: str, hint: str = "", column: int = 0) -> None:
        self.items.append(Problem(file, line, column, message, hint))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, rows=None) -> None:
        if self.items:
            raise InputError(self.items, rows)


def nearest(name: str, choices) -> str:
    """The closest valid name, for 'did you mean' hints ('' when nothing is close).

    Case is ignored first (`NRR` -> `nrr`, `Title` -> `title`), then spelling.
    """
    import difflib

    if len(name) > 100:   # no id is that long; comparing would only cost time
        return ""
    listed = sorted(str(choice) for choice in choices)
    folded = [choice for choice in listed if choice.lower() == name.lower()]
    if folded:
        return folded[0]
    by_lower = {}
    for choice in listed:
        by_lower.setdefault(choice.lower(), choice)
    found = difflib.get_close_matches(name.lower(), sorted(by_lower), n=1, cutoff=0.6)
    return by_lower[found[0]] if found else ""


def did_you_mean(name: str, choices, what: str, shown: int = 8) -> str:
    """A fix-it hint naming the nearest valid choice, or listing a few."""
    guess = nearest(name, choices)
    if guess:
        return f"did you mean '{guess}'?"
    listed = sorted(choices)
    if not listed:
        return f"no {what} is defined"
    text = ", ".join(listed[:shown]) + (", ..." if len(listed) > shown else "")
    return f"valid {what}s: {text}"


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0, 9), *range(11, 32), *range(127, 160)]}


def terminal_safe(text: str) -> str:
    """User text for a terminal or CI log: control characters shown, never obeyed."""
    return text.translate(_CONTROL)


class MapError(BuildFailure):
    """Graphviz could not lay out a strategy map, or the SVG it returned failed our check."""
