"""Where a published number came from: the file and line, and the commit that last changed that line.

Pure lookups in the `History` that `load.history` read; a number without
history (no git, a shallow clone, a line not committed yet) says which.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..history import NOT_COMMITTED, NOT_FETCHED, Commit, History
from ..model import Kpi, Place
from .results import KpiPeriod, TargetOrigin


@dataclass(frozen=True)
class Origin:
    """One input line and its last change. `state` is committed, not-committed, not-fetched or no-history."""

    place: Place
    commit: Commit | None
    state: str


COMMITTED = "committed"
NO_HISTORY = "no-history"


def origin(history: History, place: Place) -> Origin:
    sha = history.line_commit(place.file, place.line)
    if sha in (NOT_COMMITTED, NOT_FETCHED):
        return Origin(place, None, sha)
    commit = history.commit(sha) if sha else None
    return Origin(place, commit, COMMITTED if commit else NO_HISTORY)


def value_origins(history: History, period: KpiPeriod) -> tuple[Origin, ...]:
    """The origin of each value combined into a period's actual, in month order."""
    return tuple(origin(history, Place(file, line)) for file, line in period.value_places)


def target_place(kpi: Kpi, period: KpiPeriod) -> Place | None:
    """Where the period's target was written: the CSV row, the schedule entry, or the definition's `target:`."""
    source = period.target_from
    if source is None:
        return None
    if source.origin == TargetOrigin.CSV:
        return source.row
    if source.origin == TargetOrigin.SCHEDULE:
        line = next((entry.line for entry in kpi.schedule if entry.period == source.since), 0)
        return Place(kpi.place.file, line or kpi.target_line or kpi.place.line)
    return Place(kpi.place.file, kpi.target_line or kpi.place.line)


def latest(origins) -> Commit | None:
    """The most recent commit among origins (None when none is committed)."""
    return max((o.commit for o in origins if o.commit), key=lambda c: c.commit_time, default=None)
