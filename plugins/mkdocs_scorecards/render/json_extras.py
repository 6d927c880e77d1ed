"""The keys of FORMAT sections 11 and 12 in scorecard.json: a KPI's baseline and how its target was resolved.

Kept apart from `json_out` so the document's main shape stays in one short module.
"""

from __future__ import annotations

from ..compute.results import KpiPeriod, KpiResult, ScorecardResult
from ..compute.status import Status


def text_or_null(text: str | None) -> str | None:
    """Optional text as published: null where the definition has none, never ""."""
    return text or None


def kpi_extras(result: KpiResult) -> dict:
    """`baseline` ({value, period}, or null) and `target_rule` (the target as written when it was
    relative or phased; null when the target in force is the one written)."""
    baseline = result.baseline
    source = result.current.target_from
    rule = None
    if source is not None and (source.relative or source.annual is not None):
        rule = {"relative": text_or_null(source.relative), "annual": source.annual,
                "months": source.months or None}
    return {
        "formula": str(result.kpi.formula) if result.kpi.formula is not None else None,
        "baseline": None if baseline is None else {
            "value": baseline.value, "period": baseline.period.label if baseline.period else None},
        "target_rule": rule,
        "frequency": text_or_null(result.kpi.frequency),
        "next_due": result.next_due.label if result.next_due else None,
    }


def measures_json(result: ScorecardResult) -> list[dict]:
    """Each measure with its values per reporting period up to as-of (FORMAT section 11)."""
    return [{
        "id": m.measure.id,
        "title": m.measure.title,
        "unit": text_or_null(m.measure.unit),
        "aggregate": m.measure.aggregate,
        "series": [{"period": v.period.label, "value": v.actual, "partial": v.partial} for v in m.series],
    } for m in result.measures]


def reason_entry(period: KpiPeriod) -> dict | None:
    """Why a calculated KPI has no actual in a no-data period (FORMAT section 11): `kind` is missing,
    division by zero, not a number or too large; `input` the input (or the divisor) and `period` the
    period whose value was missing or zero. Null wherever the period has an actual or is not due."""
    reason = period.missing
    if reason is None or period.status != Status.NO_DATA:
        return None
    return {"kind": reason.kind, "input": reason.input, "period": reason.label}
