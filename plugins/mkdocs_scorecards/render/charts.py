"""Geometry for sparklines and KPI charts; the SVG markup itself is in templates."""

from __future__ import annotations

from dataclasses import dataclass

from ..compute.results import KpiPeriod
from ..compute.status import Status


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: float
    status: Status


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: tuple[Point, ...]
    target_path: str       # an SVG path for the target (steps), "" when none
    band_low: str          # for in-range: the low bound's path
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _bounds(series: tuple[KpiPeriod, ...]) -> tuple[float, float]:
    values = [p.actual for p in series if p.actual is not None]
    for period in series:
        if isinstance(period.target, tuple):
            values.extend(period.target)
        elif period.target is not None:
            values.append(period.target)
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    return low - pad, high + pad


def build_chart(series: tuple[KpiPeriod, ...], width: int, height: int, margin: tuple[int, int, int, int],
                number_text=lambda v: f"{v:g}") -> Chart | None:
    """Points scaled into the box; margin is (top, right, bottom, left)."""
    if not series:
        return None
    top, right, bottom, left = margin
    low, high = _bounds(series)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(series) - 1, 1)

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low) * plot_h

    def x_of(index: int) -> float:
        return left + (index * step if len(series) > 1 else plot_w / 2)

    points = tuple(Point(x_of(i), y_of(p.actual), p.label, p.actual, p.status) for i, p in enumerate(series))
    target, band_low = [], []
    for i, period in enumerate(series):
        if period.target is None:
            continue
        upper = period.target[1] if isinstance(period.target, tuple) else period.target
        target.append(f"{'M' if not target else 'L'}{x_of(i):.1f},{y_of(upper):.1f}")
        if isinstance(period.target, tuple):
            band_low.append(f"{'M' if not band_low else 'L'}{x_of(i):.1f},{y_of(period.target[0]):.1f}")
    y_ticks = tuple((y_of(v), number_text(v)) for v in _nice_ticks(low, high)) if height > 60 else ()
    every = max(1, len(series) // 6)
    x_ticks = tuple((x_of(i), p.label) for i, p in enumerate(series) if i % every == 0 or i == len(series) - 1)
    return Chart(width, height, points, " ".join(target), " ".join(band_low), y_ticks, x_ticks)


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    import math

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
