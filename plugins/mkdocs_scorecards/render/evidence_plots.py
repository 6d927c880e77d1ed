"""Geometry of the hypotheses page's plots: the lagged pairs as a scatter, the two score series over time.

Scores run from 0 to 10 on both axes, with the status thresholds (10/3 and
20/3) drawn as grid lines, so a reader sees where red, amber and green
begin. The series plot shows the effect's score in each period and the
cause's score from `lag` periods earlier in the same place, so that what
the rank correlation compares lines up vertically. The SVG markup is in
the template (`hypotheses.html.j2`); user text only reaches it there,
autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute.evidence_history import ArrowHistory, arrow_history
from ..compute.results import LinkResult, ScorecardResult
from ..compute.status import AMBER_FROM, GREEN_FROM
from . import text as fmt

SCORE_TICKS = ((0.0, "0"), (AMBER_FROM, fmt.number(fmt.round_half_away(AMBER_FROM, 2))),
               (GREEN_FROM, fmt.number(fmt.round_half_away(GREEN_FROM, 2))), (10.0, "10"))


@dataclass(frozen=True)
class PlotPoint:
    x: float
    y: float
    label: str    # what the point's tooltip says


@dataclass(frozen=True)
class Plot:
    """A plot's frame and marks in SVG user units; `series` are (name, css modifier, points)."""

    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    points: tuple[PlotPoint, ...] = ()
    series: tuple[tuple[str, str, tuple[PlotPoint, ...]], ...] = ()

    @staticmethod
    def polyline(points: tuple[PlotPoint, ...]) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)

    def runs(self, points: tuple[PlotPoint, ...]) -> list[str]:
        """Polylines of consecutive points (a period without a score breaks the line)."""
        return [self.polyline(run) for run in _runs(points)]


def _runs(points):
    run, out = [], []
    for point in points:
        if point is None:
            if run:
                out.append(tuple(run))
            run = []
        else:
            run.append(point)
    if run:
        out.append(tuple(run))
    return out


def _score_y(score: float, top: int, height: int) -> float:
    return top + (10 - score) / 10 * height


def scatter(history: ArrowHistory, width: int = 320, height: int = 260) -> Plot | None:
    """The pairs at the shown lag: cause's score across, effect's score up; None without pairs."""
    if not history.pairs:
        return None
    left, top, right, bottom = 54, 12, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    points = tuple(PlotPoint(left + cs / 10 * plot_w, _score_y(es, top, plot_h),
                             f"{cp} → {ep}: cause {fmt.score_text(cs)}, effect {fmt.score_text(es)}")
                   for cp, cs, ep, es in history.pairs)
    y_ticks = tuple((_score_y(v, top, plot_h), text) for v, text in SCORE_TICKS)
    x_ticks = tuple((left + v / 10 * plot_w, text) for v, text in SCORE_TICKS)
    return Plot(width, height, left, top, right, bottom, y_ticks, x_ticks, points=points)


def series_plot(result: ScorecardResult, history: ArrowHistory, width: int = 640, height: int = 240) -> Plot | None:
    """Effect by period, and cause shifted `lag` periods later; None when neither side has a score."""
    periods = result.periods
    lag = history.shown_lag
    cause = result.objective(history.link.cause).history
    effect = result.objective(history.link.effect).history
    if not any(cause[p] is not None for p in periods) and not any(effect[p] is not None for p in periods):
        return None
    left, top, right, bottom = 44, 12, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(periods) - 1, 1)

    def x_of(i: int) -> float:
        return left + (i * step if len(periods) > 1 else plot_w / 2)

    effect_points, cause_points = [], []
    for i, period in enumerate(periods):
        score = effect[period]
        effect_points.append(None if score is None else PlotPoint(
            x_of(i), _score_y(score, top, plot_h), f"{period}: effect {fmt.score_text(score)}"))
        earlier = periods[i - lag] if i - lag >= 0 else None
        score = cause[earlier] if earlier is not None else None
        cause_points.append(None if score is None else PlotPoint(
            x_of(i), _score_y(score, top, plot_h), f"{earlier}: cause {fmt.score_text(score)}, shown at {period}"))
    every = max(1, len(periods) // 6)
    shown = [i for i in range(len(periods)) if i % every == 0]
    if shown[-1] != len(periods) - 1:      # the as-of period always, in place of a label it would run into
        shown = shown[:-1] if len(periods) - 1 - shown[-1] < every else shown
        shown.append(len(periods) - 1)
    x_ticks = tuple((x_of(i), periods[i].label) for i in shown)
    y_ticks = tuple((_score_y(v, top, plot_h), text) for v, text in SCORE_TICKS)
    shifted = "cause" if lag == 0 else f"cause, {lag} period{'s' if lag != 1 else ''} earlier"
    return Plot(width, height, left, top, right, bottom, y_ticks, x_ticks,
                series=(("effect", "effect", tuple(effect_points)), (shifted, "cause", tuple(cause_points))))


def evidence_over_time(result: ScorecardResult, link: LinkResult) -> dict:
    """An arrow's verdict in every period, since when it holds, and its two plots."""
    history = arrow_history(result, link)
    return {
        "since": history.since, "shown_lag": history.shown_lag, "pairs": history.pairs,
        "history": [{"period": step.period, "verdict": step.evidence.verdict, "n": step.evidence.n,
                     "lag": "–" if step.evidence.lag is None else step.evidence.lag,
                     "rho": fmt.rho_text(step.evidence.rho)}
                    for step in history.verdicts],
        "scatter": scatter(history), "series": series_plot(result, history),
    }
