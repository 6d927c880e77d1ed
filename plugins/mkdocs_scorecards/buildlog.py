"""The sentences the build log and the `scorecards` command print about a build.

Both front doors word the same facts the same way: where the CSV rows went,
where each file's values went, and how many problems stopped the build.
"""

from __future__ import annotations

from itertools import groupby

from .errors import terminal_safe
from .model import Placement, RowCounts


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def rows_sentence(rows: RowCounts) -> str:
    """Where the CSV rows went: read = placed + rejected, so that no value is lost unnoticed."""
    return (f"read {plural(rows.read, 'row')} from {plural(rows.files, 'CSV file')}: "
            f"{rows.placed} placed, {rows.rejected} rejected")


def placement_lines(placement: tuple[Placement, ...]) -> list[str]:
    """Per file, how many values went to how many KPIs of which scorecard (terminal-safe)."""
    lines = []
    for file, entries in groupby(placement, key=lambda p: p.file):
        parts = [f"{p.values} values for {plural(p.kpis, 'KPI')} of {p.scorecard}" for p in entries]
        lines.append(terminal_safe(f"{file}: " + "; ".join(parts)))
    return lines


def problems_sentence(count: int) -> str:
    return f"{plural(count, 'problem')} in the scorecard inputs; nothing was published"
