"""The keys of FORMAT sections 11 and 12 in scorecard.json: a KPI's baseline and how its target was resolved.

Kept apart from `json_out` so the document's main shape stays in one short module.
"""

from __future__ import annotations

from ..compute.results import KpiResult, ScorecardResult


def kpi_extras(result: KpiResult) -> dict:
    """`baseline` ({value, period}, or null) and `target_rule` (the target as written when it was
    relative or phased; null when the target in force is the one written)."""
    baseline = result.baseline
    source = result.current.target_from
    rule = None
    if source is not None and (source.relative or source.annual is not None):
        rule = {"relative": source.relative or None, "annual": source.annual,
                "months": source.months or None}
    return {
        "formula": str(result.kpi.formula) if result.kpi.formula is not None else None,
        "baseline": None if baseline is None else {
            "value": baseline.value, "period": baseline.period.label if baseline.period else None},
        "target_rule": rule,
        "frequency": result.kpi.frequency or None,
        "next_due": result.next_due.label if result.next_due else None,
    }


def measures_json(result: ScorecardResult) -> list[dict]:
    """Each measure with its values per reporting period up to as-of (FORMAT section 11)."""
    return [{
        "id": m.measure.id,
        "title": m.measure.title,
        "unit": m.measure.unit,
        "aggregate": m.measure.aggregate,
        "series": [{"period": v.period.label, "value": v.actual, "partial": v.partial} for v in m.series],
    } for m in result.measures]
