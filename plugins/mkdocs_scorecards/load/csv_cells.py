"""A CSV file's cells by column, as pandas' C parser reads them, for the column-wise reader.

pandas reads the whole file in one go, every line a record (`csv_lines`
has made sure it may), each column either as str cells or, where the
values repeat (a KPI, a period, a note), straight into codes of its
distinct values: a million rows then make a few thousand strings, not
millions. `FileRows` gives the columns of a file's data rows, and each
row's cells as the csv module would give them to the row reader.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from .csv_lines import Lines


class Column:
    """One column's cells, every line's: either as str cells, or as codes into its distinct values."""

    def __init__(self, series: pd.Series):
        if isinstance(series.dtype, pd.CategoricalDtype):
            self.codes = series.cat.codes.to_numpy()
            self.values = series.cat.categories.to_numpy(dtype=object)
            self.cells = None
        else:
            self.cells = series.to_numpy(dtype=object)

    def at(self, line: int) -> str:
        return self.cells[line] if self.cells is not None else self.values[self.codes[line]]

    def cells_at(self, lines) -> np.ndarray:
        return self.cells[lines] if self.cells is not None else self.values[self.codes[lines]]

    def codes_at(self, lines) -> tuple[np.ndarray, np.ndarray]:
        """(a code per line, the distinct values the codes are of)."""
        if self.cells is not None:
            return pd.factorize(self.cells[lines])
        return self.codes[lines].astype(np.int64), self.values

    def blank_at(self, lines) -> np.ndarray:
        """Whether each cell is empty or white space."""
        if self.cells is not None:
            return np.array([not cell.strip() for cell in self.cells[lines]], dtype=bool)
        return np.array([not value.strip() for value in self.values], dtype=bool)[self.codes[lines]]

    def empty_at(self, lines) -> np.ndarray:
        if self.cells is not None:
            return self.cells[lines] == ""
        return (self.values == "")[self.codes[lines]]


def read_cells(lines: Lines, delimiter: str, repeating: list[int]) -> list[Column] | None:
    """Every line's cells by column ('' past a line's last field); None when pandas does not give one
    record per line."""
    width = int(lines.fields.max())
    dtypes = {position: ("category" if position in repeating else object) for position in range(width)}
    try:
        frame = pd.read_csv(io.BytesIO(lines.body), sep=delimiter, header=None, names=range(width), index_col=False,
                            dtype=dtypes, na_filter=False, keep_default_na=False, skip_blank_lines=False,
                            quoting=csv.QUOTE_MINIMAL if lines.quoted.any() else csv.QUOTE_NONE, engine="c",
                            encoding="utf-8")
    except (ValueError, pd.errors.ParserError):
        return None
    if len(frame) != lines.count:
        return None
    return [Column(frame[position]) for position in range(width)]


def settle_blank(lines: Lines, columns: list[Column]) -> None:
    """Whether each line that starts with a quote is blank, from its cells: the first cell not blank
    settles most of them."""
    unsure = np.flatnonzero(lines.unsure)
    for column in columns:
        if not len(unsure):
            return
        unsure = unsure[column.blank_at(unsure)]
    lines.blank[unsure] = True


class FileRows:
    """A file's cells by column, and the lines (0-based) of its data rows."""

    def __init__(self, columns: list[Column], lines: Lines, at: np.ndarray):
        self.columns = columns
        self.lines = lines
        self.at = at
        self.fields = lines.fields[at]
        # A slice where the rows are one run of lines (no blank line among them), which numpy takes as a view.
        self.chosen = slice(int(at[0]), int(at[-1]) + 1) if len(at) and at[-1] - at[0] + 1 == len(at) else at

    def cells_of(self, at: int) -> list[str]:
        """One line's cells as the csv module gives them."""
        return [column.at(at) for column in self.columns[: self.lines.fields[at]]]

    def cells(self, position: int) -> np.ndarray:
        return self.columns[position].cells_at(self.chosen)

    def codes(self, position: int) -> tuple[np.ndarray, np.ndarray]:
        return self.columns[position].codes_at(self.chosen)

    def empty(self, position: int) -> np.ndarray:
        return self.columns[position].empty_at(self.chosen)
