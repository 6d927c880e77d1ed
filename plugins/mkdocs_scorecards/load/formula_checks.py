"""Checks of formulas that need every definition: what they name, how often it reports, and cycles.

Run once all scorecard files are read (formulas may name `scorecard/id` of
another scorecard). Each problem is reported at the formula's line and, for
a formula written on one line, at the column of the id concerned.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problems, did_you_mean
from ..expressions import Reference
from ..model import Kpi, Measure, Scorecard, own_calendar
from .definitions import find_cycles


def series_by_name(scorecards: list[Scorecard]) -> dict[str, tuple[Scorecard, Kpi | Measure]]:
    """Every KPI and measure by its full name, `scorecard/id`."""
    return {f"{s.id}/{series.id}": (s, series) for s in scorecards for series in s.series()}


def resolve(reference: Reference, scorecard: Scorecard) -> str:
    """The full name (`scorecard/id`) a formula's reference stands for."""
    return f"{reference.scorecard or scorecard.id}/{reference.id}"


def check_formulas(scorecards: list[Scorecard], problems: Problems, partly_read: Mapping[str, str]) -> None:
    named = series_by_name(scorecards)
    by_id = {s.id: s for s in scorecards}
    unusable = {f"{s.id}/{series_id}" for s in scorecards for series_id in s.unusable_kpis}
    graph: dict[str, list[str]] = {}
    places: dict[str, tuple[str, int, int]] = {}
    for scorecard in scorecards:
        for kpi in scorecard.kpis():
            if kpi.formula is None:
                continue
            name = f"{scorecard.id}/{kpi.id}"
            places[name] = (scorecard.place.file, *kpi.formula.position(1))
            graph[name] = []
            for reference in kpi.formula.references:
                target = resolve(reference, scorecard)
                line, column = kpi.formula.position(reference.column)
                if target in unusable or ((reference.scorecard or scorecard.id) in partly_read and target not in named):
                    continue
                if target not in named:
                    _unknown(reference, scorecard, by_id, problems, line, column)
                    continue
                if target == name:
                    problems.add(scorecard.place.file, line, f"the formula of KPI '{kpi.id}' uses '{kpi.id}' itself",
                                 "a calculated KPI is made of other KPIs and measures; name those", column)
                    continue
                _check_frequency(kpi, scorecard, reference, *named[target], problems, line, column)
                if isinstance(named[target][1], Kpi) and named[target][1].formula is not None:
                    graph[name].append(target)
    for cycle in find_cycles(graph):
        file, line, column = places[cycle[0]]
        problems.add(file, line, "the formulas depend on themselves: " + " -> ".join(cycle + [cycle[0]]),
                     "a calculated KPI cannot be an input of its own inputs; break the chain at one formula", column)


def _unknown(reference: Reference, scorecard: Scorecard, by_id: dict[str, Scorecard], problems: Problems,
             line: int, column: int) -> None:
    file = scorecard.place.file
    if reference.scorecard and reference.scorecard not in by_id:
        problems.add(file, line, f"formula: unknown scorecard '{reference.scorecard}' in '{reference.text}'",
                     did_you_mean(reference.scorecard, by_id, "scorecard")
                     + "; to divide, put spaces around '/': a / b", column)
        return
    owner = by_id[reference.scorecard] if reference.scorecard else scorecard
    ids = {series.id for series in owner.series()}
    where = f" of scorecard '{owner.id}'" if reference.scorecard else ""
    hint = did_you_mean(reference.id, ids, "KPI or measure id")
    if "-" in reference.id and not reference.scorecard:
        parts = [part for part in reference.id.split("-") if part]
        if any(part in ids or part.replace(".", "").isdigit() for part in parts):
            hint += "; a minus between two ids needs spaces: a - b"
    problems.add(file, line, f"formula: unknown id '{reference.id}'{where}: it names no KPI or measure", hint, column)


def _check_frequency(kpi: Kpi, scorecard: Scorecard, reference: Reference, input_scorecard: Scorecard,
                     series: Kpi | Measure, problems: Problems, line: int, column: int) -> None:
    """FORMAT section 11: no input may report less often than the formula's KPI, and its periods must fit."""
    own = own_calendar(kpi, scorecard.calendar)
    given = own_calendar(series, input_scorecard.calendar)
    file = scorecard.place.file
    if given.months > own.months:
        problems.add(file, line, f"formula: input '{reference.text}' reports {given.frequency}, less often than "
                     f"KPI '{kpi.id}' ({own.frequency})", f"give KPI '{kpi.id}' `frequency: {given.frequency}`, "
                     f"or report '{reference.text}' {own.frequency}", column)
    elif isinstance(series, Kpi) and series.formula is not None and given != own:
        problems.add(file, line, f"formula: the calculated KPI '{reference.text}' reports {given.frequency} (fiscal "
                     f"year from month {given.fiscal_year_start}), KPI '{kpi.id}' {own.frequency} (from month "
                     f"{own.fiscal_year_start})", "a calculated KPI used in a formula must report in the same "
                     "periods; use the measures it is made of instead", column)
    elif not given.nests_in(own):
        problems.add(file, line, f"formula: the {given.frequency} periods of input '{reference.text}' (fiscal year "
                     f"from month {given.fiscal_year_start}) do not fit the {own.frequency} periods of KPI "
                     f"'{kpi.id}' (fiscal year from month {own.fiscal_year_start})",
                     "report the input monthly, so that its months can be combined into this KPI's periods", column)
