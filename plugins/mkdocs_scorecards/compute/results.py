"""What evaluation produces: plain frozen records that rendering reads.

Everything a page or the command line shows is here as data: values,
statuses, the band that applied, the explanation's facts, the strategic
gaps and what happened to the CSV rows. Wording is for the front doors.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cached_property
from typing import Protocol, TypeVar

from ..model import Initiative, InputFile, Kpi, Measure, Objective, Perspective, Place, Placement, RowCounts, Scorecard
from ..periods import Period
from .evidence import Evidence
from .initiatives import InitiativeStatus
from .status import Band, Status
from .trend import Trend


class TargetOrigin(StrEnum):
    DEFINITION = "definition"
    SCHEDULE = "schedule"
    CSV = "csv"


@dataclass(frozen=True)
class TargetSource:
    """Where a period's target came from: the definition's `target`, a schedule entry, or a CSV row."""

    origin: TargetOrigin
    since: Period | None = None   # the schedule entry's period
    row: Place | None = None      # the CSV row whose target column counts
    relative: str = ""            # "-5%" where the target was written relative to the baseline
    annual: float | None = None   # with `phasing: even`: the whole fiscal year's target ...
    months: int = 0               # ... of which months / 12 is in force


@dataclass(frozen=True)
class BaselineValue:
    """The number relative targets are taken of, and the period it is the KPI's actual in (None for a number)."""

    value: float
    period: Period | None = None


@dataclass(frozen=True)
class InputValue:
    """One value a formula used: the input as the formula names it, its period, value and CSV rows."""

    name: str
    label: str
    value: float
    places: tuple[tuple[str, int], ...]
    partial: bool = False


@dataclass(frozen=True)
class Reason:
    """Why a calculated KPI has no actual in a period (FORMAT section 11).

    `kind` is "missing" (`input` has no value in `label`), "division by
    zero" (`input` is the divisor that was 0 in `label`), or "not a number"
    / "too large" for arithmetic that left the finite numbers.
    """

    kind: str
    input: str
    label: str


Item = TypeVar("Item")


class LazyTuple(Sequence[Item]):
    """A tuple made when first read: a KPI's periods become objects only when a page, the JSON or
    an explanation reads them, so evaluating a project does not make one per KPI and period
    (and an evaluation that only needs the as-of period, as an archived report's, never does)."""

    __slots__ = ("_make", "_items")

    def __init__(self, make: Callable[[], tuple[Item, ...]]):
        self._make: Callable[[], tuple[Item, ...]] | None = make
        self._items: tuple[Item, ...] | None = None

    def _tuple(self) -> tuple[Item, ...]:
        if self._items is None:
            self._items, self._make = self._make(), None
        return self._items

    def __len__(self) -> int:
        return len(self._tuple())

    def __getitem__(self, index):
        return self._tuple()[index]

    def __iter__(self) -> Iterator[Item]:
        return iter(self._tuple())

    def __reversed__(self) -> Iterator[Item]:
        return reversed(self._tuple())

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyTuple):
            other = other._tuple()
        return self._tuple() == other

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return repr(self._tuple())


class Provenance(Protocol):
    """Where a period's value came from, read on demand for the period at `position`.

    A series keeps its rows as shared columns (`series.RowTable`) and each
    period a span of them, so a million rows make no tuple per period until
    a page, the JSON or an explanation asks for one.
    """

    def months_of(self, position: int) -> tuple[str, ...]: ...
    def values_of(self, position: int) -> tuple[float, ...]: ...
    def value_places_of(self, position: int) -> tuple[tuple[str, int], ...]: ...
    def rows_of(self, position: int) -> tuple[tuple[str, int], ...]: ...
    def notes_of(self, position: int) -> tuple[str, ...]: ...
    def inputs_of(self, position: int) -> tuple[InputValue, ...]: ...
    def missing_of(self, position: int) -> Reason | None: ...


@dataclass(frozen=True)
class GivenProvenance:
    """Provenance written out in full: a period built by hand, a not-due period, or one without rows."""

    months: tuple[str, ...] = ()
    rows: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()
    values: tuple[float, ...] = ()
    value_places: tuple[tuple[str, int], ...] = ()
    inputs: tuple[InputValue, ...] = ()
    missing: Reason | None = None

    def months_of(self, position: int) -> tuple[str, ...]:
        return self.months

    def values_of(self, position: int) -> tuple[float, ...]:
        return self.values

    def value_places_of(self, position: int) -> tuple[tuple[str, int], ...]:
        return self.value_places

    def rows_of(self, position: int) -> tuple[tuple[str, int], ...]:
        return self.rows

    def notes_of(self, position: int) -> tuple[str, ...]:
        return self.notes

    def inputs_of(self, position: int) -> tuple[InputValue, ...]:
        return self.inputs

    def missing_of(self, position: int) -> Reason | None:
        return self.missing


NO_ROWS = GivenProvenance()


@dataclass(frozen=True, slots=True, init=False, eq=False)
class KpiPeriod:
    """One KPI in one reporting period, evaluated.

    `months`, `rows`, `notes`, `values`, `value_places`, `inputs` and
    `missing` are read from `provenance` when asked for: the months with a
    value, (file, line) of every row of the period, the rows' notes, the
    values combined into `actual` (one per month) and where each was
    written, a calculated KPI's input values used, and why a calculated
    KPI has no actual here.
    """

    period: Period | None           # None only for a scorecard without any data
    actual: float | None
    target: float | tuple[float, float] | None
    target_from: TargetSource | None
    tolerance: float | None         # absolute band width used
    band: Band                      # the rule of section 6 that gave status and score
    status: Status
    score: float | None
    partial: bool
    provenance: Provenance
    position: int                   # the period's position in `provenance`

    def __init__(self, period, actual, target, target_from, tolerance, band, status, score, partial,
                 months=(), rows=(), notes=(), values=(), value_places=(), inputs=(), missing=None):
        """A period with its provenance written out; evaluation uses `KpiPeriod.read` instead."""
        given = GivenProvenance(tuple(months), tuple(rows), tuple(notes), tuple(values), tuple(value_places),
                                tuple(inputs), missing)
        _fill(self, period, actual, target, target_from, tolerance, band, status, score, partial, given, 0)

    @classmethod
    def read(cls, period, actual, target, target_from, tolerance, band, status, score, partial,
             provenance: Provenance, position: int) -> KpiPeriod:
        """A period whose provenance is read from a series on demand."""
        found = object.__new__(cls)
        _fill(found, period, actual, target, target_from, tolerance, band, status, score, partial, provenance,
              position)
        return found

    @property
    def label(self) -> str:
        return self.period.label if self.period else ""

    @property
    def months(self) -> tuple[str, ...]:
        return self.provenance.months_of(self.position)

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        return self.provenance.rows_of(self.position)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.provenance.notes_of(self.position)

    @property
    def values(self) -> tuple[float, ...]:
        return self.provenance.values_of(self.position)

    @property
    def value_places(self) -> tuple[tuple[str, int], ...]:
        return self.provenance.value_places_of(self.position)

    @property
    def inputs(self) -> tuple[InputValue, ...]:
        return self.provenance.inputs_of(self.position)

    @property
    def missing(self) -> Reason | None:
        return self.provenance.missing_of(self.position)

    def _items(self) -> tuple[tuple[str, object], ...]:
        """What the period says, its provenance read out: what equality, hashing and repr compare and show."""
        names = ("period", "actual", "target", "target_from", "tolerance", "band", "status", "score", "partial",
                 "months", "rows", "notes", "values", "value_places", "inputs", "missing")
        return tuple((name, getattr(self, name)) for name in names)

    def __eq__(self, other) -> bool:
        return isinstance(other, KpiPeriod) and self._items() == other._items()

    def __hash__(self) -> int:
        return hash(self._items())

    def __repr__(self) -> str:
        return f"KpiPeriod({', '.join(f'{name}={value!r}' for name, value in self._items())})"


_SETTERS = tuple(getattr(KpiPeriod, member.name).__set__ for member in fields(KpiPeriod))


def _fill(period: KpiPeriod, *values) -> None:
    """Set a frozen period's fields (through the slots, as a frozen dataclass's own __init__ does)."""
    for setter, value in zip(_SETTERS, values):
        setter(period, value)


@dataclass(frozen=True)
class Part:
    """One child in a roll-up: an objective's KPI, a perspective's objective, a scorecard's perspective."""

    id: str
    title: str
    score: float | None
    weight: float | None   # None where every child counts once (a scorecard's perspectives)


@dataclass(frozen=True)
class Rollup:
    """How one level's score in one period came from its children's."""

    level: str   # objective | perspective | scorecard
    title: str
    parts: tuple[Part, ...]
    score: float | None
    status: Status


@dataclass(frozen=True)
class Explanation:
    """The facts behind one KPI's status in one period, for `scorecards explain` and the pages.

    `evaluated` is None when the KPI has no actual in `period`; `rollup`
    runs from the KPI's objective up to the scorecard.
    """

    kpi: Kpi
    period: Period | None
    evaluated: KpiPeriod | None
    rollup: tuple[Rollup, ...] = ()


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    current: KpiPeriod              # the as-of period (no-data when it has no actual)
    series: Sequence[KpiPeriod]     # periods with data up to as-of, oldest first (a tuple, or made on first use)
    trend: Trend
    previous: KpiPeriod | None = None   # the reporting period before the as-of period, which the trend compares

    @property
    def change(self) -> float | None:
        """The actual's change from the previous reporting period; None when either has no actual."""
        if self.previous is None or self.previous.actual is None or self.current.actual is None:
            return None
        return self.current.actual - self.previous.actual
    baseline: BaselineValue | None = None
    # A KPI reported less often than its scorecard (FORMAT section 12), when `current` is not-due:
    # its latest evaluated period (in its own calendar) and the reporting period when it is next due.
    latest: KpiPeriod | None = None
    next_due: Period | None = None
    # A calculated KPI's periods up to as-of without an actual although an input had a value in them,
    # each with its `missing` reason (FORMAT sections 8 and 11; site_src/guide/decisions.md); a tuple, or
    # made on first use.
    no_actual: Sequence[KpiPeriod] = ()

    @cached_property
    def by_period(self) -> dict[Period, KpiPeriod]:
        return {p.period: p for p in self.series}

    @cached_property
    def published_series(self) -> Sequence[KpiPeriod]:
        """The series as scorecard.json publishes it: the periods with an actual and, for a calculated
        KPI, those without one where an input had data, oldest first."""
        if not self.no_actual:
            return self.series
        return tuple(sorted((*self.series, *self.no_actual), key=lambda p: p.period.first))

    def evaluated_in(self, period: Period | None) -> KpiPeriod | None:
        """The KPI in one period of its published series (None where it has no data)."""
        found = self.by_period.get(period)
        return found if found is not None else next((p for p in self.no_actual if p.period == period), None)


@dataclass(frozen=True)
class InitiativeResult:
    initiative: Initiative
    status: InitiativeStatus
    expected: float | None


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    score: float | None
    status: Status
    trend: Trend
    kpis: tuple[KpiResult, ...]
    initiatives: tuple[InitiativeResult, ...]
    history: dict[Period, float | None]   # score per reporting period up to as-of, oldest first
    previous_score: float | None = None   # in the reporting period before the as-of period
    commentary: str = ""
    earlier_commentary: tuple[tuple[Period, str], ...] = ()   # newest first
    driven_by: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()   # "scorecard/objective"


@dataclass(frozen=True)
class PerspectiveResult:
    perspective: Perspective
    score: float | None
    status: Status
    objectives: tuple[ObjectiveResult, ...]
    history: dict[Period, float | None]
    previous_score: float | None = None


@dataclass(frozen=True)
class LinkResult:
    cause: str
    effect: str
    evidence: Evidence
    # At the chosen lag: cause period, score, effect period, score (a tuple, or made on first use).
    pairs: Sequence[tuple[Period, float, Period, float]]


class GapKind(StrEnum):
    """In the order a board should read them: where performance is worst first, then what is
    broken in the scorecard itself."""

    RED_OBJECTIVE = "red-objective"
    DECLINING_OBJECTIVE = "declining-objective"
    OVERDUE_INITIATIVE = "overdue-initiative"
    CONTRADICTED_ARROW = "contradicted-arrow"
    EMPTY_PERSPECTIVE = "empty-perspective"
    NO_KPIS = "no-kpis"
    OFF_THE_MAP = "off-the-map"
    NO_ACTUAL = "no-actual"
    NO_TARGET = "no-target"


@dataclass(frozen=True)
class Gap:
    """Something a governance team should fix in the scorecard itself.

    `subject` is the title of what it concerns (a perspective or an
    objective), `objective` that objective's id for a link; `detail` the
    title of the KPI, initiative or effect objective involved, `due` an
    overdue initiative's due date, `score` and `change` an objective's
    score and its change from the previous period.
    """

    kind: GapKind
    subject: str
    objective: str = ""
    detail: str = ""
    due: datetime.date | None = None
    score: float | None = None
    change: float | None = None


@dataclass(frozen=True)
class MeasureResult:
    """A measure's values per reporting period up to as-of, oldest first (no target, no status).

    `series` holds the `series.PeriodValue`s with a value: actual, partial,
    the months and rows combined."""

    measure: Measure
    series: Sequence


@dataclass(frozen=True)
class ScorecardResult:
    scorecard: Scorecard
    as_of: Period | None            # None when the scorecard has no data at all
    today: datetime.date | None     # last day of the as-of period
    score: float | None
    status: Status
    perspectives: tuple[PerspectiveResult, ...]
    links: tuple[LinkResult, ...]
    periods: tuple[Period, ...]     # reporting periods up to as-of, oldest first
    history: dict[Period, float | None]
    previous_score: float | None = None
    commentary: str = ""
    earlier_commentary: tuple[tuple[Period, str], ...] = ()   # newest first
    children: tuple[str, ...] = ()
    gaps: tuple[Gap, ...] = ()
    explanations: Mapping[str, Explanation] = field(default_factory=dict)   # KPI id -> its as-of explanation
    measures: tuple[MeasureResult, ...] = ()

    # Indexes built once on first use, so that pages and explanations look
    # objectives and KPIs up by id instead of scanning (which would grow with
    # the square of a large scorecard).
    @cached_property
    def objectives(self) -> tuple[ObjectiveResult, ...]:
        return tuple(o for p in self.perspectives for o in p.objectives)

    @cached_property
    def _objectives_by_id(self) -> dict[str, ObjectiveResult]:
        return {o.objective.id: o for o in self.objectives}

    @cached_property
    def kpis_by_id(self) -> dict[str, tuple[ObjectiveResult, KpiResult]]:
        return {k.kpi.id: (o, k) for o in self.objectives for k in o.kpis}

    @cached_property
    def _perspectives_by_id(self) -> dict[str, PerspectiveResult]:
        return {p.perspective.id: p for p in self.perspectives}

    @property
    def as_of_label(self) -> str:
        return self.as_of.label if self.as_of else ""

    def objective(self, objective_id: str) -> ObjectiveResult:
        return self._objectives_by_id[objective_id]

    def perspective_of(self, objective: ObjectiveResult) -> PerspectiveResult:
        return self._perspectives_by_id[objective.objective.perspective]


@dataclass(frozen=True)
class ProjectResult:
    scorecards: tuple[ScorecardResult, ...]
    inputs: tuple[InputFile, ...]
    rows: RowCounts
    placement: tuple[Placement, ...] = ()   # where each file's values went, for the build log
    # The audit trail (compute.audit.AuditTrail: provenance, published date, archive, restatements), attached
    # by site_history.audit_site; untyped here so that results need not know the history that produced it.
    audit: object | None = None

    @cached_property
    def _scorecards_by_id(self) -> dict[str, ScorecardResult]:
        return {result.scorecard.id: result for result in self.scorecards}

    def scorecard(self, scorecard_id: str) -> ScorecardResult:
        return self._scorecards_by_id[scorecard_id]
