"""The cascade map: every objective of every scorecard, in a column per level, linked by `supports`.

DOT is written as for the strategy map (`map_dot`: synthetic names, user
text only in quoted labels, tooltips as tokens), laid out left to right
(the top scorecard's objectives at the left, each level below in the next
column), each scorecard a cluster titled with its name, and each
`supports` link an arrow that points at the objective it serves. The
columns, their titles and the legend are drawn by `map_frame`; the SVG is
checked by `svg_check` before and after.

A project with more than `map_dot.MAX_OBJECTIVES` objectives gets no
cascade map (its layout would not be readable, nor quick): `cascade_map`
returns "" and the page shows the cascade as a list only.
"""

from __future__ import annotations

from collections.abc import Callable

from ..compute.cascade import CascadeIndex, Ref
from ..compute.results import ProjectResult
from ..errors import MapError
from ..options import Options
from .graphviz import LAYOUT_TIMEOUT_SECONDS, Layout, layout_svg
from .map_dot import (
    CLUSTER_LABEL_CHARS,
    FONT,
    FONT_SIZE,
    MAX_OBJECTIVES,
    SUPPORT_LOOK,
    THEME_CHARS,
    checked_link,
    label,
    objective_node,
    shortened,
    wrapped,
)
from .map_frame import Column, LegendItem, LegendRow, columned_map, read_layout, status_items, tidy_layout
from .strategy_map import objective_tooltip
from .svg_check import check_svg

LEVEL_NAMES = ("Top level", "Second level", "Third level")
CASCADE_WORD_CHARS = 34   # wider boxes than the strategy map's: a column holds many objectives


def level_name(level: int) -> str:
    return LEVEL_NAMES[level] if level < len(LEVEL_NAMES) else f"Level {level + 1}"


def cascade_nodes(project: ProjectResult) -> dict[Ref, str]:
    """Each objective's synthetic node name, scorecard by scorecard."""
    refs = [Ref(r.scorecard.id, o.objective.id) for r in project.scorecards for o in r.objectives]
    return {ref: f"c{i}" for i, ref in enumerate(refs, 1)}


def cascade_dot(project: ProjectResult, index: CascadeIndex, link_for: Callable[[Ref], str]) -> str:
    names = cascade_nodes(project)
    levels = sorted(set(index.levels.values()))
    lines = [
        "digraph cascade {",
        f'  graph [rankdir=LR, newrank=true, nodesep=0.1, ranksep=0.5, fontname="{FONT}", fontsize={FONT_SIZE},'
        ' bgcolor="transparent", pad=0];',
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize={FONT_SIZE}, margin="0.08,0.03",'
        ' width=2.2];',
        f'  edge [dir=back, arrowsize=0.8, class="sc-support", color="{SUPPORT_LOOK.stroke}", '
        f'penwidth={SUPPORT_LOOK.width:g}];',
    ]
    for level in levels:
        lines.append(f'  l{level} [class="sc-anchor", shape=box, style=solid, label="", width=0.5, height=0.01,'
                     ' fixedsize=true, color="transparent"];')
    columns: dict[int, list[str]] = {level: [f"l{level}"] for level in levels}
    for number, result in enumerate(project.scorecards):
        sid = result.scorecard.id
        title = label(wrapped(shortened(result.scorecard.title, CLUSTER_LABEL_CHARS), THEME_CHARS))
        lines.append(f"  subgraph cluster_s{number} {{")
        lines.append(f'    graph [label={title}, class="sc-scorecard", labelloc=t, style="rounded", '
                     f'color="#90a4ae", fontname="{FONT}-Bold", fontsize={FONT_SIZE}];')
        for objective in result.objectives:
            ref = Ref(sid, objective.objective.id)
            href = checked_link(link_for(ref), f"objective '{ref}'")
            lines.append("    " + objective_node(names[ref], objective.objective.title, objective.status,
                                                 objective.score, href, CASCADE_WORD_CHARS))
            columns[index.levels[sid]].append(names[ref])
        lines.append("  }")
    for level in levels:
        lines.append("  { rank=same; " + "; ".join(columns[level]) + "; }")
    for left, right in zip(levels, levels[1:]):
        lines.append(f"  l{left} -> l{right} [style=invis, weight=10];")
    for ref, name in names.items():
        for served in index.up.get(ref, ()):
            backwards = index.levels[served.scorecard] >= index.levels[ref.scorecard]
            lines.append(f"  {names[served]} -> {name}" + (" [constraint=false];" if backwards else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def cascade_tooltips(project: ProjectResult) -> dict[str, str]:
    texts = {}
    for ref, name in cascade_nodes(project).items():
        result = project.scorecard(ref.scorecard)
        themes = {t.id: t.title for t in result.scorecard.themes}
        objective = result.objective(ref.objective)
        texts[f"tip{name}"] = (objective_tooltip(objective, themes.get(objective.objective.theme, ""))
                               + f" Scorecard: {result.scorecard.title}.")
    return texts


def cascade_legend() -> list[LegendRow]:
    return [LegendRow("Status:", tuple(status_items())),
            LegendRow("Arrows:", (LegendItem("support", "", "points at the objective it supports"),)),
            LegendRow("", (LegendItem("note", "", "Each column is a level of the cascade, each outlined group a "
                                      "scorecard. Select a box to open its objective."),))]


def cascade_map(project: ProjectResult, index: CascadeIndex, link_for: Callable[[Ref], str],
                engine: str = Options.graphviz, timeout: float = LAYOUT_TIMEOUT_SECONDS,
                layout: Layout = layout_svg) -> str:
    """The cascade as a checked inline <svg> element, or "" for a project too large to draw."""
    names = cascade_nodes(project)
    if not names or len(names) > MAX_OBJECTIVES:
        return ""
    allowed = {link_for(ref) for ref in names}
    try:
        raw = layout(cascade_dot(project, index, link_for), engine, timeout)
        check_svg(raw, allowed)
        drawn = read_layout(raw)
        levels = sorted(set(index.levels.values()))
        tidy_layout(drawn, cascade_tooltips(project), [f"l{level}" for level in levels])
        columns = [Column(level_name(level), (f"l{level}", *(names[ref] for ref in names
                                                              if index.levels[ref.scorecard] == level)))
                   for level in levels]
        described = (f"{len(names)} objectives of {len(project.scorecards)} scorecards in {len(levels)} levels, "
                     "the top scorecard at the left; arrows run from each objective to the objective of the "
                     "level above it supports. The page lists the same cascade as text.")
        svg = columned_map(drawn, columns, cascade_legend(), "Cascade of objectives", described)
        check_svg(svg, allowed)
    except MapError as error:
        raise MapError(f"the cascade map could not be drawn: {error.message}",
                       error.hint or "report this with the scorecard files if it persists") from None
    return svg
