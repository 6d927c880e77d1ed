"""From CSV rows to one value per KPI and reporting period.

Rows finer than the reporting period are combined by the KPI's `aggregate`;
a target written in the CSV overrides the definition for its period, the
row of the latest month counting. Works column-wise with pandas so that a
million rows cost one group-by, not a million objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import Kpi
from ..periods import Period, parse_label


@dataclass(frozen=True)
class PeriodValue:
    """A KPI's combined value for one reporting period, and where it came from."""

    label: str
    actual: float | None
    csv_target: float | tuple[float, float] | None
    target_place: tuple[str, int] | None
    partial: bool
    months_with_data: tuple[str, ...]
    sources: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


AGGREGATORS = {
    "last": lambda values: values[-1],
    "sum": lambda values: float(np.sum(values)),
    "mean": lambda values: float(np.mean(values)),
    "min": lambda values: float(np.min(values)),
    "max": lambda values: float(np.max(values)),
}


def rows_by_kpi(table: pd.DataFrame, scorecard_id: str, last_month: int | None) -> dict[str, pd.DataFrame]:
    """One scorecard's rows up to a month, split by KPI and sorted by month then place."""
    rows = table[table["scorecard"] == scorecard_id]
    if last_month is not None:
        rows = rows[rows["first"] <= last_month]
    rows = rows.sort_values(["kpi", "first", "file", "line"], kind="mergesort")
    return {str(kpi): group for kpi, group in rows.groupby("kpi", sort=True)}


def period_values(rows: pd.DataFrame, kpi: Kpi, period_of: dict[str, Period]) -> list[PeriodValue]:
    """Every reporting period that has a row for this KPI, oldest first."""
    found: list[PeriodValue] = []
    for label, group in rows.groupby("label", sort=False):
        period = period_of[str(label)]
        actual_rows = group[group["actual"].notna()]
        actual = None
        if len(actual_rows):
            actual = _rounded(AGGREGATORS[kpi.aggregate](actual_rows["actual"].to_numpy()))
        target_rows = group[group["target"].notna()]
        csv_target, target_place = None, None
        if len(target_rows):
            row = target_rows.iloc[-1]
            csv_target = (float(row["target"]), float(row["target_high"])) if kpi.better == "in-range" \
                else float(row["target"])
            target_place = (str(row["file"]), int(row["line"]))
        covers_last_month = bool((actual_rows["last"] == period.last).any())
        months = tuple(_month_text(first, last) for first, last in zip(actual_rows["first"], actual_rows["last"]))
        found.append(PeriodValue(
            label=str(label),
            actual=actual,
            csv_target=csv_target,
            target_place=target_place,
            partial=actual is not None and not covers_last_month,
            months_with_data=months,
            sources=tuple(zip(group["file"].astype(str), group["line"].astype(int).tolist())),
            notes=tuple(str(n) for n in group["note"] if isinstance(n, str) and n),
        ))
    found.sort(key=lambda value: period_of[value.label].first)
    return found


def _rounded(value: float) -> float:
    """Drop floating-point noise from sums and means (0.1 + 0.2 is 0.3 here)."""
    return float(f"{value:.12g}")


def _month_text(first: int, last: int) -> str:
    from ..periods import month_label

    return month_label(int(first)) if first == last else f"{month_label(int(first))}..{month_label(int(last))}"


def label_periods(labels, fiscal_year_start: int) -> dict[str, Period]:
    return {str(label): parse_label(str(label), fiscal_year_start) for label in labels}
