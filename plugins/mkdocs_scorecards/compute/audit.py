"""The audit trail: what each published board report showed, and what was restated since.

Pure: the board report is the scorecard evaluated from the inputs at its
publication commit (loaded before, from git), compared here with today's
evaluation of the same period. A restatement is a value, a target or a
status of a published period that differs today from what the board saw.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from ..history import Commit, History, Publication
from ..model import Place
from .diff import DefinitionChange
from .provenance import Origin, origin, target_place
from .results import KpiPeriod, KpiResult, ProjectResult, ScorecardResult
from .status import Status

REMOVED = "removed"   # the state of the origin of a value that is no longer in the data


class RestatementKind(StrEnum):
    VALUE_CHANGED = "value changed"
    VALUE_ADDED = "value added"
    VALUE_REMOVED = "value removed"
    TARGET_CHANGED = "target changed"
    RECOMPUTED = "recomputed"   # same values and target, another result: the definition changed


@dataclass(frozen=True)
class Restatement:
    """One published figure that differs today.

    `month` is the row period of a value ("2026-05", or the reporting period
    for rows at its grain), empty for a target or a recomputation. `old` and
    `new` are the value (or target) itself; `old_actual`/`new_actual` and the
    statuses are the KPI's in the published period. `origin` is the row (or
    target line) today, with the commit that last changed it; for a value
    removed, the row as it was, and `commit` the commit that removed it.
    """

    publication: Publication
    objective: str
    kpi: str
    kpi_title: str
    kind: RestatementKind
    month: str
    old: float | tuple[float, float] | None
    new: float | tuple[float, float] | None
    old_actual: float | None
    new_actual: float | None
    old_status: Status
    new_status: Status
    origin: Origin | None
    note: str = ""
    removed_by: Commit | None = None

    @property
    def commit(self) -> Commit | None:
        return self.removed_by if self.kind == RestatementKind.VALUE_REMOVED else \
            (self.origin.commit if self.origin else None)


@dataclass(frozen=True)
class PublishedReport:
    """A board report as the board saw it, and how its period stands today."""

    publication: Publication
    result: ScorecardResult        # evaluated from the inputs at the publication commit
    project: ProjectResult         # that commit's whole evaluation, for rendering the report
    now_score: float | None        # today's evaluation of the same period
    now_status: Status
    restatements: tuple[Restatement, ...] = ()
    definition_changes: tuple[DefinitionChange, ...] = ()
    definition_commits: tuple[Commit, ...] = ()   # commits to the definition file since, newest first


@dataclass(frozen=True)
class DefinitionRevision:
    """One commit to a scorecard's definition file and what it changed (`readable` False: it had errors).

    `boundary`: the oldest commit a shallow clone has, where its history
    starts; git lists it as adding every file, so what it changed is unknown.
    """

    commit: Commit
    changes: tuple[DefinitionChange, ...]
    readable: bool = True
    created: bool = False
    boundary: bool = False


@dataclass(frozen=True, eq=False)
class AuditTrail:
    """Everything the history pages, provenance and manifest show; `published` is the site's published date."""

    history: History
    published: datetime.datetime | None
    reports: tuple[PublishedReport, ...] = ()
    revisions: dict[str, tuple[DefinitionRevision, ...]] = field(default_factory=dict)
    page_commits: dict[str, Commit | None] = field(default_factory=dict)   # scorecard id ('' for all) -> latest

    def reports_of(self, scorecard: str) -> tuple[PublishedReport, ...]:
        return tuple(report for report in self.reports if report.publication.scorecard == scorecard)

    @cached_property
    def _restated(self) -> dict[tuple[str, str, str], list[Restatement]]:
        found: dict[tuple[str, str, str], list[Restatement]] = {}
        for report in self.reports:
            for item in report.restatements:
                found.setdefault((report.publication.scorecard, item.kpi, report.publication.period), []).append(item)
        return found

    def restated(self, scorecard: str, kpi: str, period: str) -> list[Restatement]:
        return self._restated.get((scorecard, kpi, period), [])


def restatements(publication: Publication, published: ScorecardResult, now: ScorecardResult, history: History,
                 notes: dict[tuple[str, int], str]) -> tuple[Restatement, ...]:
    """Every value, target and status of the published period that differs in today's evaluation.

    `notes` holds the `note` cell of today's CSV rows by (file, line).
    """
    period = published.as_of
    if period is None or (now.as_of is None or now.as_of.last < period.last):
        return ()
    found: list[Restatement] = []
    for objective in published.objectives:
        for kpi in objective.kpis:
            today = now.kpis_by_id.get(kpi.kpi.id)
            if today is None:
                continue   # the KPI was removed: a definition change, listed as such
            found.extend(_kpi_restatements(publication, objective.objective.id, kpi, today[1], history, notes))
    return tuple(found)


def _in_period(result: KpiResult, period) -> KpiPeriod | None:
    return result.current if result.current.period == period else result.by_period.get(period)


def _kpi_restatements(publication: Publication, objective: str, then: KpiResult, now: KpiResult, history: History,
                      notes: dict[tuple[str, int], str]) -> list[Restatement]:
    period = then.current.period
    before, after = then.current, _in_period(now, period)
    after = after or KpiPeriod(period, None, None, None, None, before.band, Status.NO_DATA, None, False, (), (), ())

    def item(kind, month, old, new, place: Place | None) -> Restatement:
        removed = kind == RestatementKind.VALUE_REMOVED
        found = None if place is None else Origin(place, None, REMOVED) if removed else origin(history, place)
        return Restatement(publication, objective, then.kpi.id, now.kpi.title, kind, month, old, new,
                           before.actual, after.actual, before.status, after.status, found,
                           "" if place is None or removed else notes.get((place.file, place.line), ""))

    old_values = {month: (value, place) for month, value, place in zip(before.months, before.values,
                                                                         before.value_places)}
    new_values = {month: (value, place) for month, value, place in zip(after.months, after.values,
                                                                        after.value_places)}
    found = []
    for month in sorted(old_values.keys() | new_values.keys()):
        old, new = old_values.get(month), new_values.get(month)
        if old and new and old[0] == new[0]:
            continue
        if old and new:
            found.append(item(RestatementKind.VALUE_CHANGED, month, old[0], new[0], Place(*new[1])))
        elif new:
            found.append(item(RestatementKind.VALUE_ADDED, month, None, new[0], Place(*new[1])))
        else:
            found.append(item(RestatementKind.VALUE_REMOVED, month, old[0], None, Place(*old[1])))
    if before.target != after.target:
        found.append(item(RestatementKind.TARGET_CHANGED, "", before.target, after.target,
                          target_place(now.kpi, after)))
    if not found and (before.actual != after.actual or before.status != after.status):
        found.append(item(RestatementKind.RECOMPUTED, "", before.actual, after.actual, None))
    return found
