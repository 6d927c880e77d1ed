"""Evaluating a whole project: every KPI, objective, perspective, scorecard and arrow.

Pure: takes the loaded project and the as-of setting, returns results.
"""

from __future__ import annotations

from ..model import Kpi, Project, Scorecard
from ..periods import Period, last_day, parse_label, periods_between, reporting_period
from .evidence import weigh_arrow
from .initiatives import initiative_status
from .results import (InitiativeResult, KpiPeriod, KpiResult, LinkResult, ObjectiveResult, PerspectiveResult,
                      ProjectResult, ScorecardResult)
from .rollup import plain_mean, weighted_mean
from .series import PeriodValue, period_values
from .status import evaluate, status_from_score
from .trend import kpi_trend, score_trend


def evaluate_project(project: Project, as_of: str = "latest") -> ProjectResult:
    notes = {(c.scorecard, c.period, c.objective): c.text for c in project.commentary}
    notes_by_owner: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for c in project.commentary:
        notes_by_owner.setdefault((c.scorecard, c.objective), []).append((c.period, c.text))
    supported_by: dict[str, list[str]] = {}
    for scorecard in project.scorecards:
        for objective in scorecard.objectives:
            for reference in objective.supports:
                supported_by.setdefault(reference, []).append(f"{scorecard.id}/{objective.id}")
    children: dict[str, list[str]] = {}
    for scorecard in project.scorecards:
        if scorecard.parent:
            children.setdefault(scorecard.parent, []).append(scorecard.id)
    table = project.actuals.table
    latest = latest_months(table)
    current = {scorecard.id: as_of_period(scorecard, latest, as_of) for scorecard in project.scorecards}
    values = all_period_values(project, data_cutoff(project.scorecards, current, as_of))
    results = tuple(
        evaluate_scorecard(scorecard, current[scorecard.id], values, notes, notes_by_owner, supported_by,
                           tuple(children.get(scorecard.id, ())))
        for scorecard in project.scorecards
    )
    actuals = project.actuals
    return ProjectResult(results, project.inputs, actuals.rows_read, actuals.rows_placed, actuals.rows_rejected,
                         actuals.files_read, tuple(actuals.placement()))


def latest_months(table) -> dict[str, int]:
    """Each scorecard's latest month with an actual."""
    with_actual = table[table["actual"].notna()]
    latest = with_actual.groupby("scorecard", observed=True)["first"].max()
    return {str(k): int(v) for k, v in latest.items()}


def as_of_period(scorecard: Scorecard, latest: dict[str, int], as_of: str) -> Period | None:
    """The reporting period evaluated: the latest with an actual, or the one holding the label's last month."""
    fys, frequency = scorecard.fiscal_year_start, scorecard.frequency
    if as_of and as_of != "latest":
        period = parse_label(as_of, fys)
        return reporting_period(period.last, frequency, fys) if period else None
    if scorecard.id not in latest:
        return None
    return reporting_period(latest[scorecard.id], frequency, fys)


def data_cutoff(scorecards, current: dict[str, Period | None], as_of: str) -> dict[str, int]:
    """Each scorecard's last month of data taken into account.

    Rows dated after `as_of` take no part: with `as_of: 2026-08`, a quarterly
    scorecard evaluates 2026-Q3 from July and August only (and marks it
    partial), although the period it reports is 2026-Q3.
    """
    cutoff = {}
    for scorecard in scorecards:
        period = current[scorecard.id]
        if period is None:
            continue
        label = parse_label(as_of, scorecard.fiscal_year_start) if as_of and as_of != "latest" else None
        cutoff[scorecard.id] = min(period.last, label.last) if label else period.last
    return cutoff


def all_period_values(project: Project, last_month: dict[str, int]) -> dict[tuple[str, str], list[PeriodValue]]:
    """Every KPI's combined values per period, for the whole project in one pass."""
    table = project.actuals.table
    by_id = {s.id: s for s in project.scorecards}
    period_last = {}
    for scorecard_id, label in table[["scorecard", "label"]].drop_duplicates().itertuples(index=False):
        scorecard = by_id[scorecard_id]
        period_last[(scorecard_id, label)] = parse_label(label, scorecard.fiscal_year_start).last
    aggregate = {(s.id, k.id): k.aggregate for s in project.scorecards for k in s.kpis()}
    in_range = {(s.id, k.id) for s in project.scorecards for k in s.kpis() if k.better == "in-range"}
    return period_values(table, last_month, period_last, aggregate, in_range)


def evaluate_scorecard(scorecard: Scorecard, current: Period | None, values: dict, notes: dict,
                       notes_by_owner: dict, supported_by: dict[str, list[str]],
                       children: tuple[str, ...]) -> ScorecardResult:
    fys, frequency = scorecard.fiscal_year_start, scorecard.frequency
    periods: list[Period] = []
    if current is not None:
        starts = [parse_label(found[0].label, fys).first for kpi in scorecard.kpis()
                  if (found := values.get((scorecard.id, kpi.id)))]
        periods = periods_between(min(starts + [current.first]), current.last, frequency, fys)
    driven_by: dict[str, list[str]] = {}
    for objective in scorecard.objectives:
        for effect in objective.drives:
            driven_by.setdefault(effect, []).append(objective.id)
    today = last_day(current.last) if current else ""
    objective_results = {}
    for objective in scorecard.objectives:
        kpi_results = []
        for kpi in objective.kpis:
            kpi_results.append(evaluate_kpi(kpi, scorecard, values.get((scorecard.id, kpi.id), []), periods))
        history = []
        for index, period in enumerate(periods):
            score = weighted_mean((k.by_period[index].score, k.kpi.weight) for k in kpi_results)
            history.append((period.label, score))
        score = history[-1][1] if history else None
        previous = history[-2][1] if len(history) > 1 else None
        objective_results[objective.id] = ObjectiveResult(
            objective=objective,
            score=score,
            status=status_from_score(score),
            trend=score_trend(previous, score),
            kpis=tuple(k.result for k in kpi_results),
            initiatives=tuple(InitiativeResult(i, *initiative_status(i, today)) if today else
                              InitiativeResult(i, "on-track", None) for i in objective.initiatives),
            history=tuple(history),
            commentary=notes.get((scorecard.id, current.label if current else "", objective.id), ""),
            earlier_commentary=_earlier(notes_by_owner.get((scorecard.id, objective.id), ()), scorecard, current),
            driven_by=tuple(driven_by.get(objective.id, ())),
            supported_by=tuple(sorted(supported_by.get(f"{scorecard.id}/{objective.id}", ()))),
        )
    perspectives = []
    for perspective in scorecard.perspectives:
        members = tuple(objective_results[o.id] for o in scorecard.objectives if o.perspective == perspective.id)
        history = tuple(
            (period.label, weighted_mean((o.history[index][1], o.objective.weight) for o in members))
            for index, period in enumerate(periods))
        score = history[-1][1] if history else None
        perspectives.append(PerspectiveResult(perspective, score, status_from_score(score), members, history))
    history = tuple((period.label, plain_mean(p.history[index][1] for p in perspectives))
                    for index, period in enumerate(periods))
    score = history[-1][1] if history else None
    return ScorecardResult(
        scorecard=scorecard,
        as_of=current.label if current else "",
        today=today,
        score=score,
        status=status_from_score(score),
        perspectives=tuple(perspectives),
        links=tuple(_links(scorecard, objective_results)),
        periods=tuple(p.label for p in periods),
        commentary=notes.get((scorecard.id, current.label if current else "", ""), ""),
        earlier_commentary=_earlier(notes_by_owner.get((scorecard.id, ""), ()), scorecard, current),
        history=history,
        children=tuple(sorted(children)),
    )


class _EvaluatedKpi:
    """A KPI evaluated in every reporting period, before it is reduced to a result."""

    def __init__(self, result: KpiResult, by_period: list[KpiPeriod]):
        self.result = result
        self.kpi = result.kpi
        self.by_period = by_period


def evaluate_kpi(kpi: Kpi, scorecard: Scorecard, values: list[PeriodValue], periods: list[Period]) -> _EvaluatedKpi:
    by_label = {value.label: value for value in values}
    by_period = [evaluate_period(kpi, scorecard, period, by_label.get(period.label)) for period in periods]
    series = tuple(p for p in by_period if p.actual is not None)
    current = by_period[-1] if by_period else evaluate_period(kpi, scorecard, None, None)
    previous = by_period[-2] if len(by_period) > 1 else None
    trend = kpi_trend(previous.actual if previous else None, current.actual, kpi.better, current.target)
    return _EvaluatedKpi(KpiResult(kpi, current, series, trend), by_period)


def evaluate_period(kpi: Kpi, scorecard: Scorecard, period: Period | None, value: PeriodValue | None) -> KpiPeriod:
    target, target_source = (None, "")
    if value is not None and value.csv_target is not None:
        target, target_source = value.csv_target, f"{value.target_place[0]}:{value.target_place[1]}"
    elif period is not None:
        target, target_source = target_in_force(kpi, scorecard, period)
    actual = value.actual if value else None
    result = evaluate(actual, target, kpi.better, kpi.tolerance.amount, kpi.tolerance.percent, kpi.stretch)
    return KpiPeriod(
        label=period.label if period else "",
        actual=actual,
        target=target,
        target_source=target_source,
        tolerance=result.tolerance,
        status=result.status,
        score=result.score,
        partial=bool(value and value.partial),
        months=value.months_with_data if value else (),
        values=value.values if value else (),
        value_sources=value.value_sources if value else (),
        sources=value.sources if value else (),
        notes=value.notes if value else (),
    )


def target_in_force(kpi: Kpi, scorecard: Scorecard, period: Period):
    """The definition's target for a period: a schedule entry from its period on, else the fixed target."""
    if kpi.schedule:
        chosen = None
        for entry in kpi.schedule:
            start = parse_label(entry.period, scorecard.fiscal_year_start)
            begins = reporting_period(start.first, scorecard.frequency, scorecard.fiscal_year_start).first
            if begins <= period.first:
                chosen = entry
        if chosen is None:
            return None, ""
        return chosen.value, f"schedule from {chosen.period}"
    if kpi.target is not None:
        return kpi.target, "definition"
    return None, ""


def _earlier(owned: list[tuple[str, str]], scorecard: Scorecard, current: Period | None) -> tuple:
    """One scorecard's or objective's commentary of periods before the as-of period, newest first;
    later ones wait for their period."""
    if current is None:
        return ()
    found = []
    for label, text in owned:
        period = parse_label(label, scorecard.fiscal_year_start)
        if period.last < current.first:
            found.append((period.first, label, text))
    return tuple((label, text) for _, label, text in sorted(found, reverse=True))


def _links(scorecard: Scorecard, objectives: dict[str, ObjectiveResult]) -> list[LinkResult]:
    links = []
    for objective in scorecard.objectives:
        cause = objectives[objective.id]
        cause_scores = {i: s for i, (_, s) in enumerate(cause.history) if s is not None}
        for effect_id in objective.drives:
            effect = objectives[effect_id]
            effect_scores = {i: s for i, (_, s) in enumerate(effect.history) if s is not None}
            evidence = weigh_arrow(cause_scores, effect_scores)
            pairs = ()
            if evidence.lag is not None:
                labels = [label for label, _ in effect.history]
                pairs = tuple((labels[i - evidence.lag], cause_scores[i - evidence.lag], labels[i], effect_scores[i])
                              for i in sorted(effect_scores) if i - evidence.lag in cause_scores)
            links.append(LinkResult(objective.id, effect_id, evidence, pairs))
    return links
