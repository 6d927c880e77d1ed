"""What changed between two loaded projects: definitions, data, and the statuses that follow.

Pure: both projects are loaded (from git or the work tree) before, and the
wording is for `render.diff_text`. Values are kept as the model holds them
(numbers, ranges, schedules, tolerances), so that the wording can format
them as every page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from ..model import Kpi, Objective, Place, Project, Scorecard
from ..periods import month_label
from .results import ProjectResult, ScorecardResult
from .status import Status, status_from_score


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class DefinitionChange:
    """One change to a scorecard definition.

    `what` is scorecard, perspective, theme, objective, kpi, arrow, support or
    initiative; `subject` its id (`cause -> effect` for an arrow); `field`
    the key that changed (empty for an addition or removal).
    """

    scorecard: str
    what: str
    subject: str
    kind: ChangeKind
    field: str = ""
    old: object = None
    new: object = None


@dataclass(frozen=True)
class DataChange:
    """A CSV value added, changed or removed: one KPI in one row period (a month, or a reporting period)."""

    scorecard: str
    kpi: str
    period: str
    kind: ChangeKind
    old_actual: float | None
    new_actual: float | None
    old_target: float | tuple[float, float] | None
    new_target: float | tuple[float, float] | None
    old_place: Place | None
    new_place: Place | None
    note: str = ""


@dataclass(frozen=True)
class StatusChange:
    """A status that differs between the two revisions in a period both evaluate."""

    scorecard: str
    level: str      # kpi | objective | perspective | scorecard
    subject: str    # its id (the scorecard's for level scorecard)
    title: str
    period: str
    old: Status
    new: Status
    old_score: float | None
    new_score: float | None


@dataclass(frozen=True)
class ProjectDiff:
    definitions: tuple[DefinitionChange, ...]
    data: tuple[DataChange, ...]
    statuses: tuple[StatusChange, ...]
    as_of: tuple[tuple[str, str, str], ...]   # (scorecard, old as-of, new as-of) where it moved

    @property
    def empty(self) -> bool:
        return not (self.definitions or self.data or self.statuses or self.as_of)


def diff_projects(old: Project, new: Project, old_result: ProjectResult, new_result: ProjectResult) -> ProjectDiff:
    old_cards = {s.id: s for s in old.scorecards}
    new_cards = {s.id: s for s in new.scorecards}
    definitions: list[DefinitionChange] = []
    for sid in sorted(old_cards.keys() | new_cards.keys()):
        definitions.extend(diff_scorecards(old_cards.get(sid), new_cards.get(sid), sid))
    old_by_id = {r.scorecard.id: r for r in old_result.scorecards}
    new_by_id = {r.scorecard.id: r for r in new_result.scorecards}
    statuses: list[StatusChange] = []
    moved = []
    for sid in sorted(old_by_id.keys() & new_by_id.keys()):
        statuses.extend(status_changes(old_by_id[sid], new_by_id[sid]))
        if old_by_id[sid].as_of_label != new_by_id[sid].as_of_label:
            moved.append((sid, old_by_id[sid].as_of_label, new_by_id[sid].as_of_label))
    return ProjectDiff(tuple(definitions), data_changes(old, new), tuple(statuses), tuple(moved))


# --- definitions -------------------------------------------------------------------------

SCORECARD_FIELDS = ("title", "owner", "description", "parent")
OBJECTIVE_FIELDS = ("title", "perspective", "theme", "owner", "weight", "description")
KPI_FIELDS = ("title", "unit", "better", "target", "tolerance", "stretch", "aggregate", "indicator",
              "weight", "decimals", "source", "formula", "baseline", "phasing", "frequency", "grain", "description")
INITIATIVE_FIELDS = ("title", "owner", "start", "due", "budget", "progress")


def _field(item, name: str):
    """A field's value for comparing; a KPI's target is its schedule where it has one (without the lines
    the entries were written on), so that `300` becoming `{2026-Q1: 300, ...}` is one change."""
    value = getattr(item, name, None)
    if name == "target" and getattr(item, "schedule", None):
        return tuple((entry.period.label, entry.value) for entry in item.schedule)
    return value


def _changed_fields(sid: str, what: str, subject: str, old, new, names) -> list[DefinitionChange]:
    found = []
    for name in names:
        before, after = _field(old, name), _field(new, name)
        if before != after:
            found.append(DefinitionChange(sid, what, subject, ChangeKind.CHANGED, name, before, after))
    return found


def diff_scorecards(old: Scorecard | None, new: Scorecard | None, sid: str) -> list[DefinitionChange]:
    """Every change from one version of a scorecard's definition to the next (None: not defined)."""
    if old is None or new is None:
        if old is new:
            return []
        kind = ChangeKind.ADDED if old is None else ChangeKind.REMOVED
        scorecard = new or old
        return [DefinitionChange(sid, "scorecard", sid, kind, new=scorecard.title if new else None,
                                 old=scorecard.title if old else None)]
    found = _changed_fields(sid, "scorecard", sid, old, new, SCORECARD_FIELDS)
    for name in ("frequency", "fiscal_year_start"):
        before, after = getattr(old.calendar, name), getattr(new.calendar, name)
        if before != after:
            found.append(DefinitionChange(sid, "scorecard", sid, ChangeKind.CHANGED, name, before, after))
    for what, before, after in (("perspective", old.perspectives, new.perspectives),
                                ("theme", old.themes, new.themes)):
        found.extend(_titled(sid, what, {p.id: p.title for p in before}, {p.id: p.title for p in after}))
    old_objectives = {o.id: o for o in old.objectives}
    new_objectives = {o.id: o for o in new.objectives}
    for oid in _ordered(old_objectives, new_objectives):
        found.extend(_objective(sid, oid, old_objectives.get(oid), new_objectives.get(oid)))
    old_kpis = {k.id: (o.id, k) for o in old.objectives for k in o.kpis}
    new_kpis = {k.id: (o.id, k) for o in new.objectives for k in o.kpis}
    for kid in _ordered(old_kpis, new_kpis):
        found.extend(_kpi(sid, kid, old_kpis.get(kid), new_kpis.get(kid)))
    return found


def _ordered(old: dict, new: dict) -> list[str]:
    """Ids in the new file's order, then the removed ones in the old file's order."""
    return list(new) + [key for key in old if key not in new]


def _titled(sid: str, what: str, old: dict[str, str], new: dict[str, str]) -> list[DefinitionChange]:
    found = []
    for key in _ordered(old, new):
        if key not in old:
            found.append(DefinitionChange(sid, what, key, ChangeKind.ADDED, new=new[key]))
        elif key not in new:
            found.append(DefinitionChange(sid, what, key, ChangeKind.REMOVED, old=old[key]))
        elif old[key] != new[key]:
            found.append(DefinitionChange(sid, what, key, ChangeKind.CHANGED, "title", old[key], new[key]))
    return found


def _objective(sid: str, oid: str, old: Objective | None, new: Objective | None) -> list[DefinitionChange]:
    if old is None:
        return [DefinitionChange(sid, "objective", oid, ChangeKind.ADDED, new=new.title)] + \
            [DefinitionChange(sid, "arrow", f"{oid} -> {e}", ChangeKind.ADDED) for e in new.drives] + \
            [DefinitionChange(sid, "support", f"{oid} -> {s}", ChangeKind.ADDED) for s in new.supports]
    if new is None:
        return [DefinitionChange(sid, "objective", oid, ChangeKind.REMOVED, old=old.title)] + \
            [DefinitionChange(sid, "arrow", f"{oid} -> {e}", ChangeKind.REMOVED) for e in old.drives] + \
            [DefinitionChange(sid, "support", f"{oid} -> {s}", ChangeKind.REMOVED) for s in old.supports]
    found = _changed_fields(sid, "objective", oid, old, new, OBJECTIVE_FIELDS)
    for what, before, after in (("arrow", old.drives, new.drives), ("support", old.supports, new.supports)):
        found += [DefinitionChange(sid, what, f"{oid} -> {e}", ChangeKind.ADDED) for e in after if e not in before]
        found += [DefinitionChange(sid, what, f"{oid} -> {e}", ChangeKind.REMOVED) for e in before if e not in after]
    old_initiatives = {i.id: i for i in old.initiatives}
    new_initiatives = {i.id: i for i in new.initiatives}
    for iid in _ordered(old_initiatives, new_initiatives):
        before, after = old_initiatives.get(iid), new_initiatives.get(iid)
        subject = f"{oid}/{iid}"
        if before is None:
            found.append(DefinitionChange(sid, "initiative", subject, ChangeKind.ADDED, new=after.title))
        elif after is None:
            found.append(DefinitionChange(sid, "initiative", subject, ChangeKind.REMOVED, old=before.title))
        else:
            found.extend(_changed_fields(sid, "initiative", subject, before, after, INITIATIVE_FIELDS))
    return found


def _kpi(sid: str, kid: str, old: tuple[str, Kpi] | None, new: tuple[str, Kpi] | None) -> list[DefinitionChange]:
    if old is None:
        return [DefinitionChange(sid, "kpi", kid, ChangeKind.ADDED, new=new[1].title)]
    if new is None:
        return [DefinitionChange(sid, "kpi", kid, ChangeKind.REMOVED, old=old[1].title)]
    found = []
    if old[0] != new[0]:
        found.append(DefinitionChange(sid, "kpi", kid, ChangeKind.CHANGED, "objective", old[0], new[0]))
    return found + _changed_fields(sid, "kpi", kid, old[1], new[1], KPI_FIELDS)


# --- data ------------------------------------------------------------------------------------

_KEY = ["scorecard", "kpi", "first", "last"]


def _rows(project: Project) -> pd.DataFrame:
    table = project.actuals.table
    frame = pd.DataFrame({name: table[name].astype(str) if name in ("scorecard", "kpi", "label", "file")
                          else table[name] for name in (*_KEY, "label", "actual", "target", "target_high",
                                                        "note", "file", "line")})
    return frame.drop_duplicates(_KEY, keep="last")


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    both_missing = a.isna().to_numpy() & b.isna().to_numpy()
    return both_missing | (a.to_numpy() == b.to_numpy())


def data_changes(old: Project, new: Project) -> tuple[DataChange, ...]:
    """Values added, changed or removed, in scorecard, KPI and period order; one table merge, no loop per row."""
    merged = _rows(old).merge(_rows(new), on=_KEY, how="outer", suffixes=("_old", "_new"), indicator="presence")
    same = _same(merged["actual_old"], merged["actual_new"]) & _same(merged["target_old"], merged["target_new"]) \
        & _same(merged["target_high_old"], merged["target_high_new"])
    differing = merged[~same | (merged["presence"] != "both")].sort_values(_KEY, kind="mergesort")
    found = []
    for row in differing.itertuples(index=False):
        in_old, in_new = row.presence in ("both", "left_only"), row.presence in ("both", "right_only")
        kind = ChangeKind.CHANGED if in_old and in_new else ChangeKind.ADDED if in_new else ChangeKind.REMOVED
        first, last = int(row.first), int(row.last)
        label = row.label_new if in_new else row.label_old
        period = month_label(first) if first == last else str(label)
        found.append(DataChange(
            scorecard=row.scorecard, kpi=row.kpi, period=period, kind=kind,
            old_actual=_number(row.actual_old) if in_old else None,
            new_actual=_number(row.actual_new) if in_new else None,
            old_target=_target(row.target_old, row.target_high_old) if in_old else None,
            new_target=_target(row.target_new, row.target_high_new) if in_new else None,
            old_place=Place(str(row.file_old), int(row.line_old)) if in_old else None,
            new_place=Place(str(row.file_new), int(row.line_new)) if in_new else None,
            note=_note(row.note_new if in_new else row.note_old),
        ))
    return tuple(found)


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def _target(low, high):
    if pd.isna(low):
        return None
    return (float(low), float(high)) if not pd.isna(high) else float(low)


def _note(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


# --- statuses ------------------------------------------------------------------------------------

def status_changes(old: ScorecardResult, new: ScorecardResult) -> list[StatusChange]:
    """Statuses that differ in the periods both revisions evaluate, scorecard first, then down."""
    sid = old.scorecard.id
    periods = [p for p in new.periods if p in set(old.periods)]
    found: list[StatusChange] = []

    def compare(level, subject, title, period, old_score, new_score, old_status=None, new_status=None):
        before = old_status if old_status is not None else status_from_score(old_score)
        after = new_status if new_status is not None else status_from_score(new_score)
        if before != after:
            found.append(StatusChange(sid, level, subject, title, period.label, before, after, old_score, new_score))

    old_perspectives = {p.perspective.id: p for p in old.perspectives}
    old_objectives = {o.objective.id: o for o in old.objectives}
    for period in periods:
        compare("scorecard", sid, new.scorecard.title, period, old.history.get(period), new.history.get(period))
        for perspective in new.perspectives:
            before = old_perspectives.get(perspective.perspective.id)
            if before is not None:
                compare("perspective", perspective.perspective.id, perspective.perspective.title, period,
                        before.history.get(period), perspective.history.get(period))
        for objective in new.objectives:
            before = old_objectives.get(objective.objective.id)
            if before is None:
                continue
            compare("objective", objective.objective.id, objective.objective.title, period,
                    before.history.get(period), objective.history.get(period))
            old_kpis = {k.kpi.id: k for k in before.kpis}
            for kpi in objective.kpis:
                if kpi.kpi.id not in old_kpis:
                    continue
                was, now = old_kpis[kpi.kpi.id].by_period.get(period), kpi.by_period.get(period)
                compare("kpi", kpi.kpi.id, kpi.kpi.title, period, was.score if was else None,
                        now.score if now else None, was.status if was else Status.NO_DATA,
                        now.status if now else Status.NO_DATA)
    return found
