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
from dataclasses import dataclass

import numpy as np

from ..errors import Problem
from ..model import Kpi, RelativeTarget, TargetRule, is_relative, own_calendar, stretch_lies_beyond
from ..periods import Calendar, Period
from .results import BaselineValue, TargetOrigin, TargetSource
from .series import Series


def resolved(rule: TargetRule | None, baseline: BaselineValue | None):
    """A target rule as numbers: relative parts taken of the baseline (None where there is no baseline)."""
    if isinstance(rule, tuple):
        low, high = resolved(rule[0], baseline), resolved(rule[1], baseline)
        return None if low is None or high is None else (low, high)
    if isinstance(rule, RelativeTarget):
        return None if baseline is None else rule.of(baseline.value)
    return rule


def baseline_of(kpi: Kpi, values: Series | None, calendar: Calendar) -> BaselineValue | None:
    """The KPI's baseline, or None when it names a period in which the KPI has no actual (an error the
    caller reports at the `baseline` line) or it has none."""
    baseline = kpi.baseline
    if baseline is None:
        return None
    if baseline.period is None:
        return BaselineValue(baseline.value)
    period = calendar.period_of(baseline.period.first)
    position = int(values.positions([period])[0]) if values is not None else -1
    value = values.actual_at(position) if position >= 0 else None
    return None if value is None else BaselineValue(value, period)


def months_into_fiscal_year(calendar: Calendar, period: Period) -> int:
    """How many months of its fiscal year have passed at the end of a period (1 to 12)."""
    return period.last - calendar.fiscal_year_start_of(period) + 1


def rules_in_force(kpi: Kpi, calendar: Calendar, periods: list[Period]
                   ) -> tuple[tuple[tuple[TargetRule, TargetSource] | None, ...], np.ndarray]:
    """The definition's target rules (with where each came from) and, for each period, the position
    of the one in force (-1: none).

    A schedule entry is in force from the reporting period holding its first
    month on, until a later one; a null entry ends the target (FORMAT section 11).
    """
    if kpi.schedule:
        own = own_calendar(kpi, calendar)
        starts = np.array([own.period_of(entry.period.first).first for entry in kpi.schedule])
        applies = starts[None, :] <= np.array([period.first for period in periods], dtype=np.int64)[:, None]
        latest = len(starts) - 1 - np.argmax(applies[:, ::-1], axis=1)
        rules = tuple(None if entry.value is None else (entry.value, TargetSource(TargetOrigin.SCHEDULE,
                                                                                   since=entry.period))
                      for entry in kpi.schedule)
        ended = np.array([rule is None for rule in rules])
        return rules, np.where(applies.any(axis=1) & ~ended[latest], latest, -1)
    if kpi.target is not None:
        return ((kpi.target, TargetSource(TargetOrigin.DEFINITION)),), np.zeros(len(periods), dtype=np.int64)
    return (), np.full(len(periods), -1)


@dataclass(frozen=True, eq=False, slots=True)
class Targets:
    """The target in force in each of a KPI's periods: `low` (the target, or an in-range KPI's low
    bound), `high` and the stretch as numbers to evaluate against (NaN: none), and the target as
    published with where it came from, for one period on demand (`at`)."""

    low: np.ndarray
    high: np.ndarray
    stretch: np.ndarray
    options: tuple[tuple[object, TargetSource] | None, ...]   # the definition's rules, resolved
    chosen: np.ndarray          # the option in force in each period (-1: none)
    from_csv: np.ndarray        # where a CSV row gives the period's target
    phased_months: np.ndarray   # months into the fiscal year where `phasing: even` applied, else 0
    values: Series | None
    positions: np.ndarray       # each period's position in `values` (-1: none)

    def at(self, i: int):
        """(target, TargetSource) of period `i`, or (None, None)."""
        if self.from_csv[i]:
            position = int(self.positions[i])
            return (self.values.csv_target_at(position),
                    TargetSource(TargetOrigin.CSV, row=self.values.target_place_at(position)))
        chosen = int(self.chosen[i])
        if chosen < 0:
            return None, None
        target, source = self.options[chosen]
        months = int(self.phased_months[i])
        if months:
            return float(self.low[i]), dataclasses.replace(source, annual=target, months=months)
        return target, source


def targets_in_force(kpi: Kpi, calendar: Calendar, periods: list[Period], values: Series | None,
                     positions: np.ndarray, baseline: BaselineValue | None) -> Targets:
    """Each period's target: a CSV row's where one gives it, else the definition's (relative targets
    taken of the baseline, phased with `phasing: even`)."""
    if not (kpi.schedule or kpi.phasing or isinstance(kpi.target, tuple)) and not _any_csv_target(values, positions):
        return _definition_target(kpi, len(periods), baseline)
    rules, chosen = rules_in_force(kpi, calendar, periods)
    options = tuple(None if rule is None else _resolved_option(rule, baseline) for rule in rules)
    unset = np.array([c < 0 or options[c] is None for c in chosen.tolist()], dtype=bool)
    chosen = np.where(unset, -1, chosen)
    bounds = [_bounds(option[0] if option else None) for option in options] + [(np.nan, np.nan)]
    low = np.array([bounds[c][0] for c in chosen.tolist()], dtype=float)
    high = np.array([bounds[c][1] for c in chosen.tolist()], dtype=float)
    stretch = np.full(len(periods), np.nan if kpi.stretch is None else kpi.stretch, dtype=float)
    from_csv = np.zeros(len(periods), dtype=bool)
    if values is not None:
        found = positions >= 0
        csv_low = np.where(found, values.target_low[positions], np.nan)
        from_csv = ~np.isnan(csv_low)
        low = np.where(from_csv, csv_low, low)
        high = np.where(from_csv, np.where(found, values.target_high[positions], np.nan), high)
    months = np.zeros(len(periods), dtype=np.int64)
    if kpi.phasing:
        scalar = np.array([option is not None and not isinstance(option[0], tuple) for option in options] + [False])
        phased = ~from_csv & scalar[chosen]
        months = np.where(phased, [months_into_fiscal_year(calendar, period) for period in periods], 0)
        share = months / 12
        low = np.where(phased, low * share, low)
        stretch = np.where(phased, stretch * share, stretch)
    return Targets(low, high, stretch, options, chosen, from_csv, months, values, positions)


def _any_csv_target(values: Series | None, positions: np.ndarray) -> bool:
    return values is not None and bool(np.any(~np.isnan(values.target_low[positions[positions >= 0]])))


def _definition_target(kpi: Kpi, count: int, baseline: BaselineValue | None) -> Targets:
    """The common case, in fewer steps: one number from the definition (or none) in every period."""
    option = None if kpi.target is None else _resolved_option((kpi.target, TargetSource(TargetOrigin.DEFINITION)),
                                                               baseline)
    target = np.nan if option is None else option[0]
    return Targets(np.full(count, target, dtype=float), np.full(count, target, dtype=float),
                   np.full(count, np.nan if kpi.stretch is None else kpi.stretch, dtype=float), (option,),
                   np.full(count, -1 if option is None else 0), np.zeros(count, dtype=bool),
                   np.zeros(count, dtype=np.int64), None, np.full(count, -1))


def _resolved_option(rule: tuple[TargetRule, TargetSource], baseline: BaselineValue | None):
    """A rule resolved to numbers, with its source saying it was relative; None without a baseline."""
    target, source = rule
    value = resolved(target, baseline)
    if value is None:
        return None
    if is_relative(target):
        source = dataclasses.replace(source, relative=_relative_text(target))
    return value, source


def _relative_text(rule) -> str:
    return ", ".join(str(part) for part in rule) if isinstance(rule, tuple) else str(rule)


def _bounds(target) -> tuple[float, float]:
    if target is None:
        return np.nan, np.nan
    return target if isinstance(target, tuple) else (target, target)


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
