"""Targets as they are in force in one period: relative targets resolved from the baseline, and phasing.

FORMAT section 11. A target written "+N%" or "-N%" is the KPI's baseline
times 1 + N/100; the baseline is a number, or the KPI's own actual in a
reporting period, known only once the values are. With `phasing: even` a
target is for a whole fiscal year: a period ending k months into the fiscal
year has `T * k / 12` in force (an annual cap of 39 is 9.75 after three
months), and a stretch is phased the same way, so that the stretch keeps
its place beyond the target.
"""

from __future__ import annotations

import dataclasses

from ..errors import Problem
from ..model import Kpi, RelativeTarget, TargetRule, is_relative, own_calendar, stretch_lies_beyond
from ..periods import Calendar, Period
from .results import BaselineValue, TargetSource


def resolved(rule: TargetRule | None, baseline: BaselineValue | None):
    """A target rule as numbers: relative parts taken of the baseline (None where there is no baseline)."""
    if isinstance(rule, tuple):
        low, high = resolved(rule[0], baseline), resolved(rule[1], baseline)
        return None if low is None or high is None else (low, high)
    if isinstance(rule, RelativeTarget):
        return None if baseline is None else rule.of(baseline.value)
    return rule


def baseline_of(kpi: Kpi, actual_in: dict[Period, float | None], calendar: Calendar) -> BaselineValue | None:
    """The KPI's baseline, or None when it names a period in which the KPI has no actual (an error the
    caller reports at the `baseline` line) or it has none."""
    baseline = kpi.baseline
    if baseline is None:
        return None
    if baseline.period is None:
        return BaselineValue(baseline.value)
    period = calendar.period_of(baseline.period.first)
    value = actual_in.get(period)
    return None if value is None else BaselineValue(value, period)


def months_into_fiscal_year(calendar: Calendar, period: Period) -> int:
    """How many months of its fiscal year have passed at the end of a period (1 to 12)."""
    return period.last - calendar.fiscal_year_start_of(period) + 1


def phased(target, stretch: float | None, source: TargetSource, calendar: Calendar, period: Period):
    """(target, stretch, source) of `phasing: even` in a period: each times k / 12."""
    if target is None or isinstance(target, tuple):
        return target, stretch, source
    months = months_into_fiscal_year(calendar, period)
    share = months / 12
    return (target * share, None if stretch is None else stretch * share,
            dataclasses.replace(source, annual=target, months=months))


def evaluation_problems(scorecards) -> list[Problem]:
    """What only the values can tell about the definitions (FORMAT section 11), in definition order:
    a baseline period without an actual, and a stretch short of a relative target once its baseline is known.

    The build and `scorecards validate` both report these, through `evaluate_project`.
    """
    return missing_baselines(scorecards) + stretches_short_of_relative_targets(scorecards)


def stretches_short_of_relative_targets(scorecards) -> list[Problem]:
    """FORMAT section 3: a stretch lies beyond every target in force; a relative target's number is known
    only with its baseline, so it is checked here (a number target is checked on load)."""
    found = []
    for result in scorecards:
        scorecard = result.scorecard
        for _, kpi_result in result.kpis_by_id.values():
            kpi, baseline = kpi_result.kpi, kpi_result.baseline
            if kpi.stretch is None or baseline is None:
                continue
            rules = [kpi.target] if kpi.target is not None else [entry.value for entry in kpi.schedule]
            for rule in rules:
                if not is_relative(rule) or isinstance(rule, tuple):
                    continue
                target = resolved(rule, baseline)
                if not stretch_lies_beyond(kpi.stretch, target, kpi.better):
                    side = "above" if kpi.better == "higher" else "below"
                    found.append(Problem(
                        scorecard.place.file, kpi.line_of("stretch"), 0,
                        f"KPI '{kpi.id}''s stretch {kpi.stretch:g} is not {side} its target {target:g} "
                        f"({rule} of the baseline {baseline.value:g})",
                        f"a stretch lies {side} every target in force: change the stretch, the relative "
                        "target or the baseline"))
                    break
    return found


def missing_baselines(scorecards) -> list[Problem]:
    """FORMAT section 11: a baseline period in which the KPI has no actual is an error at its `baseline` line.

    Found once the values are known (for a calculated KPI, once its formula
    has been evaluated), so the check is made here rather than in `load`.
    """
    found = []
    for result in scorecards:
        scorecard = result.scorecard
        for _, kpi_result in result.kpis_by_id.values():
            kpi = kpi_result.kpi
            if kpi.baseline is not None and kpi.baseline.period is not None and kpi_result.baseline is None:
                period = own_calendar(kpi, scorecard.calendar).period_of(kpi.baseline.period.first)
                found.append(Problem(scorecard.place.file, kpi.line_of("baseline"), 0,
                                     f"KPI '{kpi.id}' has no actual in its baseline period {period.label}",
                                     "give it a value there, or write the baseline as a number"))
    return found
