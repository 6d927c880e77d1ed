"""Rules across the rows of all CSV files: one value per KPI and period, one grain per KPI."""

from __future__ import annotations

import pandas as pd

from ..errors import Problems
from ..periods import month_label


def check_series(frame: pd.DataFrame, problems: Problems) -> set[tuple[str, int]]:
    """Rules across rows: no two values for one period, no mixed grains for one KPI.

    Returns the (file, line) of every row reported here: those rows were
    placed, and now count as rejected.
    """
    flagged: set[tuple[str, int]] = set()
    if frame.empty:
        return flagged
    keys = ["scorecard", "kpi", "first", "last", "day"]
    duplicated = frame[frame.duplicated(keys, keep=False)]
    for _, group in duplicated.groupby(keys, sort=True, observed=True):
        rows = group.sort_values(["file", "line"])
        first = rows.iloc[0]
        for _, row in rows.iloc[1:].iterrows():
            problems.add(row["file"], int(row["line"]),
                         f"a second value for {row['kpi']} in {_period_text(row)} "
                         f"(the first is at {first['file']}:{first['line']})",
                         "keep one row per KPI and period; restate a value by editing the first")
            flagged.add((row["file"], int(row["line"])))
    spans = frame.assign(months=frame["last"] - frame["first"])
    mixed = spans.groupby(["scorecard", "kpi"], sort=True, observed=True)["months"].nunique()
    for scorecard_id, kpi_id in mixed[mixed > 1].index:
        group = spans[(spans["scorecard"] == scorecard_id) & (spans["kpi"] == kpi_id)]
        group = group.sort_values(["file", "line"])
        first = group.iloc[0]
        other = group[group["months"] != first["months"]].iloc[0]
        problems.add(other["file"], int(other["line"]),
                     f"KPI {scorecard_id}/{kpi_id} mixes periods of different lengths: "
                     f"'{_period_text(other)}' here and '{_period_text(first)}' at {first['file']}:{first['line']}",
                     "give all of one KPI's values per month, or all per reporting period")
        flagged.add((other["file"], int(other["line"])))
    return flagged


def _period_text(row) -> str:
    if row["first"] == row["last"]:
        day = int(row["day"])
        return month_label(int(row["first"])) + (f"-{day:02d}" if day else "")
    return row["label"]


