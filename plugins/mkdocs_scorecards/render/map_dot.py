"""A scorecard's strategy map as DOT text, written by our own code.

User text reaches Graphviz only as label text in double-quoted DOT strings
(`quoted`, `label`): backslashes doubled so that `\\N`, `\\G`, `\\l` and friends
stay text, quotes escaped, `&` written as an entity because Graphviz decodes
entities in labels, and line breaks put in by our own code only. HTML-like
`<...>` labels are never used (the in-process Graphviz has no HTML-label
support), so `<TABLE>` in a title is just text. Node names are synthetic
(`o1`, `o2`, ...), so `a:b:n` port syntax cannot occur; URLs are our own
relative links; no user text goes into URL, image, file or font attributes;
tooltips are filled in after layout (`svg_check.put_tooltips`).

Maps over `MAX_OBJECTIVES` objectives or `MAX_ARROWS` arrows are refused as
a mistake in the scorecard's definition; node labels are cut at
`LABEL_CHARS` characters.
"""

from __future__ import annotations

import re

from ..compute.evidence import Verdict
from ..compute.results import ScorecardResult
from ..compute.status import Status
from ..errors import InputError, MapError, Problem
from .text import STATUS_SHORT

STATUS_FILL = {Status.GREEN: "#d7f0dd", Status.AMBER: "#fff0c2", Status.RED: "#fbd9d7", Status.NO_DATA: "#eceff1",
               Status.NO_TARGET: "#eceff1", Status.NOT_DUE: "#eceff1"}
STATUS_STROKE = {Status.GREEN: "#1b7a3a", Status.AMBER: "#8a6100", Status.RED: "#b3261e",
                 Status.NO_DATA: "#5f6b73", Status.NO_TARGET: "#5f6b73", Status.NOT_DUE: "#5f6b73"}
VERDICT_STYLE = {
    Verdict.SUPPORTED: 'color="#1b7a3a", penwidth=2',
    Verdict.CONTRADICTED: 'color="#b3261e", penwidth=2, style=dashed',
    Verdict.WEAK: 'color="#5f6b73"',
    Verdict.INSUFFICIENT_DATA: 'color="#5f6b73", style=dotted',
}

# Limits. A Balanced Scorecard's map has a few dozen objectives; these leave
# room for far more while keeping one map's layout to seconds.
MAX_OBJECTIVES = 300
MAX_ARROWS = 1500
MAX_PERSPECTIVES = 40
LABEL_CHARS = 72           # an objective's title in its box; the full title is in the tooltip
CLUSTER_LABEL_CHARS = 60   # a perspective's title
WORD_CHARS = 24            # the width a box's lines are wrapped to; longer words are split
_LINK = re.compile(r"[A-Za-z0-9._/-]+\Z")


def printable(text: str) -> str:
    """Text with every character XML 1.0 cannot hold (controls, lone surrogates) shown as U+FFFD."""
    return "".join(ch if ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD
                   or ord(ch) >= 0x10000 else "\ufffd" for ch in text)


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
        title = shortened(perspective.perspective.title, CLUSTER_LABEL_CHARS)
        lines.append(f"  subgraph cluster_p{index} {{")
        lines.append(f'    label={quoted(title)}; labeljust=l; labelloc=b; fontname="Helvetica-Bold";'
                     ' style="filled"; fillcolor="#f5f7f8"; color="#cfd8dc"; fontsize=12;')
        lines.append(f'    {anchor} [shape=point, style=invis, width=0, height=0, label=""];')
        members = [anchor]
        for objective in perspective.objectives:
            name = names[objective.objective.id]
            members.append(name)
            status = objective.status
            title = shortened(objective.objective.title, LABEL_CHARS)
            text = label(wrapped(title) + [f"[{STATUS_SHORT[status]}]"])
            href = link_for(objective.objective.id)
            if not _LINK.match(href):
                raise MapError(f"the link {href!r} of objective '{objective.objective.id}' "
                               "is not a plain relative link")
            lines.append(f'    {name} [label={text}, fillcolor="{STATUS_FILL[status]}", '
                         f'color="{STATUS_STROKE[status]}", URL="{href}", target="_top", '
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
