"""Provenance as published: each number's file, line and last commit, for scorecard.json and the pages."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..compute.audit import AuditTrail
from ..compute.provenance import Origin, latest, origin, target_place, value_origins
from ..compute.results import KpiPeriod, KpiResult, ScorecardResult
from ..history import NOT_COMMITTED, NOT_FETCHED
from ..model import Place

STATE_WORDS = {NOT_COMMITTED: "not committed yet", NOT_FETCHED: "changed before the history this clone has",
               "no-history": "no git history"}


def origin_entry(found: Origin) -> dict:
    """A source in scorecard.json: file and line, and the commit that last changed the line (null without one)."""
    commit = found.commit
    return {"file": found.place.file, "line": found.place.line, "commit": commit.sha if commit else None,
            "author_date": commit.author_date.isoformat() if commit else None}


def source_entries(period: KpiPeriod, audit: AuditTrail | None) -> list[dict]:
    """The rows behind a period, with their commits when the history is known."""
    if audit is None:
        return [{"file": file, "line": line, "commit": None, "author_date": None} for file, line in period.rows]
    return [origin_entry(origin(audit.history, Place(file, line))) for file, line in period.rows]


def target_entry(result: KpiResult, period: KpiPeriod, audit: AuditTrail | None) -> dict | None:
    """Where the period's target was written (CSV row, schedule entry or `target:` line); None without a target."""
    place = target_place(result.kpi, period)
    if place is None:
        return None
    if audit is None:
        return {"file": place.file, "line": place.line, "commit": None, "author_date": None}
    return origin_entry(origin(audit.history, place))


def origin_text(found: Origin) -> str:
    """`data/x.csv:12, a1b2c3d 2026-07-10 "subject"`, or the reason there is no commit."""
    if found.commit is None:
        return f"{found.place}, {STATE_WORDS.get(found.state, found.state)}"
    return f'{found.place}, {found.commit.short} {found.commit.date} "{found.commit.subject}"'


@dataclass(frozen=True)
class RowProvenance:
    """What one row of an objective page's data table says about where its numbers came from."""

    summary: str          # e.g. "last changed 2026-07-10 in f3c118f"
    detail: str           # every value and the target, one per line
    restated_href: str    # link to the restatement of a published period, or ""


def row_provenance(result: ScorecardResult, kpi: KpiResult, period: KpiPeriod, audit: AuditTrail,
                   restatements_href: str) -> RowProvenance:
    history = audit.history
    values = value_origins(history, period)
    place = target_place(kpi.kpi, period)
    target = origin(history, place) if place else None
    newest = latest([*values, *([target] if target else [])])
    if newest is not None:
        summary = f"last changed {newest.date} in {newest.short}"
    elif values and all(v.state == values[0].state for v in values):
        summary = STATE_WORDS.get(values[0].state, "")
    else:
        summary = ""
    lines = [f"{month}: {origin_text(found)}" for month, found in zip(period.months, values)]
    if target:
        lines.append(f"target: {origin_text(target)}")
    restated = audit.restated(result.scorecard.id, kpi.kpi.id, period.label)
    href = f"{restatements_href}#{restatement_anchor(period.label, kpi.kpi.id)}" if restated else ""
    return RowProvenance(summary if history.repository.available else "", "\n".join(lines), href)


def restatement_anchor(period: str, kpi: str) -> str:
    return f"restated-{period}-{kpi}"


def missing_history_sentence(audit: AuditTrail) -> str:
    """What a data table's source column says once, on its newest row, when git cannot name the commits of
    its rows (no repository, or lines older than a shallow clone's history); '' when it can."""
    repository = audit.history.repository
    if not repository.available:
        return (f"No commit is shown for these numbers: the site was built without git history "
                f"({repository.reason}). Build it inside a clone of the site's repository to show them.")
    if repository.shallow:
        since = f"since {repository.shallow_since}, " if repository.shallow_since else "since "
        return (f"No commit is shown for lines unchanged {since}where the shallow clone this site was built from "
                "starts. Build from the whole history (fetch-depth: 0) to show them.")
    return ""


def provenance_rows(result: ScorecardResult, kpis, audit: AuditTrail | None, restatements_href: str) -> dict:
    """(KPI id, period label) -> RowProvenance for every row of the data tables; empty without an audit trail.

    A table lists the newest period first; where git cannot name its rows'
    commits, the newest such row says why and how to fix it, and the older
    ones say nothing, so that the column says it once.
    """
    if audit is None:
        return {}
    missing = missing_history_sentence(audit)
    found = {}
    for kpi in kpis:
        said = False
        for period in reversed(kpi.series):
            row = row_provenance(result, kpi, period, audit, restatements_href)
            if missing and period.rows and row.summary in ("", STATE_WORDS[NOT_FETCHED]):
                row = dataclasses.replace(row, summary="" if said else missing)
                said = True
            found[(kpi.kpi.id, period.label)] = row
    return found

