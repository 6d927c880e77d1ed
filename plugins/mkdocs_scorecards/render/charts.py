"""Geometry for sparklines and KPI charts; the SVG markup itself is in templates.

A KPI chart shows, per period, the actual against the status bands that
applied then: green where the target is met, amber within tolerance, red
beyond (for in-range KPIs, green inside the range with amber on both sides).
The bands are drawn from the same target and tolerance evaluation used, so
a dot's colour always matches the band it sits in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..compute.results import KpiPeriod
from ..compute.status import Status, absolute_tolerance
from ..model import Kpi


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: float
    status: Status
    text: str = ""     # the value as the page shows it


@dataclass(frozen=True)
class Band:
    """One period's rectangle of one status band, in chart coordinates."""

    x: float
    y: float
    width: float
    height: float
    status: Status


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: tuple[Point, ...]
    target_path: str       # an SVG path for the target (steps), "" when none
    band_low: str          # for in-range: the low bound's path
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str, str], ...]   # x, label, and the label's extra classes
    bands: tuple[Band, ...] = ()
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)   # left, top, right, bottom of the plot area

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _targets(period: KpiPeriod) -> list[float]:
    if isinstance(period.target, tuple):
        return list(period.target)
    return [] if period.target is None else [period.target]


def _bounds(series: tuple[KpiPeriod, ...], edges: list[float]) -> tuple[float, float]:
    values = [p.actual for p in series if p.actual is not None] + edges
    for period in series:
        values.extend(_targets(period))
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    return low - pad, high + pad


def band_edges(kpi: Kpi, period: KpiPeriod) -> list[tuple[float, float, Status]]:
    """(low, high, status) value ranges of one period's bands; infinite ends run to the chart's edge."""
    if period.target is None:
        return []
    amount, percent = kpi.tolerance.amount, kpi.tolerance.percent
    inf = math.inf
    if isinstance(period.target, tuple):
        low, high = period.target
        below, above = absolute_tolerance(amount, percent, low), absolute_tolerance(amount, percent, high)
        return [(-inf, low - below, Status.RED), (low - below, low, Status.AMBER), (low, high, Status.GREEN),
                (high, high + above, Status.AMBER), (high + above, inf, Status.RED)]
    target = period.target
    t = absolute_tolerance(amount, percent, target)
    if kpi.better == "higher":
        return [(-inf, target - t, Status.RED), (target - t, target, Status.AMBER), (target, inf, Status.GREEN)]
    return [(-inf, target, Status.GREEN), (target, target + t, Status.AMBER), (target + t, inf, Status.RED)]


# Period labels of a KPI chart: their extra class. The last is the as-of period; on a phone, where
# the chart is drawn at about half its size with larger labels, every other label steps aside.
AS_OF_TICK, ALTERNATE_TICK = " sc-chart__tick--asof", " sc-chart__tick--alt"
# The width of a character of a tick label at the largest size the stylesheet gives it (22 units, on a
# phone), so that the left margin holds the longest value label.
TICK_CHAR_WIDTH = 12.5


def build_chart(series: tuple[KpiPeriod, ...], width: int, height: int, margin: tuple[int, int, int, int],
                number_text=lambda v: f"{v:g}", kpi: Kpi | None = None) -> Chart | None:
    """Points scaled into the box; margin is (top, right, bottom, left). With `kpi`, the status bands too,
    and the left margin widened to hold the value labels."""
    if not series:
        return None
    top, right, bottom, left = margin
    edges = [edge for p in series for low, high, _ in (band_edges(kpi, p) if kpi else ())
             for edge in (low, high) if math.isfinite(edge)]
    low, high = _bounds(series, edges)
    tick_values = _nice_ticks(low, high) if height > 60 else []
    tick_texts = [number_text(v) for v in tick_values]
    if kpi and tick_texts:
        left = max(left, math.ceil(10 + TICK_CHAR_WIDTH * max(len(t) for t in tick_texts)))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(series) - 1, 1)

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low) * plot_h

    def x_of(index: int) -> float:
        return left + (index * step if len(series) > 1 else plot_w / 2)

    points = tuple(Point(x_of(i), y_of(p.actual), p.label, p.actual, p.status, number_text(p.actual))
                   for i, p in enumerate(series))
    target, band_low = [], []
    for i, period in enumerate(series):
        if period.target is None:
            continue
        upper = period.target[1] if isinstance(period.target, tuple) else period.target
        target.append(f"{'M' if not target else 'L'}{x_of(i):.1f},{y_of(upper):.1f}")
        if isinstance(period.target, tuple):
            band_low.append(f"{'M' if not band_low else 'L'}{x_of(i):.1f},{y_of(period.target[0]):.1f}")
    bands = _bands(kpi, series, x_of, y_of, step, (left, top, width - right, top + plot_h)) if kpi else ()
    y_ticks = tuple((y_of(v), text) for v, text in zip(tick_values, tick_texts))
    every = max(1, math.ceil(len(series) / 6))
    x_ticks = []
    for i, p in enumerate(series):
        back = len(series) - 1 - i
        if back % every == 0:
            kind = AS_OF_TICK if back == 0 else ALTERNATE_TICK if (back // every) % 2 else ""
            x_ticks.append((x_of(i), p.label, kind))
    return Chart(width, height, points, " ".join(target), " ".join(band_low), y_ticks, tuple(x_ticks), bands,
                 (left, top, width - right, top + plot_h))


def _bands(kpi: Kpi, series, x_of, y_of, step: float, plot) -> tuple[Band, ...]:
    """Each period's status bands. A band's height depends only on the period's target, which most
    periods share with the one before: worked out once per target."""
    left, top, right, bottom = plot
    found = []
    half = step / 2 if len(series) > 1 else (right - left) / 2
    heights: dict = {}
    for i, period in enumerate(series):
        rows = heights.get(period.target)
        if rows is None:
            rows = heights[period.target] = _band_rows(band_edges(kpi, period), y_of, top, bottom)
        x0, x1 = max(left, x_of(i) - half), min(right, x_of(i) + half)
        x, width = round(x0, 1), round(x1 - x0, 1)
        found += [Band(x, y, width, height, status) for y, height, status in rows]
    return tuple(found)


def _band_rows(edges, y_of, top: float, bottom: float) -> list[tuple[float, float, Status]]:
    """(y, height, status) of one period's bands in chart coordinates, leaving out those too thin to see."""
    rows = []
    for low, high, status in edges:
        y_top = top if math.isinf(high) else min(bottom, max(top, y_of(high)))
        y_bottom = bottom if math.isinf(low) else min(bottom, max(top, y_of(low)))
        if y_bottom - y_top > 0.05:
            rows.append((round(y_top, 1), round(y_bottom - y_top, 1), status))
    return rows


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    span = high - low
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = math.ceil(low / step) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks
