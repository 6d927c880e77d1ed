"""Rules across the rows of all CSV files: one value per KPI and period, one grain per KPI."""

from __future__ import annotations

import numpy as np
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
    series = _series_codes(frame)
    spans = (frame["last"] - frame["first"]).to_numpy()
    duplicated = frame[_repeated(series, frame["first"].to_numpy(), spans, frame["day"].to_numpy())]
    for _, group in duplicated.groupby(keys, sort=True, observed=True):
        rows = group.sort_values(["file", "line"])
        first = rows.iloc[0]
        for _, row in rows.iloc[1:].iterrows():
            problems.add(row["file"], int(row["line"]),
                         f"a second value for {row['kpi']} in {_period_text(row)} "
                         f"(the first is at {first['file']}:{first['line']})",
                         "keep one row per KPI and period; restate a value by editing the first")
            flagged.add((row["file"], int(row["line"])))
    spans = frame.assign(months=spans)[_in_mixed_series(series, spans)]
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




def _series_codes(frame: pd.DataFrame) -> np.ndarray:
    """One int per (scorecard, KPI) of each row."""
    kpis = frame["kpi"].cat
    return frame["scorecard"].cat.codes.to_numpy(np.int64) * len(kpis.categories) + kpis.codes.to_numpy(np.int64)


def _repeated(*columns: np.ndarray) -> np.ndarray:
    """Rows whose values in all the int columns are those of another row (pandas' `duplicated(keep=False)`).

    The columns are folded into one int64 where their ranges allow, which
    for a million rows is many times quicker than comparing them as a frame.
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    room = 1
    for column in columns:
        low, high = int(column.min()), int(column.max())
        room *= high - low + 1
        if room >= 2**62:
            return pd.DataFrame(dict(enumerate(columns))).duplicated(keep=False).to_numpy()
        key *= high - low + 1
        key += column
        key -= low
    return pd.Series(key).duplicated(keep=False).to_numpy()


def _in_mixed_series(series: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """Rows of the series whose rows span more than one number of months."""
    low = int(spans.min())
    width = int(spans.max()) - low + 1
    spans_per_series = np.bincount(pd.unique(series * width + (spans - low)) // width)
    return spans_per_series[series] > 1
