"""The table of actuals being filled: chunks of columns, and what happened to each row read.

The row reader adds one record (a dict) at a time, the column-wise reader
a whole file's columns at once; both end in the same DataFrame. Text
columns that repeat (scorecard, KPI, label, file) are kept as codes into
their own few values, so that a million rows never become a million Python
strings to compare again: the frame's categories are the sorted values used,
as `pd.Series(values, dtype="category")` would make them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = ("scorecard", "kpi", "first", "last", "label", "actual", "target", "target_high", "note",
           "file", "line", "day")
CATEGORIES = ("scorecard", "kpi", "label", "file")
INTEGERS = ("first", "last", "line", "day")
FLOATS = ("actual", "target", "target_high")


class ActualsTable:
    """Columns being filled, in chunks, and the count of rows read, placed and rejected.

    A chunk maps each name of COLUMNS to a numpy array, except the
    CATEGORIES, which are (codes, values): int codes into a list of str.
    """

    def __init__(self) -> None:
        self.chunks: list[dict] = []
        self.records: list[dict] = []
        self.read = self.placed = self.rejected = 0

    def add(self, record: dict) -> None:
        """One row reader's record; kept in order with the chunks added before and after it."""
        self.records.append(record)

    def add_columns(self, chunk: dict) -> None:
        self._flush()
        if len(chunk["line"]):
            self.chunks.append(chunk)

    def _flush(self) -> None:
        if self.records:
            self.chunks.append(chunk_of_records(self.records))
            self.records = []

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame; the chunks are let go, as the frame holds its own copy."""
        self._flush()
        chunks, self.chunks = self.chunks, []
        if not chunks:
            return _empty_frame()
        columns: dict[str, object] = {}
        for name in COLUMNS:
            if name in CATEGORIES:
                columns[name] = pd.Series(_categorical([chunk[name] for chunk in chunks]))
            elif name == "note":
                columns[name] = pd.Series(pd.array(_joined([chunk[name] for chunk in chunks]), dtype="string"))
            else:
                columns[name] = _joined([chunk[name] for chunk in chunks])
        return pd.DataFrame(columns)


def chunk_of_records(records: list[dict]) -> dict:
    """The row reader's records as one chunk of columns."""
    chunk: dict[str, object] = {}
    for name in COLUMNS:
        values = [record[name] for record in records]
        if name in CATEGORIES:
            codes, uniques = pd.factorize(np.array(values, dtype=object))
            chunk[name] = (codes, list(uniques))
        elif name in INTEGERS:
            chunk[name] = np.asarray(values, dtype=np.int64)
        elif name in FLOATS:
            chunk[name] = np.asarray(values, dtype=np.float64)
        else:
            chunk[name] = np.array(values, dtype=object)
    return chunk


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _categorical(parts: list[tuple[np.ndarray, list[str]]]) -> pd.Categorical:
    """One categorical of several (codes, values) parts, its categories the sorted values used."""
    used = []
    for codes, values in parts:
        seen = np.bincount(codes, minlength=len(values)) > 0
        used.extend(value for value, there in zip(values, seen) if there)
    categories = sorted(set(used))
    position = {value: code for code, value in enumerate(categories)}
    codes = _joined([np.array([position.get(value, -1) for value in values], dtype=np.int64)[part_codes]
                     for part_codes, values in parts])
    return pd.Categorical.from_codes(codes, categories=categories)


def _empty_frame() -> pd.DataFrame:
    empty: list = []
    return pd.DataFrame({
        "scorecard": pd.Series(empty, dtype="category"),
        "kpi": pd.Series(empty, dtype="category"),
        "first": np.asarray(empty, dtype=np.int64),
        "last": np.asarray(empty, dtype=np.int64),
        "label": pd.Series(empty, dtype="category"),
        "actual": np.asarray(empty, dtype=np.float64),
        "target": np.asarray(empty, dtype=np.float64),
        "target_high": np.asarray(empty, dtype=np.float64),
        "note": pd.Series(empty, dtype="string"),
        "file": pd.Series(empty, dtype="category"),
        "line": np.asarray(empty, dtype=np.int64),
        "day": np.asarray(empty, dtype=np.int64),
    })
