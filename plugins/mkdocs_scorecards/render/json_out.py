"""scorecard.json: everything computed, for machines (FORMAT section 8).

One way for everything: a value that is missing is null (never "", never
left out), and a flag (`partial`, `restated`) is always there, true or
false, at every level.
"""

from __future__ import annotations

import json

from ..compute.results import KpiPeriod, KpiResult, ProjectResult, ScorecardResult, TargetOrigin, TargetSource
from .json_extras import kpi_extras, measures_json, reason_entry, text_or_null
from .provenance import source_entries, target_entry
from .text import round_half_away


def _score(value: float | None) -> float | None:
    return None if value is None else round_half_away(value, 2)


def _rho(value: float | None) -> float | None:
    return None if value is None else round_half_away(value, 3)


def _target(target):
    return list(target) if isinstance(target, tuple) else target


def target_source_text(source: TargetSource | None) -> str | None:
    """`definition`, `schedule from <period>`, or the CSV row as `file:line`."""
    if source is None:
        return None
    if source.origin == TargetOrigin.DEFINITION:
        return "definition"
    if source.origin == TargetOrigin.SCHEDULE:
        return f"schedule from {source.since.label}"
    return str(source.row)


def _date(value):
    return value.isoformat() if value else None


def _sources(period: KpiPeriod, audit) -> list[dict]:
    """The CSV rows behind a period's actual; none without an actual (a row giving only the period's
    target is its `target_origin`)."""
    return source_entries(period, audit) if period.actual is not None else []


def _period(period: KpiPeriod, result: KpiResult, audit, scorecard: str) -> dict:
    return {
        "period": period.label,
        "actual": period.actual,
        "target": _target(period.target),
        "status": period.status,
        "score": _score(period.score),
        "partial": period.partial,
        "reason": reason_entry(period),
        "sources": _sources(period, audit),
        "target_origin": target_entry(result, period, audit),
        "restated": audit is not None and bool(audit.restated(scorecard, result.kpi.id, period.label)),
    }


def _kpi(result: KpiResult, audit=None, scorecard: str = "") -> dict:
    kpi, current = result.kpi, result.current
    return {
        "id": kpi.id,
        "title": kpi.title,
        "unit": text_or_null(kpi.unit),
        "better": kpi.better,
        "indicator": text_or_null(kpi.indicator),
        "weight": kpi.weight,
        "period": text_or_null(current.label),
        "actual": current.actual,
        "target": _target(current.target),
        "target_source": target_source_text(current.target_from),
        **kpi_extras(result),
        "tolerance": current.tolerance,
        "status": current.status,
        "score": _score(current.score),
        "partial": current.partial,
        "reason": reason_entry(current),
        "trend": result.trend,
        "series": [_period(p, result, audit, scorecard) for p in result.published_series],
        "sources": _sources(current, audit),
        "target_origin": target_entry(result, current, audit),
    }


def scorecard_document(result: ScorecardResult, project: ProjectResult) -> dict:
    scorecard = result.scorecard
    return {
        "id": scorecard.id,
        "title": scorecard.title,
        "owner": text_or_null(scorecard.owner),
        "parent": text_or_null(scorecard.parent),
        "as_of": text_or_null(result.as_of_label),
        "frequency": scorecard.calendar.frequency,
        "fiscal_year_start": scorecard.calendar.fiscal_year_start,
        "status": result.status,
        "score": _score(result.score),
        "perspectives": [{"id": p.perspective.id, "title": p.perspective.title, "status": p.status,
                          "score": _score(p.score)} for p in result.perspectives],
        "objectives": [{
            "id": o.objective.id,
            "title": o.objective.title,
            "perspective": o.objective.perspective,
            "theme": text_or_null(o.objective.theme),
            "owner": text_or_null(o.objective.owner),
            "weight": o.objective.weight,
            "status": o.status,
            "score": _score(o.score),
            "trend": o.trend,
            "drives": list(o.objective.drives),
            "supports": list(o.objective.supports),
            "kpis": [_kpi(k, project.audit, scorecard.id) for k in o.kpis],
            "initiatives": [{"id": i.initiative.id, "title": i.initiative.title,
                             "owner": text_or_null(i.initiative.owner), "start": _date(i.initiative.start), "due": _date(i.initiative.due),
                             "progress": i.initiative.progress, "status": i.status} for i in o.initiatives],
        } for o in result.objectives],
        "measures": measures_json(result),
        "links": [{"from": link.cause, "to": link.effect, "verdict": link.evidence.verdict,
                   "lag": link.evidence.lag, "rho": _rho(link.evidence.rho), "n": link.evidence.n}
                  for link in result.links],
        "inputs": [{"file": item.path, "sha256": item.sha256} for item in project.inputs],
    }


def scorecard_json(result: ScorecardResult, project: ProjectResult) -> str:
    return json_text(scorecard_document(result, project))


# The outer levels of a document are indented, one member per line; below this depth, and where
# a list or object holds only plain values, each value is one line: in scorecard.json a whole
# KPI with its series, a perspective or a link.
LINE_DEPTH = 4
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def json_text(document, line_depth: int = LINE_DEPTH) -> str:
    """The document as JSON, its outer levels indented and each deeper value on one line.

    Why not `indent=2`: it makes Python use its pure-Python encoder (seconds for
    a large scorecard), while a value encoded on one line goes through the C
    encoder. One KPI per line also keeps a diff of two builds' JSON readable.
    """
    parts: list[str] = []
    _write(document, 0, line_depth, parts)
    parts.append("\n")
    return "".join(parts)


def _write(value, depth: int, line_depth: int, parts: list[str]) -> None:
    if depth >= line_depth or not _holds_containers(value):
        parts.append(_ONE_LINE.encode(value))
        return
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        parts.append("{")
        for number, (key, item) in enumerate(value.items()):
            parts.append(("," if number else "") + inner + _ONE_LINE.encode(key) + ": ")
            _write(item, depth + 1, line_depth, parts)
        parts.append("\n" + "  " * depth + "}")
    else:
        parts.append("[")
        for number, item in enumerate(value):
            parts.append(("," if number else "") + inner)
            _write(item, depth + 1, line_depth, parts)
        parts.append("\n" + "  " * depth + "]")


def _holds_containers(value) -> bool:
    if isinstance(value, dict):
        return any(isinstance(item, (dict, list)) for item in value.values())
    return isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value)
