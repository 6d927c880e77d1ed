"""The wording of a calculated KPI's actual: its formula, every input value used with its rows, or
why there is no actual (FORMAT section 11). Shared by the pages and `scorecards explain`."""

from __future__ import annotations

from ..compute.results import KpiPeriod, Reason
from ..model import Kpi


def _n(value: float) -> str:
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def reason_sentence(reason: Reason | None) -> str:
    """Why a calculated KPI has no actual in a period, as one sentence."""
    if reason is None:
        return ""
    if reason.kind == "missing":
        return f"{reason.input} has no value for {reason.label}, and a missing value is never taken as zero."
    if reason.kind == "not due":
        return f"not due: it reports {reason.input}, and is next due in {reason.label}."
    if reason.kind == "division by zero":
        return f"{reason.input} is 0 in {reason.label}, and the formula divides by it."
    return f"the formula gives no finite number in {reason.label}."


def not_due_lines(kpi: Kpi, period: KpiPeriod) -> tuple[str, ...]:
    """FORMAT section 12: between its own periods a KPI has no status of its own and takes no part in roll-ups."""
    return (f"{kpi.title} reports {kpi.frequency}, less often than its scorecard: {period.label} does not end one "
            f"of its own periods, so it is not due and takes no part in the roll-up; next due in "
            f"{period.missing.label}.",)


def formula_actual_lines(kpi: Kpi, period: KpiPeriod) -> tuple[str, ...]:
    lines = [f"Calculated: {kpi.formula}."]
    if period.inputs:
        lines.append("Input values used:")
    for used in period.inputs:
        places = ", ".join(f"{file}:{line}" for file, line in used.places) or "calculated"
        partial = ", partial" if used.partial else ""
        lines.append(f"  {used.name} in {used.label}: {_n(used.value)} ({places}{partial})")
    if period.actual is None:
        lines.append(f"No actual for {period.label}: {reason_sentence(period.missing)}")
    else:
        lines.append(f"= {_n(period.actual)}.")
    if period.partial:
        lines.append(f"Partial: an input used for {period.label} is partial, so the period is evaluated as it "
                     "stands.")
    return tuple(lines)
