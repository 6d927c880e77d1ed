"""The strategy map: DOT from `map_dot`, laid out by `graphviz`, checked by `svg_check`, framed by `map_frame`.

A map too large to draw is an InputError at the scorecard's file (the
definition must change); a layout that fails or an SVG that fails its check
is a MapError naming the scorecard (the machine must change).

The layout is whatever function the caller passes (`layout_svg`, or the
same behind a cache); it gets DOT text, the engine and a timeout, and
returns Graphviz's SVG, which is checked here before anything reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..compute.evidence import Evidence, Verdict
from ..compute.results import ObjectiveResult, ScorecardResult
from ..errors import MapError
from ..options import Options
from . import text as fmt
from .page_text import display_decimals
from .graphviz import LAYOUT_TIMEOUT_SECONDS, Layout, layout_svg
from .map_dot import MapLinks, arrow_names, check_size, map_dot, node_names
from .map_frame import Band, LegendItem, LegendRow, arrow_items, banded_map, read_layout, status_items, tidy_layout
from .svg_check import check_svg

MAX_TOOLTIP_KPIS = 8


def scorecard_map(result: ScorecardResult, links: MapLinks | Callable[[str], str], engine: str = Options.graphviz,
                  timeout: float = LAYOUT_TIMEOUT_SECONDS, layout: Layout = layout_svg) -> str:
    """A scorecard's map as a checked inline <svg> element: bands, layout, tooltips and legend.

    With a `CachedLayout`, the framed map is kept too, under a hash of the
    DOT text and of everything the frame adds (`_Frame`): a rebuild whose
    map did not change reads it back instead of framing it again. Whatever
    is read back is checked like a map just drawn.
    """
    links = links if isinstance(links, MapLinks) else MapLinks(links)
    scorecard = result.scorecard
    check_size(result)
    try:
        allowed = set(map_link_targets(result, links))
        dot = map_dot(result, links)
        frame = _frame(result, links)
        keep = getattr(layout, "keep", None)
        if keep is None:
            svg = _framed(layout(dot, engine, timeout), frame, allowed)
        else:
            svg = keep(("framed map", engine, dot, repr(frame)),
                       lambda: _framed(layout(dot, engine, timeout), frame, allowed))
        check_svg(svg, allowed)
    except MapError as error:
        raise MapError(f"{scorecard.place.file}: the strategy map of scorecard '{scorecard.id}' could not be "
                       f"drawn: {error.message}", error.hint or "report this with the scorecard's file if it persists"
                       ) from None
    return svg


@dataclass(frozen=True)
class _Frame:
    """Everything the map draws besides Graphviz's layout of its DOT, as plain values (its repr is a key)."""

    tooltips: tuple[tuple[str, str], ...]
    bands: tuple[Band, ...]
    legend: tuple[LegendRow, ...]
    title: str
    description: str
    header: str


def _frame(result: ScorecardResult, links: MapLinks) -> _Frame:
    anchors = [f"p{i}" for i in range(len(result.perspectives))]
    names = node_names(result)
    bands = tuple(Band(p.perspective.title, p.status, p.score, (anchor, *(names[o.objective.id] for o in p.objectives)))
                  for anchor, p in zip(anchors, result.perspectives))
    return _Frame(tuple(sorted(tooltips(result).items())), bands,
                  tuple(map_legend(bool(result.scorecard.themes), links.arrow is not None)),
                  f"Strategy map of {result.scorecard.title}", map_description(result),
                  "Strategic themes" if any(o.objective.theme for o in result.objectives) else "")


def _framed(raw: str, frame: _Frame, allowed: set[str]) -> str:
    """Graphviz's SVG, checked, with tooltips, bands, legend, title and description put in."""
    check_svg(raw, allowed)
    drawn = read_layout(raw)
    tidy_layout(drawn, dict(frame.tooltips), [band.nodes[0] for band in frame.bands])
    return banded_map(drawn, list(frame.bands), list(frame.legend), frame.title, frame.description,
                      header=frame.header)


def map_link_targets(result: ScorecardResult, links: MapLinks) -> list[str]:
    """Every link the map may hold, in a fixed order: its objectives' pages and, where arrows
    lead somewhere, their tests."""
    targets = [links.objective(o.objective.id) for o in result.objectives]
    if links.arrow is not None:
        targets += [links.arrow(link.cause, link.effect) for link in result.links]
    return targets


def map_legend(themes: bool, arrows_linked: bool) -> list[LegendRow]:
    rows = [LegendRow("Status:", tuple(status_items())),
            LegendRow("Arrows:", tuple(arrow_items()))]
    if themes:
        rows.append(LegendRow("Columns:", (LegendItem("theme", "", "a strategic theme"),)))
    note = ("Boxes show each objective's status and score out of 10; arrows run from cause to effect and are "
            "drawn by what the data says of them. Select a box to open its objective"
            + (", an arrow to see its test." if arrows_linked else "."))
    rows.append(LegendRow("", (LegendItem("note", "", note),)))
    return rows


def map_description(result: ScorecardResult) -> str:
    """What the map shows, in words (the SVG's <desc>)."""
    perspectives = [p.perspective.title for p in result.perspectives]
    counts = {v: sum(1 for link in result.links if link.evidence.verdict == v) for v in Verdict}
    arrows = ", ".join(f"{n} {fmt.VERDICT_WORDS[v]}" for v, n in counts.items() if n)
    order = f", from {perspectives[0]} at the top to {perspectives[-1]} at the bottom" if len(perspectives) > 1 else ""
    return (f"{len(result.objectives)} objectives in {len(perspectives)} perspective bands{order}; "
            f"{len(result.links)} cause-and-effect arrows{': ' + arrows if arrows else ''}. "
            f"Each box shows the objective's status and score as of {result.as_of_label or 'no period yet'}. "
            "The page lists the same objectives and arrows as text.")


def objective_tooltip(objective: ObjectiveResult, theme: str = "") -> str:
    """A node's tooltip: title, status and score, owner, theme and KPIs with their actuals."""
    status = fmt.STATUS_SHORT[objective.status]
    parts = [f"{objective.objective.title}: {status}"
             + ("" if objective.score is None else f", score {fmt.score_text(objective.score)} of 10") + "."]
    if objective.objective.owner:
        parts.append(f"Owner: {objective.objective.owner}.")
    if theme:
        parts.append(f"Theme: {theme}.")
    kpis = []
    for kpi in objective.kpis[:MAX_TOOLTIP_KPIS]:
        current, unit, decimals = kpi.current, kpi.kpi.unit, display_decimals(kpi)
        actual = fmt.with_unit(fmt.number(current.actual, decimals), unit)
        target = fmt.target_text(current.target, decimals, unit)
        kpis.append(f"{kpi.kpi.title} {actual} against {target} ({fmt.STATUS_SHORT[current.status]})")
    if len(objective.kpis) > MAX_TOOLTIP_KPIS:
        kpis.append(f"and {len(objective.kpis) - MAX_TOOLTIP_KPIS} more")
    parts.append(("KPIs: " + "; ".join(kpis) + ".") if kpis else "No KPIs yet.")
    return " ".join(parts)


def evidence_phrase(evidence: Evidence) -> str:
    """A verdict with the numbers behind it, in a few words."""
    verdict = fmt.VERDICT_WORDS[evidence.verdict]
    if evidence.rho is None:
        return f"{verdict} ({evidence.n} pairs of periods at most)"
    return f"{verdict} (rho {fmt.rho_text(evidence.rho)} at a lag of {evidence.lag}, {evidence.n} pairs)"


def tooltips(result: ScorecardResult) -> dict[str, str]:
    """Each tooltip token of the DOT and the text that replaces it after layout.

    Graphviz expands escapes such as `\\N` in tooltips even when escaped, so
    user text is put in after layout, XML-escaped, instead of through DOT.
    """
    themes = {t.id: t.title for t in result.scorecard.themes}
    texts = {f"tip{name}": objective_tooltip(result.objective(oid), themes.get(result.objective(oid).objective.theme, ""))
             for oid, name in node_names(result).items()}
    tokens = arrow_names(result)
    for link in result.links:
        texts[tokens[(link.cause, link.effect)]] = (
            f"{result.objective(link.cause).objective.title} → {result.objective(link.effect).objective.title}: "
            + evidence_phrase(link.evidence))
    return texts


def standalone_svg(svg_element: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg_element + "\n"
