"""The typed model that loading produces and computing reads.

Everything is frozen: after `load` has validated the inputs nothing changes
them. Actuals are held column-wise in one table per project (see `Actuals`),
never as an object per value, so a million data points stay cheap.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .expressions import Formula
from .periods import Calendar, Period

Better = Literal["higher", "lower", "in-range"]
Aggregate = Literal["last", "sum", "mean", "median", "min", "max"]

# A target is a number, or a (low, high) pair for in-range KPIs.
TargetValue = float | tuple[float, float]

DEFAULT_PERSPECTIVES = (
    ("financial", "Financial"),
    ("customer", "Customer"),
    ("internal", "Internal process"),
    ("learning", "Learning and growth"),
)


def stretch_lies_beyond(stretch: float, target: float, better: str) -> bool:
    """FORMAT: a stretch lies on the better side of every target in force."""
    return stretch > target if better == "higher" else stretch < target


@dataclass(frozen=True)
class Place:
    """Where something was written: a path relative to the project, and a line."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class RelativeTarget:
    """A target written "+N%" or "-N%": the KPI's baseline times 1 + N/100 (FORMAT section 11)."""

    percent: float   # signed: -5 for "-5%"

    def of(self, baseline: float) -> float:
        return baseline * (1 + self.percent / 100)

    def __str__(self) -> str:
        return f"{self.percent:+g}%"


# A target as the definition writes it: a number, a relative target, or a pair of either for in-range KPIs.
TargetRule = float | RelativeTarget | tuple[float | RelativeTarget, float | RelativeTarget]


def is_relative(rule) -> bool:
    """True when a target rule needs the baseline to be a number."""
    if isinstance(rule, tuple):
        return any(isinstance(part, RelativeTarget) for part in rule)
    return isinstance(rule, RelativeTarget)


@dataclass(frozen=True)
class ScheduleEntry:
    """One step of a target schedule, in force from the reporting period holding `period`'s first month.

    `value` None ends the target: from that period on the KPI has none, until a later entry.
    """

    period: Period
    value: TargetRule | None
    line: int = 0   # where the entry was written, for provenance


@dataclass(frozen=True)
class Baseline:
    """What relative targets are taken of: a number, or the KPI's own actual in a period."""

    value: float | None = None
    period: Period | None = None
    line: int = 0

    def __str__(self) -> str:
        return self.period.label if self.period else f"{self.value:g}"


@dataclass(frozen=True)
class Tolerance:
    """Width of the amber band: an absolute amount, or a percent of the target."""

    amount: float
    percent: bool

    def __str__(self) -> str:
        return f"{self.amount:g}%" if self.percent else f"{self.amount:g}"


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    better: Better
    place: Place
    unit: str = ""
    target: TargetRule | None = None
    schedule: tuple[ScheduleEntry, ...] = ()
    tolerance: Tolerance = Tolerance(10.0, True)
    stretch: float | None = None
    aggregate: Aggregate = "last"
    indicator: str = ""
    weight: float = 1.0
    decimals: int | None = None
    source: str = ""
    source_line: int = 0   # where `source:` was written, for a missing file
    target_line: int = 0   # where `target:` was written, for provenance
    description: str = ""
    formula: Formula | None = None   # a calculated KPI's formula (FORMAT section 11)
    baseline: Baseline | None = None
    phasing: str = ""                # "even": targets are for a whole fiscal year, phased by month
    grain: str = "month"             # "day" for `grain: daily`
    frequency: str = ""              # its own reporting frequency when coarser than the scorecard's
    # Where keys were written ("target", "stretch", "tolerance", ... -> line), for problems found
    # once values are known (a relative target of a baseline read from the data).
    key_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.key_lines).get(key, self.place.line)


@dataclass(frozen=True)
class Measure:
    """A series with no target and no status of its own: the counts a calculated KPI is made of."""

    id: str
    title: str
    place: Place
    unit: str = ""
    aggregate: Aggregate = "last"
    grain: str = "month"
    frequency: str = ""
    decimals: int | None = None
    source: str = ""
    source_line: int = 0
    description: str = ""


def own_calendar(series: Kpi | Measure, calendar: Calendar) -> Calendar:
    """The calendar a KPI or measure reports in: its own frequency, else its scorecard's (FORMAT section 12)."""
    if not series.frequency or series.frequency == calendar.frequency:
        return calendar
    return Calendar(series.frequency, calendar.fiscal_year_start)


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    place: Place
    owner: str = ""
    start: datetime.date | None = None
    due: datetime.date | None = None
    budget: float | None = None
    progress: float | None = None


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    perspective: str
    place: Place
    theme: str = ""
    owner: str = ""
    description: str = ""
    weight: float = 1.0
    drives: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()   # "scorecard/objective"
    kpis: tuple[Kpi, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    # Where each reference was written ("perspective", "theme", "drives:<id>",
    # "supports:<sc>/<id>" -> line), so a bad reference is reported at its line.
    reference_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.reference_lines).get(key, self.place.line)


@dataclass(frozen=True)
class Perspective:
    id: str
    title: str
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True)
class Scorecard:
    id: str
    title: str
    place: Place
    owner: str = ""
    description: str = ""
    parent: str = ""
    parent_line: int = 0
    calendar: Calendar = Calendar()
    perspectives: tuple[Perspective, ...] = ()
    themes: tuple[Theme, ...] = ()
    objectives: tuple[Objective, ...] = ()
    # KPIs and measures whose definitions have errors: already reported, so
    # their CSV rows are set aside rather than reported again as unknown.
    unusable_kpis: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()

    def kpis(self):
        for objective in self.objectives:
            yield from objective.kpis

    def series(self):
        """Every KPI and measure: what CSV rows and formulas can name."""
        yield from self.kpis()
        yield from self.measures


@dataclass(frozen=True)
class RowCounts:
    """What happened to the CSV rows: every row read was placed or rejected."""

    read: int = 0
    placed: int = 0
    rejected: int = 0
    files: int = 0


@dataclass(frozen=True)
class Placement:
    """How many values of one CSV file went to how many KPIs of one scorecard."""

    file: str
    scorecard: str
    values: int
    kpis: int


@dataclass(frozen=True, eq=False)
class Actuals:
    """Every CSV row that was read, one row per value, as columns.

    Columns: ``scorecard``, ``kpi``, ``first``/``last`` (the months the row's
    period covers, as ordinals ``year * 12 + month - 1``), ``label`` (the
    reporting period the row falls in; `periods` maps each (scorecard,
    label) to its `Period`), ``actual`` and ``target`` (float, NaN when
    empty), ``target_high`` (the upper bound of an in-range target),
    ``note``, ``file``, ``line`` and ``day`` (the day of the month of a
    row of a `grain: daily` series, else 0). ``kpi`` names a KPI or a
    measure, and ``label`` is in the calendar of that series.
    """

    table: pd.DataFrame
    periods: dict[tuple[str, str], Period]
    rows: RowCounts = RowCounts()

    def placement(self) -> tuple[Placement, ...]:
        """Where the values of each file went, in file and scorecard order."""
        table = self.table
        if table.empty:
            return ()
        grouped = table.groupby(["file", "scorecard"], observed=True, sort=True)
        counts = grouped.agg(placed=("line", "size"), kpis=("kpi", "nunique"))
        return tuple(Placement(str(file), str(scorecard), int(placed), int(kpis))
                     for (file, scorecard), placed, kpis in zip(counts.index, counts["placed"], counts["kpis"]))


@dataclass(frozen=True)
class Commentary:
    """One Markdown note: a scorecard's summary of a period, or an objective's."""

    scorecard: str
    period: Period
    objective: str   # "" for the scorecard summary
    text: str
    place: Place


@dataclass(frozen=True)
class InputFile:
    path: str
    sha256: str


@dataclass(frozen=True, eq=False)
class Project:
    """Everything loaded from one site's inputs, validated."""

    scorecards: tuple[Scorecard, ...]
    actuals: Actuals
    commentary: tuple[Commentary, ...] = ()
    inputs: tuple[InputFile, ...] = ()

    def scorecard(self, scorecard_id: str) -> Scorecard:
        for scorecard in self.scorecards:
            if scorecard.id == scorecard_id:
                return scorecard
        raise KeyError(scorecard_id)
