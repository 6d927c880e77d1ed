"""KPIs reported less often than their scorecard (FORMAT section 12).

A KPI with its own, coarser `frequency` is evaluated in the reporting
periods that end one of its own periods (a yearly KPI on a quarterly
scorecard with the fiscal year from April: in FYnnnn-Q4), on its own
period's values. In the other reporting periods it is `not-due`: no score,
so it takes no part in roll-ups, and the result keeps its latest evaluated
period and the reporting period when it is next due, for the pages.
"""

from __future__ import annotations

import numpy as np

from ..model import Kpi, own_calendar
from ..periods import Calendar, Period
from .results import KpiPeriod, Reason
from .status import Band, Status


def is_less_often(kpi: Kpi, calendar: Calendar) -> bool:
    return own_calendar(kpi, calendar) != calendar


def own_periods(kpi: Kpi, calendar: Calendar, periods: list[Period]) -> tuple[list[Period], np.ndarray]:
    """The KPI's own periods that end in one of the reporting periods, oldest first, and for each
    reporting period the position of its own period among them (-1 where it is not due)."""
    own = own_calendar(kpi, calendar)
    found: list[Period] = []
    positions = []
    for period in periods:
        mine = own.period_of(period.last)
        if mine.last == period.last:
            positions.append(len(found))
            found.append(mine)
        else:
            positions.append(-1)
    return found, np.array(positions, dtype=np.int64)


def next_due(kpi: Kpi, calendar: Calendar, period: Period) -> Period:
    """The reporting period that ends the KPI's own period holding `period`."""
    return calendar.period_of(own_calendar(kpi, calendar).period_of(period.last).last)


def not_due(period: Period, due: Period, frequency: str) -> KpiPeriod:
    return KpiPeriod(period=period, actual=None, target=None, target_from=None, tolerance=None, band=Band.NONE,
                     status=Status.NOT_DUE, score=None, partial=False, months=(), rows=(), notes=(),
                     missing=Reason("not due", frequency, due.label))
