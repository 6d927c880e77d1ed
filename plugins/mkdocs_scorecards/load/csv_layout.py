"""What a CSV file's columns mean: long form, wide form, or a KPI's own `source:` file.

The header decides the layout, and the layout reads each row into values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problems, nearest
from ..model import Kpi
from .csv_values import ValueReader
from .kpi_index import UNREADABLE, UNUSABLE, KpiIndex, listed

LONG_COLUMNS = ("kpi", "period", "actual", "target", "note")
SOURCE_COLUMNS = ("period", "actual", "target", "note")

_COLUMN_SYNONYMS = {"value": "actual", "actuals": "actual", "amount": "actual", "result": "actual",
                    "date": "period", "month": "period", "quarter": "period", "year": "period",
                    "comment": "note", "comments": "note", "notes": "note", "goal": "target",
                    "metric": "kpi", "measure": "kpi", "kpi_id": "kpi", "kpi-id": "kpi"}


def trim_trailing_empty(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


@dataclass
class Layout:
    """How one file's columns map to values: long, wide, or a KPI's own source file."""

    file: str
    header: list[str]
    kind: str
    kpi_columns: dict[int, tuple[str, Kpi] | None] = field(default_factory=dict)
    source_kpi: tuple[str, Kpi] | None = None
    set_aside: set[str] = field(default_factory=set)
    width: int = 0   # the most fields a row may have, the extra ones empty

    @classmethod
    def long(cls, file, line, header, problems):
        return cls._checked(file, line, header, LONG_COLUMNS, ("kpi", "period", "actual"), "long", problems)

    @classmethod
    def source(cls, file, line, header, source_kpi, problems):
        layout = cls._checked(file, line, header, SOURCE_COLUMNS, ("period", "actual"), "source", problems)
        if layout:
            layout.source_kpi = source_kpi
        return layout

    @classmethod
    def _checked(cls, file, line, header, allowed, required, kind, problems):
        ok = _no_duplicate_columns(file, line, header, problems)
        for position, name in enumerate(header, 1):
            if not name:
                problems.add(file, line, f"column {position} of the header has no name",
                             f"name it (columns allowed here: {', '.join(allowed)}), or remove the column")
                ok = False
            elif name not in allowed:
                guess = _COLUMN_SYNONYMS.get(name.lower(), "")
                guess = guess if guess in allowed else nearest(name, allowed)
                problems.add(file, line, f"unknown column '{name}'", f"did you mean '{guess}'?" if guess else
                             f"the columns allowed here are {', '.join(allowed)}")
                ok = False
        for name in required:
            if name not in header:
                problems.add(file, line, f"the header has no column '{name}'", f"add the column '{name}'")
                ok = False
        return cls(file, header, kind) if ok else None

    @classmethod
    def wide(cls, file, line, header, index: KpiIndex, problems):
        ok = _no_duplicate_columns(file, line, header, problems)
        layout = cls(file, header, "wide")
        for position, name in enumerate(header):
            if name == "period":
                continue
            if not name:
                problems.add(file, line, f"column {position + 1} of the header has no name",
                             "name the KPI of this column, or remove the column")
                ok = False
                continue
            if name in ("actual", "target", "note"):
                problems.add(file, line, f"column '{name}' belongs to the long form, which also needs a 'kpi' column",
                             "add a `kpi` column, or name one KPI per column")
                ok = False
                continue
            found, message, hint = index.find(name)
            if found is None and message == UNUSABLE:
                problems.add(file, line, f"column '{name}' was not read, because its KPI's definition "
                             "(or its objective's) has errors", hint)
                ok = False
            elif found is None and message == UNREADABLE:
                problems.add(file, line, f"column '{name}' was not read, because its KPI is not known", hint)
                ok = False
            elif found is None:
                problems.add(file, line, f"column '{name}': {message}", hint)
                ok = False
            layout.kpi_columns[position] = found
        return layout if ok else None

    def _set_aside(self, name: str, line: int, message: str, hint: str, problems: Problems) -> bool:
        """A row of a KPI that cannot be known now: said once per file, not once per row."""
        if name not in self.set_aside:
            self.set_aside.add(name)
            if message == UNUSABLE:
                problems.add(self.file, line, f"rows for KPI '{name}' (from this line on) were not read, "
                             "because its definition (or its objective's) has errors", hint)
            else:
                problems.add(self.file, line, f"rows for KPI '{name}' (from this line on) were not read, "
                             "because the KPI is not known", hint)
        return False

    def read_row(self, line: int, row: list[str], delimiter: str, index: KpiIndex, values: ValueReader,
                 add, problems: Problems) -> bool:
        """Check one row and place all of its values, or none of them; False when it was rejected."""
        cells = [cell.strip() for cell in row]
        if len(self.header) < len(cells) <= self.width and not any(cells[len(self.header):]):
            cells = cells[: len(self.header)]
        if len(cells) != len(self.header):
            problems.add(self.file, line, f"this row has {len(cells)} fields but the header has {len(self.header)}",
                         "check for a missing or extra delimiter, or quote values that contain one")
            return False
        named = dict(zip(self.header, cells))
        place = (self.file, line)
        if self.kind == "wide":
            records = []
            for position, found in self.kpi_columns.items():
                if cells[position]:
                    records.append(values.read(found, named["period"], cells[position], "", "", delimiter, place,
                                               problems, f"in column '{self.header[position]}'"))
            if any(record is None for record in records):
                return False
            for record in records:
                add(record)
            return True
        if self.kind == "source":
            found = self.source_kpi
        else:
            found, message, hint = index.find(named["kpi"])
            if found is None and message in (UNUSABLE, UNREADABLE):
                return self._set_aside(named["kpi"], line, message, hint, problems)
            if found is None:
                problems.add(self.file, line, message if named["kpi"] else "the kpi field is empty",
                             hint if named["kpi"] else "name the KPI this row is for")
                return False
        record = values.read(found, named["period"], named.get("actual", ""), named.get("target", ""),
                             named.get("note", ""), delimiter, place, problems, "actual")
        if record is None:
            return False
        add(record)
        return True


def _no_duplicate_columns(file, line, header, problems) -> bool:
    seen = set()
    ok = True
    for name in header:
        if name in seen and name:
            problems.add(file, line, f"the column '{name}' appears twice", "remove one of them")
            ok = False
        seen.add(name)
    return ok



def choose_layout(file: str, in_data: str, line: int, header: list[str], index: KpiIndex,
                  problems: Problems) -> Layout | None:
    """The layout the header asks for; None (with a problem at the header) when it asks for none.

    `in_data` is the file's path below the data folder, which is how a
    KPI's `source:` names it.
    """
    source_kpi = index.by_source.get(in_data)
    if source_kpi is not None:
        return Layout.source(file, line, header, source_kpi, problems)
    if in_data in index.broken_sources:
        kpi_id, definition = index.broken_sources[in_data]
        problems.add(file, line, f"this file was not read: it is the `source:` of KPI '{kpi_id}', "
                     "whose definition (or its objective's) has errors", f"fix them in {definition}")
        return None
    if "kpi" in header:
        return Layout.long(file, line, header, problems)
    if "period" in header and set(header) <= set(SOURCE_COLUMNS) and "actual" in header:
        hint = f"add `source: {in_data}` to its KPI, or add a `kpi` column (long form)"
        if index.partly_read:
            hint = f"it may be the source of a KPI defined in {listed(index.partly_read.values())}, which has " \
                "errors to fix first; otherwise " + hint
        problems.add(file, line, "this file has the columns of a KPI's own source file, but no KPI names "
                     "it in `source:`", hint)
        return None
    if "period" in header:
        return Layout.wide(file, line, header, index, problems)
    lowered = [name.lower() for name in header]
    hint = "start the file with `kpi,period,actual,target,note` (long form) or `period,<kpi>,<kpi>...` (wide form)"
    if "kpi" in lowered or "period" in lowered:
        hint = "write the column names in lowercase; " + hint
    problems.add(file, line, "the header names neither a `kpi` nor a `period` column", hint)
    return None
