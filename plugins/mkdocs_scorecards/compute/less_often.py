"""KPIs reported less often than their scorecard (FORMAT section 12).

A KPI with its own, coarser `frequency` is evaluated in the reporting
periods that end one of its own periods (a yearly KPI on a quarterly
scorecard with the fiscal year from April: in FYnnnn-Q4), on its own
period's values. In the other reporting periods it is `not-due`: no score,
so it takes no part in roll-ups, and the result keeps its latest evaluated
period and the reporting period when it is next due, for the pages.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Kpi, own_calendar
from ..periods import Calendar, Period
from .results import KpiPeriod, Reason
from .status import Band, Status


def is_less_often(kpi: Kpi, calendar: Calendar) -> bool:
    return own_calendar(kpi, calendar) != calendar


def own_periods(kpi: Kpi, calendar: Calendar, periods: list[Period],
                evaluate_own: Callable[[Period], KpiPeriod]) -> list[KpiPeriod]:
    """The KPI in each reporting period: evaluated in its own period where that ends, else not-due."""
    own = own_calendar(kpi, calendar)
    found = []
    for period in periods:
        mine = own.period_of(period.last)
        if mine.last == period.last:
            found.append(evaluate_own(mine))
        else:
            found.append(not_due(period, calendar.period_of(mine.last), own.frequency))
    return found


def not_due(period: Period, next_due: Period, frequency: str) -> KpiPeriod:
    return KpiPeriod(period=period, actual=None, target=None, target_from=None, tolerance=None, band=Band.NONE,
                     status=Status.NOT_DUE, score=None, partial=False, months=(), rows=(), notes=(),
                     missing=Reason("not due", frequency, next_due.label))


def latest_and_next(by_period: list[KpiPeriod], calendar: Calendar, kpi: Kpi
                    ) -> tuple[KpiPeriod | None, Period | None]:
    """When the last period is not-due: the latest period evaluated with an actual, and when it is next due."""
    if not by_period or by_period[-1].status != Status.NOT_DUE:
        return None, None
    evaluated = [p for p in by_period if p.status != Status.NOT_DUE and p.actual is not None]
    own = own_calendar(kpi, calendar)
    next_due = calendar.period_of(own.period_of(by_period[-1].period.last).last)
    return (evaluated[-1] if evaluated else None), next_due
