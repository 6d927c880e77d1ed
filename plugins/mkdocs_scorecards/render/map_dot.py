"""A scorecard's strategy map as DOT text, written by our own code.

User text reaches Graphviz only as label text in double-quoted DOT strings
(`quoted`, `label`): backslashes doubled so that `\\N`, `\\G`, `\\l` and friends
stay text, quotes escaped, `&` written as an entity because Graphviz decodes
entities in labels, and line breaks put in by our own code only. HTML-like
`<...>` labels are never used (the in-process Graphviz has no HTML-label
support), so `<TABLE>` in a title is just text. Node names are synthetic
(`o1`, `o2`, ...; `p0`, ... for the perspectives' rows; `cluster_t0`, ... for
the themes' columns), so `a:b:n` port syntax cannot occur; URLs are our own
relative links; classes are our own words; no user text goes into URL,
image, file or font attributes; tooltips are tokens (`tipo1`, `tipe1`) that
`map_frame` replaces after layout.

The DOT lays out what Graphviz is good at: one row (rank) per perspective
in its configured order, top of the map first, each strategic theme as a
column (a cluster across the rows), and the arrows. The full-width bands,
their titles and the legend are drawn by `map_frame` around the layout.

Maps over `MAX_OBJECTIVES` objectives or `MAX_ARROWS` arrows are refused as
a mistake in the scorecard's definition; node labels are cut at
`LABEL_CHARS` characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..compute.evidence import Verdict
from ..compute.results import ScorecardResult
from ..compute.status import Status
from ..errors import InputError, MapError, Problem
from .text import STATUS_SHORT, score_text


@dataclass(frozen=True)
class Look:
    """How a status or a verdict is drawn where no stylesheet restyles it (the standalone map.svg).

    On a page the stylesheet restyles the same elements by their classes
    (`sc-node--<status>`, `sc-arrow--<verdict>`), for light and dark schemes.
    """

    fill: str
    stroke: str
    width: float
    dash: str = ""   # "", "dashed" or "dotted", as DOT names them


STATUS_LOOK = {
    Status.GREEN: Look("#d7f0dd", "#1b7a3a", 1.2),
    Status.AMBER: Look("#fff0c2", "#8a6100", 1.2),
    Status.RED: Look("#fbd9d7", "#b3261e", 2.6),
    Status.NO_DATA: Look("#eceff1", "#5f6b73", 1.2, "dashed"),
    Status.NO_TARGET: Look("#eceff1", "#5f6b73", 1.2, "dashed"),
    Status.NOT_DUE: Look("#eceff1", "#5f6b73", 1.2, "dashed"),
}
# The second cue besides colour: the same shapes as the status pills of the pages.
STATUS_ICON = {Status.GREEN: "●", Status.AMBER: "◆", Status.RED: "■", Status.NO_DATA: "○", Status.NO_TARGET: "○",
               Status.NOT_DUE: "○"}
VERDICT_LOOK = {
    Verdict.SUPPORTED: Look("", "#1b7a3a", 2.2),
    Verdict.CONTRADICTED: Look("", "#b3261e", 2.2, "dashed"),
    Verdict.WEAK: Look("", "#5f6b73", 1.2),
    Verdict.INSUFFICIENT_DATA: Look("", "#5f6b73", 1.2, "dotted"),
}
SUPPORT_LOOK = Look("", "#455a64", 1.4)    # a `supports` arrow of the cascade map
# What Graphviz writes for DOT's dashed and dotted lines; the legend draws the same.
DASH_ARRAYS = {"": "", "dashed": "5,2", "dotted": "1,5"}

# Limits. A Balanced Scorecard's map has a few dozen objectives; these leave
# room for far more while keeping one map's layout to seconds.
MAX_OBJECTIVES = 300
MAX_ARROWS = 1500
MAX_PERSPECTIVES = 40
LABEL_CHARS = 72           # an objective's title in its box; the full title is in the tooltip
CLUSTER_LABEL_CHARS = 60   # a perspective's or theme's title
WORD_CHARS = 24            # the width a box's lines are wrapped to; longer words are split
THEME_CHARS = 28           # the width a theme's column title is wrapped to
FONT = "Helvetica"
FONT_SIZE = 11
_LINK = re.compile(r"[A-Za-z0-9._/-]+(#[A-Za-z0-9_-]+)?\Z")


@dataclass(frozen=True)
class MapLinks:
    """Where the map's nodes and arrows lead, relative to the page that shows the map.

    `arrow(cause, effect)` is None for a map whose arrows lead nowhere.
    """

    objective: Callable[[str], str]
    arrow: Callable[[str, str], str] | None = None


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def printable(text: str) -> str:
    """Text with every character XML 1.0 cannot hold (controls, lone surrogates) shown as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def shortened(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at the end with an ellipsis."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def quoted(text: str) -> str:
    """A double-quoted DOT string that Graphviz shows literally.

    Backslashes are doubled (so `\\N`, `\\G` and friends stay text), quotes
    escaped, and `&` written as an entity, since Graphviz decodes entities
    in labels. Line breaks become spaces: only our own code breaks lines.
    """
    safe = " ".join(printable(text).split())
    safe = safe.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{safe}"'


def wrapped(text: str, width: int = WORD_CHARS) -> list[str]:
    """Words packed into lines of about `width` characters; longer words are split."""
    words = [word[i:i + width] for word in text.split() for i in range(0, len(word), width)]
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines or [" "]


def label(lines: list[str]) -> str:
    """A multi-line label from user text lines, each escaped, joined by DOT's centred line break."""
    return "\\n".join(quoted(line)[1:-1] for line in lines).join('""')


def status_line(status: Status, score: float | None) -> str:
    """The last line of an objective's box: icon, status word and score out of 10."""
    text = f"{STATUS_ICON[status]} {STATUS_SHORT[status]}"
    return text if score is None else f"{text} · {score_text(score)}/10"


def checked_link(href: str, what: str) -> str:
    if not _LINK.match(href):
        raise MapError(f"the link {href!r} of {what} is not a plain relative link")
    return href


def objective_node(name: str, title: str, status: Status, score: float | None, href: str,
                   width: int = WORD_CHARS) -> str:
    """One objective's box: its title wrapped at word boundaries to `width`, then its status line."""
    look = STATUS_LOOK[status]
    style = "rounded,filled" + (f",{look.dash}" if look.dash else "")
    text = label(wrapped(shortened(title, LABEL_CHARS), width) + [status_line(status, score)])
    return (f'{name} [label={text}, class="sc-node sc-node--{status}", style="{style}", '
            f'fillcolor="{look.fill}", color="{look.stroke}", penwidth={look.width:g}, '
            f'URL="{href}", target="_top", tooltip="tip{name}"];')


def arrow_look(verdict: Verdict) -> str:
    look = VERDICT_LOOK[verdict]
    style = f", style={look.dash}" if look.dash else ""
    return f'class="sc-arrow sc-arrow--{verdict}", color="{look.stroke}", penwidth={look.width:g}{style}'


def check_size(result: ScorecardResult) -> None:
    """A map too large to draw is the definition's problem: an InputError at the scorecard's file."""
    objectives = len(result.objectives)
    arrows = sum(len(o.objective.drives) for o in result.objectives)
    perspectives = len(result.perspectives)
    too_many = ""
    if objectives > MAX_OBJECTIVES:
        too_many = (f"{objectives} objectives are more than the {MAX_OBJECTIVES} a strategy map can show",
                    "split the scorecard into a parent and department scorecards (parent:, supports:)")
    elif arrows > MAX_ARROWS:
        too_many = (f"{arrows} drives arrows are more than the {MAX_ARROWS} a strategy map can show",
                    "keep the arrows that state a belief about cause and effect")
    elif perspectives > MAX_PERSPECTIVES:
        too_many = (f"{perspectives} perspectives are more than the {MAX_PERSPECTIVES} a strategy map can show",
                    "group objectives into fewer perspectives")
    if too_many:
        scorecard = result.scorecard
        message, hint = too_many
        raise InputError([Problem(scorecard.place.file, 0, 0, f"the strategy map of scorecard '{scorecard.id}' "
                                  f"could not be drawn: {message}", hint)])


def node_names(result: ScorecardResult) -> dict[str, str]:
    """Each objective's synthetic node name, in the order of the map's perspectives."""
    return {o.objective.id: f"o{i}" for i, o in enumerate(result.objectives, 1)}


def arrow_names(result: ScorecardResult) -> dict[tuple[str, str], str]:
    """Each arrow's tooltip token, in the order of `result.links`."""
    return {(link.cause, link.effect): f"tipe{i}" for i, link in enumerate(result.links, 1)}


def map_dot(result: ScorecardResult, links: MapLinks | Callable[[str], str]) -> str:
    """DOT for a scorecard's map; `links` gives each node's (and arrow's) href."""
    links = links if isinstance(links, MapLinks) else MapLinks(links)
    names = node_names(result)
    lines = [
        "digraph strategy_map {",
        f'  graph [rankdir=BT, newrank=true, nodesep=0.28, ranksep=0.42, fontname="{FONT}", fontsize={FONT_SIZE},'
        ' bgcolor="transparent", pad=0];',
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize={FONT_SIZE}, margin="0.1,0.05",'
        ' width=1.9];',
        '  edge [arrowsize=0.8, color="#37474f"];',
    ]
    # One row per perspective: an anchor holds the row even when it has no objectives.
    anchors = [f"p{index}" for index in range(len(result.perspectives))]
    for anchor in anchors:
        lines.append(f'  {anchor} [class="sc-anchor", shape=box, style=solid, label="", width=0.01, height=0.45,'
                     ' fixedsize=true, color="transparent"];')
    node_lines = {}
    for objective in result.objectives:
        oid = objective.objective.id
        href = checked_link(links.objective(oid), f"objective '{oid}'")
        node_lines[oid] = objective_node(names[oid], objective.objective.title, objective.status, objective.score,
                                         href)
    themed = set()
    for index, theme in enumerate(result.scorecard.themes):
        members = [o.objective.id for o in result.objectives if o.objective.theme == theme.id]
        if not members:
            continue
        themed.update(members)
        title = label(wrapped(shortened(theme.title, CLUSTER_LABEL_CHARS), THEME_CHARS))
        lines.append(f"  subgraph cluster_t{index} {{")
        lines.append(f'    graph [label={title}, class="sc-theme", labelloc=b, '
                     f'style="dashed,rounded", color="#90a4ae", fontname="{FONT}-Bold", fontsize={FONT_SIZE}];')
        lines.extend(f"    {node_lines[oid]}" for oid in members)
        lines.append("  }")
    lines.extend(f"  {node_lines[o.objective.id]}" for o in result.objectives if o.objective.id not in themed)
    for anchor, perspective in zip(anchors, result.perspectives):
        members = [anchor] + [names[o.objective.id] for o in perspective.objectives]
        lines.append("  { rank=same; " + "; ".join(members) + "; }")
    # Bottom to top: the last perspective first, so invisible edges go from the last row up.
    for lower, upper in zip(reversed(anchors[1:]), reversed(anchors[:-1])):
        lines.append(f"  {lower} -> {upper} [style=invis, weight=10];")
    row = {o.objective.id: i for i, p in enumerate(result.perspectives) for o in p.objectives}
    tokens = arrow_names(result)
    for link in result.links:
        if link.cause not in names or link.effect not in names:
            continue
        attributes = arrow_look(link.evidence.verdict)
        if links.arrow is not None:
            href = checked_link(links.arrow(link.cause, link.effect), f"the arrow '{link.cause}' -> '{link.effect}'")
            attributes += f', URL="{href}", target="_top"'
        attributes += f', tooltip="{tokens[(link.cause, link.effect)]}"'
        if row[link.cause] <= row[link.effect]:    # not upward: the arrow must not reorder the rows
            attributes += ", constraint=false"
        lines.append(f"  {names[link.cause]} -> {names[link.effect]} [{attributes}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
