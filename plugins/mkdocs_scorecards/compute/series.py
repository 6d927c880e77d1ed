"""From CSV rows to one value per KPI and reporting period.

Rows finer than the reporting period are combined by the KPI's `aggregate`;
a target written in the CSV overrides the definition for its period, the
row of the latest month counting. The whole table is grouped once, column
by column, so a million rows cost one sort and one group-by, not a million
objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import Place
from ..periods import Period, month_label


@dataclass(frozen=True)
class PeriodValue:
    """A KPI's combined value for one reporting period, and where it came from."""

    period: Period
    actual: float | None
    csv_target: float | tuple[float, float] | None
    target_place: Place | None                   # the CSV row whose target counts
    partial: bool
    months_with_data: tuple[str, ...]
    values: tuple[float, ...]                    # the actuals combined, one per month above
    value_places: tuple[tuple[str, int], ...]    # where each of those values was written
    rows: tuple[tuple[str, int], ...]            # every row of the period (file, line), with a value or not
    notes: tuple[str, ...]                       # the rows' `note` cells that are not empty
    inputs: tuple = ()                           # a calculated KPI's InputValues used
    missing: object = None                       # a calculated KPI's Reason for no actual


def period_values(table: pd.DataFrame, last_month: dict[str, int], periods: dict[tuple[str, str], Period],
                  aggregate: dict[tuple[str, str], str], in_range: set[tuple[str, str]]
                  ) -> dict[tuple[str, str], list[PeriodValue]]:
    """Every (scorecard, KPI)'s values per reporting period up to its scorecard's as-of month, oldest first.

    `last_month` is each scorecard's last month evaluated (scorecards missing
    from it are left out); `periods` the reporting period of each
    (scorecard, label) of the table; `aggregate` each (scorecard, KPI)'s aggregate.
    """
    if table.empty or not last_month:
        return {}
    limit = table["scorecard"].map(last_month).astype("float64")
    rows = table[limit.notna() & (table["first"] <= limit.fillna(-1))]
    rows = _days_to_months(rows, aggregate)
    rows = rows.sort_values(["scorecard", "kpi", "first", "day", "file", "line"], kind="mergesort").reset_index(drop=True)
    keys = ["scorecard", "kpi", "label"]
    # Sorted by KPI and month, each period's rows are contiguous: groups in
    # order of appearance are oldest first, and each is a slice of `rows`.
    grouped = rows.groupby(keys, sort=False, observed=True)
    with_actual = rows["actual"].notna()
    summary = grouped.agg(
        count=("line", "size"),
        last=("actual", "last"),
        sum=("actual", "sum"),
        mean=("actual", "mean"),
        median=("actual", "median"),
        min=("actual", "min"),
        max=("actual", "max"),
        n_actual=("actual", "count"),
    )
    summary["start"] = np.concatenate(([0], np.cumsum(summary["count"].to_numpy())[:-1]))
    latest_month = rows["last"].where(with_actual).groupby([rows[k] for k in keys], sort=False, observed=True).max()
    target_rows = rows[rows["target"].notna()]
    latest_target = {
        (str(s), str(k), str(l)): (float(t), float(h), str(f), int(n))
        for s, k, l, t, h, f, n in target_rows.groupby(keys, sort=False, observed=True).tail(1)[
            ["scorecard", "kpi", "label", "target", "target_high", "file", "line"]].itertuples(index=False)
    }
    summary = summary.join(latest_month.rename("latest_month"))

    files = rows["file"].astype(str).to_numpy()
    lines = rows["line"].to_numpy()
    firsts, lasts = rows["first"].to_numpy(), rows["last"].to_numpy()
    actual_mask = with_actual.to_numpy()
    notes = rows["note"].fillna("").astype(str).to_numpy()
    actuals = rows["actual"].to_numpy()

    found: dict[tuple[str, str], list[PeriodValue]] = {}
    for key, entry in zip(summary.index, summary.itertuples(index=False)):
        scorecard_id, kpi_id, label = key = (str(key[0]), str(key[1]), str(key[2]))
        which = aggregate[(scorecard_id, kpi_id)]
        actual = None
        if entry.n_actual:
            value = float(getattr(entry, which))
            actual = _rounded(value) if which in ("sum", "mean", "median") else value
        csv_target, target_place = None, None
        if key in latest_target:
            low, high, file, line = latest_target[key]
            csv_target = (low, high) if (scorecard_id, kpi_id) in in_range else low
            target_place = Place(file, line)
        span = slice(entry.start, entry.start + entry.count)
        has = actual_mask[span]
        months = tuple(_month_text(f, l) for f, l in zip(firsts[span][has], lasts[span][has]))
        period = periods[(scorecard_id, label)]
        found.setdefault((scorecard_id, kpi_id), []).append(PeriodValue(
            period=period,
            actual=actual,
            csv_target=csv_target,
            target_place=target_place,
            partial=actual is not None and entry.latest_month != period.last,
            months_with_data=months,
            values=tuple(actuals[span][has].tolist()),
            value_places=tuple(zip(files[span][has].tolist(), lines[span][has].tolist())),
            rows=tuple(zip(files[span].tolist(), lines[span].tolist())),
            notes=tuple(note for note in notes[span] if note),
        ))
    return found


def _days_to_months(rows: pd.DataFrame, aggregate: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Rows of `grain: daily` series whose aggregate is mean or median, combined to one row per month.

    FORMAT section 11: days are combined into their month by the aggregate,
    like months into a quarter. For last, sum, min and max combining in two
    steps gives what one step over the days gives (days sort by date within
    their month), so only mean and median need the months first: a quarter's
    mean is the mean of its three monthly means, not of its ninety days.
    The month's row keeps the place of its first day; its target is its
    latest day's.
    """
    daily = rows["day"].to_numpy() > 0
    if not daily.any():
        return rows
    which = pd.Series([aggregate.get((s, k), "last") for s, k in zip(rows["scorecard"], rows["kpi"])],
                      index=rows.index)
    two_step = daily & which.isin(["mean", "median"]).to_numpy()
    if not two_step.any():
        return rows
    days = rows[two_step].sort_values(["scorecard", "kpi", "first", "day", "file", "line"], kind="mergesort")
    grouped = days.groupby(["scorecard", "kpi", "first"], sort=False, observed=True)
    months = grouped.head(1).copy().set_index(["scorecard", "kpi", "first"])
    means = grouped["actual"].mean()
    medians = grouped["actual"].median()
    use_median = which[days.index].groupby([days["scorecard"], days["kpi"], days["first"]],
                                            sort=False, observed=True).first() == "median"
    months["actual"] = medians.where(use_median, means)
    latest = days[days["target"].notna()].groupby(["scorecard", "kpi", "first"], sort=False, observed=True).tail(1)
    latest = latest.set_index(["scorecard", "kpi", "first"])
    months["target"] = latest["target"].reindex(months.index)
    months["target_high"] = latest["target_high"].reindex(months.index)
    months["note"] = grouped["note"].agg(lambda notes: "; ".join(n for n in notes.dropna() if n) or pd.NA)
    months["day"] = 0
    months = months.reset_index()[rows.columns]
    for column in ("scorecard", "kpi", "file"):
        months[column] = months[column].astype(rows[column].dtype)
    return pd.concat([rows[~two_step], months], ignore_index=True)


def _rounded(value: float) -> float:
    """Drop floating-point noise from sums and means (0.1 + 0.2 is 0.3 here); values
    taken as they are (last, min, max) stay exactly as read."""
    return float(f"{value:.12g}")


def _month_text(first: int, last: int) -> str:
    return month_label(int(first)) if first == last else f"{month_label(int(first))}..{month_label(int(last))}"
