"""From CSV rows to one value per KPI and reporting period.

Rows finer than the reporting period are combined by the KPI's `aggregate`;
a target written in the CSV overrides the definition for its period, the
row of the latest month counting. The whole table is grouped once, column
by column, so a million rows cost one sort and one group-by, not a million
objects. What comes out is columns too: a `Series` per KPI holds one
number per period, and each period a span of one shared `RowTable`, from
which its months, values, rows and notes are read only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..model import Place
from ..periods import Period, month_label


@dataclass(frozen=True, eq=False)
class RowTable:
    """The CSV rows taken into account, as columns sorted by KPI and month, so that each (KPI,
    period)'s rows are one span of them. What a page or an explanation shows of a period's rows
    (months, values, places, notes) is read from its span when asked for."""

    files: tuple[str, ...]       # file names, by code
    file_codes: np.ndarray
    lines: np.ndarray
    firsts: np.ndarray           # each row's months, as ordinals
    lasts: np.ndarray
    actuals: np.ndarray          # NaN where the row has no actual
    note_rows: np.ndarray        # the rows whose note is not empty, ascending ...
    note_texts: tuple[str, ...]  # ... and their notes

    # Month texts made so far, by (first, last) month: a table has few distinct ones.
    month_texts: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def places(self, rows: slice | np.ndarray) -> tuple[tuple[str, int], ...]:
        return tuple(zip(map(self.files.__getitem__, self.file_codes[rows].tolist()), self.lines[rows].tolist()))

    def months(self, rows: slice | np.ndarray) -> tuple[str, ...]:
        texts = self.month_texts
        found = []
        for span in zip(self.firsts[rows].tolist(), self.lasts[rows].tolist()):
            text = texts.get(span)
            if text is None:
                text = texts[span] = _month_text(*span)
            found.append(text)
        return tuple(found)

    def values(self, rows: slice | np.ndarray) -> tuple[float, ...]:
        return tuple(self.actuals[rows].tolist())

    def notes(self, start: int, stop: int) -> tuple[str, ...]:
        if not self.note_texts:
            return ()
        low, high = np.searchsorted(self.note_rows, [start, stop]).tolist()
        return self.note_texts[low:high]


@dataclass(frozen=True, eq=False)
class Series:
    """A KPI's or measure's values per reporting period, oldest first, as columns.

    `actual` is NaN in a period with rows but no actual; `target_low` the
    target a CSV row gives the period (NaN: none), `target_high` its upper
    bound for an in-range KPI. Each subclass is also the `results.Provenance`
    of its periods: it says where each period's value came from, on demand.
    """

    periods: tuple[Period, ...]
    actual: np.ndarray
    partial: np.ndarray
    target_low: np.ndarray
    target_high: np.ndarray
    in_range: bool
    last_rows: list = field(init=False, default_factory=lambda: [-1, ()], repr=False)   # see rows_of

    def __len__(self) -> int:
        return len(self.periods)

    @cached_property
    def firsts(self) -> np.ndarray:
        return np.array([period.first for period in self.periods], dtype=np.int64)

    def positions(self, periods: list[Period] | tuple[Period, ...], firsts: np.ndarray | None = None) -> np.ndarray:
        """Each period's position in this series, -1 where the series has no value for it.

        `firsts` are the periods' first months, where the caller has them.
        A period is the same as one of the series when it starts in the same
        month under the same label (which fixes its length and calendar).
        """
        wanted = np.array([period.first for period in periods], dtype=np.int64) if firsts is None else firsts
        if not len(self.periods):
            return np.full(len(wanted), -1)
        found = np.minimum(np.searchsorted(self.firsts, wanted), len(self.periods) - 1)
        mine = self.periods
        same = [mine[at].label == period.label for at, period in zip(found.tolist(), periods)]
        return np.where((self.firsts[found] == wanted) & np.array(same, dtype=bool), found, -1)

    def actual_at(self, position: int) -> float | None:
        value = float(self.actual[position])
        return None if value != value else value

    def csv_target_at(self, position: int) -> float | tuple[float, float] | None:
        low = float(self.target_low[position])
        if low != low:
            return None
        return (low, float(self.target_high[position])) if self.in_range else low

    def target_place_at(self, position: int) -> Place | None:
        return None

    def value_at(self, position: int) -> PeriodValue:
        return PeriodValue(self, position)

    # The provenance of each period (results.Provenance).
    def months_of(self, position: int) -> tuple[str, ...]:
        return ()

    def values_of(self, position: int) -> tuple[float, ...]:
        return ()

    def value_places_of(self, position: int) -> tuple[tuple[str, int], ...]:
        return ()

    def rows_of(self, position: int) -> tuple[tuple[str, int], ...]:
        """Every row of a period; the last period's are kept, as pages read them several times in a row."""
        last = self.last_rows
        if last[0] != position:
            last[:] = position, self._rows_at(position)
        return last[1]

    def _rows_at(self, position: int) -> tuple[tuple[str, int], ...]:
        return ()

    def notes_of(self, position: int) -> tuple[str, ...]:
        return ()

    def inputs_of(self, position: int) -> tuple:
        return ()

    def missing_of(self, position: int):
        return None

    def inputs_had_data(self) -> np.ndarray | None:
        """For a calculated KPI, where each period used an input value of that very period (so a period
        without an actual is published with its reason); None for a series read from CSV."""
        return None


@dataclass(frozen=True, eq=False)
class ReadSeries(Series):
    """A series read from CSV rows: each period a span of `table`, from `starts` to `stops`."""

    table: RowTable
    starts: np.ndarray
    stops: np.ndarray
    value_counts: np.ndarray     # how many rows of the span have an actual
    target_rows: np.ndarray      # the row whose target counts (-1: none)

    def target_place_at(self, position: int) -> Place | None:
        row = int(self.target_rows[position])
        return None if row < 0 else Place(self.table.files[self.table.file_codes[row]], int(self.table.lines[row]))

    def _span(self, position: int) -> slice:
        return slice(self.starts.item(position), self.stops.item(position))

    def _value_rows(self, position: int) -> slice | np.ndarray:
        span = self._span(position)
        if self.value_counts.item(position) == span.stop - span.start:
            return span
        return span.start + np.flatnonzero(~np.isnan(self.table.actuals[span]))

    def months_of(self, position: int) -> tuple[str, ...]:
        return self.table.months(self._value_rows(position))

    def values_of(self, position: int) -> tuple[float, ...]:
        return self.table.values(self._value_rows(position))

    def value_places_of(self, position: int) -> tuple[tuple[str, int], ...]:
        return self.table.places(self._value_rows(position))

    def _rows_at(self, position: int) -> tuple[tuple[str, int], ...]:
        return self.table.places(self._span(position))

    def notes_of(self, position: int) -> tuple[str, ...]:
        span = self._span(position)
        return self.table.notes(span.start, span.stop)


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """A KPI's or measure's combined value for one reporting period, read from its series."""

    series: Series
    position: int

    @property
    def period(self) -> Period:
        return self.series.periods[self.position]

    @property
    def actual(self) -> float | None:
        return self.series.actual_at(self.position)

    @property
    def partial(self) -> bool:
        return bool(self.series.partial[self.position])

    @property
    def csv_target(self) -> float | tuple[float, float] | None:
        return self.series.csv_target_at(self.position)

    @property
    def target_place(self) -> Place | None:
        return self.series.target_place_at(self.position)

    @property
    def months_with_data(self) -> tuple[str, ...]:
        return self.series.months_of(self.position)

    @property
    def values(self) -> tuple[float, ...]:
        return self.series.values_of(self.position)

    @property
    def value_places(self) -> tuple[tuple[str, int], ...]:
        return self.series.value_places_of(self.position)

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        return self.series.rows_of(self.position)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.series.notes_of(self.position)


def period_values(table: pd.DataFrame, last_month: dict[str, int], periods: dict[tuple[str, str], Period],
                  aggregate: dict[tuple[str, str], str], in_range: set[tuple[str, str]]
                  ) -> dict[tuple[str, str], ReadSeries]:
    """Every (scorecard, KPI)'s values per reporting period up to its scorecard's as-of month, oldest first.

    `last_month` is each scorecard's last month evaluated (scorecards missing
    from it are left out); `periods` the reporting period of each
    (scorecard, label) of the table; `aggregate` each (scorecard, KPI)'s aggregate.
    """
    if table.empty or not last_month:
        return {}
    limit = table["scorecard"].map(last_month).astype("float64")
    rows = table[limit.notna() & (table["first"] <= limit.fillna(-1))]
    if rows.empty:
        return {}
    rows = _days_to_months(rows, aggregate)
    rows = rows.sort_values(["scorecard", "kpi", "first", "day", "file", "line"], kind="mergesort").reset_index(drop=True)
    # Sorted by KPI and month, each period's rows are contiguous: groups in
    # order of appearance are oldest first, and each is a span of `rows`.
    grouped = rows.groupby(["scorecard", "kpi", "label"], sort=False, observed=True)
    summary = grouped["actual"].agg(["size", "last", "sum", "mean", "median", "min", "max", "count"])
    stops = np.cumsum(summary["size"].to_numpy())
    starts = stops - summary["size"].to_numpy()
    row_table = _row_table(rows)
    keys = _GroupKeys(summary.index)
    group_periods = keys.periods(periods)
    kpis = keys.kpi_spans()
    actual = _combined(summary, [aggregate[kpi] for kpi, _, _ in kpis], [stop - start for _, start, stop in kpis])
    with_actual = ~np.isnan(row_table.actuals)
    latest_month = np.maximum.reduceat(np.where(with_actual, row_table.lasts, -1), starts)
    partial = ~np.isnan(actual) & (latest_month != np.array([p.last for p in group_periods]))
    target_rows = _last_row_where(rows["target"].notna().to_numpy(), starts, stops)
    target_low = np.where(target_rows >= 0, rows["target"].to_numpy()[target_rows], np.nan)
    target_high = np.where(target_rows >= 0, rows["target_high"].to_numpy()[target_rows], np.nan)
    value_counts = np.add.reduceat(with_actual, starts)
    found: dict[tuple[str, str], ReadSeries] = {}
    for key, start, stop in kpis:
        span = slice(start, stop)
        found[key] = ReadSeries(tuple(group_periods[span]), actual[span], partial[span], target_low[span],
                                target_high[span], key in in_range, row_table, starts[span], stops[span],
                                value_counts[span], target_rows[span])
    return found


class _GroupKeys:
    """The (scorecard, KPI, label) of each group of a summary, as codes."""

    def __init__(self, index: pd.MultiIndex):
        self.levels = [level.astype(str).tolist() for level in index.levels]
        self.codes = [np.asarray(codes) for codes in index.codes]

    def periods(self, periods: dict[tuple[str, str], Period]) -> list[Period]:
        """Each group's reporting period, looked up once per (scorecard, label)."""
        scorecards, labels = self.levels[0], self.levels[2]
        pairs = self.codes[0].astype(np.int64) * len(labels) + self.codes[2]
        unique, inverse = np.unique(pairs, return_inverse=True)
        found = [periods[(scorecards[pair // len(labels)], labels[pair % len(labels)])] for pair in unique.tolist()]
        return [found[i] for i in inverse.tolist()]

    def kpi_spans(self) -> list[tuple[tuple[str, str], int, int]]:
        """((scorecard, KPI), first group, group after the last) of each KPI, in order."""
        scorecard, kpi = self.codes[0], self.codes[1]
        changes = np.flatnonzero((scorecard[1:] != scorecard[:-1]) | (kpi[1:] != kpi[:-1])) + 1
        bounds = [0, *changes.tolist(), len(kpi)]
        return [((self.levels[0][scorecard[start]], self.levels[1][kpi[start]]), start, stop)
                for start, stop in zip(bounds[:-1], bounds[1:])]


def _row_table(rows: pd.DataFrame) -> RowTable:
    files = rows["file"]
    files = files.cat if isinstance(files.dtype, pd.CategoricalDtype) else pd.Categorical(files.astype(str))
    notes = rows["note"]
    with_note = np.flatnonzero(notes.notna().to_numpy())
    texts = notes.iloc[with_note].astype(str).to_numpy()
    return RowTable(
        files=tuple(str(name) for name in files.categories),
        file_codes=np.asarray(files.codes, dtype=np.int32),
        lines=rows["line"].to_numpy(dtype=np.int64),
        firsts=rows["first"].to_numpy(dtype=np.int32),
        lasts=rows["last"].to_numpy(dtype=np.int32),
        actuals=rows["actual"].to_numpy(dtype=float),
        note_rows=with_note[texts != ""],
        note_texts=tuple(texts[texts != ""].tolist()),
    )


def _combined(summary: pd.DataFrame, aggregates: list[str], group_counts: list[int]) -> np.ndarray:
    """Each group's actual by its KPI's aggregate (NaN where no row has one); sums, means and medians
    without floating-point noise."""
    which = np.repeat(np.array(aggregates, dtype=object), group_counts)
    actual = np.full(len(summary), np.nan)
    for name in ("last", "sum", "mean", "median", "min", "max"):
        chosen = which == name
        actual[chosen] = summary[name].to_numpy(dtype=float)[chosen]
    actual[summary["count"].to_numpy() == 0] = np.nan
    noisy = np.flatnonzero(np.isin(which, ["sum", "mean", "median"]) & ~np.isnan(actual))
    actual[noisy] = [_rounded(value) for value in actual[noisy].tolist()]
    return actual


def _last_row_where(mask: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The last row of each span where `mask` holds, -1 where it holds in none."""
    rows = np.flatnonzero(mask)
    if not len(rows):
        return np.full(len(starts), -1)
    last = np.searchsorted(rows, stops) - 1
    candidate = rows[np.maximum(last, 0)]
    return np.where((last >= 0) & (candidate >= starts), candidate, -1)


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
